package io.glassbox.command.generic;

import io.glassbox.engine.LocalClient;
import io.glassbox.resp.RespValue;
import io.glassbox.testkit.EngineFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** FLUSHDB, FLUSHALL, SWAPDB as db.c defines them. */
@Tag("unit")
class DatabaseCommandsTest {
    private EngineFixture e;

    @BeforeEach
    void start() throws Exception { e = EngineFixture.builder().commandsOnly().start(); }

    @AfterEach
    void stop() { e.close(); }

    @Test
    void flushdbEmptiesOnlyTheSelectedDatabaseAndCountsTheKeysAsWrites() {
        e.call("SET", "a", "1");
        e.call("SET", "b", "2", "EX", "100");
        e.call("SELECT", "1");
        e.call("SET", "c", "3");
        e.call("SELECT", "0");
        long dirty = e.dirty();
        e.assertOk("FLUSHDB");
        assertEquals(dirty + 2, e.dirty());
        assertEquals(0L, e.onLoop(() -> e.db(0).size() + e.db(0).expiresSize()));
        assertEquals(1L, e.onLoop(() -> e.db(1).size()));
        e.assertOk("FLUSHDB", "ASYNC");
        e.assertOk("FLUSHDB", "sync");
        e.assertError("ERR syntax error", "FLUSHDB", "NOW");
    }

    @Test
    void flushallEmptiesEveryDatabase() {
        e.call("SET", "a", "1");
        e.call("SELECT", "15");
        e.call("SET", "z", "1");
        e.assertOk("FLUSHALL", "ASYNC");
        assertEquals(0L, e.onLoop(() -> e.engine.server().keyspace().totalKeys()));
        e.assertError("ERR syntax error", "FLUSHALL", "ASYNC", "SYNC");
    }

    @Test
    void swapdbExchangesContentsUnderClientsThatStayOnTheirNumber() {
        LocalClient other = e.engine.newClient();
        other.call("SELECT", "1");
        e.call("SET", "k", "from0", "EX", "100");
        other.call("SET", "k", "from1");
        e.assertOk("SWAPDB", "0", "1");
        e.assertBulk("from1", "GET", "k");
        e.assertInt(-1, "TTL", "k");
        assertEquals("from0", other.call("GET", "k").asText());
        assertEquals(new RespValue.Int(100), other.call("TTL", "k"));
        e.assertOk("SWAPDB", "0", "0");
        e.assertError("ERR DB index is out of range", "SWAPDB", "0", "16");
        e.assertError("ERR invalid first DB index", "SWAPDB", "x", "0");
        e.assertError("ERR invalid second DB index", "SWAPDB", "0", "99999999999");
    }
}
