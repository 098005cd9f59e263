package io.glassbox.server;

import io.glassbox.command.RedisCommand;

/**
 * What the server tells an observer (the hooks layer builds typed events on it). Every method
 * has an empty default and the server holds {@link #NONE} when nobody listens, so an unobserved
 * server pays one monomorphic call per event.
 */
public interface ServerListener {
    ServerListener NONE = new ServerListener() {};

    default void clientConnected(Client c) {}

    default void clientClosed(Client c) {}

    /** A command finished; {@code micros} is its execution time. */
    default void commandExecuted(Client c, RedisCommand cmd, long micros) {}

    default void shutdownRequested() {}

    /**
     * A client reached the hard or soft output buffer limit of its class ({@code clientClass} is
     * normal, slave or pubsub) with {@code usedBytes} of output buffer, and is being closed
     * (closeClientOnOutputBufferLimitReached). Called before it is freed.
     */
    default void clientOutputBufferLimitReached(Client c, String clientClass, boolean hard, long usedBytes, long limitBytes) {}

    /**
     * A client is evicted because normal and pubsub clients together used {@code clientsBytes}, at
     * least maxmemory-clients ({@code limitBytes}); it used {@code clientBytes} (evictClients).
     * Called before it is freed.
     */
    default void clientEvicted(Client c, long clientBytes, long clientsBytes, long limitBytes) {}

    /** The I/O threads were given a phase of reads or writes and joined (see {@link ThreadedIO}). */
    default void ioThreadsPhase(IoThreadsPhase phase) {}

    /**
     * ACL refused {@code c} (addACLLogEntry): {@code command} (its full name, or "auth"), with ACL
     * LOG's reason ("command", "key", "channel", "auth"), context ("toplevel", "multi", "lua"),
     * object (the command, key or channel refused) and username. On the thread that checked.
     */
    default void aclDenied(Client c, String command, String reason, String context, String object, String username) {}
}
