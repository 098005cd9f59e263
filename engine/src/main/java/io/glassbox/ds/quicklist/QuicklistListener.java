package io.glassbox.ds.quicklist;

/**
 * Observes a {@link Quicklist}'s node life cycle, for the visualizer and for tests. Redis has no
 * such hook; Glassbox adds it so a learner can watch nodes fill, split, merge and get compressed.
 *
 * <p>Listeners observe; they must not modify the quicklist. Every quicklist starts with
 * {@link #NONE}, so nobody listening costs one field load per event.
 */
public interface QuicklistListener {

    /**
     * {@code node} was split (_quicklistSplitNode) to make room for an insertion: {@code created}
     * now holds the entries that moved out of it and is about to be linked next to it.
     */
    default void onNodeSplit(Quicklist.Node node, Quicklist.Node created) {}

    /** {@code removed}'s entries were merged into {@code kept} (_quicklistListpackMerge); {@code removed} is unlinked. */
    default void onNodeMerge(Quicklist.Node kept, Quicklist.Node removed) {}

    /** An inner node's listpack of {@code rawBytes} was stored LZF-compressed in {@code compressedBytes}. */
    default void onNodeCompressed(Quicklist.Node node, int rawBytes, int compressedBytes) {}

    /** A compressed node was decompressed, to be read or written ({@code forUse}) or because it came within compress depth of an end. */
    default void onNodeDecompressed(Quicklist.Node node, boolean forUse) {}

    /** The shared listener that ignores everything. */
    QuicklistListener NONE = new QuicklistListener() {};
}
