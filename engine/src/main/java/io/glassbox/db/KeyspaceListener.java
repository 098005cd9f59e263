package io.glassbox.db;

/**
 * What the keyspace tells the rest of the server: a key was modified (WATCH, tracking) or expired
 * (stats, notifications, propagation of a DEL to replicas, the hooks).
 */
public interface KeyspaceListener {
    KeyspaceListener NONE = new KeyspaceListener() {};

    default void keyModified(RedisDb db, byte[] key) {}

    default void keyExpired(RedisDb db, byte[] key) {}

    default void databasesSwapped(int a, int b) {}

    /** FLUSHDB / FLUSHALL is about to empty database {@code db}, or all of them if -1 (signalFlushedDb). */
    default void databaseFlushed(int db) {}
}
