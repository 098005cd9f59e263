package io.glassbox.ds.quicklist;

import io.glassbox.ds.lzf.Lzf;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedList;
import java.util.List;
import java.util.Random;

import static io.glassbox.testkit.Args.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The quicklist as quicklist.c behaves, checked against node layouts read from redis-server 7.0. */
@Tag("unit")
class QuicklistTest {

    static List<String> strings(Quicklist q) {
        List<String> out = new ArrayList<>();
        for (byte[] v : q.toList()) out.add(new String(v, StandardCharsets.UTF_8));
        return out;
    }

    static List<Integer> counts(Quicklist q) {
        List<Integer> out = new ArrayList<>();
        for (Quicklist.NodeSnapshot n : q.snapshot().nodes()) out.add(n.count());
        return out;
    }

    static long totalSz(Quicklist q) {
        long s = 0;
        for (Quicklist.NodeSnapshot n : q.snapshot().nodes()) s += n.sz();
        return s;
    }

    /** Invariants: links agree both ways, no empty node, counts add up, ends never compressed. */
    static void checkInvariants(Quicklist q) {
        long total = 0;
        int nodes = 0;
        Quicklist.Node prev = null;
        for (Quicklist.Node n = q.head(); n != null; n = n.next()) {
            assertEquals(prev, n.prev());
            assertTrue(n.count() > 0, "empty node");
            total += n.count();
            nodes++;
            if (q.compressDepth() > 0 && (n == q.head() || n == q.tail())) assertFalse(n.isCompressed());
            prev = n;
        }
        assertEquals(prev, q.tail());
        assertEquals(q.count(), total);
        assertEquals(q.nodeCount(), nodes);
    }

    @Test
    void positiveFillCountsEntriesAndInsertSplitsLikeRedis() {
        // Redis 7.0: CONFIG SET list-max-listpack-size 5; RPUSH d 1..23; LINSERT d AFTER 7 x;
        // LINSERT d BEFORE 3 y; DUMP d with rdbcompression no shows these six nodes.
        Quicklist q = new Quicklist(5, 0);
        for (int i = 1; i <= 23; i++) q.pushTail(b(Integer.toString(i)));
        assertEquals(List.of(5, 5, 5, 5, 3), counts(q));
        insert(q, "7", "x", true);
        insert(q, "3", "y", false);
        assertEquals(List.of(3, 5, 4, 5, 5, 3), counts(q));
        assertEquals(94, totalSz(q)); // DEBUG OBJECT: ql_uncompressed_size:94
        HexFormat hex = HexFormat.of();
        assertEquals("0e000000030001010201817902ff", hex.formatHex(q.head().rawBytes()));
        assertEquals("10000000040081780208010901 0a01ff".replace(" ", ""), hex.formatHex(q.head().next().next().rawBytes()));
        assertEquals(List.of("1", "2", "y", "3", "4", "5", "6", "7", "x", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "21", "22", "23"), strings(q));
        checkInvariants(q);
    }

    @Test
    void negativeFillLimitsNodeBytes() {
        // Redis 7.0, list-max-listpack-size -2 (8 KB): RPUSH a 1..3000 -> ql_nodes:2, ql_uncompressed_size:8887
        Quicklist q = new Quicklist(-2, 0);
        for (int i = 1; i <= 3000; i++) q.pushTail(b(Integer.toString(i)));
        assertEquals(2, q.nodeCount());
        assertEquals(8887, totalSz(q));
        // 500 values of 43 bytes -> ql_nodes:3, ql_uncompressed_size:22521
        Quicklist q2 = new Quicklist(-2, 0);
        for (int i = 1; i <= 500; i++) q2.pushTail(b(String.format("value-%04d-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", i)));
        assertEquals(3, q2.nodeCount());
        assertEquals(22521, totalSz(q2));
        for (Quicklist.NodeSnapshot n : q2.snapshot().nodes()) assertTrue(n.sz() <= 8192);
        checkInvariants(q2);
    }

    @Test
    void positiveFillStillObeysTheSafetyLimit() {
        Quicklist q = new Quicklist(1000, 0);
        byte[] v = new byte[1000];
        Arrays.fill(v, (byte) 'v');
        for (int i = 0; i < 30; i++) q.pushHead(v);
        for (Quicklist.NodeSnapshot n : q.snapshot().nodes()) assertTrue(n.sz() <= 8192 + 1008, "node of " + n.sz());
        assertTrue(q.nodeCount() >= 4);
    }

    @Test
    void innerNodesAreCompressedAndEndsAreNot() {
        Quicklist q = new Quicklist(4, 1);
        List<int[]> events = new ArrayList<>();
        q.setListener(new QuicklistListener() {
            @Override public void onNodeCompressed(Quicklist.Node node, int raw, int compressed) { events.add(new int[]{raw, compressed}); }
        });
        for (int i = 0; i < 40; i++) q.pushTail(b(String.format("element-number-%03d-padding-padding", i)));
        checkInvariants(q);
        List<Quicklist.NodeSnapshot> nodes = q.snapshot().nodes();
        assertEquals(10, nodes.size());
        assertFalse(nodes.get(0).compressed());
        assertFalse(nodes.get(9).compressed());
        for (int i = 1; i < 9; i++) {
            Quicklist.NodeSnapshot n = nodes.get(i);
            assertTrue(n.compressed(), "node " + i);
            assertTrue(n.compressedSize() + Quicklist.MIN_COMPRESS_IMPROVE < n.sz());
        }
        assertFalse(events.isEmpty());
        // reading the middle decompresses for the read only
        assertEquals("element-number-021-padding-padding", new String(q.index(21), StandardCharsets.UTF_8));
        assertTrue(q.snapshot().nodes().get(5).compressed());
        // the compressed form is LZF that decompresses to the node's listpack
        Quicklist.Node mid = q.head().next().next();
        byte[] raw = mid.rawBytes();
        byte[] back = new byte[raw.length];
        assertEquals(raw.length, Lzf.decompress(mid.lzfBytes(), mid.compressedSize(), back));
        // popping the head node away brings its neighbour within depth: decompressed
        for (int i = 0; i < 4; i++) q.pop(true);
        assertFalse(q.head().isCompressed());
        checkInvariants(q);
    }

    @Test
    void smallOrIncompressibleNodesStayRaw() {
        Quicklist q = new Quicklist(2, 1);
        for (int i = 0; i < 10; i++) q.pushTail(b(Integer.toString(i))); // nodes of a few bytes
        for (Quicklist.NodeSnapshot n : q.snapshot().nodes()) assertFalse(n.compressed());
        Quicklist r = new Quicklist(1, 1);
        Random rnd = new Random(3);
        for (int i = 0; i < 5; i++) {
            byte[] v = new byte[100];
            rnd.nextBytes(v);
            r.pushTail(v);
        }
        for (Quicklist.NodeSnapshot n : r.snapshot().nodes()) assertFalse(n.compressed());
    }

    @Test
    void splitThenMergeReportsEvents() {
        Quicklist q = new Quicklist(4, 0);
        int[] splits = {0}, merges = {0};
        q.setListener(new QuicklistListener() {
            @Override public void onNodeSplit(Quicklist.Node n, Quicklist.Node c) { splits[0]++; }
            @Override public void onNodeMerge(Quicklist.Node k, Quicklist.Node r) { merges[0]++; }
        });
        for (int i = 0; i < 4; i++) q.pushTail(b("e" + i));
        q.pushTail(b("t0")); // a second node with one entry
        assertEquals(List.of(4, 1), counts(q));
        insert(q, "e1", "mid", true); // full node, not at an edge: split into [e0 e1] [mid e2 e3]
        assertEquals(1, splits[0]);
        // _quicklistMergeNodes: [mid e2 e3] and [t0] fit in one node of 4
        assertEquals(1, merges[0]);
        assertEquals(List.of(2, 4), counts(q));
        assertEquals(List.of("e0", "e1", "mid", "e2", "e3", "t0"), strings(q));
        checkInvariants(q);
    }

    @Test
    void indexWalksFromTheNearerEndAndHandlesNegatives() {
        Quicklist q = new Quicklist(3, 2);
        List<String> model = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            q.pushTail(b("v" + i));
            model.add("v" + i);
        }
        for (int i = 0; i < 50; i++) {
            assertEquals(model.get(i), new String(q.index(i), StandardCharsets.UTF_8));
            assertEquals(model.get(50 - 1 - i), new String(q.index(-1 - i), StandardCharsets.UTF_8));
        }
        assertNull(q.index(50));
        assertNull(q.index(-51));
    }

    @Test
    void iteratorsInBothDirectionsAndDeleteWhileIterating() {
        Quicklist q = new Quicklist(3, 1);
        for (int i = 0; i < 20; i++) q.pushTail(b(Integer.toString(i % 4)));
        QuicklistIterator it = q.iterator(Quicklist.AL_START_TAIL);
        QuicklistEntry e = new QuicklistEntry();
        List<String> seen = new ArrayList<>();
        while (it.next(e)) {
            seen.add(new String(e.value(), StandardCharsets.UTF_8));
            if (e.eq(b("2"))) it.delEntry(e);
        }
        it.release();
        assertEquals(20, seen.size());
        assertEquals("3", seen.get(0));
        assertEquals(15, q.count());
        for (String s : strings(q)) assertFalse(s.equals("2"));
        checkInvariants(q);
    }

    @Test
    void delRangeAndReplaceAgainstAModel() {
        Random r = new Random(7);
        for (int fill : new int[]{1, 2, 5, -1}) {
            for (int depth : new int[]{0, 1, 3}) {
                Quicklist q = new Quicklist(fill, depth);
                LinkedList<String> model = new LinkedList<>();
                for (int step = 0; step < 600; step++) {
                    int op = r.nextInt(7);
                    String v = "x".repeat(r.nextInt(40)) + r.nextInt(1000);
                    if (op == 0) { q.pushHead(b(v)); model.addFirst(v); }
                    else if (op == 1) { q.pushTail(b(v)); model.addLast(v); }
                    else if (op == 2 && !model.isEmpty()) {
                        long start = r.nextInt(model.size() * 2) - model.size();
                        long n = r.nextInt(5);
                        q.delRange(start, n);
                        int s = (int) (start < 0 ? model.size() + start : start);
                        for (int k = 0; k < n && s < model.size(); k++) model.remove(s);
                    } else if (op == 3 && !model.isEmpty()) {
                        int idx = r.nextInt(model.size());
                        assertTrue(q.replaceAtIndex(idx, b(v)));
                        model.set(idx, v);
                    } else if (op == 4 && !model.isEmpty()) {
                        int idx = r.nextInt(model.size());
                        QuicklistIterator it = q.iteratorAt(Quicklist.AL_START_HEAD, idx);
                        QuicklistEntry e = new QuicklistEntry();
                        it.next(e);
                        boolean after = r.nextBoolean();
                        if (after) q.insertAfter(it, e, b(v)); else q.insertBefore(it, e, b(v));
                        it.release();
                        model.add(after ? idx + 1 : idx, v);
                    } else if (op == 5 && !model.isEmpty()) {
                        boolean head = r.nextBoolean();
                        assertEquals(head ? model.removeFirst() : model.removeLast(), new String(q.pop(head), StandardCharsets.UTF_8));
                    }
                    checkInvariants(q);
                }
                assertEquals(model, strings(q), "fill " + fill + " depth " + depth);
                assertEquals(model, strings(q.dup()));
            }
        }
    }

    /** DEBUG QUICKLIST-PACKED-THRESHOLD reaches lists that exist already: they share their engine's threshold. */
    @Test
    void thePackedThresholdIsSharedByTheListsGivenIt() {
        PackedThreshold threshold = new PackedThreshold();
        Quicklist q = new Quicklist(-2, 0, threshold), other = new Quicklist(-2, 0);
        q.pushTail(b("aaaa"));
        other.pushTail(b("aaaa"));
        assertTrue(threshold.set(3));
        q.pushTail(b("bbbb"));
        other.pushTail(b("bbbb"));
        assertEquals(2, q.nodeCount(), "the second element got a plain node");
        assertTrue(q.snapshot().nodes().get(1).plain());
        assertEquals(1, other.nodeCount(), "a list with its own threshold is unaffected");
        assertFalse(threshold.set((1L << 32) - (1 << 20) + 1), "above 4 GB - 1 MB is refused");
        assertEquals(3, threshold.get());
        assertTrue(threshold.set(0));
        assertEquals(PackedThreshold.DEFAULT, threshold.get(), "0 restores 1 GB");
    }

    @Test
    void largeElementsLiveInPlainNodes() {
        PackedThreshold threshold = new PackedThreshold();
        assertTrue(threshold.set(100));
        Quicklist q = new Quicklist(-2, 1, threshold);
        q.pushTail(b("a"));
        byte[] big = b("B".repeat(150));
        q.pushTail(big);
        q.pushTail(b("c"));
        q.pushHead(big);
        assertEquals(4, q.nodeCount());
        assertTrue(q.snapshot().nodes().get(0).plain());
        assertTrue(q.snapshot().nodes().get(2).plain());
        assertArrayEquals(big, q.index(0));
        insert(q, "a", "small", true);
        assertEquals(List.of("B".repeat(150), "a", "small", "B".repeat(150), "c"), strings(q));
        assertTrue(q.replaceAtIndex(3, b("tiny")));
        assertTrue(q.replaceAtIndex(1, big));
        assertEquals(List.of("B".repeat(150), "B".repeat(150), "small", "tiny", "c"), strings(q));
        assertArrayEquals(big, q.pop(true));
        checkInvariants(q);
    }

    private static void insert(Quicklist q, String pivot, String value, boolean after) {
        QuicklistIterator it = q.iterator(Quicklist.AL_START_HEAD);
        QuicklistEntry e = new QuicklistEntry();
        while (it.next(e)) {
            if (e.eq(b(pivot))) {
                if (after) q.insertAfter(it, e, b(value)); else q.insertBefore(it, e, b(value));
                break;
            }
        }
        it.release();
    }
}
