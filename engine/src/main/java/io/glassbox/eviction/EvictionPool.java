package io.glassbox.eviction;

import io.glassbox.db.Keyspace;
import io.glassbox.db.Lfu;
import io.glassbox.db.RedisObject;
import io.glassbox.ds.dict.Dict;
import io.glassbox.ds.dict.DictEntry;

import java.util.Arrays;

/**
 * Redis's eviction pool ({@code EvictionPoolLRU} in {@code evict.c}): the sixteen best candidates for
 * eviction seen so far, kept across calls, sorted by score ascending, so the best (rightmost) is
 * evicted first.
 *
 * <p><b>Why a pool.</b> Redis does not keep keys in LRU order (a linked list would cost two pointers
 * per key and a write on every read); it samples {@code maxmemory-samples} keys per database and
 * evicts the one idle longest. The pool makes the sampling remember: a good candidate from an earlier
 * sample stays until a better one pushes it out, so each eviction effectively chooses among many more
 * keys than one sample holds. With 5 samples per database this comes close to true LRU
 * ({@code redis-cli --lru-test}, docs/memory.md).
 *
 * <p><b>The score</b> ("idle" in Redis, larger is evicted first): the idle time in ms under an LRU
 * policy, {@code 255 - LFUDecrAndReturn} under LFU, {@code Long.MAX_VALUE - expire time} under
 * volatile-ttl (the sooner it expires, the better). Compared unsigned, as Redis's unsigned long long.
 *
 * <p>Entries hold a copy of the key's name and its database, not the value: a key deleted since it
 * entered the pool is a "ghost" that {@link Eviction#performEvictions} skips. The pool belongs to one
 * engine (Redis's is a static: one per process).
 */
public final class EvictionPool {
    /** EVPOOL_SIZE. */
    public static final int SIZE = 16;

    final long[] idle = new long[SIZE];
    final byte[][] key = new byte[SIZE][];
    final int[] dbid = new int[SIZE];
    @SuppressWarnings("unchecked")
    private DictEntry<byte[], ?>[] samples = new DictEntry[5];

    /** Live entries (left to right: worst to best), for the hooks and tests. */
    public int size() {
        int n = 0;
        for (byte[] k : key) if (k != null) n++;
        return n;
    }

    /**
     * evictionPoolPopulate: samples up to {@code count} keys of {@code sampleDict} (the main dict under
     * allkeys-*, the expires dict under volatile-*), scores each and inserts it in order if it beats the
     * worst entry of a full pool. {@code keyDict} is the main dict, where a key sampled from the expires
     * dict finds its value. Returns how many keys were sampled; {@code seen}, if not null, hears each.
     */
    @SuppressWarnings("unchecked")
    int populate(int db, Dict<byte[], ?> sampleDict, Dict<byte[], RedisObject> keyDict, int policy, int count,
                 Keyspace ks, SampleListener seen) {
        if (samples.length < count) samples = new DictEntry[count];
        int n = ((Dict<byte[], Object>) sampleDict).someEntries((DictEntry<byte[], Object>[]) (DictEntry<?, ?>[]) samples, count);
        for (int j = 0; j < n; j++) {
            DictEntry<byte[], ?> de = samples[j];
            byte[] k = de.getKey();
            long score;
            if (policy == Policies.VOLATILE_TTL) {
                // the sooner the expire, the better
                score = Long.MAX_VALUE - (Long) de.getVal();
            } else {
                RedisObject o = sampleDict == keyDict ? (RedisObject) de.getVal() : keyDict.peekValue(k);
                if (o == null) continue;
                if ((policy & Keyspace.POLICY_FLAG_LRU) != 0) score = Eviction.estimateObjectIdleTime(ks, o);
                else score = 255 - Lfu.decrAndReturn(o.lru, ks.lfuDecayTime(), ks.lfuMinutes());
            }
            samples[j] = null;
            int at = insert(db, k, score);
            if (seen != null) seen.sampled(db, k, score, at);
        }
        return n;
    }

    /**
     * Inserts one scored key in order (the insertion half of evictionPoolPopulate); returns where it
     * went, or -1 if it was worse than every entry of a full pool.
     */
    int insert(int db, byte[] k, long score) {
        int i = 0;
        while (i < SIZE && key[i] != null && Long.compareUnsigned(idle[i], score) < 0) i++;
        if (i == 0 && key[SIZE - 1] != null) {
            return -1; // worse than the worst of a full pool
        } else if (i < SIZE && key[i] == null) {
            // an empty slot: nothing to move
        } else if (key[SIZE - 1] == null) {
            // free space on the right: shift i.. right by one
            System.arraycopy(idle, i, idle, i + 1, SIZE - i - 1);
            System.arraycopy(key, i, key, i + 1, SIZE - i - 1);
            System.arraycopy(dbid, i, dbid, i + 1, SIZE - i - 1);
        } else {
            // full: drop the worst (leftmost) and insert at i-1
            i--;
            System.arraycopy(idle, 1, idle, 0, i);
            System.arraycopy(key, 1, key, 0, i);
            System.arraycopy(dbid, 1, dbid, 0, i);
        }
        key[i] = k.clone(); // the pool outlives the key: keep its own copy (Redis's cached sds)
        idle[i] = score;
        dbid[i] = db;
        return i;
    }

    /** Empties slot {@code k} (its key was taken, or is a ghost). */
    void clear(int k) {
        key[k] = null;
        idle[k] = 0;
    }

    /** Empties the pool (FLUSHALL leaves only ghosts; tests). */
    public void clearAll() {
        Arrays.fill(key, null);
        Arrays.fill(idle, 0);
    }

    /** Hears each sampled key: its database, name, score and where it went in the pool (-1: not kept). */
    @FunctionalInterface
    interface SampleListener { void sampled(int db, byte[] key, long score, int slot); }
}
