package io.glassbox.ds.dict;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Redis's hash table, {@code src/dict.c} of Redis 7.0: chained buckets in power-of-two tables,
 * resized by <em>incremental rehashing</em>.
 *
 * <h2>Why two tables</h2>
 * A hash table must grow as keys arrive (or its chains get long) and should shrink when they
 * leave (or it wastes memory). Resizing means moving every entry to the bucket its hash selects in
 * the new table. Done at once, growing a table of 10 million keys stalls the single-threaded
 * server for a second or more, and every client waits. So a dict owns two tables: {@code ht[0]},
 * the current one, and {@code ht[1]}, allocated only while a resize is under way. A resize
 * allocates {@code ht[1]} and sets {@code rehashIdx} to 0; from then on entries migrate from
 * {@code ht[0]} to {@code ht[1]} a bucket at a time, and when {@code ht[0]} is empty the tables
 * are swapped and {@code rehashIdx} goes back to -1.
 *
 * <h2>Why incremental, and the bound on each step</h2>
 * The migration piggybacks on normal traffic: every find, add and delete made while rehashing
 * first moves one bucket ({@code _dictRehashStep}), and the server's cron spends up to a
 * millisecond per call on busy dicts ({@link #rehashMilliseconds}). A step moves one non-empty
 * bucket but may have to skip empty ones; it gives up after {@code 10*n} empty buckets so that a
 * step's cost is bounded even in a sparse table (after a mass delete, say).
 *
 * <h2>Invariants while rehashing</h2>
 * <ul>
 *   <li>Buckets {@code 0 .. rehashIdx-1} of {@code ht[0]} are empty: they were moved.</li>
 *   <li>A key is in exactly one of the two tables, so lookups and deletes search {@code ht[0]}
 *       then {@code ht[1]}; inserts go to {@code ht[1]} only, so {@code ht[0]} only drains.</li>
 *   <li>{@code size() == used[0] + used[1]} and {@code rehashIdx} only increases.</li>
 *   <li>No new resize starts until the current one completes.</li>
 * </ul>
 *
 * <h2>Sizes and load factor</h2>
 * Tables hold a power of two of buckets (the first one {@link #DICT_HT_INITIAL_SIZE} = 4), so a
 * bucket index is {@code hash & (size-1)}, a mask, never a division. When an insertion finds
 * {@code used >= size} (load factor 1) the table grows to the next power of two above
 * {@code used}; under {@link DictResizePolicy.Mode#AVOID} only when {@code used/size > 5}. The dict
 * never shrinks by itself: the owner calls {@link #tryShrink()} (Redis's {@code htNeedsResize} +
 * {@code dictResize} from {@code tryResizeHashTables} in the cron, and after deletes in the
 * type commands) which shrinks to the smallest power of two holding all the keys once fewer
 * than 10% of the buckets are used.
 *
 * <h2>Iteration and SCAN</h2>
 * A <em>safe</em> iterator pauses rehashing ({@code pauseRehash}) so that entries stay where the
 * iterator expects them, and allows deleting the current entry. An <em>unsafe</em> iterator does
 * not pause anything and instead fingerprints the tables; if the dict changed when it is released,
 * that is a bug in the caller and it throws. {@link #scan} is the stateless cursor walk behind the
 * SCAN family; see its comment for why its reverse-binary cursor survives resizes.
 *
 * <h2>Differences from the C code</h2>
 * No destructors or duplicators (the GC frees entries), no per-entry metadata, no
 * {@code u64/s64/double} value union. Java arrays cap a table at 2^30 buckets; beyond that the
 * dict stops growing and chains lengthen. Randomness comes from a {@link RandomGenerator} that a
 * test can fix ({@link #setRandom}). Not thread-safe, like Redis's: the engine is single-threaded.
 */
public final class Dict<K, V> {

    /** {@code DICT_HT_INITIAL_EXP}: the first table has 2^2 buckets. */
    public static final int DICT_HT_INITIAL_EXP = 2;
    /** {@code DICT_HT_INITIAL_SIZE}. */
    public static final int DICT_HT_INITIAL_SIZE = 1 << DICT_HT_INITIAL_EXP;
    /** {@code HASHTABLE_MIN_FILL} (server.h): below 10% used, a table is worth shrinking. */
    public static final int HASHTABLE_MIN_FILL = 10;
    /** Largest power-of-two length a Java array can have. */
    static final int MAX_EXP = 30;
    /** How many buckets {@link #clear(Runnable)} walks between two callbacks. */
    public static final int CLEAR_CALLBACK_BUCKETS = 65536;

    @SuppressWarnings("rawtypes")
    private static final DictEntry[] EMPTY = new DictEntry[0];

    private final DictType<K> type;
    private final DictResizePolicy resizePolicy;

    /** {@code ht_table[0..1]}: a table with no buckets is Redis's NULL table. */
    final DictEntry<K, V>[][] htTable;
    /** {@code ht_used[0..1]}: entries in each table. */
    final long[] htUsed = new long[2];
    /** {@code rehashidx}: next ht[0] bucket to migrate, or -1 when not rehashing. */
    int rehashIdx = -1;
    /** {@code pauserehash}: &gt; 0 while safe iterators or scans run; no rehash step then. */
    int pauseRehash;

    private DictListener listener = DictListener.NONE;
    private RandomGenerator random; // null: ThreadLocalRandom

    /** {@code dictCreate(type)} with a private, enabled resize policy. */
    public Dict(DictType<K> type) {
        this(type, DictResizePolicy.enabled());
    }

    /** {@code dictCreate(type)} sharing the server's resize policy. */
    @SuppressWarnings("unchecked")
    public Dict(DictType<K> type, DictResizePolicy resizePolicy) {
        this.type = type;
        this.resizePolicy = resizePolicy;
        this.htTable = (DictEntry<K, V>[][]) new DictEntry[2][];
        reset(0);
        reset(1);
    }

    @SuppressWarnings("unchecked")
    private void reset(int htidx) { // _dictReset
        htTable[htidx] = (DictEntry<K, V>[]) EMPTY;
        htUsed[htidx] = 0;
    }

    // ------------------------------------------------------------------ accessors

    public DictType<K> type() {
        return type;
    }

    public DictResizePolicy resizePolicy() {
        return resizePolicy;
    }

    /** {@code dictSize}: entries in both tables. */
    public long size() {
        return htUsed[0] + htUsed[1];
    }

    /** {@code dictSlots}: buckets in both tables. */
    public long buckets() {
        return (long) htTable[0].length + htTable[1].length;
    }

    /** {@code dictIsRehashing}. */
    public boolean isRehashing() {
        return rehashIdx != -1;
    }

    /** {@code rehashidx}: -1 when not rehashing. */
    public int rehashIdx() {
        return rehashIdx;
    }

    /** {@code pauserehash}: how many safe iterators / scans are holding rehashing. */
    public int pauseRehash() {
        return pauseRehash;
    }

    /** Installs an observer; {@code null} restores the no-op {@link DictListener#NONE}. */
    public void setListener(DictListener listener) {
        this.listener = listener == null ? DictListener.NONE : listener;
    }

    /** Fixes the source of randomness for {@link #randomEntry()} and {@link #someEntries}. */
    public void setRandom(RandomGenerator random) {
        this.random = random;
    }

    private RandomGenerator rnd() {
        return random != null ? random : ThreadLocalRandom.current();
    }

    /** {@code dictPauseRehashing}. */
    public void pauseRehashing() {
        pauseRehash++;
    }

    /** {@code dictResumeRehashing}. */
    public void resumeRehashing() {
        if (pauseRehash <= 0) throw new IllegalStateException("rehashing is not paused");
        pauseRehash--;
    }

    // ------------------------------------------------------------------ resizing

    /**
     * {@code dictExpand}: start a resize to the smallest power of two &ge; {@code size} (at least
     * 4). Fails (false) while rehashing, when {@code size} is below the number of entries, when
     * the size would not change, or beyond 2^30 buckets. A first table is installed directly;
     * otherwise this only allocates {@code ht[1]}: the entries move later, step by step.
     */
    public boolean expand(long size) {
        if (isRehashing() || htUsed[0] > size) return false;
        int exp = nextExp(size);
        if (exp < 0) return false; // overflow: more buckets than an array can hold
        int oldSize = htTable[0].length;
        int newSize = 1 << exp;
        if (newSize == oldSize) return false; // rehashing to the same size is not useful
        @SuppressWarnings("unchecked")
        DictEntry<K, V>[] table = (DictEntry<K, V>[]) new DictEntry[newSize];
        if (oldSize == 0) {
            // First initialization: not really a rehash, the table just becomes ht[0].
            htTable[0] = table;
            htUsed[0] = 0;
            listener.onResizeStarted(0, newSize, 0);
            listener.onRehashCompleted(newSize);
            return true;
        }
        htTable[1] = table;
        htUsed[1] = 0;
        rehashIdx = 0;
        listener.onResizeStarted(oldSize, newSize, htUsed[0]);
        return true;
    }

    /** {@code _dictNextExp}: exponent of the smallest power of two &ge; size, from 2; -1 if too big. */
    static int nextExp(long size) {
        if (size > (1L << MAX_EXP)) return -1;
        int e = DICT_HT_INITIAL_EXP;
        while ((1L << e) < size) e++;
        return e;
    }

    /**
     * {@code dictResize}: shrink (or grow) to the smallest power of two holding all the entries,
     * keeping the load factor near 1. Refused while rehashing or while the policy avoids resizes.
     */
    public boolean resize() {
        if (!resizePolicy.canResize() || isRehashing()) return false;
        long minimal = Math.max(htUsed[0], DICT_HT_INITIAL_SIZE);
        return expand(minimal);
    }

    /**
     * {@code htNeedsResize} then {@code dictResize}, as Redis's {@code tryResizeHashTables}: shrink
     * if the dict has more than 4 buckets of which fewer than {@link #HASHTABLE_MIN_FILL}% are used.
     * Returns whether a resize started.
     */
    public boolean tryShrink() {
        return needsResize() && resize();
    }

    /** {@code htNeedsResize} (server.c). */
    public boolean needsResize() {
        long size = buckets();
        long used = size();
        return size > DICT_HT_INITIAL_SIZE && used * 100 / size < HASHTABLE_MIN_FILL;
    }

    /**
     * {@code _dictExpandIfNeeded}: called before every insertion. Grows at load factor 1, or when
     * resizes are avoided, only past {@link DictResizePolicy#FORCE_RESIZE_RATIO}.
     */
    private void expandIfNeeded() {
        if (isRehashing()) return; // a resize is already under way
        long size = htTable[0].length;
        if (size == 0) {
            expand(DICT_HT_INITIAL_SIZE);
            return;
        }
        long used = htUsed[0];
        if (used >= size && (resizePolicy.canResize() || used / size > DictResizePolicy.FORCE_RESIZE_RATIO)) {
            // dictTypeExpandAllowed: the new table's bytes (a reference per bucket) and the load factor
            if (expandAllowed != null && !expandAllowed.allowed((1L << nextExp(used + 1)) * 4, (double) used / size)) return;
            expand(used + 1); // may fail at 2^30 buckets: then the chains just get longer
        }
    }

    /**
     * dictType's {@code expandAllowed}: asked before the table grows, with the bytes the new table
     * would take and the current load factor; false postpones the growth (the keyspace's dicts use it
     * so that a resize does not push memory over maxmemory, server.c's dictExpandAllowed).
     */
    @FunctionalInterface
    public interface ExpandAllowed { boolean allowed(long moreMem, double usedRatio); }

    private ExpandAllowed expandAllowed;

    /** Installs (or, with null, removes) the check before a growth. */
    public void setExpandAllowed(ExpandAllowed f) { this.expandAllowed = f; }

    /**
     * {@code dictRehash}: perform up to {@code n} rehash steps. A step moves one non-empty bucket
     * of {@code ht[0]}, whole chain included, to {@code ht[1]}. Empty buckets are skipped but at
     * most {@code n*10} of them in total, so a call's work is bounded even in a sparse table;
     * then it returns early having moved fewer buckets. When {@code ht[0]} becomes empty the
     * tables are swapped and the resize is over.
     *
     * @return true while entries remain to move, false when not (or no longer) rehashing
     */
    public boolean rehash(int n) {
        long emptyVisits = n * 10L; // max number of empty buckets to visit
        if (!isRehashing()) return false;
        DictEntry<K, V>[] t0 = htTable[0];
        DictEntry<K, V>[] t1 = htTable[1];
        int mask1 = t1.length - 1;
        while (n-- > 0 && htUsed[0] != 0) {
            // rehashIdx cannot run off ht[0]: there are entries left, so a non-empty bucket ahead.
            while (t0[rehashIdx] == null) {
                rehashIdx++;
                if (--emptyVisits == 0) return true;
            }
            int from = rehashIdx;
            DictEntry<K, V> de = t0[from];
            int moved = 0;
            while (de != null) { // move every key of this bucket to its bucket in ht[1]
                DictEntry<K, V> nextde = de.next;
                int h = (int) type.hash(de.key) & mask1;
                de.next = t1[h];
                t1[h] = de;
                htUsed[0]--;
                htUsed[1]++;
                moved++;
                de = nextde;
            }
            t0[from] = null;
            rehashIdx++;
            listener.onRehashStep(from, moved, rehashIdx);
        }
        if (htUsed[0] == 0) { // the whole table is rehashed: ht[1] becomes ht[0]
            htTable[0] = t1;
            htUsed[0] = htUsed[1];
            reset(1);
            rehashIdx = -1;
            listener.onRehashCompleted(t1.length);
            return false;
        }
        return true; // more to rehash
    }

    /**
     * {@code dictRehashMilliseconds}: rehash in batches of 100 steps until about {@code ms}
     * milliseconds have passed (the last batch may overrun) or the resize completes. Does nothing
     * while rehashing is paused. Returns the number of steps requested (a multiple of 100).
     */
    public int rehashMilliseconds(long ms) {
        return rehashMilliseconds(ms, System::nanoTime);
    }

    /** As {@link #rehashMilliseconds(long)} with an injectable nanosecond clock. */
    public int rehashMilliseconds(long ms, LongSupplier nanoClock) {
        if (pauseRehash > 0) return 0;
        long start = nanoClock.getAsLong();
        long budget = ms * 1_000_000L;
        int rehashes = 0;
        while (rehash(100)) {
            rehashes += 100;
            if (nanoClock.getAsLong() - start > budget) break;
        }
        return rehashes;
    }

    /**
     * {@code _dictRehashStep}: one step, unless a safe iterator or scan paused rehashing (moving
     * entries under them would make them skip or repeat entries).
     */
    private void rehashStep() {
        if (pauseRehash == 0) rehash(1);
    }

    // ------------------------------------------------------------------ lookups and updates

    /**
     * {@code dictAddRaw}: insert {@code key} with a null value and return its entry, or return
     * null if the key exists. The caller fills the value with {@link DictEntry#setVal}. While
     * rehashing the entry goes into {@code ht[1]}, at the head of its chain (recently added keys
     * are assumed likelier to be read soon).
     */
    public DictEntry<K, V> addRaw(K key) {
        if (isRehashing()) rehashStep();
        long h = type.hash(key);
        expandIfNeeded();
        if (lookup(key, h) != null) return null;
        return insert(key, h);
    }

    /** {@code dictAdd}: insert a new key; false (and no change) if it already exists. */
    public boolean add(K key, V val) {
        DictEntry<K, V> entry = addRaw(key);
        if (entry == null) return false;
        entry.val = val;
        return true;
    }

    /** {@code dictAddOrFind}: the key's entry, created with a null value if it was missing. */
    public DictEntry<K, V> addOrFind(K key) {
        if (isRehashing()) rehashStep();
        long h = type.hash(key);
        expandIfNeeded();
        DictEntry<K, V> existing = lookup(key, h);
        return existing != null ? existing : insert(key, h);
    }

    /**
     * {@code dictReplace}: set the value of {@code key}, adding it if missing. Returns true if the
     * key was added, false if an existing value was overwritten (the key object is kept).
     */
    public boolean replace(K key, V val) {
        if (isRehashing()) rehashStep();
        long h = type.hash(key);
        expandIfNeeded();
        DictEntry<K, V> existing = lookup(key, h);
        if (existing != null) {
            existing.val = val;
            return false;
        }
        insert(key, h).val = val;
        return true;
    }

    private DictEntry<K, V> insert(K key, long h) {
        int t = isRehashing() ? 1 : 0;
        DictEntry<K, V>[] table = htTable[t];
        int idx = (int) h & (table.length - 1);
        DictEntry<K, V> entry = new DictEntry<>(key, null, table[idx]);
        table[idx] = entry;
        htUsed[t]++;
        return entry;
    }

    /** The entry of {@code key} in either table, without a rehash step (part of {@code _dictKeyIndex}). */
    private DictEntry<K, V> lookup(K key, long h) {
        for (int t = 0; t <= 1; t++) {
            DictEntry<K, V>[] table = htTable[t];
            for (DictEntry<K, V> he = table[(int) h & (table.length - 1)]; he != null; he = he.next) {
                if (key == he.key || type.keyCompare(key, he.key)) return he;
            }
            if (!isRehashing()) break;
        }
        return null;
    }

    /** {@code dictFind}: the entry of {@code key}, or null. One rehash step if rehashing. */
    public DictEntry<K, V> find(K key) {
        if (size() == 0) return null;
        if (isRehashing()) rehashStep();
        return lookup(key, type.hash(key));
    }

    /** {@code dictFetchValue}: the value of {@code key}, or null if absent. */
    public V fetchValue(K key) {
        DictEntry<K, V> he = find(key);
        return he == null ? null : he.val;
    }

    /**
     * The value of {@code key}, or null, without the rehash step {@link #find} takes: for observers
     * (hook snapshots, the visualizer, GLASSBOX.SNAPSHOT), whose looking must not move the cursor
     * they are showing. Redis has no such call; its observers (DEBUG HTSTATS) do not look up keys.
     */
    public V peekValue(K key) {
        if (size() == 0) return null;
        DictEntry<K, V> he = lookup(key, type.hash(key));
        return he == null ? null : he.val;
    }

    /**
     * {@code dictUnlink}: remove {@code key}'s entry from its chain and return it (null if absent),
     * so the caller can still read the value, as Redis's lazy-free path does. One rehash step if
     * rehashing.
     */
    public DictEntry<K, V> unlink(K key) {
        if (size() == 0) return null;
        if (isRehashing()) rehashStep();
        long h = type.hash(key);
        for (int t = 0; t <= 1; t++) {
            DictEntry<K, V>[] table = htTable[t];
            int idx = (int) h & (table.length - 1);
            DictEntry<K, V> prev = null;
            for (DictEntry<K, V> he = table[idx]; he != null; prev = he, he = he.next) {
                if (key == he.key || type.keyCompare(key, he.key)) {
                    if (prev != null) prev.next = he.next;
                    else table[idx] = he.next;
                    htUsed[t]--;
                    return he;
                }
            }
            if (!isRehashing()) break;
        }
        return null;
    }

    /** {@code dictDelete}: remove {@code key}; false if it was absent. */
    public boolean delete(K key) {
        return unlink(key) != null;
    }

    /**
     * {@code dictEmpty}: remove everything and return to the no-table state. {@code callback}
     * (may be null) runs every {@link #CLEAR_CALLBACK_BUCKETS} buckets walked, as FLUSHALL uses it
     * to keep serving events while emptying a huge keyspace. In Java dropping the arrays frees the
     * entries; the walk is kept so the callback cadence matches Redis's {@code _dictClear}.
     */
    public void clear(Runnable callback) {
        for (int t = 0; t <= 1; t++) {
            DictEntry<K, V>[] table = htTable[t];
            for (int i = 0; i < table.length && htUsed[t] > 0; i++) {
                if (callback != null && (i & (CLEAR_CALLBACK_BUCKETS - 1)) == 0) callback.run();
                for (DictEntry<K, V> he = table[i]; he != null; he = he.next) htUsed[t]--;
            }
            reset(t);
        }
        rehashIdx = -1;
        pauseRehash = 0;
    }

    /** {@code dictEmpty(d, NULL)}. */
    public void clear() {
        clear(null);
    }

    /**
     * {@code dictRelease} as lazyfree.c's background thread runs it: walks every bucket, cuts each
     * chain's links and empties the tables; returns the entries visited. O(buckets + entries), for
     * a dict nobody else can reach (no listener is told: the dict is no longer anybody's). In Java
     * the garbage collector would reclaim the entries without the walk; cutting the links keeps a
     * long-lived (old-generation) dead table from holding young entries alive across young
     * collections, as {@code java.util.LinkedList.clear} explains for its nodes.
     */
    public long release() {
        long visited = 0;
        for (int t = 0; t <= 1; t++) {
            DictEntry<K, V>[] table = htTable[t];
            for (int i = 0; i < table.length; i++) {
                DictEntry<K, V> he = table[i];
                table[i] = null;
                while (he != null) {
                    DictEntry<K, V> next = he.next;
                    he.next = null;
                    he = next;
                    visited++;
                }
            }
            reset(t);
        }
        rehashIdx = -1;
        listener = DictListener.NONE;
        return visited;
    }

    // ------------------------------------------------------------------ random sampling

    /**
     * Up to {@code max} entries for an estimate (the memory account samples a collection's element
     * sizes), with no side effect: no rehash step, no iterator, no random draw. The walk starts in
     * the table holding most entries (while rehashing, ht[0] only from {@code rehashIdx} on, the
     * buckets before it are empty) at a bucket derived from {@code seed}, so a sample costs
     * O(max x buckets/entries) however far a rehash has gone. Returns how many entries it visited.
     */
    public int sample(int max, long seed, java.util.function.Consumer<DictEntry<K, V>> visit) {
        if (size() == 0 || max <= 0) return 0;
        int t = isRehashing() && htUsed[1] > htUsed[0] ? 1 : 0;
        DictEntry<K, V>[] table = htTable[t];
        int from = t == 0 && isRehashing() ? rehashIdx : 0;
        int span = table.length - from;
        if (span <= 0 || htUsed[t] == 0) return 0;
        int start = from + (int) Math.floorMod(seed, (long) span);
        int seen = 0;
        for (int i = 0; i < span && seen < max; i++) {
            int b = from + (start - from + i) % span;
            for (DictEntry<K, V> de = table[b]; de != null && seen < max; de = de.next) {
                visit.accept(de);
                seen++;
            }
        }
        return seen;
    }

    /**
     * {@code dictGetRandomKey}: a random entry, or null if empty. Picks random non-empty buckets
     * (while rehashing, only among buckets that can hold entries: ht[0] from {@code rehashIdx} on
     * and all of ht[1]), then a random element of the chain. Not uniform: keys in short chains
     * are likelier. Does one rehash step.
     */
    public DictEntry<K, V> randomEntry() {
        if (size() == 0) return null;
        if (isRehashing()) rehashStep();
        RandomGenerator r = rnd();
        DictEntry<K, V> he;
        if (isRehashing()) {
            int s0 = htTable[0].length;
            long slots = buckets();
            do {
                // No elements in ht[0] indexes 0 .. rehashIdx-1.
                long h = rehashIdx + r.nextLong(slots - rehashIdx);
                he = (h >= s0) ? htTable[1][(int) (h - s0)] : htTable[0][(int) h];
            } while (he == null);
        } else {
            int m = htTable[0].length - 1;
            do {
                he = htTable[0][r.nextInt() & m];
            } while (he == null);
        }
        // A non-empty bucket: pick one element of its chain.
        int listlen = 0;
        for (DictEntry<K, V> e = he; e != null; e = e.next) listlen++;
        int listele = r.nextInt(listlen);
        while (listele-- > 0) he = he.next;
        return he;
    }

    /**
     * {@code dictGetSomeKeys}: fill {@code des} with up to {@code count} entries sampled from
     * contiguous buckets starting at a random point, and return how many were stored. Fast but
     * neither uniform nor duplicate-free-guaranteed across calls: eviction and active expiry only
     * need "some keys, cheaply". Work bounded by {@code 10*count} bucket visits; does up to
     * {@code count} rehash steps first. Long runs of empty buckets make it jump elsewhere.
     */
    public int someEntries(DictEntry<K, V>[] des, int count) {
        if (size() < count) count = (int) size();
        long maxsteps = count * 10L;
        for (int j = 0; j < count; j++) { // rehash work proportional to count
            if (isRehashing()) rehashStep();
            else break;
        }
        int tables = isRehashing() ? 2 : 1;
        long maxsizemask = htTable[0].length - 1;
        if (tables > 1 && maxsizemask < htTable[1].length - 1) maxsizemask = htTable[1].length - 1;
        RandomGenerator r = rnd();
        long i = r.nextLong() & maxsizemask; // a random point inside the larger table
        long emptylen = 0; // continuous empty buckets so far
        int stored = 0;
        while (stored < count && maxsteps-- > 0) {
            for (int j = 0; j < tables; j++) {
                // ht[0] buckets below rehashIdx are empty: skip them.
                if (tables == 2 && j == 0 && i < rehashIdx) {
                    // Out of range for ht[1] as well (shrinking): jump to rehashIdx.
                    if (i >= htTable[1].length) i = rehashIdx;
                    else continue;
                }
                if (i >= htTable[j].length) continue; // out of range for this table
                DictEntry<K, V> he = htTable[j][(int) i];
                if (he == null) {
                    emptylen++;
                    if (emptylen >= 5 && emptylen > count) {
                        i = r.nextLong() & maxsizemask;
                        emptylen = 0;
                    }
                } else {
                    emptylen = 0;
                    while (he != null) { // collect the whole chain
                        des[stored++] = he;
                        he = he.next;
                        if (stored == count) return stored;
                    }
                }
            }
            i = (i + 1) & maxsizemask;
        }
        return stored;
    }

    /** {@link #someEntries(DictEntry[], int)} into a new list, for callers off the hot path. */
    public List<DictEntry<K, V>> someEntries(int count) {
        @SuppressWarnings("unchecked")
        DictEntry<K, V>[] des = (DictEntry<K, V>[]) new DictEntry[(int) Math.min(count, size())];
        int n = someEntries(des, count);
        List<DictEntry<K, V>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(des[i]);
        return out;
    }

    /** {@code GETFAIR_NUM_ENTRIES}. */
    static final int GETFAIR_NUM_ENTRIES = 15;

    /**
     * {@code dictGetFairRandomKey}: sample {@value #GETFAIR_NUM_ENTRIES} entries with
     * {@link #someEntries} and pick one of them, which corrects most of {@link #randomEntry()}'s
     * bias towards short chains. Falls back to {@code randomEntry} if the sample came back empty.
     */
    public DictEntry<K, V> fairRandomEntry() {
        @SuppressWarnings("unchecked")
        DictEntry<K, V>[] entries = (DictEntry<K, V>[]) new DictEntry[GETFAIR_NUM_ENTRIES];
        int count = someEntries(entries, GETFAIR_NUM_ENTRIES);
        if (count == 0) return randomEntry();
        return entries[rnd().nextInt(count)];
    }

    // ------------------------------------------------------------------ iteration

    /** {@code dictGetIterator}: an unsafe iterator (fingerprint-checked, rehash not paused). */
    public DictIterator<K, V> iterator() {
        return new DictIterator<>(this, false);
    }

    /** {@code dictGetSafeIterator}: pauses rehashing; the current entry may be deleted. */
    public DictIterator<K, V> safeIterator() {
        return new DictIterator<>(this, true);
    }

    /**
     * {@code dictFingerprint}: a 64-bit digest of the tables' identities, sizes and counts. An
     * unsafe iterator takes one at its first step and compares at release: any add, delete or
     * rehash step in between changes it (with overwhelming probability).
     */
    long fingerprint() {
        long[] integers = {
            System.identityHashCode(htTable[0]), htTable[0].length, htUsed[0],
            System.identityHashCode(htTable[1]), htTable[1].length, htUsed[1]
        };
        long hash = 0;
        // Tomas Wang's 64 bit integer hash, folded over the six integers.
        for (long x : integers) {
            hash += x;
            hash = (~hash) + (hash << 21);
            hash = hash ^ (hash >>> 24);
            hash = (hash + (hash << 3)) + (hash << 8);
            hash = hash ^ (hash >>> 14);
            hash = (hash + (hash << 2)) + (hash << 4);
            hash = hash ^ (hash >>> 28);
            hash = hash + (hash << 31);
        }
        return hash;
    }

    /**
     * {@code dictScan}: visit the entries of the bucket(s) at {@code cursor} and return the next
     * cursor; start at 0, stop when 0 comes back.
     *
     * <h4>Guarantee</h4>
     * Every entry present from the first call to the last is returned at least once, even if the
     * table grows or shrinks between calls; some may be returned more than once. The caller keeps
     * no state but the cursor, and each call costs one bucket (plus, while rehashing, the buckets
     * of the larger table that it expands to).
     *
     * <h4>Why the cursor counts in reverse binary</h4>
     * In a table of 2^n buckets a key lives in bucket {@code hash & (2^n - 1)}: its low n bits.
     * Doubling the table splits bucket {@code b} into {@code b} and {@code b + 2^n}, which differ
     * only in the new <em>high</em> bit; halving merges them back. The cursor increments the
     * <em>high</em> bits first (reverse the bits, add one, reverse back), so once bucket
     * {@code b} is done the walk moves on to buckets whose low bits differ, and all the
     * "descendants" of {@code b} in a bigger table share b's low bits and were visited with it or
     * will be visited together. Concretely, in a 16-bucket table the order is 0, 8, 4, 12, 2, ...
     * If the table grows to 32 after cursor 4, the cursor 12 continues in the bigger table and
     * 0/16, 8/24, 4/20 are all already behind it; if it shrinks to 8, cursor 12 masks to 4,
     * which is revisited (duplicates, but nothing missed).
     *
     * <p>While rehashing both tables hold entries, so a call visits the cursor's bucket in the
     * smaller table and then every bucket of the larger table that expands it (same low bits);
     * bits above the smaller mask are cleared after that inner walk. Rehashing is paused during
     * the call so that {@code fn} may call {@link #find} safely. {@code fn} must not add or delete.
     */
    public long scan(long cursor, Consumer<? super DictEntry<K, V>> fn) {
        if (size() == 0) return 0;
        long v = cursor;
        pauseRehash++; // needed in case fn does a find() or alike
        try {
            if (!isRehashing()) {
                DictEntry<K, V>[] t0 = htTable[0];
                long m0 = t0.length - 1;
                emitBucket(t0[(int) (v & m0)], fn);
                v |= ~m0; // set the unmasked bits so that incrementing the reversed cursor...
                v = Long.reverse(v); // ...operates on the masked bits only
                v++;
                v = Long.reverse(v);
            } else {
                // Make t0 the smaller and t1 the bigger table.
                DictEntry<K, V>[] t0 = htTable[0], t1 = htTable[1];
                if (t0.length > t1.length) {
                    DictEntry<K, V>[] tmp = t0;
                    t0 = t1;
                    t1 = tmp;
                }
                long m0 = t0.length - 1;
                long m1 = t1.length - 1;
                emitBucket(t0[(int) (v & m0)], fn);
                // Visit the buckets of the larger table that expand the smaller table's bucket.
                do {
                    emitBucket(t1[(int) (v & m1)], fn);
                    v |= ~m1; // increment the reverse cursor not covered by the smaller mask
                    v = Long.reverse(v);
                    v++;
                    v = Long.reverse(v);
                } while ((v & (m0 ^ m1)) != 0); // continue while the mask-difference bits are set
            }
        } finally {
            pauseRehash--;
        }
        return v;
    }

    private void emitBucket(DictEntry<K, V> de, Consumer<? super DictEntry<K, V>> fn) {
        while (de != null) {
            DictEntry<K, V> next = de.next; // fn may not delete, but keep Redis's defensive order
            fn.accept(de);
            de = next;
        }
    }

    // ------------------------------------------------------------------ observation

    /** A copy of the layout (sizes, counts, chain lengths) for drawing; O(buckets). */
    public DictSnapshot<K> snapshot() {
        return DictSnapshot.of(this, false);
    }

    /** As {@link #snapshot()} including the keys in each bucket, in chain order. */
    public DictSnapshot<K> snapshotWithKeys() {
        return DictSnapshot.of(this, true);
    }

    /** Read access to a table for {@link DictSnapshot} and {@link DictStats}. */
    DictEntry<K, V>[] table(int htidx) {
        return htTable[htidx];
    }

    long used(int htidx) {
        return htUsed[htidx];
    }

    @Override
    public String toString() {
        return "Dict[size=" + size() + ", ht0=" + htTable[0].length + ", ht1=" + htTable[1].length
                + ", rehashIdx=" + rehashIdx + "]";
    }
}
