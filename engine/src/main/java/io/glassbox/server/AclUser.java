package io.glassbox.server;

/**
 * The user a client is authenticated as, as the core sees it (Redis's {@code c->user}): a name,
 * and whether the user may run everything, so that {@code processCommand} skips the ACL check for
 * such a user with one field read. The ACL subsystem ({@code io.glassbox.acl}) keeps the rules and
 * refreshes {@link #unrestricted} whenever they change. A client with no user (the AOF loader, the
 * master link, a script's client outside a script) may run anything, as in Redis.
 */
public abstract class AclUser {
    /** True while every command, key and channel is allowed: the per-command check is skipped. */
    protected boolean unrestricted;

    public abstract String name();

    public final boolean unrestricted() { return unrestricted; }
}
