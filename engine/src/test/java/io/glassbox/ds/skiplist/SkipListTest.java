package io.glassbox.ds.skiplist;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.IntSupplier;

import static io.glassbox.testkit.Args.b;
import static org.junit.jupiter.api.Assertions.*;

/** The skiplist as t_zset.c describes it: order, spans, ranks, ranges, and zslRandomLevel. */
@Tag("unit")
class SkipListTest {

    record Pair(double score, String ele) {}

    static final Comparator<Pair> ORDER = Comparator.comparingDouble(Pair::score)
            .thenComparing((a, b) -> Arrays.compareUnsigned(b(a.ele()), b(b.ele())));

    static String s(byte[] b) { return new String(b, StandardCharsets.UTF_8); }

    /** A random() stand-in that climbs {@code levels[i] - 1} times for the i-th node. */
    static IntSupplier levels(int... levels) {
        int[] i = {0}, left = {-1};
        return () -> {
            if (left[0] < 0) left[0] = levels[i[0]++] - 1;
            if (left[0] == 0) { left[0] = -1; return SkipList.RAND_MAX; }
            left[0]--;
            return 0;
        };
    }

    /** Checks every invariant of the class comment against the model. */
    static void checkInvariants(SkipList zsl, TreeSet<Pair> model) {
        assertEquals(model.size(), zsl.length());
        List<Pair> expected = new ArrayList<>(model);
        SkipList.Node prev = null;
        int maxHeight = 1, i = 0;
        for (SkipList.Node n = zsl.first(); n != null; n = n.next(), i++) {
            assertEquals(expected.get(i), new Pair(n.score(), s(n.ele())));
            assertSame(prev, n.prev(), "backward pointer");
            assertEquals(i + 1, zsl.getRank(n.score(), n.ele()), "rank by spans");
            assertSame(n, zsl.getElementByRank(i + 1));
            maxHeight = Math.max(maxHeight, n.height());
            prev = n;
        }
        assertEquals(expected.size(), i);
        assertSame(prev, zsl.tail());
        assertEquals(maxHeight, zsl.level());
        // following the spans at each level lands exactly on the nodes that are that tall
        SkipListSnapshot snap = zsl.snapshot();
        for (int lvl = 0; lvl < snap.level(); lvl++) {
            List<Integer> reached = new ArrayList<>(), tall = new ArrayList<>();
            for (long rank = snap.headerSpans()[lvl]; rank >= 1 && rank <= zsl.length(); ) {
                SkipListSnapshot.NodeView nv = snap.nodes().get((int) rank - 1);
                if (nv.height() <= lvl) {
                    // a link past the tail counts the nodes left, so it may land on the last node
                    assertEquals(zsl.length(), rank, "level " + lvl + " lands on a short node");
                    break;
                }
                reached.add((int) rank);
                if (nv.spans()[lvl] == 0) break;
                rank += nv.spans()[lvl];
            }
            for (int k = 0; k < snap.nodes().size(); k++) if (snap.nodes().get(k).height() > lvl) tall.add(k + 1);
            assertEquals(tall, reached, "level " + lvl);
        }
    }

    @Test
    void randomLevelFollowsPOfOneQuarterAndCapsAt32() {
        SkipList zsl = new SkipList(levels(1, 3, 40));
        assertEquals(1, zsl.randomLevel());
        assertEquals(3, zsl.randomLevel());
        assertEquals(SkipList.MAXLEVEL, zsl.randomLevel());

        Random r = new Random(1);
        SkipList real = new SkipList(() -> r.nextInt() & SkipList.RAND_MAX);
        int n = 200_000;
        int[] counts = new int[SkipList.MAXLEVEL + 1];
        for (int k = 0; k < n; k++) counts[real.randomLevel()]++;
        // level 1 with probability 3/4, level 2 with 3/16
        assertEquals(0.75, counts[1] / (double) n, 0.01);
        assertEquals(0.1875, counts[2] / (double) n, 0.01);
    }

    @Test
    void insertComputesSpansAndTellsTheUpdatePath() {
        List<String> events = new ArrayList<>();
        SkipList zsl = new SkipList(levels(2, 1, 3));
        zsl.setListener(new SkipListListener() {
            @Override
            public void onInsert(byte[] member, double score, int level, byte[][] updateMembers, long[] updateRanks) {
                StringBuilder sb = new StringBuilder(s(member) + " level " + level + " path");
                for (int i = 0; i < updateMembers.length; i++) {
                    sb.append(' ').append(updateMembers[i] == null ? "header" : s(updateMembers[i])).append('@').append(updateRanks[i]);
                }
                events.add(sb.toString());
            }

            @Override
            public void onDelete(byte[] member, double score) { events.add("del " + s(member)); }
        });
        zsl.insert(1, b("a"));
        zsl.insert(3, b("c"));
        zsl.insert(2, b("b"));
        assertEquals(List.of("a level 2 path header@0 header@0",
                "c level 1 path a@1 a@1",
                "b level 3 path a@1 a@1 header@0"), events);
        SkipListSnapshot snap = zsl.snapshot();
        assertEquals(3, snap.level());
        assertArrayEquals(new long[]{1, 1, 2}, snap.headerSpans());
        assertArrayEquals(new long[]{1, 1}, snap.nodes().get(0).spans()); // a -> b on both levels
        assertArrayEquals(new long[]{1, 1, 1}, snap.nodes().get(1).spans()); // b -> c, then past the tail
        assertEquals(2, zsl.getRank(2, b("b")));
        assertTrue(zsl.delete(2, b("b")));
        assertEquals("del b", events.get(events.size() - 1));
        assertEquals(2, zsl.level(), "the level drops when the tallest node goes");
    }

    @Test
    void randomOperationsKeepEveryInvariant() {
        Random r = new Random(42);
        SkipList zsl = new SkipList(() -> r.nextInt() & SkipList.RAND_MAX);
        TreeSet<Pair> model = new TreeSet<>(ORDER);
        java.util.Map<String, Double> scores = new java.util.HashMap<>();
        for (int step = 0; step < 3000; step++) {
            String ele = "m" + r.nextInt(300);
            double score = r.nextInt(20);
            Double cur = scores.get(ele);
            int op = r.nextInt(3);
            if (cur == null) {
                zsl.insert(score, b(ele));
                model.add(new Pair(score, ele));
                scores.put(ele, score);
            } else if (op == 0) {
                assertTrue(zsl.delete(cur, b(ele)));
                assertFalse(zsl.delete(cur, b(ele)));
                model.remove(new Pair(cur, ele));
                scores.remove(ele);
            } else {
                SkipList.Node n = zsl.updateScore(cur, b(ele), score);
                assertEquals(score, n.score());
                model.remove(new Pair(cur, ele));
                model.add(new Pair(score, ele));
                scores.put(ele, score);
            }
            if (step % 100 == 0) checkInvariants(zsl, model);
        }
        checkInvariants(zsl, model);
    }

    @Test
    void updateScoreStaysInPlaceWhenTheOrderHolds() {
        SkipList zsl = new SkipList(levels(1, 1, 1, 1));
        zsl.insert(1, b("a"));
        SkipList.Node bNode = zsl.insert(2, b("b"));
        zsl.insert(3, b("c"));
        List<String> deletes = new ArrayList<>();
        zsl.setListener(new SkipListListener() {
            @Override
            public void onDelete(byte[] member, double score) { deletes.add(s(member)); }
        });
        assertSame(bNode, zsl.updateScore(2, b("b"), 2.5), "between its neighbours: written in place");
        assertEquals(List.of(), deletes);
        SkipList.Node moved = zsl.updateScore(2.5, b("b"), 10);
        assertEquals(List.of("b"), deletes, "past a neighbour: unlinked and inserted again");
        assertSame(moved, zsl.tail());
        assertSame(bNode, moved, "the new random level (1) equals the old: the node object is reused");
    }

    @Test
    void updateScoreReshapesTheSameNodeWhenTheNewLevelDiffers() {
        SkipList zsl = new SkipList(levels(1, 1, 1, 3));
        zsl.insert(1, b("a"));
        SkipList.Node bNode = zsl.insert(2, b("b"));
        zsl.insert(3, b("c"));
        SkipList.Node moved = zsl.updateScore(2, b("b"), 10);
        assertSame(bNode, moved, "the dict's node stays valid: one object per member for its whole life");
        assertEquals(3, moved.height());
        assertSame(moved, zsl.tail());
        assertEquals(3, zsl.getRank(10, b("b")));
        assertEquals(3, zsl.level());
    }

    @Test
    void movedNodesGrowAndShrinkWithoutBreakingSpansOrBackwardLinks() {
        // heights drawn in turn: the six inserts, then one per move that relinks (not written in place)
        SkipList zsl = new SkipList(levels(1, 4, 2, 1, 3, 1, /* moves: */ 1, 5, 2, 1, 3, 1, 2, 4));
        TreeSet<Pair> model = new TreeSet<>(ORDER);
        String[] m = {"a", "b", "c", "d", "e", "f"};
        java.util.Map<String, SkipList.Node> nodes = new java.util.HashMap<>();
        for (int i = 0; i < m.length; i++) {
            nodes.put(m[i], zsl.insert(i * 10, b(m[i])));
            model.add(new Pair(i * 10, m[i]));
        }
        double[] score = {0, 10, 20, 30, 40, 50};
        // b (height 4) to the end at height 1; e (3) to the front at 5; a back in the middle...
        int[] who = {1, 4, 0, 5, 2, 3, 1, 4};
        double[] to = {55, -5, 25, 15, 60, 1, 35, 45};
        for (int k = 0; k < who.length; k++) {
            int i = who[k];
            SkipList.Node n = zsl.updateScore(score[i], b(m[i]), to[k]);
            assertSame(nodes.get(m[i]), n);
            model.remove(new Pair(score[i], m[i]));
            model.add(new Pair(to[k], m[i]));
            score[i] = to[k];
            checkInvariants(zsl, model);
        }
    }

    @Test
    void scoreAndLexRangesAndTheirDeletions() {
        SkipList zsl = new SkipList(new Random(3)::nextInt);
        for (int i = 1; i <= 10; i++) zsl.insert(i, b("e" + i));
        RangeSpec r = new RangeSpec(3, 6, true, false);
        assertEquals("e4", s(zsl.firstInRange(r).ele()));
        assertEquals("e6", s(zsl.lastInRange(r).ele()));
        assertNull(zsl.firstInRange(new RangeSpec(5, 5, true, false)));
        assertNull(zsl.firstInRange(new RangeSpec(20, 30, false, false)));
        List<String> removed = new ArrayList<>();
        assertEquals(3, zsl.deleteRangeByScore(r, e -> removed.add(s(e))));
        assertEquals(List.of("e4", "e5", "e6"), removed);
        assertEquals(2, zsl.deleteRangeByRank(1, 2, e -> {}));
        assertEquals("e3", s(zsl.first().ele()));

        SkipList lex = new SkipList(new Random(4)::nextInt);
        for (String m : List.of("a", "b", "c", "d", "e")) lex.insert(0, b(m));
        LexRangeSpec lr = LexRangeSpec.parse(b("(a"), b("[c"));
        assertEquals("b", s(lex.firstInLexRange(lr).ele()));
        assertEquals("c", s(lex.lastInLexRange(lr).ele()));
        assertEquals("e", s(lex.lastInLexRange(LexRangeSpec.parse(b("-"), b("+"))).ele()));
        assertNull(LexRangeSpec.parse(b("a"), b("+")));
        assertNull(LexRangeSpec.parse(b("+x"), b("+")));
        assertFalse(LexRangeSpec.parse(b("+"), b("-")).nonEmpty());
        assertEquals(2, lex.deleteRangeByLex(lr, e -> {}));
        assertEquals(3, lex.length());
    }
}
