package io.glassbox.command.list;

import io.glassbox.db.RedisObject;
import io.glassbox.ds.quicklist.Quicklist;
import io.glassbox.resp.RespValue;
import io.glassbox.testkit.EngineFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.glassbox.testkit.EngineFixture.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The list commands through an in-process engine: what the differential script cannot see. */
@Tag("unit")
class ListCommandsTest {
    final EngineFixture f;

    ListCommandsTest() throws Exception { f = EngineFixture.builder().manualClock().start(); }

    @AfterEach
    void close() { f.close(); }

    private Quicklist quicklist(String key) {
        return f.onLoop(() -> {
            RedisObject o = f.engine.server().keyspace().db(0).lookupKey(key.getBytes(), true);
            return o == null ? null : (Quicklist) o.value;
        });
    }

    @Test
    void everyListIsAQuicklistIn70() {
        f.call("RPUSH", "l", "a");
        assertEquals("quicklist", f.call("OBJECT", "ENCODING", "l").asText());
    }

    @Test
    void resp3NullForms() {
        f.call("HELLO", "3");
        assertInstanceOf(RespValue.Null.class, f.call("LPOP", "nokey"));
        assertInstanceOf(RespValue.Null.class, f.call("LPOP", "nokey", "2"));
        assertInstanceOf(RespValue.Null.class, f.call("LMPOP", "1", "nokey", "LEFT"));
        assertInstanceOf(RespValue.Null.class, f.call("LINDEX", "nokey", "0"));
        f.call("RPUSH", "l", "a");
        assertEquals(List.of(), texts(f.call("LPOP", "l", "0")));
        assertInstanceOf(RespValue.Null.class, f.call("LPOS", "l", "zz"));
    }

    @Test
    void emptiedListsAreDeletedAndWritesCounted() {
        long d0 = f.dirty();
        f.call("RPUSH", "l", "a", "b", "c");
        assertEquals(d0 + 3, f.dirty());
        f.call("LPOP", "l", "3");
        assertEquals(d0 + 6, f.dirty());
        assertEquals(0, ((RespValue.Int) f.call("EXISTS", "l")).value());
        f.call("RPUSH", "l", "a", "b", "a");
        f.call("LREM", "l", "0", "a");
        f.call("LREM", "l", "0", "b");
        assertEquals(0, ((RespValue.Int) f.call("EXISTS", "l")).value());
        f.call("RPUSH", "l", "a");
        f.call("LMOVE", "l", "m", "LEFT", "LEFT");
        assertEquals(0, ((RespValue.Int) f.call("EXISTS", "l")).value());
    }

    @Test
    void optionsAreFixedWhenTheListIsCreated() {
        f.call("CONFIG", "SET", "list-max-listpack-size", "3");
        f.call("CONFIG", "SET", "list-compress-depth", "1");
        f.call("RPUSH", "old", "1");
        f.call("CONFIG", "SET", "list-max-listpack-size", "-2");
        f.call("CONFIG", "SET", "list-compress-depth", "0");
        for (int i = 2; i <= 9; i++) f.call("RPUSH", "old", "" + i);
        Quicklist q = quicklist("old");
        assertEquals(3, q.fill());
        assertEquals(1, q.compressDepth());
        assertEquals(3, q.nodeCount());
        f.call("RPUSH", "new", "1");
        assertEquals(-2, quicklist("new").fill());
    }

    @Test
    void copyDuplicatesTheQuicklist() {
        f.call("RPUSH", "l", "a", "b");
        assertEquals(1, ((RespValue.Int) f.call("COPY", "l", "c")).value());
        f.call("RPUSH", "c", "z");
        assertEquals(List.of("a", "b"), texts(f.call("LRANGE", "l", "0", "-1")));
        assertEquals(List.of("a", "b", "z"), texts(f.call("LRANGE", "c", "0", "-1")));
        assertNotSame(quicklist("l"), quicklist("c"));
    }

    @Test
    void compressedMiddleNodesAreReadAndWritten() {
        f.call("CONFIG", "SET", "list-max-listpack-size", "4");
        f.call("CONFIG", "SET", "list-compress-depth", "1");
        for (int i = 0; i < 40; i++) f.call("RPUSH", "q", String.format("element-number-%03d-padding-padding", i));
        Quicklist q = quicklist("q");
        long compressed = q.snapshot().nodes().stream().filter(Quicklist.NodeSnapshot::compressed).count();
        assertEquals(8, compressed);
        assertEquals("element-number-017-padding-padding", f.call("LINDEX", "q", "17").asText());
        f.call("LSET", "q", "17", "x");
        assertEquals(List.of("element-number-016-padding-padding", "x"), texts(f.call("LRANGE", "q", "16", "17")));
        // after the read and the write, inner nodes are compressed again
        assertTrue(quicklist("q").snapshot().nodes().get(4).compressed());
        assertFalse(quicklist("q").snapshot().nodes().get(0).compressed());
    }
}
