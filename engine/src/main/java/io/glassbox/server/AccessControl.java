package io.glassbox.server;

import io.glassbox.command.RedisCommand;

/**
 * What the core asks of ACL (Redis's {@code acl.c} as {@code server.c}, {@code multi.c},
 * {@code script.c} and {@code networking.c} call it): the user new connections start as, whether
 * they must authenticate, AUTH, and the permission check of a command about to run (which also
 * writes the ACL LOG entry when it refuses). {@link #requirePassOnly} is the bare server's: one
 * default user who may do everything, with {@code requirepass} as its password.
 */
public interface AccessControl {
    /** The command may run ({@code ACL_OK}). */
    int OK = 0;
    /** Refused: the command (ACL_DENIED_CMD), a key (ACL_DENIED_KEY), a channel (ACL_DENIED_CHANNEL). */
    int DENIED_CMD = 1, DENIED_KEY = 2, DENIED_CHANNEL = 3;
    /** Where a refusal happened, for ACL LOG's context field (ACL_LOG_CTX_*). */
    int CTX_TOPLEVEL = 0, CTX_LUA = 1, CTX_MULTI = 2;

    /** The user every new connection starts as (DefaultUser); null when there are no users. */
    AclUser defaultUser();

    /** authRequired: new connections must AUTH first (the default user has no nopass, or is off). */
    boolean authRequired();

    /** AUTH's two-argument form is refused when the default user needs no password. */
    boolean defaultUserNoPass();

    /**
     * ACLAuthenticateUser: the user if the name and password match an enabled user, else null,
     * after logging the failure in ACL LOG (context {@code ctx}).
     */
    AclUser authenticate(Client c, byte[] user, byte[] pass, int ctx);

    /**
     * ACLCheckAllPerm for {@code cmd} with {@code c.argv}, as {@code user}; on refusal logs it
     * (addACLLogEntry, blaming {@code logAs}, the script's caller for a script) and returns
     * the reason, else {@link #OK}. Called only for users that are not {@link AclUser#unrestricted}.
     */
    int check(Client c, Client logAs, AclUser user, RedisCommand cmd, int ctx);

    /** ACLCheckAllUserCommandPerm without a log entry (redis.acl_check_cmd). */
    boolean allows(AclUser user, RedisCommand cmd, java.util.List<byte[]> argv);

    /**
     * ACLUserCheckCmdWithUnrestrictedKeyAccess with CMD_KEY_ACCESS: some selector allows the command
     * and may read every key ({@code ~*}, {@code %R~*}, allkeys). SORT's BY and GET need it, since
     * the keys they read come from the data.
     */
    boolean readsAllKeys(AclUser user, RedisCommand cmd, java.util.List<byte[]> argv);

    /** The user of this name, or null (CLIENT KILL USER). */
    AclUser user(String name);

    /** requirepass changed (ACLUpdateDefaultUserPassword): empty means nopass. */
    void requirePassChanged(String password);

    /** A bare server's ACL: the default user may do everything; requirepass is its password. */
    static AccessControl requirePassOnly(ServerSettings settings) {
        return new AccessControl() {
            public AclUser defaultUser() { return null; }
            public boolean authRequired() { return !settings.requirePass.isEmpty(); }
            public boolean defaultUserNoPass() { return settings.requirePass.isEmpty(); }
            public AclUser authenticate(Client c, byte[] user, byte[] pass, int ctx) {
                if (!"default".equals(new String(user, java.nio.charset.StandardCharsets.UTF_8))) return null;
                String required = settings.requirePass;
                if (required.isEmpty()) return DEFAULT;
                // compare digests so the time taken does not reveal how much of the password matched
                return java.security.MessageDigest.isEqual(sha256(required.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                        sha256(pass)) ? DEFAULT : null;
            }
            public int check(Client c, Client logAs, AclUser user, RedisCommand cmd, int ctx) { return OK; }
            public boolean allows(AclUser user, RedisCommand cmd, java.util.List<byte[]> argv) { return true; }
            public boolean readsAllKeys(AclUser user, RedisCommand cmd, java.util.List<byte[]> argv) { return true; }
            public AclUser user(String name) { return "default".equals(name) ? DEFAULT : null; }
            public void requirePassChanged(String password) { }
        };
    }

    /** The bare server's default user, for AUTH's answer: may do everything. */
    AclUser DEFAULT = new AclUser() {
        { unrestricted = true; }
        @Override public String name() { return "default"; }
    };

    private static byte[] sha256(byte[] b) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
