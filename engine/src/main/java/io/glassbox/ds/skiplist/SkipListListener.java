package io.glassbox.ds.skiplist;

/**
 * What a {@link SkipList} tells the hooks layer (visualizer, tracing). Every method has a no-op
 * default and {@link #NONE} listens to nothing, so an unobserved list pays one field load.
 */
public interface SkipListListener {
    SkipListListener NONE = new SkipListListener() {};

    /**
     * A node was linked in (zslInsert). {@code updateMembers[i]} is the member of the node where
     * the search went down at level {@code i} (null for the header), {@code updateRanks[i]} that
     * node's rank (0 for the header); both arrays have the list's level after the insert.
     */
    default void onInsert(byte[] member, double score, int level, byte[][] updateMembers, long[] updateRanks) {}

    /** A node was unlinked (zslDeleteNode): by ZREM, a range deletion or a score update that moves it. */
    default void onDelete(byte[] member, double score) {}
}
