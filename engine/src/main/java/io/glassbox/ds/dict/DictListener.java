package io.glassbox.ds.dict;

/**
 * Observes a {@link Dict}'s table life cycle, for the visualizer and for tests. Redis has no
 * such hook (7.2 added {@code rehashingStarted}/{@code rehashingCompleted} to {@code dictType});
 * Glassbox adds it so that a learner can watch incremental rehashing happen.
 *
 * <p>Listeners observe; they must not modify the dict they observe.
 *
 * <p>Cost when nobody listens: every dict starts with {@link #NONE}, so the hot path pays one
 * field load and a call to an empty method that the JIT inlines away. Events happen only on
 * resizes and rehash steps, never on a plain lookup.
 */
public interface DictListener {

    /**
     * A new table was allocated. {@code oldSize} is 0 when the dict gets its first table (nothing
     * to move: {@link #onRehashCompleted} follows at once). Otherwise {@code ht[1]} now has
     * {@code newSize} buckets, {@code rehashIdx} is 0, and {@code used} entries wait in
     * {@code ht[0]} to be moved one bucket at a time.
     */
    default void onResizeStarted(int oldSize, int newSize, long used) {}

    /**
     * One rehash step moved bucket {@code fromBucket} of {@code ht[0]} ({@code movedEntries}
     * entries, at least one) into {@code ht[1]}; {@code rehashIdxAfter} is the next bucket to
     * look at (empty buckets skipped on the way are included).
     */
    default void onRehashStep(int fromBucket, int movedEntries, int rehashIdxAfter) {}

    /** {@code ht[0]} is empty: the tables were swapped and the dict has one table of {@code newSize}. */
    default void onRehashCompleted(int newSize) {}

    /** The shared listener that ignores everything; the default of every dict. */
    DictListener NONE = new DictListener() {};
}
