package io.glassbox.engine;

import io.glassbox.hooks.EngineEvent;
import io.glassbox.hooks.Subscription;
import io.glassbox.resp.RespValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two engines in one JVM share nothing: a setting changed on one (CONFIG SET, a DEBUG switch) is
 * seen by that engine's next command and by no command of the other. Redis keeps these settings in
 * {@code server.*} of its one process; here each engine has its own, which is what lets
 * {@code GlassboxExtension} run test classes in parallel and lets a lesson run many nodes in one JVM.
 *
 * <p>Each check writes the same data to both engines after engine {@code a} changed a setting, and
 * compares what OBJECT ENCODING (or a reply that shows the structure) says on each.
 */
@Tag("unit")
class IndependentEnginesTest {
    final Glassbox a = Glassbox.builder().noPort().config("enable-debug-command", "yes").start();
    final Glassbox b = Glassbox.builder().noPort().config("enable-debug-command", "yes").start();

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    @Test
    void encodingThresholdsSetOnOneEngineLeaveTheOtherAlone() {
        ok(a.call("CONFIG", "SET", "hash-max-listpack-entries", "1", "zset-max-listpack-entries", "1",
                "set-max-intset-entries", "1", "hash-max-listpack-value", "2", "zset-max-listpack-value", "2"));
        for (Glassbox g : List.of(a, b)) {
            g.call("HSET", "h", "f1", "v1", "f2", "v2");
            g.call("HSET", "hv", "f", "long value");
            g.call("ZADD", "z", "1", "m1", "2", "m2");
            g.call("ZADD", "zv", "1", "long member");
            g.call("SADD", "s", "1", "2");
        }
        assertEquals("hashtable", encoding(a, "h"));
        assertEquals("listpack", encoding(b, "h"));
        assertEquals("hashtable", encoding(a, "hv"));
        assertEquals("listpack", encoding(b, "hv"));
        assertEquals("skiplist", encoding(a, "z"));
        assertEquals("listpack", encoding(b, "z"));
        assertEquals("skiplist", encoding(a, "zv"));
        assertEquals("listpack", encoding(b, "zv"));
        assertEquals("hashtable", encoding(a, "s"));
        assertEquals("intset", encoding(b, "s"));
        assertEquals("1", configGet(a, "hash-max-listpack-entries"));
        assertEquals("512", configGet(b, "hash-max-listpack-entries"));
    }

    @Test
    void theHyperLogLogSparseLimitIsPerEngine() {
        ok(a.call("CONFIG", "SET", "hll-sparse-max-bytes", "0"));
        a.call("PFADD", "hll", "x");
        b.call("PFADD", "hll", "x");
        assertEquals("dense", text(a.call("PFDEBUG", "ENCODING", "hll")));
        assertEquals("sparse", text(b.call("PFDEBUG", "ENCODING", "hll")));
    }

    @Test
    void theStreamNodeLimitIsPerEngine() {
        ok(a.call("CONFIG", "SET", "stream-node-max-entries", "1"));
        for (Glassbox g : List.of(a, b)) {
            g.call("XADD", "st", "1-1", "f", "v");
            g.call("XADD", "st", "1-2", "f", "v");
        }
        assertEquals(2L, radixTreeKeys(a, "st"));
        assertEquals(1L, radixTreeKeys(b, "st"));
    }

    /**
     * A list's nodes show in its serialized length (each quicklist node is saved on its own), so a
     * list built after the change is compared with the same list built before it, on each engine.
     */
    @Test
    void theListNodeSizeIsPerEngine() {
        for (Glassbox g : List.of(a, b)) g.call("RPUSH", "before", "aaaa", "bbbb", "cccc");
        ok(a.call("CONFIG", "SET", "list-max-listpack-size", "1"));
        for (Glassbox g : List.of(a, b)) g.call("RPUSH", "after", "aaaa", "bbbb", "cccc");
        assertNotEquals(serializedLength(a, "before"), serializedLength(a, "after"));
        assertEquals(serializedLength(b, "before"), serializedLength(b, "after"));
    }

    @Test
    void theQuicklistPackedThresholdIsPerEngine() {
        try {
            for (Glassbox g : List.of(a, b)) g.call("RPUSH", "before", "aaaa", "bbbb", "cccc");
            ok(a.call("DEBUG", "QUICKLIST-PACKED-THRESHOLD", "2"));
            for (Glassbox g : List.of(a, b)) g.call("RPUSH", "after", "aaaa", "bbbb", "cccc");
            assertNotEquals(serializedLength(a, "before"), serializedLength(a, "after"));
            assertEquals(serializedLength(b, "before"), serializedLength(b, "after"));
            // and the other way round: b's switch reaches b's lists, not a's
            ok(b.call("DEBUG", "QUICKLIST-PACKED-THRESHOLD", "3"));
            ok(a.call("DEBUG", "QUICKLIST-PACKED-THRESHOLD", "0"));
            for (Glassbox g : List.of(a, b)) g.call("RPUSH", "again", "aaaa", "bbbb", "cccc");
            assertEquals(serializedLength(a, "before"), serializedLength(a, "again"));
            assertNotEquals(serializedLength(b, "before"), serializedLength(b, "again"));
        } finally {
            // before the fix the threshold was one for the whole JVM: put it back for other tests
            a.call("DEBUG", "QUICKLIST-PACKED-THRESHOLD", "0");
            b.call("DEBUG", "QUICKLIST-PACKED-THRESHOLD", "0");
        }
    }

    /** A subscriber of one engine hears that engine's HyperLogLog registers, never the other's. */
    @Test
    void hyperLogLogEventsReachOnlyTheirOwnEnginesSubscribers() throws Exception {
        LinkedBlockingQueue<EngineEvent> heardByA = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<EngineEvent> heardByB = new LinkedBlockingQueue<>();
        Subscription sa = a.hooks().subscribe(heardByA::add, 1024, Set.of(EngineEvent.HllRegisterSet.class), Integer.MAX_VALUE);
        Subscription sb = b.hooks().subscribe(heardByB::add, 1024, Set.of(EngineEvent.HllRegisterSet.class), Integer.MAX_VALUE);
        try {
            b.call("PFADD", "hll", "x", "y", "z");
            a.call("PFADD", "hll", "x");
            // a's event is the positive signal that delivery happened; b's three came before it
            EngineEvent first = heardByA.poll(10, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(first instanceof EngineEvent.HllRegisterSet, "a heard its own PFADD: " + first);
            for (int i = 0; i < 3; i++) {
                assertTrue(heardByB.poll(10, java.util.concurrent.TimeUnit.SECONDS) instanceof EngineEvent.HllRegisterSet);
            }
            assertEquals(List.of(), List.copyOf(heardByA), "a heard only the one register of its own PFADD");
        } finally {
            a.hooks().unsubscribe(sa);
            b.hooks().unsubscribe(sb);
        }
    }

    private static void ok(RespValue v) {
        assertEquals(new RespValue.SimpleString("OK"), v);
    }

    private static String encoding(Glassbox g, String key) {
        return text(g.call("OBJECT", "ENCODING", key));
    }

    private static String configGet(Glassbox g, String name) {
        List<RespValue> items = ((RespValue.Array) g.call("CONFIG", "GET", name)).items();
        return text(items.get(1));
    }

    private static long radixTreeKeys(Glassbox g, String key) {
        List<RespValue> items = ((RespValue.Array) g.call("XINFO", "STREAM", key)).items();
        for (int i = 0; i < items.size(); i += 2) {
            if (text(items.get(i)).equals("radix-tree-keys")) return ((RespValue.Int) items.get(i + 1)).value();
        }
        throw new AssertionError("no radix-tree-keys in " + items);
    }

    private static String serializedLength(Glassbox g, String key) {
        String info = text(g.call("DEBUG", "OBJECT", key));
        for (String field : info.split(" ")) if (field.startsWith("serializedlength:")) return field;
        throw new AssertionError("no serializedlength in " + info);
    }

    private static String text(RespValue v) {
        if (v instanceof RespValue.Bulk bulk) return new String(bulk.value(), StandardCharsets.UTF_8);
        if (v instanceof RespValue.SimpleString s) return s.value();
        throw new AssertionError("not text: " + v);
    }
}
