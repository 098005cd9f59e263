package io.glassbox.command.set;

import io.glassbox.db.RedisObject;
import io.glassbox.db.SetObjects;
import io.glassbox.resp.RespValue;
import io.glassbox.testkit.EngineFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.glassbox.testkit.EngineFixture.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The set commands through an in-process engine: the random parts and the encodings that a differential script cannot pin down. */
@Tag("unit")
class SetCommandsTest {
    private EngineFixture f;

    @BeforeEach
    void start() throws Exception {
        f = EngineFixture.start();
    }

    @AfterEach
    void stop() { f.close(); }

    private long integer(String... args) { return assertInstanceOf(RespValue.Int.class, f.call(args), String.join(" ", args)).value(); }

    private static RespValue.Array array(RespValue r) { return assertInstanceOf(RespValue.Array.class, r); }

    private void fill(String key, int from, int to) {
        List<String> args = new ArrayList<>(List.of("SADD", key));
        for (int i = from; i <= to; i++) args.add(Integer.toString(i));
        f.call(args.toArray(new String[0]));
    }

    @Test
    void intsetBecomesHashtableOnANonIntegerOrPastTheThresholdAndNeverGoesBack() {
        fill("s", 1, 512);
        assertEquals("intset", f.encoding("s"));
        f.call("SADD", "s", "513");
        assertEquals("hashtable", f.encoding("s"));
        fill("t", 1, 3);
        f.call("SREM", "t", "3");
        f.call("SADD", "t", "x");
        assertEquals("hashtable", f.encoding("t"));
        f.call("SREM", "t", "x");
        assertEquals("hashtable", f.encoding("t"));
        assertEquals(List.of("1", "2"), texts(f.call("SMEMBERS", "t")).stream().sorted().toList());
    }

    @Test
    void saddCountsDirtyPerAddedMemberAndSremDeletesTheEmptyKey() {
        long d0 = f.dirty();
        assertEquals(2, integer("SADD", "s", "a", "b", "a"));
        assertEquals(d0 + 2, f.dirty());
        assertEquals(0, integer("SADD", "s", "a"));
        assertEquals(d0 + 2, f.dirty());
        assertEquals(2, integer("SREM", "s", "a", "b", "c"));
        assertEquals(0, integer("EXISTS", "s"));
    }

    @Test
    void spopSmallCountPopsOneByOne() {
        fill("s", 1, 100);
        Set<String> popped = new HashSet<>(texts(f.call("SPOP", "s", "10")));
        assertEquals(10, popped.size());
        assertEquals(90, integer("SCARD", "s"));
        for (String p : popped) assertEquals(0, integer("SISMEMBER", "s", p));
        assertEquals("intset", f.encoding("s"));
    }

    @Test
    void spopLargeCountKeepsTheSurvivorsInANewSetWhichMayBeAnIntsetAgain() {
        fill("h", 1, 600); // hashtable: past 512 entries
        assertEquals("hashtable", f.encoding("h"));
        Set<String> popped = new HashSet<>(texts(f.call("SPOP", "h", "595")));
        assertEquals(595, popped.size());
        assertEquals(5, integer("SCARD", "h"));
        // the 5 survivors were moved into a set created for an integer: an intset (setTypeCreate)
        assertEquals("intset", f.encoding("h"));
        for (String m : texts(f.call("SMEMBERS", "h"))) assertTrue(!popped.contains(m));
    }

    @Test
    void spopWholeSetDeletesTheKey() {
        fill("s", 1, 5);
        long d0 = f.dirty();
        assertEquals(List.of("1", "2", "3", "4", "5"), texts(f.call("SPOP", "s", "5")));
        assertEquals(d0 + 5, f.dirty());
        assertEquals(0, integer("EXISTS", "s"));
    }

    @Test
    void srandmemberCountsGiveDistinctMembersAndNegativeCountsMayRepeat() {
        fill("s", 1, 100);
        f.call("SADD", "h", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        for (String key : new String[]{"s", "h"}) {
            for (int count : new int[]{1, 3, 5, 9}) { // CASE 4 (sampling) and CASE 3 (copy and subtract) on h
                List<String> got = texts(f.call("SRANDMEMBER", key, Integer.toString(count)));
                assertEquals(count, got.size());
                assertEquals(count, new HashSet<>(got).size());
                for (String m : got) assertEquals(1, integer("SISMEMBER", key, m));
            }
        }
        List<String> repeats = texts(f.call("SRANDMEMBER", "h", "-50"));
        assertEquals(50, repeats.size());
        assertTrue(new HashSet<>(repeats).size() <= 10);
        assertEquals(100, integer("SCARD", "s")); // nothing removed
    }

    @Test
    void sscanWalksAHashtableSetWithACursorAndAnIntsetInOneCall() {
        fill("s", 1, 5);
        RespValue r = f.call("SSCAN", "s", "0", "COUNT", "1");
        assertEquals("0", array(r).items().get(0).asText());
        assertEquals(5, array(array(r).items().get(1)).items().size());

        fill("h", 1, 1000);
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int calls = 0;
        do {
            List<RespValue> items = array(f.call("SSCAN", "h", cursor, "COUNT", "20")).items();
            cursor = items.get(0).asText();
            seen.addAll(texts(items.get(1)));
            calls++;
        } while (!cursor.equals("0"));
        assertEquals(1000, seen.size());
        assertTrue(calls > 1);
    }

    @Test
    void sintercardStopsAtTheLimit() {
        fill("a", 1, 100);
        fill("b", 50, 150);
        assertEquals(51, integer("SINTERCARD", "2", "a", "b"));
        assertEquals(10, integer("SINTERCARD", "2", "a", "b", "LIMIT", "10"));
    }

    @Test
    void storesIntoHashtableWhenTheResultHoldsStrings() {
        f.call("SADD", "a", "1", "x");
        f.call("SADD", "b", "1", "2");
        assertEquals(3, integer("SUNIONSTORE", "d", "a", "b"));
        assertEquals("hashtable", f.encoding("d"));
        assertEquals(1, integer("SINTERSTORE", "d", "a", "b"));
        assertEquals("intset", f.encoding("d"));
    }

    @Test
    void resp3RepliesSetsAsSetsAndRandomCountsAsArrays() {
        f.call("HELLO", "3");
        fill("s", 1, 3);
        assertEquals('~', array(f.call("SMEMBERS", "s")).kind());
        assertEquals('~', array(f.call("SUNION", "s")).kind());
        assertEquals('~', array(f.call("SPOP", "nokey", "2")).kind());
        assertEquals('*', array(f.call("SRANDMEMBER", "s", "2")).kind());
        assertEquals('*', array(f.call("SMISMEMBER", "s", "1")).kind());
    }

    @Test
    void copyKeepsTheEncodingAndSharesNothing() {
        fill("s", 1, 3);
        f.call("SADD", "h", "a", "b");
        f.call("COPY", "s", "s2");
        f.call("COPY", "h", "h2");
        assertEquals("intset", f.encoding("s2"));
        assertEquals("hashtable", f.encoding("h2"));
        f.call("SADD", "s2", "4");
        f.call("SREM", "h2", "a");
        assertEquals(3, integer("SCARD", "s"));
        assertEquals(2, integer("SCARD", "h"));
        RedisObject o = f.onLoop(() -> f.engine.server().keyspace().db(0).lookupKeyRead("s2".getBytes()));
        assertEquals(4, f.onLoop(() -> SetObjects.size(o)));
    }
}
