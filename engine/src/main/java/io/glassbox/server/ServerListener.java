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
}
