package io.glassbox.db;

import io.glassbox.ds.hyperloglog.HllListener;
import io.glassbox.util.Clock;

/**
 * The sixteen databases and what they share: the clock that decides expiry, the keyspace
 * statistics, and the listener that hears about expired keys and modified keys.
 *
 * <p>Redis keeps all of this in its global {@code server} struct; here it is one object passed to
 * whoever needs it, so a learner can read the keyspace without the rest of the server.
 */
public final class Keyspace {
    /** Redis's LRU_CLOCK_MAX: the LRU clock is 24 bits of seconds and wraps. */
    public static final int LRU_CLOCK_MAX = (1 << 24) - 1;

    private final RedisDb[] dbs;
    private final Clock clock;
    private final EncodingConfig encodings;
    /** lazyfree.c's state and its background thread (bio.c), this engine's own. */
    private final LazyFree lazyFree = new LazyFree(new io.glassbox.bio.Bio());
    public final KeyspaceStats stats = new KeyspaceStats();
    /** The data types loaded modules created (the RDB loader looks a value's type up here). */
    private final ModuleTypes moduleTypes = new ModuleTypes();
    private KeyspaceListener listener = KeyspaceListener.NONE;
    /** Null unless somebody observes values (the hooks with a subscriber): see {@link ValueListener}. */
    ValueListener valueListener; // written and read on the command thread only (Hooks installs it there)
    /** Hears the registers PFADD and PFMERGE set; NONE unless the hooks have a subscriber. */
    private HllListener hllListener = HllListener.NONE; // command thread only, like valueListener
    private long commandTime;
    /** The epoch of this keyspace's latest background save: values stored in keys are marked with it. */
    byte snapshotEpoch;
    private boolean loading;
    private boolean replica;
    private boolean expireDisabled;

    /** A keyspace with Redis's default encoding settings. */
    public Keyspace(int databases, Clock clock) {
        this(databases, clock, new EncodingConfig());
    }

    /** A keyspace whose values are encoded as {@code encodings} says (the engine's, kept current by CONFIG SET). */
    public Keyspace(int databases, Clock clock, EncodingConfig encodings) {
        this.clock = clock;
        this.encodings = encodings;
        this.dbs = new RedisDb[databases];
        for (int i = 0; i < databases; i++) dbs[i] = new RedisDb(this, i);
        this.commandTime = clock.millis();
    }

    public RedisDb db(int id) { return dbs[id]; }

    /**
     * Cluster mode: database 0 keeps its keys by hash slot from now on (slotToKeyInit in clusterInit),
     * the keys it already holds included. Without this call no write pays for the index.
     */
    public void enableSlotToKeys() {
        if (dbs[0].slotToKeys != null) return;
        dbs[0].slotToKeys = new SlotToKeys();
        dbs[0].rebuildSlotToKeys();
    }

    /** Lazy free (lazyfree.c): the queue to the background thread, its counters and settings. */
    public LazyFree lazyFree() { return lazyFree; }

    public int databases() { return dbs.length; }

    public Clock clock() { return clock; }

    /** This engine's encoding thresholds: what decides listpack or hashtable, intset or hashtable, sparse or dense. */
    public EncodingConfig encodings() { return encodings; }

    /** The module data types this engine knows (moduleTypeLookupModuleByID's table). */
    public ModuleTypes moduleTypes() { return moduleTypes; }

    /** The installed listener, so that an observer can wrap it rather than replace it. */
    public KeyspaceListener listener() { return listener; }

    public void setListener(KeyspaceListener listener) { this.listener = listener == null ? KeyspaceListener.NONE : listener; }

    /** The listener HyperLogLog writes of this engine report to. */
    public HllListener hllListener() { return hllListener; }

    /** Installs (or, with null, removes) the observer of HyperLogLog writes. */
    public void setHllListener(HllListener l) { this.hllListener = l == null ? HllListener.NONE : l; }

    /** Installs (or, with null, removes) the observer of values reached by commands. */
    public void setValueListener(ValueListener l) { this.valueListener = l; }

    /**
     * Fixes "now" for expiry decisions at the start of a command (Redis 7.0's
     * {@code server.mstime} with {@code fixed_time_expire}): all keys a command touches are judged
     * at the same instant.
     */
    public void startCommand() { commandTime = clock.millis(); }

    public long commandTime() { return commandTime; }

    /** The LRU clock: seconds, 24 bits (getLRUClock). */
    /**
     * The LRU clock: seconds, 24 bits (LRU_CLOCK). Like Redis, which reads a value the cron caches
     * rather than the system clock, it is derived from the time the current command started, so a
     * lookup does not read the clock again.
     */
    public int lruClock() { return (int) ((commandTime / 1000) & LRU_CLOCK_MAX); }

    /**
     * Starts a new snapshot epoch (wrapping, never 0) and returns it. From now on every value stored
     * in a key ({@code dbAdd}, {@code dbOverwrite}, {@code setKey}) is marked with it, so the snapshot
     * that began it leaves it out. Per keyspace: another engine's BGSAVE never moves this one's epoch.
     */
    public byte beginSnapshotEpoch() {
        byte next = (byte) (snapshotEpoch + 1);
        if (next == 0) next = 1;
        snapshotEpoch = next;
        return next;
    }

    public boolean isLoading() { return loading; }

    public void setLoading(boolean loading) { this.loading = loading; }

    public boolean isReplica() { return replica; }

    public void setReplica(boolean replica) { this.replica = replica; }

    /** While clients are paused for writes, expired keys are reported missing but not deleted. */
    boolean expireDisabled() { return expireDisabled; }

    public void setExpireDisabled(boolean disabled) { this.expireDisabled = disabled; }

    void signalModifiedKey(RedisDb db, byte[] key) { listener.keyModified(db, key); }

    /**
     * Called before a key's value is changed through {@link RedisDb#lookupKeyWrite} or deleted
     * ({@link RedisDb#dbDelete}), while a background save runs (its copy on write); null otherwise,
     * so the normal path pays one null check.
     */
    WriteHook beforeWrite;

    /** A key about to be written in a database. */
    @FunctionalInterface
    public interface WriteHook { void accept(RedisDb db, byte[] key); }

    public void setBeforeWriteHook(WriteHook hook) { this.beforeWrite = hook; }

    private FunctionLibraries functionLibraries = FunctionLibraries.NONE;

    /** The function libraries an RDB file saves and loads along with the keys ({@link FunctionLibraries}). */
    public FunctionLibraries functionLibraries() { return functionLibraries; }

    public void setFunctionLibraries(FunctionLibraries f) { this.functionLibraries = f == null ? FunctionLibraries.NONE : f; }

    public WriteHook beforeWriteHook() { return beforeWrite; }

    /** Who hears that a key that clients may block on was created (the server's Blocking). */
    private java.util.function.BiConsumer<RedisDb, byte[]> keyReadySignal = (db, key) -> {};

    public void setKeyReadySignal(java.util.function.BiConsumer<RedisDb, byte[]> signal) { this.keyReadySignal = signal; }

    /** A list, zset or stream key was added: blocked clients may be served (signalKeyAsReady). */
    void signalKeyAsReady(RedisDb db, byte[] key) { keyReadySignal.accept(db, key); }

    /**
     * Who hears of the keyspace's own notification events, a key added ("new") or a read that missed
     * ("keymiss"): the server's keyspace notifications (notify.c's calls in dbAdd and lookupKey).
     */
    public interface KeyEventSignal {
        KeyEventSignal NONE = new KeyEventSignal() {};

        default void keyAdded(RedisDb db, byte[] key) {}

        default void keyMiss(RedisDb db, byte[] key) {}
    }

    private KeyEventSignal keyEventSignal = KeyEventSignal.NONE;

    public void setKeyEventSignal(KeyEventSignal signal) { this.keyEventSignal = signal == null ? KeyEventSignal.NONE : signal; }

    KeyEventSignal keyEvents() { return keyEventSignal; }

    /** Who hears that a database is about to be emptied (scanDatabaseForDeletedStreams in signalFlushedDb). */
    private java.util.function.Consumer<RedisDb> flushSignal = db -> {};

    public void setFlushSignal(java.util.function.Consumer<RedisDb> signal) { this.flushSignal = signal; }

    /** Who propagates the DEL of an expired key (the server's Propagation). */
    private java.util.function.BiConsumer<RedisDb, byte[]> expiredKeyPropagator = (db, key) -> {};

    public void setExpiredKeyPropagator(java.util.function.BiConsumer<RedisDb, byte[]> p) { this.expiredKeyPropagator = p; }

    void onKeyExpired(RedisDb db, byte[] key) {
        stats.expiredKeys++;
        listener.keyExpired(db, key);
        expiredKeyPropagator.accept(db, key);
    }

    /** Who hears that a database's data is about to be replaced by another's (scanDatabaseForDeletedStreams in dbSwapDatabases). */
    private java.util.function.BiConsumer<RedisDb, RedisDb> swapSignal = (emptied, replacedWith) -> {};

    public void setSwapSignal(java.util.function.BiConsumer<RedisDb, RedisDb> signal) { this.swapSignal = signal; }

    /** SWAPDB: exchanges two databases' contents. */
    public void swap(int a, int b) {
        // XREADGROUP clients waiting on a stream that the swap takes away must hear it (before the swap, as Redis)
        swapSignal.accept(dbs[a], dbs[b]);
        swapSignal.accept(dbs[b], dbs[a]);
        RedisDb.swap(dbs[a], dbs[b]);
        listener.databasesSwapped(a, b);
    }

    /**
     * Empties database {@code dbnum}, or every database if it is -1 (emptyData for FLUSHDB and
     * FLUSHALL); returns how many keys were removed. The listener hears first, while the keys are
     * still there, so WATCHed keys are invalidated as in Redis's signalFlushedDb.
     */
    public long emptyData(int dbnum) { return emptyData(dbnum, false); }

    /** emptyData with EMPTYDB_ASYNC when {@code async}: the old dicts are freed by the lazy-free thread. */
    public long emptyData(int dbnum, boolean async) {
        listener.databaseFlushed(dbnum);
        int from = dbnum == -1 ? 0 : dbnum, to = dbnum == -1 ? dbs.length - 1 : dbnum;
        for (int j = from; j <= to; j++) flushSignal.accept(dbs[j]);
        long removed = 0;
        int start = dbnum == -1 ? 0 : dbnum, end = dbnum == -1 ? dbs.length - 1 : dbnum;
        for (int j = start; j <= end; j++) removed += dbs[j].clear(async);
        return removed;
    }

    /**
     * Takes every database's data from {@code loaded}, a keyspace filled off to the side
     * (repl-diskless-load swapdb: the old data stays until the new has loaded whole); {@code loaded}
     * is left with the old data, to be dropped. Signalled as a FLUSHALL, as Redis's swap does.
     */
    public void swapAllWith(Keyspace loaded) {
        listener.databaseFlushed(-1);
        for (int j = 0; j < dbs.length; j++) {
            flushSignal.accept(dbs[j]);
            RedisDb.swap(dbs[j], loaded.dbs[j]);
        }
    }

    // ---------------------------------------------------------------- access tracking: LRU or LFU

    /** MAXMEMORY_FLAG_LRU, MAXMEMORY_FLAG_LFU, MAXMEMORY_FLAG_ALLKEYS (server.h): the policy's kind. */
    public static final int POLICY_FLAG_LRU = 1, POLICY_FLAG_LFU = 2, POLICY_FLAG_ALLKEYS = 4;

    /** The maxmemory policy's flags, lfu-log-factor, lfu-decay-time; set by the evictor's settings. */
    private int policyFlags;
    private int lfuLogFactor = 10;
    private int lfuDecayTime = 1;
    /** maxmemory set and an LRU/LFU policy: every int value needs its own lru field (MAXMEMORY_FLAG_NO_SHARED_INTEGERS). */
    private boolean noSharedIntegers;
    /** LFULogIncr's coin (Redis's rand()); command thread only. */
    private final java.util.SplittableRandom lfuRandom = new java.util.SplittableRandom();

    /**
     * How lookups stamp values from now on: {@code policyFlags} as the maxmemory policy's value in
     * {@code ConfigTable} ({@link #POLICY_FLAG_LFU} means the 24 bits hold an LFU counter).
     */
    public void setAccessPolicy(int policyFlags, int lfuLogFactor, int lfuDecayTime, boolean noSharedIntegers) {
        this.policyFlags = policyFlags;
        this.lfuLogFactor = lfuLogFactor;
        this.lfuDecayTime = lfuDecayTime;
        this.noSharedIntegers = noSharedIntegers;
    }

    /** True under allkeys-lfu or volatile-lfu: {@link RedisObject#lru} holds minutes and a counter. */
    public boolean lfuPolicy() { return (policyFlags & POLICY_FLAG_LFU) != 0; }

    public int lfuDecayTime() { return lfuDecayTime; }

    public int lfuLogFactor() { return lfuLogFactor; }

    /** LFUGetTimeInMinutes, from the time the command started (Redis reads its cached unixtime). */
    public int lfuMinutes() { return Lfu.timeInMinutes(commandTime); }

    /** A value was accessed (lookupKey): its LRU stamp, or under LFU its counter (updateLFU). */
    void touch(RedisObject o) {
        if ((policyFlags & POLICY_FLAG_LFU) != 0) o.lru = Lfu.updateLfu(o.lru, lfuDecayTime, lfuLogFactor, lfuMinutes(), lfuRandom);
        else o.lru = lruClock();
    }

    /** The field a newly stored value starts with (createObject): the LRU clock, or LFU_INIT_VAL now. */
    int newLru() {
        return (policyFlags & POLICY_FLAG_LFU) != 0 ? Lfu.initial(lfuMinutes()) : lruClock();
    }

    /** A value about to be stored in a key: under an LRU/LFU maxmemory an int gets its own object. */
    void unshare(RedisObject val) {
        if (noSharedIntegers && val.shared) val.shared = false;
    }

    /** An overwrite keeps the old value's LFU counter, counted as one more access (lookupKeyWrite + dbOverwrite). */
    int overwriteLru(RedisObject old) {
        if ((policyFlags & POLICY_FLAG_LFU) == 0) return lruClock();
        return Lfu.updateLfu(old.lru, lfuDecayTime, lfuLogFactor, lfuMinutes(), lfuRandom);
    }

    // ---------------------------------------------------------------- memory accounting

    /**
     * Elements measured per collection when a value is (re)charged: more than MEMORY USAGE's 5, so the
     * running account of a big hash or set moves smoothly as it grows (docs/memory.md).
     */
    static final int ACCOUNTING_SAMPLES = 16;
    /** Keys written during the current command, charged again when it ends ({@link #settleTouched}). */
    private RedisDb[] touchedDb = new RedisDb[16];
    private byte[][] touchedKey = new byte[16][];
    private int touchedCount;
    /** Where the cron's walk that re-measures values resumes: database and scan cursor. */
    private int reconcileDb;
    private long reconcileCursor;

    /**
     * A key's value is about to change in place (lookupKeyWrite) or was just stored: it is measured
     * again when the command ends, whatever the command did to it. Bounded: past 1024 keys (a load,
     * a huge MSET) the list is settled at once.
     */
    void touched(RedisDb db, byte[] key) {
        int n = touchedCount;
        if (n > 0 && touchedDb[n - 1] == db && touchedKey[n - 1] == key) return;
        if (n == touchedKey.length) {
            if (n >= 1024) { settleTouched(); n = 0; }
            else {
                touchedDb = java.util.Arrays.copyOf(touchedDb, n * 2);
                touchedKey = java.util.Arrays.copyOf(touchedKey, n * 2);
            }
        }
        touchedDb[n] = db;
        touchedKey[n] = key;
        touchedCount = n + 1;
    }

    /**
     * Charges every key written since the last call for what its value costs now (the call after a
     * command, beforeSleep). A key deleted since is gone from its dict and skipped: its charge left
     * with it.
     */
    public void settleTouched() {
        for (int i = 0; i < touchedCount; i++) {
            RedisDb db = touchedDb[i];
            RedisObject o = db.dict.peekValue(touchedKey[i]);
            if (o != null) db.account(touchedKey[i], o);
            touchedDb[i] = null;
            touchedKey[i] = null;
        }
        touchedCount = 0;
        if (touchedKey.length > 256) { touchedDb = new RedisDb[16]; touchedKey = new byte[16][]; }
    }

    /**
     * Re-measures about {@code count} values, resuming a walk over every database (the cron's): a value
     * changed by a path that did not go through {@link RedisDb#lookupKeyWrite} is charged right within
     * one walk. Returns how many values were measured.
     */
    public int reconcile(int count) {
        int done = 0, dbsSeen = 0;
        while (done < count && dbsSeen <= dbs.length) {
            RedisDb db = dbs[reconcileDb];
            if (db.size() == 0) reconcileCursor = 0;
            else {
                int[] n = {0};
                do {
                    reconcileCursor = db.dict.scan(reconcileCursor, de -> { db.account(de.getKey(), de.getVal()); n[0]++; });
                } while (reconcileCursor != 0 && done + n[0] < count);
                done += n[0];
            }
            if (reconcileCursor == 0) {
                reconcileDb = (reconcileDb + 1) % dbs.length;
                dbsSeen++;
            }
        }
        return done;
    }

    /** Asked before a database's dict grows (dictExpandAllowed); null: always. */
    io.glassbox.ds.dict.Dict.ExpandAllowed expandAllowed;

    /** Installs the check the databases' dicts make before growing (the evictor's, while maxmemory is set). */
    public void setExpandAllowed(io.glassbox.ds.dict.Dict.ExpandAllowed f) {
        this.expandAllowed = f;
        for (RedisDb db : dbs) db.applyExpandAllowed();
    }

    /** The bytes charged for keys and values in every database (the dataset, without the dicts' tables). */
    public long datasetBytes() {
        long n = 0;
        for (RedisDb db : dbs) n += db.datasetBytes;
        return n;
    }

    /** Total keys over all databases. */
    public long totalKeys() {
        long n = 0;
        for (RedisDb db : dbs) n += db.size();
        return n;
    }
}
