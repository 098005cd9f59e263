package io.glassbox.db;

import java.util.random.RandomGenerator;

/**
 * The LFU half of a value's 24-bit {@link RedisObject#lru} field, as {@code evict.c} keeps it:
 *
 * <pre>
 *        16 bits      8 bits
 *   +----------------+--------+
 *   | last decr time | LOG_C  |
 *   +----------------+--------+
 * </pre>
 *
 * <p>LOG_C is a logarithmic access counter: a hit increments it with probability
 * {@code 1 / ((counter - LFU_INIT_VAL) * lfu-log-factor + 1)} ({@link #logIncr}), so with the default
 * factor 10 it takes about a hundred hits to reach 10 and a million to reach 255. The 16 bits above are
 * the time in minutes (wrapping every 45 days) when it was last decremented; each
 * {@code lfu-decay-time} minutes since then take one off ({@link #decrAndReturn}), so a key that was
 * hot once cools down. New values start at {@link #INIT_VAL} (5), not 0, so that a new key survives
 * long enough to collect its first hits.
 *
 * <p>Lives in {@code db} because {@code lookupKey} (db.c's updateLFU) counts every access; the evictor
 * ({@code io.glassbox.eviction}) only reads the counters. Static functions of their arguments: the
 * settings and the clock are the caller's (the {@link Keyspace}'s), so engines share nothing.
 */
public final class Lfu {
    private Lfu() {}

    /** LFU_INIT_VAL: the counter of a new value. */
    public static final int INIT_VAL = 5;

    /** LFUGetTimeInMinutes: the low 16 bits of the unix time in minutes. */
    public static int timeInMinutes(long unixMillis) {
        return (int) ((unixMillis / 1000 / 60) & 65535);
    }

    /**
     * LFUTimeElapsed: minutes since {@code ldt}, counting the 16-bit minute clock as wrapped at most
     * once (a key untouched for more than 45 days looks younger than it is, as in Redis).
     */
    public static long timeElapsed(int ldt, int nowMinutes) {
        if (nowMinutes >= ldt) return nowMinutes - ldt;
        return 65535 - ldt + nowMinutes;
    }

    /** LFULogIncr: one more hit, counted with probability 1/((counter-5)*factor+1); saturates at 255. */
    public static int logIncr(int counter, int lfuLogFactor, RandomGenerator random) {
        if (counter == 255) return 255;
        double r = random.nextDouble();
        double baseval = counter - INIT_VAL;
        if (baseval < 0) baseval = 0;
        double p = 1.0 / (baseval * lfuLogFactor + 1);
        if (r < p) counter++;
        return counter;
    }

    /**
     * LFUDecrAndReturn: the counter after the decay owed since its last decrement (one per
     * {@code lfu-decay-time} minutes; none if that setting is 0), without storing it: the decay is
     * written only when the key is really accessed ({@link #updateLfu}).
     */
    public static int decrAndReturn(int lru, int lfuDecayTime, int nowMinutes) {
        int ldt = (lru >>> 8) & 0xFFFF;
        int counter = lru & 255;
        long periods = lfuDecayTime != 0 ? timeElapsed(ldt, nowMinutes) / lfuDecayTime : 0;
        if (periods > 0) counter = periods > counter ? 0 : (int) (counter - periods);
        return counter;
    }

    /** updateLFU (db.c): decay what is owed, count this access, stamp the minute. */
    public static int updateLfu(int lru, int lfuDecayTime, int lfuLogFactor, int nowMinutes, RandomGenerator random) {
        int counter = decrAndReturn(lru, lfuDecayTime, nowMinutes);
        counter = logIncr(counter, lfuLogFactor, random);
        return (nowMinutes << 8) | counter;
    }

    /** A new value's field under an LFU policy (createObject): this minute, counter LFU_INIT_VAL. */
    public static int initial(int nowMinutes) {
        return (nowMinutes << 8) | INIT_VAL;
    }
}
