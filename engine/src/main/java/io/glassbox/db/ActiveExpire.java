package io.glassbox.db;

import java.util.ArrayList;
import java.util.List;

/**
 * The active expire cycle: Redis's {@code activeExpireCycle} ({@code expire.c}).
 *
 * <p>Lazy expiry alone would leave keys that nobody reads again in memory forever. So, from the
 * cron (the SLOW cycle, at most 25% of CPU time) and before the loop sleeps (the FAST cycle, at
 * most 1 ms, not more often than every 2 ms), Redis samples keys that have a TTL and deletes the
 * expired ones. It walks each database's expires dict with a scan cursor, {@code keysPerLoop} keys
 * at a time, and repeats on the same database while more than {@code acceptableStale}% of a
 * sample was expired: if many keys are expired, keep going; if few, move on. Work is bounded both
 * by time (checked every 16 samples) and by buckets visited (at most 20 per key asked for), so a
 * sparse table cannot stall the loop.
 *
 * <p>{@code active-expire-effort} (1..10) raises keys per loop, CPU share and lowers the
 * acceptable stale percentage, exactly as in Redis.
 */
public final class ActiveExpire {
    public static final int CYCLE_KEYS_PER_LOOP = 20;
    public static final int CYCLE_FAST_DURATION_US = 1000;
    public static final int CYCLE_SLOW_TIME_PERC = 25;
    public static final int CYCLE_ACCEPTABLE_STALE = 10;

    private final Keyspace keyspace;
    private int currentDb;
    private boolean timelimitExit;
    private long lastFastCycleUs;
    private int effort = 1;
    private boolean enabled = true;

    public ActiveExpire(Keyspace keyspace) { this.keyspace = keyspace; }

    public void setEffort(int effort) { this.effort = Math.max(1, Math.min(10, effort)); }

    /** DEBUG SET-ACTIVE-EXPIRE 0|1. */
    public void setEnabled(boolean enabled) { this.enabled = enabled; }

    public boolean enabled() { return enabled; }

    /**
     * Runs one cycle. {@code fast} selects the short before-sleep cycle; {@code hz} is the cron
     * frequency that sets the slow cycle's time budget. Returns the number of keys expired.
     */
    public long cycle(boolean fast, int hz) {
        // activeExpireCycle returns while clients are paused (checkClientPauseTimeoutAndReturnIfPaused):
        // a paused data set must not change under a failover
        if (!enabled || keyspace.expireDisabled()) return 0;
        int e = effort - 1;
        int keysPerLoop = CYCLE_KEYS_PER_LOOP + CYCLE_KEYS_PER_LOOP / 4 * e;
        long fastDuration = CYCLE_FAST_DURATION_US + CYCLE_FAST_DURATION_US / 4 * e;
        int slowPerc = CYCLE_SLOW_TIME_PERC + 2 * e;
        int acceptableStale = CYCLE_ACCEPTABLE_STALE - e;

        long startUs = System.nanoTime() / 1000;
        if (fast) {
            // Skip the fast cycle if the last one did not hit its time limit and the stale ratio
            // is already acceptable, or if one ran too recently.
            // (Redis compares a fraction in 0..1 with a percentage here, so in practice only a time-limited
            // previous cycle triggers a fast one; kept as Redis has it.)
            if (!timelimitExit && keyspace.stats.expiredStalePerc < acceptableStale) return 0;
            if (startUs < lastFastCycleUs + fastDuration * 2) return 0;
            lastFastCycleUs = startUs;
        }
        int dbsPerCall = keyspace.databases();
        if (timelimitExit) dbsPerCall = keyspace.databases();
        long timelimitUs = fast ? fastDuration : 1_000_000L * slowPerc / Math.max(1, hz) / 100;
        if (timelimitUs <= 0) timelimitUs = 1;
        timelimitExit = false;

        long totalSampled = 0, totalExpired = 0, iteration = 0;
        List<byte[]> sample = new ArrayList<>(keysPerLoop);
        for (int j = 0; j < dbsPerCall && !timelimitExit; j++) {
            RedisDb db = keyspace.db(currentDb % keyspace.databases());
            currentDb++;
            int expired, sampled;
            do {
                long num = db.expires.size();
                if (num == 0) { db.avgTtl = 0; break; }
                iteration++;
                expired = 0;
                sampled = 0;
                long ttlSum = 0, ttlSamples = 0;
                if (num > keysPerLoop) num = keysPerLoop;
                long maxBuckets = num * 20;
                long checkedBuckets = 0;
                long now = keyspace.clock().millis();
                while (sampled < num && checkedBuckets < maxBuckets) {
                    sample.clear();
                    long before = db.expiresCursor;
                    db.expiresCursor = db.expires.scan(db.expiresCursor, de -> sample.add(de.getKey()));
                    checkedBuckets++;
                    for (byte[] key : sample) {
                        Long when = db.expires.fetchValue(key);
                        if (when == null) continue;
                        sampled++;
                        if (when < now) {
                            db.deleteExpiredKey(key);
                            expired++;
                        } else {
                            ttlSum += when - now;
                            ttlSamples++;
                        }
                    }
                    if (db.expiresCursor == 0 && before != 0) break;
                    if (db.expiresCursor == 0) break;
                }
                totalExpired += expired;
                totalSampled += sampled;
                if (ttlSamples > 0) {
                    long avg = ttlSum / ttlSamples;
                    // Running average weighted like Redis: 2% new sample, 98% history.
                    db.avgTtl = db.avgTtl == 0 ? avg : (db.avgTtl / 50) * 49 + (avg / 50);
                }
                if ((iteration & 0xf) == 0) {
                    long elapsed = System.nanoTime() / 1000 - startUs;
                    if (elapsed > timelimitUs) {
                        timelimitExit = true;
                        keyspace.stats.expiredTimeCapReachedCount++;
                        break;
                    }
                }
            } while (sampled == 0 || (expired * 100L / sampled) > acceptableStale);
        }
        long elapsedUs = System.nanoTime() / 1000 - startUs;
        keyspace.stats.expireCycleCpuMillis += elapsedUs / 1000;
        double currentPerc = totalSampled > 0 ? (double) totalExpired / totalSampled : 0;
        keyspace.stats.expiredStalePerc = currentPerc * 0.05 + keyspace.stats.expiredStalePerc * 0.95;
        return totalExpired;
    }
}
