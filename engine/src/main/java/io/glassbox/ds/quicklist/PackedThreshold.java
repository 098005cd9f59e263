package io.glassbox.ds.quicklist;

/**
 * The size from which a list element gets a plain node of its own instead of a place in a listpack:
 * quicklist.c's {@code packed_threshold}, 1 GB unless DEBUG QUICKLIST-PACKED-THRESHOLD changes it.
 *
 * <p>Redis keeps it in a static of {@code quicklist.c}, which is one per server because a process
 * is one server. Here many engines may share a JVM, so each engine owns one of these and hands it
 * to every quicklist it creates: the DEBUG switch reaches all lists of its engine at once (as in
 * Redis) and no list of another engine. A quicklist reads it once per insert (a field read).
 */
public final class PackedThreshold {
    /** The default, 1 GB (packed_threshold's initial value). */
    public static final long DEFAULT = 1L << 30;
    /** The largest value accepted: 4 GB - 1 MB (quicklistSetPackedThreshold). */
    static final long MAX = (1L << 32) - (1 << 20);

    private volatile long bytes = DEFAULT;

    /** The threshold in bytes. */
    public long get() { return bytes; }

    /**
     * Sets the threshold (quicklistSetPackedThreshold); 0 restores the default. Returns false, and
     * changes nothing, for a size above 4 GB - 1 MB.
     */
    public boolean set(long sz) {
        if (sz > MAX) return false;
        bytes = sz == 0 ? DEFAULT : sz;
        return true;
    }

    /** isLargeElement: an element this big goes in a plain node. */
    boolean isLarge(long sz) { return sz >= bytes; }
}
