package io.glassbox.ds.skiplist;

import java.util.List;

/**
 * A read-only picture of a {@link SkipList} for the visualizer: the header's spans and every node
 * in order with its height and spans. {@code spans[i]} of a node is the level-0 distance its
 * level-{@code i} link jumps (for a link past the tail, the count of nodes left after this one, as Redis keeps it).
 */
public record SkipListSnapshot(int level, long length, long[] headerSpans, List<NodeView> nodes) {
    public record NodeView(byte[] member, double score, long[] spans) {
        public int height() { return spans.length; }
    }
}
