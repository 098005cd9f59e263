package io.glassbox.persistence.rdb;

import io.glassbox.db.Keyspace;
import io.glassbox.db.RedisObject;

/**
 * objectSetLRUOrLFU ({@code object.c}): gives a loaded or restored value the access time or LFU
 * counter it had, as the RDB's IDLE / FREQ opcodes and RESTORE's IDLETIME / FREQ options carry it.
 * Applied only under a matching maxmemory policy, as in Redis: otherwise the value keeps "now".
 */
public final class ObjectLru {
    private ObjectLru() {}

    /** LRU_CLOCK_RESOLUTION: the LRU clock ticks once per second. */
    private static final long LRU_CLOCK_RESOLUTION = 1000;

    /** Returns true if the value's lru field was set from {@code lfuFreq} or {@code lruIdle}. */
    public static boolean setLruOrLfu(RedisObject val, long lfuFreq, long lruIdle, long lruClock, long lruMultiplier,
                                      String policy, long nowMs) {
        boolean lfu = policy != null && policy.contains("lfu");
        boolean lru = policy != null && policy.contains("lru");
        if (lfuFreq >= 0) {
            if (lfu) {
                long minutes = (nowMs / 1000 / 60) & 0xFFFF; // LFUGetTimeInMinutes
                val.lru = (int) ((minutes << 8) | (lfuFreq & 0xFF));
                return true;
            }
        } else if (lruIdle >= 0) {
            if (lru) {
                long idle = lruIdle * lruMultiplier / LRU_CLOCK_RESOLUTION;
                long abs = lruClock - idle;
                if (abs < 0) abs = (lruClock + (Keyspace.LRU_CLOCK_MAX / 2)) % Keyspace.LRU_CLOCK_MAX;
                val.lru = (int) abs;
                return true;
            }
        }
        return false;
    }
}
