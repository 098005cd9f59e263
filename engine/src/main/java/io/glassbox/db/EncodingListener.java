package io.glassbox.db;

/**
 * Hears when a value changes its encoding: a small hash's {@code listpack} turning into a
 * {@code hashtable} ({@code hashTypeConvert}), and, as the other types land, a set's {@code intset}
 * or a sorted set's {@code listpack} growing up. This is the moment a learner wants to see: the
 * compact encoding gave way because the value passed a threshold ({@code hash-max-listpack-*}).
 *
 * <p>Redis has no such hook; Glassbox adds it for the visualizer. Listeners observe and must not
 * modify the object. Cost when nobody listens: one field load and an empty call, and only on a
 * conversion, never on a plain read or write.
 */
public interface EncodingListener {

    /**
     * {@code o} now has encoding {@code to}; it had {@code from}. Its contents are unchanged, and
     * it will never convert back (Redis 7.0 does not shrink an encoding on deletion).
     */
    default void encodingConverted(RedisObject o, byte from, byte to) {}

    /** The listener that ignores everything; the default. */
    EncodingListener NONE = new EncodingListener() {};
}
