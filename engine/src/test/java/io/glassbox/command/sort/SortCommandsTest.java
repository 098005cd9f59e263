package io.glassbox.command.sort;

import io.glassbox.resp.RespValue;
import io.glassbox.testkit.EngineFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static io.glassbox.testkit.Args.b;
import static io.glassbox.testkit.EngineFixture.texts;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SORT through an in-process engine: what the differential script cannot show (the dirty
 * counter, big hashtable sets whose SMEMBERS order is not comparable, key extraction) and the
 * strtod and pattern rules one by one.
 */
@Tag("unit")
class SortCommandsTest {
    private EngineFixture f;

    @BeforeEach
    void start() throws Exception {
        f = EngineFixture.start();
    }

    @AfterEach
    void stop() { f.close(); }

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
        f.call(args.toArray(new String[0]));
        assertEquals("hashtable", f.call("OBJECT", "ENCODING", "s").asText());
        List<String> expected = new ArrayList<>(args.subList(2, args.size()));
        expected.sort(Comparator.comparingDouble(Double::parseDouble));
        assertEquals(expected, texts(f.call("SORT", "s")));
        List<String> desc = new ArrayList<>(expected);
        java.util.Collections.reverse(desc);
        assertEquals(desc.subList(10, 30), texts(f.call("SORT", "s", "DESC", "LIMIT", "10", "20")));
    }

    @Test
    void alphaSortOfAHashtableSetIsByteOrder() {
        f.call("SADD", "s", "b", "B", "a", "ab", "a b", "é", "10", "9");
        assertEquals(List.of("10", "9", "B", "a", "a b", "ab", "b", "é"), texts(f.call("SORT", "s", "ALPHA")));
    }

    @Test
    void storeCountsDirtyPerElementAndDeletesOnEmpty() {
        f.call("RPUSH", "l", "3", "1", "2");
        long before = f.dirty();
        assertEquals(new RespValue.Int(3), f.call("SORT", "l", "STORE", "d"));
        assertEquals(before + 3, f.dirty());
        assertEquals(List.of("1", "2", "3"), texts(f.call("LRANGE", "d", "0", "-1")));
        before = f.dirty();
        assertEquals(new RespValue.Int(0), f.call("SORT", "l", "LIMIT", "0", "0", "STORE", "d"));
        assertEquals(before + 1, f.dirty());
        assertEquals(new RespValue.Int(0), f.call("EXISTS", "d"));
        before = f.dirty();
        assertEquals(new RespValue.Int(0), f.call("SORT", "nokey", "STORE", "d"));
        assertEquals(before, f.dirty(), "nothing deleted, nothing dirty");
        // plain SORT writes nothing
        before = f.dirty();
        f.call("SORT", "l");
        assertEquals(before, f.dirty());
    }

    @Test
    void getWithSeveralPatternsStoresEmptyStringsForMissingKeys() {
        f.call("RPUSH", "ids", "1", "2");
        f.call("SET", "w_1", "x");
        f.call("HSET", "h_2", "name", "two");
        assertEquals(Arrays.asList("1", "x", null, "2", null, "two"),
                texts(f.call("SORT", "ids", "GET", "#", "GET", "w_*", "GET", "h_*->name")));
        assertEquals(new RespValue.Int(6), f.call("SORT", "ids", "GET", "#", "GET", "w_*", "GET", "h_*->name", "STORE", "d"));
        assertEquals(List.of("1", "x", "", "2", "", "two"), texts(f.call("LRANGE", "d", "0", "-1")));
    }

    @Test
    void sortConvertsASmallSortedSetToSkiplist() {
        f.call("ZADD", "z", "2", "b", "1", "a");
        assertEquals("listpack", f.call("OBJECT", "ENCODING", "z").asText());
        assertEquals(List.of("a", "b"), texts(f.call("SORT", "z", "BY", "nosort")));
        assertEquals("skiplist", f.call("OBJECT", "ENCODING", "z").asText());
        assertEquals(List.of("b", "a"), texts(f.call("SORT", "z", "BY", "nosort", "DESC")));
    }

    @Test
    void sortRoHasNoStore() {
        f.call("RPUSH", "l", "1");
        assertEquals(new RespValue.Error("ERR syntax error"), f.call("SORT_RO", "l", "STORE", "d"));
        assertEquals(new RespValue.Int(0), f.call("EXISTS", "d"));
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
        f.call("SET", "a_1_*", "first");
        f.call("HSET", "h_1", "f->g", "v");
        f.call("SET", "k->1", "arrow-before-star");
        f.call("RPUSH", "ids", "1");
        assertEquals(List.of("first"), texts(f.call("SORT", "ids", "GET", "a_*_*")));
        assertEquals(List.of("v"), texts(f.call("SORT", "ids", "GET", "h_*->f->g")), "the field is everything after the first arrow");
        assertEquals(List.of("arrow-before-star"), texts(f.call("SORT", "ids", "GET", "k->*")));
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
