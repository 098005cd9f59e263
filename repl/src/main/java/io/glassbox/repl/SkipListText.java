package io.glassbox.repl;

import io.glassbox.ds.skiplist.SkipListSnapshot;
import io.glassbox.ds.skiplist.SkipListSnapshot.NodeView;
import io.glassbox.resp.SplitArgs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Draws a {@link SkipListSnapshot} for {@code :skiplist KEY [MEMBER]}: one row per level, top level
 * first, every node a tower as tall as the level randomLevel gave it, every link labelled with its
 * span (how many level-0 steps it jumps; ZRANK adds these up on its way down).
 *
 * <pre>
 * L2  [H]-2-------------->[b]-------------------->NULL
 * L1  [H]-1->[a]-1------->[b]-2-------------->[d]->NULL
 * L0  [H]-1->[a]-1->[b]-1->[c]-1->[d]->NULL
 * </pre>
 *
 * With a member, the search zslGetRank makes is traced: from the header's top level, go right while
 * the next node sorts before the target, else go down a level. The towers it passes through are
 * drawn {@code {b}} instead of {@code [b]} and each step is listed with the rank so far. This is
 * why a skiplist lookup is O(log N) on average: the high, sparse levels skip most of the list.
 */
final class SkipListText {
    /** Towers drawn at most; longer lists show their first nodes. */
    static final int MAX_NODES = 16;
    private static final int MAX_LABEL = 10;

    private SkipListText() {}

    static String render(String key, SkipListSnapshot s, byte[] member) {
        StringBuilder out = new StringBuilder();
        out.append("zset ").append(key).append(": skiplist, ").append(s.length()).append(" member")
           .append(s.length() == 1 ? "" : "s").append(", level ").append(s.level()).append('\n');
        List<NodeView> nodes = s.nodes().subList(0, (int) Math.min(s.nodes().size(), MAX_NODES));
        boolean[] onPath = new boolean[nodes.size() + 1]; // index 0: the header
        List<String> trace = member == null ? null : trace(s, member, onPath);
        if (member != null && trace == null) {
            out.append("(no member ").append(SplitArgs.repr(member)).append(" in ").append(key).append(")\n");
        }
        draw(out, s, nodes, onPath);
        if (nodes.size() < s.nodes().size()) {
            out.append("    (first ").append(nodes.size()).append(" of ").append(s.length()).append(" nodes drawn)\n");
        }
        if (trace != null) {
            out.append("search path to ").append(SplitArgs.repr(member)).append(":\n");
            for (String t : trace) out.append("  ").append(t).append('\n');
        }
        return out.toString();
    }

    private static String label(byte[] member) {
        String r = SplitArgs.repr(member);
        if (r.startsWith("\"") && r.endsWith("\"") && r.length() >= 2 && !r.contains(" ")) r = r.substring(1, r.length() - 1);
        return r.length() > MAX_LABEL ? r.substring(0, MAX_LABEL - 1) + "~" : r;
    }

    private static String score(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static void draw(StringBuilder out, SkipListSnapshot s, List<NodeView> nodes, boolean[] onPath) {
        int n = nodes.size();
        long maxSpan = 1;
        for (long sp : s.headerSpans()) maxSpan = Math.max(maxSpan, sp);
        for (NodeView v : nodes) for (long sp : v.spans()) maxSpan = Math.max(maxSpan, sp);
        int gap = Long.toString(maxSpan).length() + 3; // "-N->"
        // column x of every tower: the header, then each node
        String[] cells = new String[n + 1];
        int[] x = new int[n + 2];
        cells[0] = "H";
        for (int i = 0; i < n; i++) cells[i + 1] = label(nodes.get(i).member());
        x[0] = 4;
        for (int i = 0; i <= n; i++) x[i + 1] = x[i] + cells[i].length() + 2 + gap;
        for (int lvl = s.level() - 1; lvl >= 0; lvl--) {
            char[] row = new char[x[n + 1] + 4];
            Arrays.fill(row, ' ');
            put(row, 0, "L" + lvl);
            int from = 0; // the last tower drawn on this row
            long span = s.headerSpans()[lvl];
            drawCell(row, x[0], cells[0], onPath[0]);
            for (int i = 1; i <= n; i++) {
                NodeView v = nodes.get(i - 1);
                if (v.height() <= lvl) continue;
                link(row, x[from] + cells[from].length() + 2, x[i], span);
                drawCell(row, x[i], cells[i], onPath[i]);
                from = i;
                span = v.spans()[lvl];
            }
            int end = x[from] + cells[from].length() + 2;
            // the last link of the row: past the drawn nodes (NULL, or nodes not drawn)
            boolean toNull = from == n && n == s.nodes().size() || nextHasLevel(s, nodes.size(), lvl) < 0;
            String tail = toNull ? "->NULL" : "->...";
            String line = new String(row, 0, end).stripTrailing() + tail;
            out.append(line).append('\n');
        }
        // member scores under the towers
        char[] row = new char[x[n + 1] + 8];
        Arrays.fill(row, ' ');
        put(row, 0, "score");
        for (int i = 1; i <= n; i++) put(row, x[i] + 1, score(nodes.get(i - 1).score()));
        out.append(new String(row).stripTrailing()).append('\n');
    }

    /** The index of the first node not drawn that reaches level {@code lvl}, or -1. */
    private static int nextHasLevel(SkipListSnapshot s, int drawn, int lvl) {
        for (int i = drawn; i < s.nodes().size(); i++) if (s.nodes().get(i).height() > lvl) return i;
        return -1;
    }

    private static void drawCell(char[] row, int at, String label, boolean onPath) {
        put(row, at, (onPath ? "{" : "[") + label + (onPath ? "}" : "]"));
    }

    /** "-N-----" from {@code from} up to just before {@code to}, then ">". */
    private static void link(char[] row, int from, int to, long span) {
        for (int i = from; i < to - 1; i++) row[i] = '-';
        row[to - 1] = '>';
        put(row, from + 1, Long.toString(span));
    }

    private static void put(char[] row, int at, String s) {
        for (int i = 0; i < s.length() && at + i < row.length; i++) row[at + i] = s.charAt(i);
    }

    /**
     * The search for {@code member} as zslGetRank walks it, one line per level; marks the towers it
     * stands on in {@code onPath} (index 0 the header, i+1 the i-th node). Null if it is not there.
     */
    static List<String> trace(SkipListSnapshot s, byte[] member, boolean[] onPath) {
        List<NodeView> all = s.nodes();
        int target = -1;
        for (int i = 0; i < all.size(); i++) if (Arrays.equals(all.get(i).member(), member)) target = i;
        if (target < 0) return null;
        double score = all.get(target).score();
        List<String> steps = new ArrayList<>();
        int at = -1; // -1: the header
        long rank = 0;
        mark(onPath, at);
        for (int lvl = s.level() - 1; lvl >= 0; lvl--) {
            StringBuilder step = new StringBuilder("L" + lvl + ": ");
            step.append(at < 0 ? "H" : label(all.get(at).member()));
            while (true) {
                int next = nextAt(s, at, lvl);
                if (next < 0) break;
                NodeView nv = all.get(next);
                int c = Double.compare(nv.score(), score);
                if (c == 0) c = Arrays.compareUnsigned(nv.member(), member);
                if (c > 0) break;
                rank += at < 0 ? s.headerSpans()[lvl] : all.get(at).spans()[lvl];
                at = next;
                mark(onPath, at);
                step.append(" -> ").append(label(nv.member()));
                if (c == 0) {
                    step.append("  found: rank ").append(rank).append(" (ZRANK ").append(rank - 1).append(')');
                    steps.add(step.toString());
                    return steps;
                }
            }
            int next = nextAt(s, at, lvl);
            step.append(next < 0 ? "  (next is NULL: down)" : "  (next " + label(all.get(next).member()) + " is past it: down)");
            steps.add(step.toString());
        }
        return steps;
    }

    private static void mark(boolean[] onPath, int at) {
        if (at + 1 < onPath.length) onPath[at + 1] = true;
    }

    /** The node the level-{@code lvl} link of node {@code at} (-1: header) points to, or -1 for NULL. */
    private static int nextAt(SkipListSnapshot s, int at, int lvl) {
        for (int i = at + 1; i < s.nodes().size(); i++) if (s.nodes().get(i).height() > lvl) return i;
        return -1;
    }
}
