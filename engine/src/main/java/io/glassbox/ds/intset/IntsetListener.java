package io.glassbox.ds.intset;

/**
 * Observes an {@link Intset} for the visualizer and tests. Redis has no such hook; Glassbox adds
 * it so that a learner can watch the one dramatic moment of an intset's life: the upgrade, when
 * every value is rewritten at a wider width.
 *
 * <p>Listeners observe; they must not modify the intset. With {@link #NONE} (the default) the
 * cost is one field load on the rare upgrade path, nothing on lookups.
 */
public interface IntsetListener {

    /**
     * The intset was rewritten from {@code oldEncoding} to {@code newEncoding} bytes per value
     * (2, 4 or 8) to make room for {@code value}, which is now stored at the start (negative) or
     * the end (positive) of the array; {@code length} is the count after the insertion.
     */
    default void onUpgrade(int oldEncoding, int newEncoding, long value, int length) {}

    /** The shared listener that ignores everything; the default of every intset. */
    IntsetListener NONE = new IntsetListener() {};
}
