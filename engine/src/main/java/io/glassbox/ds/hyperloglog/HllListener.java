package io.glassbox.ds.hyperloglog;

/**
 * What a HyperLogLog write shows a watcher: a register raised (in which encoding), and the switch
 * from sparse to dense. Observers only; they never change the HLL.
 */
public interface HllListener {
    HllListener NONE = new HllListener() {};

    /** Register {@code index} went from {@code oldValue} to {@code newValue}. */
    default void registerSet(int index, int oldValue, int newValue, int encoding) {}

    /** The sparse string became dense ({@code denseSize} bytes). */
    default void promoted(int denseSize) {}
}
