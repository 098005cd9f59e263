package io.glassbox.command.sort;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.resp.RespValue;
import io.glassbox.server.ServerSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import static io.glassbox.testkit.Args.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SORT through an in-process engine: what the differential script cannot show (the dirty
 * counter, big hashtable sets whose SMEMBERS order is not comparable, key extraction) and the
 * strtod and pattern rules one by one.
 */
@Tag("unit")
class SortCommandsTest {
    private Engine engine;
    private LocalClient client;

    @BeforeEach
    void start() throws Exception {
        ServerSettings s = new ServerSettings();
        s.port = 0;
        engine = Engine.start(s);
        client = engine.newClient();
    }

    @AfterEach
    void stop() { engine.close(); }

    private RespValue call(String... args) { return client.call(args); }

    private <T> T onLoop(Supplier<T> task) { return engine.loop().submit(task).join(); }

    private long dirty() { return onLoop(() -> engine.server().keyspace().stats.dirty); }

    private static List<String> texts(RespValue r) {
        List<String> out = new ArrayList<>();
        for (RespValue v : assertInstanceOf(RespValue.Array.class, r).items()) out.add(v instanceof RespValue.Null ? null : v.asText());
        return out;
    }

    @Test
    void numericSortOfAHashtableSetMatchesAReferenceSort() {
        Random rnd = new Random(7);
        List<String> args = new ArrayList<>(List.of("SADD", "s"));
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            double d = Math.round(rnd.nextGaussian() * 1e6) / 1000.0;
            if (values.contains(d)) continue;
            values.add(d);
            args.add(Double.toString(d));
        }
        call(args.toArray(new String[0]));
        assertEquals("hashtable", call("OBJECT", "ENCODING", "s").asText());
        List<String> expected = new ArrayList<>(args.subList(2, args.size()));
        expected.sort(Comparator.comparingDouble(Double::parseDouble));
        assertEquals(expected, texts(call("SORT", "s")));
        List<String> desc = new ArrayList<>(expected);
        java.util.Collections.reverse(desc);
        assertEquals(desc.subList(10, 30), texts(call("SORT", "s", "DESC", "LIMIT", "10", "20")));
    }

    @Test
    void alphaSortOfAHashtableSetIsByteOrder() {
        call("SADD", "s", "b", "B", "a", "ab", "a b", "é", "10", "9");
        assertEquals(List.of("10", "9", "B", "a", "a b", "ab", "b", "é"), texts(call("SORT", "s", "ALPHA")));
    }

    @Test
    void storeCountsDirtyPerElementAndDeletesOnEmpty() {
        call("RPUSH", "l", "3", "1", "2");
        long before = dirty();
        assertEquals(new RespValue.Int(3), call("SORT", "l", "STORE", "d"));
        assertEquals(before + 3, dirty());
        assertEquals(List.of("1", "2", "3"), texts(call("LRANGE", "d", "0", "-1")));
        before = dirty();
        assertEquals(new RespValue.Int(0), call("SORT", "l", "LIMIT", "0", "0", "STORE", "d"));
        assertEquals(before + 1, dirty());
        assertEquals(new RespValue.Int(0), call("EXISTS", "d"));
        before = dirty();
        assertEquals(new RespValue.Int(0), call("SORT", "nokey", "STORE", "d"));
        assertEquals(before, dirty(), "nothing deleted, nothing dirty");
        // plain SORT writes nothing
        before = dirty();
        call("SORT", "l");
        assertEquals(before, dirty());
    }

    @Test
    void getWithSeveralPatternsStoresEmptyStringsForMissingKeys() {
        call("RPUSH", "ids", "1", "2");
        call("SET", "w_1", "x");
        call("HSET", "h_2", "name", "two");
        assertEquals(Arrays.asList("1", "x", null, "2", null, "two"),
                texts(call("SORT", "ids", "GET", "#", "GET", "w_*", "GET", "h_*->name")));
        assertEquals(new RespValue.Int(6), call("SORT", "ids", "GET", "#", "GET", "w_*", "GET", "h_*->name", "STORE", "d"));
        assertEquals(List.of("1", "x", "", "2", "", "two"), texts(call("LRANGE", "d", "0", "-1")));
    }

    @Test
    void sortConvertsASmallSortedSetToSkiplist() {
        call("ZADD", "z", "2", "b", "1", "a");
        assertEquals("listpack", call("OBJECT", "ENCODING", "z").asText());
        assertEquals(List.of("a", "b"), texts(call("SORT", "z", "BY", "nosort")));
        assertEquals("skiplist", call("OBJECT", "ENCODING", "z").asText());
        assertEquals(List.of("b", "a"), texts(call("SORT", "z", "BY", "nosort", "DESC")));
    }

    @Test
    void sortRoHasNoStore() {
        call("RPUSH", "l", "1");
        assertEquals(new RespValue.Error("ERR syntax error"), call("SORT_RO", "l", "STORE", "d"));
        assertEquals(new RespValue.Int(0), call("EXISTS", "d"));
    }

    @Test
    void strtodWholeFollowsTheCLibrary() {
        double[] d = new double[1];
        assertTrue(SortCommands.strtodWhole(b(""), d));
        assertEquals(0.0, d[0]);
        assertTrue(SortCommands.strtodWhole(b(" \t5"), d));
        assertEquals(5.0, d[0]);
        assertTrue(SortCommands.strtodWhole(b("0x10"), d));
        assertEquals(16.0, d[0]);
        assertTrue(SortCommands.strtodWhole(b("7\0junk"), d), "strtod stops at the NUL");
        assertEquals(7.0, d[0]);
        assertTrue(SortCommands.strtodWhole(b("0x1p-1074"), d), "an exact subnormal is no underflow");
        assertEquals(Double.MIN_VALUE, d[0]);
        assertTrue(SortCommands.strtodWhole(b("-inf"), d));
        assertEquals(Double.NEGATIVE_INFINITY, d[0]);
        for (String bad : new String[] {" ", "5 ", "abc", "nan", "1e400", "1e-400", "0x", "-", "1e", "1e-310", "4.9406564584124654e-324"}) {
            assertFalse(SortCommands.strtodWhole(b(bad), d), bad);
        }
    }

    @Test
    void lookupKeyByPatternSubstitutesTheFirstStarOnly() {
        call("SET", "a_1_*", "first");
        call("HSET", "h_1", "f->g", "v");
        call("SET", "k->1", "arrow-before-star");
        call("RPUSH", "ids", "1");
        assertEquals(List.of("first"), texts(call("SORT", "ids", "GET", "a_*_*")));
        assertEquals(List.of("v"), texts(call("SORT", "ids", "GET", "h_*->f->g")), "the field is everything after the first arrow");
        assertEquals(List.of("arrow-before-star"), texts(call("SORT", "ids", "GET", "k->*")));
    }

    @Test
    void sortGetKeysFindsTheLastStore() {
        assertArrayEquals(new int[] {1}, SortCommands.sortGetKeys(args("sort", "l")));
        assertArrayEquals(new int[] {1, 3}, SortCommands.sortGetKeys(args("sort", "l", "store", "d")));
        assertArrayEquals(new int[] {1, 5}, SortCommands.sortGetKeys(args("sort", "l", "get", "store", "store", "d1", "limit", "store", "store", "d2")));
        assertArrayEquals(new int[] {1}, SortCommands.sortGetKeys(args("sort", "l", "by", "store")));
        assertArrayEquals(new int[] {1}, SortCommands.sortGetKeys(args("sort", "l", "store")));
    }

    private static List<byte[]> args(String... a) {
        List<byte[]> out = new ArrayList<>();
        for (String s : a) out.add(b(s));
        return out;
    }
}
