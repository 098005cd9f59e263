package io.glassbox.command.hash;

import io.glassbox.db.RedisObject;
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

/** The hash commands through an in-process engine: replies, encodings, dirty counts, key removal. */
@Tag("unit")
class HashCommandsTest {
    private EngineFixture f;

    @BeforeEach
    void start() throws Exception {
        f = EngineFixture.builder().manualClock().start();
    }

    @AfterEach
    void stop() { f.close(); }

    @Test
    void hsetCountsNewFieldsAndDirtyCountsPairs() {
        long d0 = f.dirty();
        assertEquals(new RespValue.Int(2), f.call("HSET", "h", "a", "1", "b", "2"));
        assertEquals(new RespValue.Int(1), f.call("HSET", "h", "a", "x", "c", "3"));
        assertEquals(d0 + 4, f.dirty());
        assertEquals(new RespValue.SimpleString("OK"), f.call("HMSET", "h", "d", "4"));
        assertEquals(new RespValue.Error("ERR wrong number of arguments for 'hset' command"), f.call("HSET", "h", "a", "1", "b"));
        assertEquals(new RespValue.Error("ERR wrong number of arguments for 'hmset' command"), f.call("HMSET", "h", "a", "1", "b"));
        assertEquals(List.of("a", "x", "b", "2", "c", "3", "d", "4"), texts(f.call("HGETALL", "h")));
        assertEquals("listpack", f.encoding("h"));
    }

    @Test
    void hdelOfTheLastFieldDeletesTheKey() {
        f.call("HSET", "h", "a", "1", "b", "2");
        assertEquals(new RespValue.Int(2), f.call("HDEL", "h", "a", "b", "c"));
        assertEquals(new RespValue.Int(0), f.call("EXISTS", "h"));
        assertEquals(new RespValue.Int(0), f.call("HDEL", "h", "a"));
    }

    @Test
    void encodingFollowsTheThresholdsSetAtRuntime() {
        f.call("CONFIG", "SET", "hash-max-listpack-entries", "3", "hash-max-listpack-value", "5");
        f.call("HSET", "h", "a", "1", "b", "2", "c", "3");
        assertEquals("listpack", f.encoding("h"));
        f.call("HSET", "h", "d", "4");
        assertEquals("hashtable", f.encoding("h"));
        f.call("HDEL", "h", "a", "b", "c");
        assertEquals("hashtable", f.encoding("h"), "never back");

        f.call("HSET", "v", "f", "12345");
        assertEquals("listpack", f.encoding("v"));
        f.call("HINCRBYFLOAT", "v", "g", "1.25"); // "1.25" fits
        assertEquals("listpack", f.encoding("v"));
        f.call("HINCRBYFLOAT", "v", "g", "0.125"); // "1.375" fits
        assertEquals("listpack", f.encoding("v"));
        f.call("HINCRBYFLOAT", "v", "g", "0.0001"); // "1.3751" is 6 bytes
        assertEquals("hashtable", f.encoding("v"));

        f.call("CONFIG", "SET", "hash-max-ziplist-value", "64");
        f.call("HSET", "w", "f", "123456");
        assertEquals("listpack", f.encoding("w"), "the alias name sets the same holder");
    }

    @Test
    void counterErrorsAreRedisTexts() {
        f.call("HSET", "h", "s", "abc", "max", Long.toString(Long.MAX_VALUE));
        assertEquals(new RespValue.Error("ERR hash value is not an integer"), f.call("HINCRBY", "h", "s", "1"));
        assertEquals(new RespValue.Error("ERR increment or decrement would overflow"), f.call("HINCRBY", "h", "max", "1"));
        assertEquals(new RespValue.Error("ERR value is not an integer or out of range"), f.call("HINCRBY", "h", "n", "x"));
        assertEquals(new RespValue.Error("ERR hash value is not a float"), f.call("HINCRBYFLOAT", "h", "s", "1"));
        assertEquals(new RespValue.Error("ERR value is NaN or Infinity"), f.call("HINCRBYFLOAT", "h", "s", "inf"));
        assertEquals(new RespValue.Error("ERR value is not a valid float"), f.call("HINCRBYFLOAT", "h", "s", "x"));
        assertEquals(new RespValue.Int(-5), f.call("HINCRBY", "h", "n", "-5"));
        assertEquals("5.5", f.call("HINCRBYFLOAT", "h", "n", "10.5").asText());
        assertEquals("5.5", f.call("HGET", "h", "n").asText());
    }

    @Test
    void hrandfieldOnBothEncodings() {
        f.call("HSET", "h", "a", "1", "b", "2", "c", "3", "d", "4");
        for (String enc : new String[] {"listpack", "hashtable"}) {
            if (enc.equals("hashtable")) {
                f.call("CONFIG", "SET", "hash-max-listpack-entries", "1");
                f.call("HSET", "h", "e", "5");
                f.call("HDEL", "h", "e");
            }
            assertEquals(enc, f.encoding("h"));
            Set<String> all = Set.of("a", "b", "c", "d");
            assertTrue(all.contains(f.call("HRANDFIELD", "h").asText()));
            for (int count = 1; count <= 4; count++) {
                List<String> got = texts(f.call("HRANDFIELD", "h", Integer.toString(count)));
                assertEquals(count, got.size());
                assertEquals(count, new HashSet<>(got).size(), "positive count: distinct");
                assertTrue(all.containsAll(got));
            }
            List<String> rep = texts(f.call("HRANDFIELD", "h", "-20"));
            assertEquals(20, rep.size());
            assertTrue(all.containsAll(rep));
            List<String> wv = texts(f.call("HRANDFIELD", "h", "2", "WITHVALUES"));
            assertEquals(4, wv.size());
            for (int i = 0; i < 4; i += 2) assertEquals(wv.get(i), Character.toString('a' + Integer.parseInt(wv.get(i + 1)) - 1));
        }
        assertEquals(new RespValue.Error("ERR value is out of range"), f.call("HRANDFIELD", "h", "-4611686018427387904", "WITHVALUES"));
    }

    @Test
    void resp3RepliesMapsAndPairs() {
        f.call("HELLO", "3");
        f.call("HSET", "h", "a", "1");
        RespValue all = f.call("HGETALL", "h");
        assertInstanceOf(RespValue.Map.class, all);
        RespValue pairs = f.call("HRANDFIELD", "h", "-2", "WITHVALUES");
        List<RespValue> items = assertInstanceOf(RespValue.Array.class, pairs).items();
        assertEquals(2, items.size());
        assertEquals(List.of("a", "1"), texts(items.get(0)));
        assertInstanceOf(RespValue.Map.class, f.call("HGETALL", "nokey"));
        assertEquals(List.of(), texts(f.call("HKEYS", "nokey")));
        assertInstanceOf(RespValue.Null.class, f.call("HRANDFIELD", "nokey"));
    }

    @Test
    void hscanWalksAHashtableCompletely() {
        f.call("CONFIG", "SET", "hash-max-listpack-entries", "8");
        List<String> args = new ArrayList<>(List.of("HSET", "h"));
        for (int i = 0; i < 200; i++) { args.add("f" + i); args.add("v" + i); }
        f.call(args.toArray(String[]::new));
        assertEquals("hashtable", f.encoding("h"));
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int calls = 0;
        do {
            List<RespValue> r = assertInstanceOf(RespValue.Array.class, f.call("HSCAN", "h", cursor, "COUNT", "20")).items();
            cursor = r.get(0).asText();
            List<String> kv = texts(r.get(1));
            // COUNT is in pairs, as Redis 7.0.15 (about 40 elements for COUNT 20): a call that
            // is not the last stops only once it has at least 20 pairs
            if (!cursor.equals("0")) assertTrue(kv.size() >= 40, "HSCAN COUNT 20 gave " + kv.size() + " elements");
            for (int i = 0; i < kv.size(); i += 2) {
                assertEquals("v" + kv.get(i).substring(1), kv.get(i + 1));
                seen.add(kv.get(i));
            }
            calls++;
        } while (!cursor.equals("0"));
        assertEquals(200, seen.size());
        assertTrue(calls > 1, "a hashtable is scanned in several calls");
        List<RespValue> m = assertInstanceOf(RespValue.Array.class, f.call("HSCAN", "h", "0", "MATCH", "f19*", "COUNT", "1000")).items();
        assertEquals("0", m.get(0).asText());
        assertEquals(22, texts(m.get(1)).size(), "f19 and f190..f199, each with its value");
    }

    @Test
    void copyOfAHashIsIndependent() {
        f.call("HSET", "h", "a", "1");
        f.call("COPY", "h", "h2");
        f.call("HSET", "h2", "a", "2");
        assertEquals("1", f.call("HGET", "h", "a").asText());
        assertEquals("hash", f.call("TYPE", "h2").asText());
        f.onLoop(() -> { assertEquals(RedisObject.TYPE_HASH, f.engine.server().keyspace().db(0).lookupKeyReadNoTouch("h2".getBytes()).type); return null; });
    }
}
