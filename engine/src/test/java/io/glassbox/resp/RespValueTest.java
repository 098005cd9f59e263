package io.glassbox.resp;

import io.glassbox.engine.Glassbox;
import io.glassbox.engine.LocalClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How a reply prints and reads for an embedding program: the real engine's replies, in RESP2 and
 * RESP3, printed with their type and redis-cli's escaping, and read through the typed accessors.
 */
@Tag("unit")
class RespValueTest {
    static Glassbox redis;

    @BeforeAll
    static void start() { redis = Glassbox.builder().noPort().start(); }

    @AfterAll
    static void stop() { redis.close(); }

    @Test
    void stringsPrintAsRedisCliQuotesThem() {
        redis.call("SET", "greeting", "hello");
        assertEquals("Bulk \"hello\"", redis.call("GET", "greeting").toString());
        redis.call("SET", "bin", "a\"b\\c\n\u0000\u00e9");
        // sdscatrepr: quotes and backslashes escaped, control bytes named, other bytes as \xHH (é is two in UTF-8)
        assertEquals("Bulk \"a\\\"b\\\\c\\n\\x00\\xc3\\xa9\"", redis.call("GET", "bin").toString());
        assertEquals("Simple \"OK\"", redis.call("SET", "k", "v").toString());
        assertEquals("Null", redis.call("GET", "missing").toString());
        assertEquals("Int 1", redis.call("EXISTS", "k").toString());
        assertEquals("Error \"ERR unknown command 'NOPE', with args beginning with: \"", redis.call("NOPE").toString());
    }

    @Test
    void collectionsPrintTheirElements() {
        redis.call("DEL", "l", "h", "s");
        redis.call("RPUSH", "l", "a", "1");
        assertEquals("Array [Bulk \"a\", Bulk \"1\"]", redis.call("LRANGE", "l", "0", "-1").toString());
        assertEquals("Array []", redis.call("LRANGE", "nothing", "0", "-1").toString());
        try (LocalClient c3 = redis.newClient()) {
            c3.call("HELLO", "3");
            c3.call("HSET", "h", "f", "v");
            assertEquals("Map {Bulk \"f\" => Bulk \"v\"}", c3.call("HGETALL", "h").toString());
            c3.call("SADD", "s", "m");
            assertEquals("Set [Bulk \"m\"]", c3.call("SMEMBERS", "s").toString());
            c3.call("ZADD", "z", "1.5", "x");
            assertEquals("Double 1.5", c3.call("ZSCORE", "z", "x").toString());
            assertEquals("Null", c3.call("GET", "missing").toString());
        }
        assertEquals("Push [Bulk \"message\", Bulk \"c\", Bulk \"hi\"]", new RespValue.Array('>',
                List.of(bulk("message"), bulk("c"), bulk("hi"))).toString());
        assertEquals("Bool true", new RespValue.Bool(true).toString());
        assertEquals("Array null", new RespValue.Array('*', null).toString());
    }

    @Test
    void typedAccessorsReadTheRealReplies() {
        redis.call("SET", "counter", "41");
        assertEquals(42, redis.call("INCR", "counter").asLong());
        assertEquals(42, redis.call("GET", "counter").asLong()); // a number sent as a bulk string
        assertEquals("42", redis.call("GET", "counter").asText());
        assertTrue(redis.call("GET", "missing").isNull());
        assertNull(redis.call("GET", "missing").asText());
        redis.call("DEL", "l2", "h2");
        redis.call("RPUSH", "l2", "x", "y");
        assertEquals(List.of("x", "y"), redis.call("LRANGE", "l2", "0", "-1").asStringList());
        redis.call("HSET", "h2", "a", "1", "b", "2");
        Map<String, RespValue> h = redis.call("HGETALL", "h2").asMap(); // RESP2: a flat array, paired up
        assertEquals(List.of("a", "b"), List.copyOf(h.keySet()));
        assertEquals(2, h.get("b").asLong());
        assertTrue(redis.call("EXPIRE", "h2", "100").asBoolean());
        redis.call("ZADD", "z2", "2.5", "m");
        assertEquals(2.5, redis.call("ZSCORE", "z2", "m").asDouble());
        assertEquals(bulk("x"), redis.call("LINDEX", "l2", "0")); // bulk strings compare by content
    }

    @Test
    void anErrorReadAsAValueFailsWithRedissMessage() {
        redis.call("SET", "str", "v");
        RespValue err = redis.call("LPUSH", "str", "x");
        assertTrue(err.isError());
        assertFalse(redis.call("GET", "str").isError());
        assertEquals("WRONGTYPE Operation against a key holding the wrong kind of value", err.errorMessage());
        IllegalStateException e = assertThrows(IllegalStateException.class, err::asLong);
        assertTrue(e.getMessage().contains("WRONGTYPE"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> redis.call("GET", "str").asLong());
        assertThrows(IllegalStateException.class, () -> redis.call("GET", "str").asList());
    }

    private static RespValue bulk(String s) { return new RespValue.Bulk(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)); }
}
