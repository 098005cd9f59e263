package io.glassbox.command.connection;

import io.glassbox.command.CommandTable;
import io.glassbox.server.Client;
import io.glassbox.server.Server;
import io.glassbox.util.RedisNumbers;

import java.nio.charset.StandardCharsets;

/**
 * Connection commands: PING, ECHO, QUIT, RESET, HELLO, AUTH, SELECT
 * (Redis's {@code server.c}, {@code networking.c}, {@code acl.c} for AUTH).
 */
public final class ConnectionCommands {
    private ConnectionCommands() {}

    public static void register(CommandTable t) {
        t.bind("ping", ConnectionCommands::ping);
        t.bind("echo", c -> c.addBulk(c.arg(1)));
        t.bind("quit", ConnectionCommands::quit);
        t.bind("reset", ConnectionCommands::reset);
        t.bind("hello", ConnectionCommands::hello);
        t.bind("auth", ConnectionCommands::auth);
        t.bind("select", ConnectionCommands::select);
    }

    static void ping(Client c) {
        if (c.argc() > 2) { c.addErrorArity(); return; }
        if (c.pubsub.pubsubMode() && !c.resp3()) {
            // subscribed mode in RESP2: a reply shaped like a message, so the client's reader copes
            c.addArrayLen(2);
            c.addBulk("pong");
            c.addBulk(c.argc() == 1 ? new byte[0] : c.arg(1));
        } else if (c.argc() == 1) {
            c.addStatus("PONG");
        } else {
            c.addBulk(c.arg(1));
        }
    }

    static void quit(Client c) {
        c.addOk();
        c.closeAfterReply = true;
    }

    /** RESET: the connection as if new (resetCommand / clearClientConnectionState). */
    static void reset(Client c) {
        c.server().multi().discardTransaction(c);
        c.server().pubsub().unsubscribeAll(c);
        if (c.tracking.on) c.server().tracking().disableTracking(c);
        c.selectDb(0);
        c.setProtocol(2);
        c.name = null;
        c.monitor = false;
        c.server().monitors().remove(c);
        c.setMuted(false);
        c.skipNextReply = false;
        c.noEvict = false;
        c.authenticated = !c.server().authRequired();
        c.user = c.server().access().defaultUser(); // clientSetDefaultAuth
        c.addStatus("RESET");
    }

    /**
     * ACLAuthenticateUser: on success the client runs as that user; a failure is logged in ACL LOG
     * (context multi inside a transaction, else toplevel).
     */
    static boolean authenticate(Client c, byte[] user, byte[] pass) {
        io.glassbox.server.AccessControl acl = c.server().access();
        io.glassbox.server.AclUser u = acl.authenticate(c, user, pass,
                c.mstate.inMulti() ? io.glassbox.server.AccessControl.CTX_MULTI : io.glassbox.server.AccessControl.CTX_TOPLEVEL);
        if (u == null) return false;
        c.authenticated = true;
        // a bare server (no ACL subsystem) has no user objects: its clients stay as they are
        if (acl.defaultUser() != null) c.user = u;
        return true;
    }

    static void auth(Client c) {
        if (c.argc() > 3) { c.addErrorSyntax(); return; }
        c.redactArgument(1); // authCommand: MONITOR and the slow log never show a password
        byte[] user, pass;
        if (c.argc() == 2) {
            if (c.server().access().defaultUserNoPass()) {
                c.addError("AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?");
                return;
            }
            user = "default".getBytes(StandardCharsets.UTF_8);
            pass = c.arg(1);
        } else {
            user = c.arg(1);
            pass = c.arg(2);
            c.redactArgument(2);
        }
        if (authenticate(c, user, pass)) {
            c.addOk();
        } else {
            c.addError("-WRONGPASS invalid username-password pair or user is disabled.");
        }
    }

    static void select(Client c) {
        long[] out = new long[1];
        if (!RedisNumbers.string2ll(c.arg(1), out)) { c.addError("value is not an integer or out of range"); return; }
        if (c.server().cluster().enabled() && out[0] != 0) { c.addError("SELECT is not allowed in cluster mode"); return; }
        if (out[0] < 0 || out[0] >= c.server().keyspace().databases()) {
            c.addError("DB index is out of range");
            return;
        }
        c.selectDb((int) out[0]);
        c.addOk();
    }

    /** HELLO [protover [AUTH user pass] [SETNAME name]] (helloCommand). */
    static void hello(Client c) {
        long ver = 0;
        int next = 1;
        if (c.argc() >= 2) {
            long[] out = new long[1];
            if (!RedisNumbers.string2ll(c.arg(1), out)) {
                c.addError("Protocol version is not an integer or out of range");
                return;
            }
            ver = out[0];
            next = 2;
            if (ver < 2 || ver > 3) {
                c.addError("-NOPROTO unsupported protocol version");
                return;
            }
        }
        byte[] user = null, pass = null, setName = null;
        for (int j = next; j < c.argc(); j++) {
            int moreArgs = c.argc() - 1 - j;
            if (c.argIs(j, "auth") && moreArgs >= 2) {
                c.redactArgument(j + 1);
                c.redactArgument(j + 2);
                user = c.arg(j + 1);
                pass = c.arg(j + 2);
                j += 2;
            } else if (c.argIs(j, "setname") && moreArgs > 0) {
                setName = c.arg(j + 1);
                j++;
            } else {
                c.addError("Syntax error in HELLO option '" + c.argString(j) + "'");
                return;
            }
        }
        if (user != null && !authenticate(c, user, pass)) {
            c.addError("-WRONGPASS invalid username-password pair or user is disabled.");
            return;
        }
        if (!c.authenticated) {
            c.addError("-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time");
            return;
        }
        if (setName != null) {
            String err = ClientCommands.validateName(setName);
            if (err != null) { c.addError(err); return; }
            c.name = setName.length == 0 ? null : new String(setName, StandardCharsets.UTF_8);
        }
        if (ver != 0) c.setProtocol((int) ver);
        boolean sentinel = c.server().settings().sentinelMode; // a Sentinel has no role to tell
        c.addMapLen(sentinel ? 6 : 7);
        c.addBulk("server"); c.addBulk("redis");
        c.addBulk("version"); c.addBulk(Server.REDIS_VERSION);
        c.addBulk("proto"); c.addLong(c.protocol());
        c.addBulk("id"); c.addLong(c.id);
        c.addBulk("mode"); c.addBulk(sentinel ? "sentinel" : c.server().cluster().enabled() ? "cluster" : "standalone");
        if (!sentinel) { c.addBulk("role"); c.addBulk(c.server().keyspace().isReplica() ? "replica" : "master"); }
        c.addBulk("modules"); c.server().modules().addReplyLoadedModules(c);
    }
}
