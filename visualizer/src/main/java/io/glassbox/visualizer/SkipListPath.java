package io.glassbox.visualizer;

import io.glassbox.ds.skiplist.SkipListSnapshot;

import java.util.Arrays;
import java.util.List;

/**
 * The path zslInsert (and every skiplist search) walks to reach {@code (score, member)}, recomputed
 * from a snapshot: start at the header on the top level; on each level move forward while the next
 * node sorts before the target (lower score, or equal score and a smaller member by memcmp), then go
 * down one level. {@code update[i]} is the node where the walk went down at level i; it is the node
 * whose level-i link an insert rewires.
 *
 * <p>The next node at level i after node x is the first later node whose tower is taller than i,
 * which needs only the nodes' heights (spans, kept for rank, are drawn as labels).
 */
public final class SkipListPath {
    private SkipListPath() {}

    /** update[i] for every level of the list: a node index in {@code s.nodes()}, or -1 for the header. */
    public static int[] update(SkipListSnapshot s, double score, byte[] member) {
        int[] update = new int[Math.max(1, s.level())];
        int x = -1;
        for (int i = update.length - 1; i >= 0; i--) {
            for (int next = next(s.nodes(), x, i); next >= 0 && before(s.nodes().get(next), score, member);
                 next = next(s.nodes(), x, i)) {
                x = next;
            }
            update[i] = x;
        }
        return update;
    }

    /** Index of the node that x's level-i link reaches, or -1 past the tail. */
    static int next(List<SkipListSnapshot.NodeView> nodes, int x, int level) {
        for (int j = x + 1; j < nodes.size(); j++) if (nodes.get(j).height() > level) return j;
        return -1;
    }

    private static boolean before(SkipListSnapshot.NodeView n, double score, byte[] member) {
        return n.score() < score || (n.score() == score && Arrays.compareUnsigned(n.member(), member) < 0);
    }
}
