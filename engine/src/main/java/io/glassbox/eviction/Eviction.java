package io.glassbox.eviction;

import io.glassbox.config.BoolConfig;
import io.glassbox.config.ConfigApply;
import io.glassbox.config.ConfigRegistry;
import io.glassbox.config.EnumConfig;
import io.glassbox.config.NumericConfig;
import io.glassbox.db.Keyspace;
import io.glassbox.db.ObjectSize;
import io.glassbox.db.RedisDb;
import io.glassbox.db.RedisObject;
import io.glassbox.ds.dict.Dict;
import io.glassbox.ds.dict.DictEntry;
import io.glassbox.server.MemoryLimit;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code maxmemory} and the memory account: Redis's {@code evict.c} ({@code performEvictions},
 * {@code getMaxmemoryState}, {@code evictionTimeProc}) and {@code getMemoryOverheadData} of
 * {@code object.c}, for one engine.
 *
 * <p><b>Used memory</b> is the account kept by the keyspace (each key charged what
 * {@link ObjectSize} says its value costs in the heap, brought up to date after every command) plus
 * the databases' hash tables, the client buffers (summed by the cron, as Redis's clientsCron
 * does), the replication backlog and a fixed start-up figure. It is not a reading of the JVM's heap,
 * which holds garbage until the next collection and is shared by every engine of the process; how
 * close the two are is measured in docs/memory.md.
 *
 * <p><b>performEvictions</b> runs before every deny-oom command while maxmemory is set: while used
 * memory is above the limit it takes the best key of the {@link EvictionPool} (or a random key),
 * deletes it, and tells replicas, the AOF and keyspace subscribers ("evicted"). Every 16 keys it
 * checks the clock: past maxmemory-eviction-tenacity's time limit it stops and lets a time event
 * continue ({@link #evictionTimeProc}), so one command never stalls the server for long.
 */
public final class Eviction implements MemoryLimit {
    /**
     * What an empty engine holds that the account cannot see key by key (Redis: initial_memory_usage,
     * about 0.9 MB): measured as the heap an empty engine adds to a JVM, see docs/memory.md.
     */
    static final long STARTUP_BYTES = 2L << 20;

    /** What the evictor needs of the server. */
    public interface Host {
        Keyspace keyspace();

        /**
         * isSafeToPerformEvictions: not while loading, not on a replica that ignores maxmemory, not while
         * clients are paused, not while a script runs past busy-reply-threshold.
         */
        boolean safeToEvict();

        /**
         * Deletes an evicted key as performEvictions does: dbSyncDelete (or dbAsyncDelete with
         * {@code lazy}), signalModifiedKey, the "evicted" notification, and the DEL (UNLINK if lazy)
         * queued for replicas and the AOF.
         */
        void evictKey(RedisDb db, byte[] key, boolean lazy);

        /** Sends the queued DELs (propagatePendingCommands at the end of performEvictions). */
        void propagatePending();

        /** The normal clients' query and output buffers, in bytes (stat_clients_type_memory). */
        long clientsMemory();

        /** The replicas' output buffers (what is not counted for eviction, freeMemoryGetNotCountedMemory). */
        long replicasMemory();

        /** The replication backlog's bytes (read by the cron). */
        long replBacklogMemory();

        /** Runs {@code task} on the command thread soon, outside any command (an aeTimeEvent of 0 ms). */
        void runSoon(Runnable task);

        /** serverLog. */
        void log(String level, String msg);

        /** A monotonic clock in nanoseconds (elapsedStart / elapsedUs). */
        long nanoTime();
    }

    private final Host host;
    private final Keyspace ks;
    private final EvictionPool pool = new EvictionPool();
    private final NumericConfig maxmemoryHolder, samplesHolder, tenacityHolder, logFactorHolder, decayHolder;
    private final EnumConfig policyHolder;
    private final BoolConfig lazyHolder;
    private volatile long maxmemory;
    private volatile int policy = Policies.NO_EVICTION;
    private int samples = 5;
    private int tenacity = 10;
    private boolean lazyEviction;
    /** Where the random policies' round robin over databases stands (performEvictions's static next_db). */
    private int nextDb;
    private boolean evictionProcRunning;
    private long peak;
    private long clientsMemory, replicasMemory, backlogMemory;
    /** When the client buffers were last summed (nanoTime): at most once a millisecond, see {@link #refreshClients}. */
    private long clientsSummedAt = Long.MIN_VALUE / 2;
    /** stat_last_eviction_exceeded_time / stat_total_eviction_exceeded_time, in ns. */
    private long lastEvictionExceededNanos, totalEvictionExceededNanos;
    private EvictionListener listener;

    public Eviction(Host host, ConfigRegistry config) {
        this.host = host;
        this.ks = host.keyspace();
        maxmemoryHolder = config.numeric("maxmemory");
        policyHolder = config.enumConfig("maxmemory-policy");
        samplesHolder = config.numeric("maxmemory-samples");
        tenacityHolder = config.numeric("maxmemory-eviction-tenacity");
        logFactorHolder = config.numeric("lfu-log-factor");
        decayHolder = config.numeric("lfu-decay-time");
        lazyHolder = config.bool("lazyfree-lazy-eviction");
        sync();
        ks.setExpandAllowed(this::dictExpandAllowed);
        ConfigApply apply = this::sync;
        for (String name : new String[]{"maxmemory-policy", "maxmemory-samples", "maxmemory-eviction-tenacity",
                "lfu-log-factor", "lfu-decay-time", "lazyfree-lazy-eviction"}) config.onChange(name, apply);
        config.onChange("maxmemory", this::updateMaxmemory);
    }

    /** Copies the settings into fields and tells the keyspace how to stamp accesses. */
    private void sync() {
        maxmemory = maxmemoryHolder.get();
        policy = policyHolder.get();
        samples = samplesHolder.getInt();
        tenacity = tenacityHolder.getInt();
        lazyEviction = lazyHolder.get();
        ks.setAccessPolicy(policy & (Policies.LRU | Policies.LFU | Policies.ALLKEYS), logFactorHolder.getInt(),
                decayHolder.getInt(), maxmemory != 0 && Policies.noSharedIntegers(policy));
    }

    /** updateMaxmemory (config.c): warn if the new limit is below what is used, and start evicting. */
    private void updateMaxmemory() {
        sync();
        if (maxmemory == 0) return;
        long used = usedMemory() - notCountedForEvict();
        if (maxmemory < used) {
            host.log("warning", "WARNING: the new maxmemory value set via CONFIG SET (" + maxmemory + ") is smaller than the current memory usage ("
                    + used + "). This will result in key eviction and/or the inability to accept new write commands depending on the maxmemory-policy.");
        }
        long heap = Runtime.getRuntime().maxMemory();
        if (heap != Long.MAX_VALUE && maxmemory > heap / 2) {
            // the launcher sized the heap for the maxmemory it started with (docs/memory.md)
            host.log("warning", "WARNING: maxmemory (" + maxmemory + ") is more than half of the JVM's heap limit (" + heap
                    + "); restart with this maxmemory so that the launcher sizes the heap for it.");
        }
        startEvictionTimeProc();
    }

    /** HASHTABLE_MAX_LOAD_FACTOR: past it a table grows whatever the memory. */
    static final double HASHTABLE_MAX_LOAD_FACTOR = 1.618;

    /**
     * dictExpandAllowed (server.c): a keyspace dict may not grow if its new table would take memory
     * over maxmemory, unless it is already overloaded; otherwise a resize could make the next command
     * evict keys only to pay for a bucket array.
     */
    boolean dictExpandAllowed(long moreMem, double usedRatio) {
        if (usedRatio > HASHTABLE_MAX_LOAD_FACTOR) return true;
        return !overMaxmemoryAfterAlloc(moreMem);
    }

    /** overMaxmemoryAfterAlloc: would {@code moreMem} bytes more take used memory over the limit? */
    boolean overMaxmemoryAfterAlloc(long moreMem) {
        long max = maxmemory;
        if (max == 0) return false;
        return usedMemory() - notCountedForEvict() + moreMem > max;
    }

    /** Hears the pool and the victims (the hooks); null for none. */
    public void setListener(EvictionListener l) { this.listener = l; }

    public EvictionPool pool() { return pool; }

    @Override public long maxmemory() { return maxmemory; }

    public String policyName() { return Policies.name(policy); }

    // ---------------------------------------------------------------- the account

    @Override
    public long usedMemory() {
        return STARTUP_BYTES + ks.datasetBytes() + tablesBytes() + clientsMemory + replicasMemory + backlogMemory;
    }

    /** The databases' hash tables: bucket arrays of both dicts, and the expires dict's entries. */
    private long tablesBytes() {
        long n = 0;
        for (int i = 0; i < ks.databases(); i++) {
            RedisDb db = ks.db(i);
            n += ObjectSize.table(db.dict()) + ObjectSize.table(db.expires()) + db.expiresSize() * ObjectSize.EXPIRE_ENTRY;
        }
        return n;
    }

    /** freeMemoryGetNotCountedMemory: the replicas' output buffers (beyond the backlog they share). */
    long notCountedForEvict() { return replicasMemory; }

    /**
     * Sums the client buffers again if the last sum is older than a millisecond. Redis keeps the sum
     * incrementally (updateClientMemUsage after each command); a walk over the clients costs O(clients),
     * so it is done at most once a millisecond, whatever the command rate.
     */
    private void refreshClients() {
        long now = host.nanoTime();
        if (now - clientsSummedAt < 1_000_000) return;
        clientsSummedAt = now;
        clientsMemory = host.clientsMemory();
        replicasMemory = host.replicasMemory();
    }

    @Override
    public MemoryOverhead overhead() {
        refreshClients();
        long used = usedMemory();
        peak = Math.max(peak, used);
        long total = STARTUP_BYTES;
        long backlog = backlogMemory;
        total += backlog + replicasMemory + clientsMemory;
        List<long[]> dbs = new ArrayList<>();
        long keys = 0;
        for (int i = 0; i < ks.databases(); i++) {
            RedisDb db = ks.db(i);
            long size = db.size();
            if (size == 0) continue;
            keys += size;
            long main = size * (ObjectSize.DICT_ENTRY + ObjectSize.ROBJ) + ObjectSize.table(db.dict());
            long exp = db.expiresSize() * ObjectSize.EXPIRE_ENTRY + ObjectSize.table(db.expires());
            total += main + exp;
            dbs.add(new long[]{i, main, exp});
        }
        long netUsage = used > STARTUP_BYTES ? used - STARTUP_BYTES : 1;
        long dataset = used - total;
        return new MemoryOverhead(used, STARTUP_BYTES, peak, backlog, replicasMemory, clientsMemory, 0, 0, 0,
                dbs.toArray(new long[0][]), total, keys, keys == 0 ? 0 : netUsage / keys, dataset,
                (double) dataset * 100 / netUsage, peak == 0 ? 0 : (double) used * 100 / peak, notCountedForEvict(), rssBytes());
    }

    /** The process's resident set (/proc/self/statm), or 0 where there is none. */
    static long rssBytes() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/statm")).trim().split("\\s+");
            return Long.parseLong(f[1]) * 4096;
        } catch (Exception | Error e) {
            return 0;
        }
    }

    /**
     * The cron's share: sum the client buffers (clientsCron's updateClientMemUsage), raise the peak,
     * re-measure some values (the walk that corrects changes the account did not see), and keep a
     * running eviction going.
     */
    @Override
    public void cron() {
        clientsSummedAt = Long.MIN_VALUE / 2;
        refreshClients();
        backlogMemory = host.replBacklogMemory();
        ks.reconcile(RECONCILE_PER_CRON);
        peak = Math.max(peak, usedMemory());
        if (evictionProcRunning && maxmemory != 0) evictionTimeProc();
    }

    /** Values re-measured per cron run: at hz 10, 10,000 keys a second. */
    static final int RECONCILE_PER_CRON = 1000;

    // ---------------------------------------------------------------- eviction

    /** estimateObjectIdleTime: milliseconds since the value's LRU stamp, on the wrapping 24-bit clock. */
    static long estimateObjectIdleTime(Keyspace ks, RedisObject o) {
        long lruclock = ks.lruClock();
        if (lruclock >= o.lru) return (lruclock - o.lru) * 1000;
        return (lruclock + (Keyspace.LRU_CLOCK_MAX - o.lru)) * 1000;
    }

    /** evictionTimeLimitUs: tenacity 0..10 is 0..500 us; above, 15% more per step; 100 is no limit. */
    static long evictionTimeLimitUs(int tenacity) {
        if (tenacity <= 10) return 50L * tenacity;
        if (tenacity < 100) return (long) (500.0 * Math.pow(1.15, tenacity - 10.0));
        return Long.MAX_VALUE;
    }

    /** The eviction time event (evictionTimeProc): runs again while performEvictions says RUNNING. */
    void evictionTimeProc() {
        if (performEvictions() == EVICT_RUNNING) {
            host.runSoon(this::evictionTimeProc);
            return;
        }
        evictionProcRunning = false;
    }

    void startEvictionTimeProc() {
        if (!evictionProcRunning) {
            evictionProcRunning = true;
            host.runSoon(this::evictionTimeProc);
        }
    }

    @Override
    public int performEvictions() {
        if (!host.safeToEvict()) return EVICT_OK; // a fake OK: eviction skipped as if not needed
        int result = EVICT_FAIL;
        if (maxmemory != 0) refreshClients();
        long used = usedMemory() - notCountedForEvict();
        long max = maxmemory;
        if (max == 0 || used <= max) {
            result = EVICT_OK;
        } else if (policy == Policies.NO_EVICTION) {
            result = EVICT_FAIL; // we need to free memory, but the policy forbids it
        } else {
            result = evict(used - max);
        }
        // stat_last_eviction_exceeded_time: how long memory stayed over the limit
        if (result == EVICT_RUNNING || result == EVICT_FAIL) {
            if (lastEvictionExceededNanos == 0) lastEvictionExceededNanos = host.nanoTime();
        } else if (lastEvictionExceededNanos != 0) {
            totalEvictionExceededNanos += host.nanoTime() - lastEvictionExceededNanos;
            lastEvictionExceededNanos = 0;
        }
        return result;
    }

    /** The loop of performEvictions: free {@code toFree} bytes, or until the time limit or nothing is left. */
    private int evict(long toFree) {
        long limitUs = evictionTimeLimitUs(tenacity);
        long start = host.nanoTime();
        long freed = 0;
        int keysFreed = 0;
        int result;
        boolean pooled = (policy & (Policies.LRU | Policies.LFU)) != 0 || policy == Policies.VOLATILE_TTL;
        boolean allkeys = (policy & Policies.ALLKEYS) != 0;
        EvictionListener l = listener;
        try {
            while (freed < toFree) {
                byte[] bestKey = null;
                int bestDb = -1;
                long bestScore = 0;
                if (pooled) {
                    while (bestKey == null) {
                        long totalKeys = 0;
                        // sample every database, so the choice is not local to one
                        for (int i = 0; i < ks.databases(); i++) {
                            RedisDb db = ks.db(i);
                            Dict<byte[], ?> d = allkeys ? db.dict() : db.expires();
                            long keys = d.size();
                            if (keys != 0) {
                                pool.populate(i, d, db.dict(), policy, samples, ks,
                                        l == null ? null : (dbid, key, score, slot) -> l.keySampled(dbid, key, score, slot));
                                totalKeys += keys;
                            }
                        }
                        if (totalKeys == 0) break; // no keys to evict
                        if (l != null) l.poolPopulated(snapshot());
                        // from the best (right) to the worst; a key deleted since it entered is a ghost
                        for (int k = EvictionPool.SIZE - 1; k >= 0; k--) {
                            if (pool.key[k] == null) continue;
                            int dbid = pool.dbid[k];
                            byte[] key = pool.key[k];
                            long score = pool.idle[k];
                            RedisDb db = ks.db(dbid);
                            DictEntry<byte[], ?> de = allkeys ? db.dict().find(key) : db.expires().find(key);
                            pool.clear(k);
                            if (de != null) {
                                bestKey = de.getKey();
                                bestDb = dbid;
                                bestScore = score;
                                break;
                            }
                        }
                    }
                } else {
                    // volatile-random and allkeys-random: one random key, visiting the databases in turn
                    for (int i = 0; i < ks.databases(); i++) {
                        int j = (++nextDb & Integer.MAX_VALUE) % ks.databases();
                        RedisDb db = ks.db(j);
                        Dict<byte[], ?> d = allkeys ? db.dict() : db.expires();
                        if (d.size() != 0) {
                            DictEntry<byte[], ?> de = d.randomEntry();
                            bestKey = de.getKey();
                            bestDb = j;
                            break;
                        }
                    }
                }
                if (bestKey == null) {
                    result = EVICT_FAIL; // nothing to free
                    return result;
                }
                RedisDb db = ks.db(bestDb);
                long before = ks.datasetBytes();
                host.evictKey(db, bestKey, lazyEviction);
                long delta = before - ks.datasetBytes();
                freed += delta;
                ks.stats.evictedKeys++;
                keysFreed++;
                if (l != null) l.keyEvicted(bestDb, bestKey, bestScore, delta, Policies.name(policy));
                if (keysFreed % 16 == 0) {
                    // past the time limit, stop here and let the time event go on
                    if ((host.nanoTime() - start) / 1000 > limitUs) {
                        startEvictionTimeProc();
                        break;
                    }
                }
            }
            result = evictionProcRunning ? EVICT_RUNNING : EVICT_OK;
            return result;
        } finally {
            host.propagatePending(); // all the DELs, as one batch
        }
    }

    /**
     * What a view of maxmemory shows (the REPL's {@code :evict}): the policy and its settings, the
     * account against the limit, the keys evicted so far, and the pool, worst to best.
     */
    public record View(String policy, long maxmemory, long usedMemory, int samples, int tenacity, long evictedKeys,
                       List<EvictionListener.PoolEntry> pool) {
        public View {
            pool = List.copyOf(pool);
        }
    }

    /** A copy of the state for {@link View}; command thread. */
    public View view() {
        return new View(Policies.name(policy), maxmemory, usedMemory(), samples, tenacity, ks.stats.evictedKeys, snapshot());
    }

    /** The pool's entries, worst to best, for the hooks. */
    private List<EvictionListener.PoolEntry> snapshot() {
        List<EvictionListener.PoolEntry> out = new ArrayList<>(EvictionPool.SIZE);
        for (int k = 0; k < EvictionPool.SIZE; k++) {
            if (pool.key[k] != null) out.add(new EvictionListener.PoolEntry(pool.dbid[k], pool.key[k].clone(), pool.idle[k]));
        }
        return out;
    }

    @Override
    public long totalEvictionExceededMillis() {
        long t = totalEvictionExceededNanos;
        if (lastEvictionExceededNanos != 0) t += host.nanoTime() - lastEvictionExceededNanos;
        return t / 1_000_000;
    }

    @Override
    public long currentEvictionExceededMillis() {
        return lastEvictionExceededNanos == 0 ? 0 : (host.nanoTime() - lastEvictionExceededNanos) / 1_000_000;
    }
}
