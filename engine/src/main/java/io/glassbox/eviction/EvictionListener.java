package io.glassbox.eviction;

import java.util.List;

/**
 * Hears the evictor at work, for the hooks (the lesson of chapters 15 and 16): each key sampled with
 * its score and the pool slot it took, the pool after a round of sampling, and each victim. Called on
 * the command thread, inside performEvictions; only installed while somebody listens, so eviction pays
 * one null check otherwise. Observers must not change the keyspace.
 */
public interface EvictionListener {
    /** One pool entry: database, key (a copy), score (idle ms, 255 - LFU counter, or the TTL's inverse). */
    record PoolEntry(int db, byte[] key, long score) {}

    /** evictionPoolPopulate looked at {@code key}; {@code slot} is where it went in the pool, -1 if not kept. */
    default void keySampled(int db, byte[] key, long score, int slot) {}

    /** A round of sampling over every database ended: the pool, worst to best. */
    default void poolPopulated(List<PoolEntry> pool) {}

    /** {@code key} was evicted, with its score and the bytes its deletion took off the account. */
    default void keyEvicted(int db, byte[] key, long score, long bytesFreed, String policy) {}
}
