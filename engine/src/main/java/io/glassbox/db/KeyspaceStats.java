package io.glassbox.db;

/** Counters INFO stats reports about the keyspace; reset by CONFIG RESETSTAT. */
public final class KeyspaceStats {
    public long keyspaceHits;
    public long keyspaceMisses;
    public long expiredKeys;
    /** Running estimate of the share (0..1) of sampled keys found expired (stat_expired_stale_perc). */
    public double expiredStalePerc;
    public long expiredTimeCapReachedCount;
    public long expireCycleCpuMillis;
    public long evictedKeys;
    /** Changes since the last save (server.dirty); not reset by CONFIG RESETSTAT. */
    public long dirty;

    public void reset() {
        keyspaceHits = keyspaceMisses = expiredKeys = expiredTimeCapReachedCount = 0;
        expiredStalePerc = 0;
        expireCycleCpuMillis = evictedKeys = 0;
    }
}
