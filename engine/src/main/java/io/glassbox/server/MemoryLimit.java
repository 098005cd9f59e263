package io.glassbox.server;

/**
 * Memory accounting and {@code maxmemory} as the core sees them ({@code evict.c} and the memory part
 * of {@code object.c}): processCommand asks {@link #performEvictions} before a command that may grow
 * memory, the cron keeps the peak and re-measures values, INFO and MEMORY read {@link #overhead}. The
 * {@code io.glassbox.eviction} package implements it; {@link #NONE} is a bare server's (no limit).
 */
public interface MemoryLimit {
    /** performEvictions's results: memory is fine (or evicting is not safe now), still freeing, nothing left to free. */
    int EVICT_OK = 0, EVICT_RUNNING = 1, EVICT_FAIL = 2;

    /** The maxmemory setting in bytes; 0: no limit (processCommand skips the check). */
    long maxmemory();

    /**
     * performEvictions: if used memory is over maxmemory, evict keys as the policy says, for at most
     * maxmemory-eviction-tenacity's time; EVICT_FAIL means the command must be refused if it is deny-oom.
     */
    int performEvictions();

    /** zmalloc_used_memory: what the server holds, as the account counts it (docs/memory.md). */
    long usedMemory();

    /** getMemoryOverheadData: the parts of used memory, for INFO memory and MEMORY STATS. */
    MemoryOverhead overhead();

    /** stat_total_eviction_exceeded_time: ms spent over maxmemory so far, the current excess included. */
    long totalEvictionExceededMillis();

    /** stat_current_eviction_exceeded_time: ms since used memory went over maxmemory, 0 if it is not. */
    long currentEvictionExceededMillis();

    /** The cron's share: the peak, the client buffers' total, the slow walk that re-measures values. */
    void cron();

    /**
     * Redis's struct redisMemOverhead, in bytes: where the used memory goes. {@code dbs} holds, for each
     * non-empty database, {id, main table overhead, expires overhead}.
     */
    record MemoryOverhead(long totalAllocated, long startupAllocated, long peakAllocated, long replBacklog,
                          long clientsSlaves, long clientsNormal, long aofBuffer, long luaCaches, long functionsCaches,
                          long[][] dbs, long overheadTotal, long totalKeys, long bytesPerKey, long dataset,
                          double datasetPerc, double peakPerc, long notCountedForEvict, long rss) {}

    MemoryLimit NONE = new MemoryLimit() {
        @Override public long maxmemory() { return 0; }
        @Override public int performEvictions() { return EVICT_OK; }
        @Override public long usedMemory() { return 0; }
        @Override public MemoryOverhead overhead() {
            return new MemoryOverhead(0, 0, 0, 0, 0, 0, 0, 0, 0, new long[0][], 0, 0, 0, 0, 0, 0, 0, 0);
        }
        @Override public void cron() {}
        @Override public long totalEvictionExceededMillis() { return 0; }
        @Override public long currentEvictionExceededMillis() { return 0; }
    };
}
