package io.glassbox.command.generic;

import io.glassbox.db.Keyspace;
import io.glassbox.resp.RespValue;
import io.glassbox.testkit.EngineFixture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static io.glassbox.testkit.EngineFixture.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** OBJECT ENCODING, REFCOUNT, IDLETIME, FREQ, HELP as object.c defines them. */
@Tag("unit")
class ObjectCommandsTest {
    static final String LFU_NOT_SELECTED = "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.";
    static final String LFU_SELECTED = "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.";

    @Test
    void encodingShowsHowAStringIsStored() throws Exception {
        try (EngineFixture e = EngineFixture.builder().commandsOnly().start()) {
            e.call("SET", "n", "12345");
            e.call("SET", "e", "hello");
            e.call("SET", "r", "x".repeat(45));
            e.assertBulk("int", "OBJECT", "ENCODING", "n");
            e.assertBulk("embstr", "OBJECT", "ENCODING", "e");
            e.assertBulk("raw", "OBJECT", "ENCODING", "r");
            e.assertBulk(null, "OBJECT", "ENCODING", "nokey");
        }
    }

    @Test
    void smallIntegersAreSharedExceptACopy() throws Exception {
        try (EngineFixture e = EngineFixture.builder().commandsOnly().start()) {
            e.call("SET", "zero", "0");
            e.call("SET", "max", "9999");
            e.call("SET", "big", "10000");
            e.call("SET", "text", "hello");
            e.assertInt(Integer.MAX_VALUE, "OBJECT", "REFCOUNT", "zero");
            e.assertInt(Integer.MAX_VALUE, "OBJECT", "REFCOUNT", "max");
            e.assertInt(1, "OBJECT", "REFCOUNT", "big");
            e.assertInt(1, "OBJECT", "REFCOUNT", "text");
            e.call("COPY", "zero", "zero2");
            e.assertInt(1, "OBJECT", "REFCOUNT", "zero2"); // dupStringObject allocates
            e.call("INCR", "max");                       // 10000 is not shared: a new object
            e.assertInt(1, "OBJECT", "REFCOUNT", "max");
            e.call("DECR", "big");                       // 9999 is: the shared one
            e.assertInt(Integer.MAX_VALUE, "OBJECT", "REFCOUNT", "big");
        }
    }

    @Test
    void idletimeCountsSecondsSinceTheLastAccess() throws Exception {
        try (EngineFixture e = EngineFixture.builder().commandsOnly().start()) {
            e.call("SET", "k", "v");
            e.clock().advance(12_999);
            e.assertInt(12, "OBJECT", "IDLETIME", "k");
            e.assertInt(12, "OBJECT", "IDLETIME", "k"); // OBJECT itself is not an access
            e.call("GET", "k");
            e.assertInt(0, "OBJECT", "IDLETIME", "k");
            e.assertBulk(null, "OBJECT", "IDLETIME", "nokey");
        }
    }

    /**
     * The LRU clock is 24 bits of seconds and wraps every 194 days; across the wrap Redis's
     * estimateObjectIdleTime adds (LRU_CLOCK_MAX - lru), which is one second short.
     */
    @Test
    void idletimeAcrossTheLruClockWrap() throws Exception {
        long beforeWrap = (long) (Keyspace.LRU_CLOCK_MAX - 4) * 1000; // clock reads MAX-4
        try (EngineFixture e = EngineFixture.builder().commandsOnly().manualClock(beforeWrap).start()) {
            e.call("SET", "k", "v");
            e.clock().advance(10_000); // the clock wrapped: it now reads 5
            e.assertInt(9, "OBJECT", "IDLETIME", "k");
        }
    }

    @Test
    void freqAndIdletimeEachNeedTheirKindOfPolicy() throws Exception {
        try (EngineFixture e = EngineFixture.builder().commandsOnly().start()) {
            e.call("SET", "k", "v");
            e.assertError(LFU_NOT_SELECTED, "OBJECT", "FREQ", "k");
            e.assertBulk(null, "OBJECT", "FREQ", "nokey");
        }
        try (EngineFixture e = EngineFixture.builder().commandsOnly().settings(s -> s.maxmemoryPolicy = "allkeys-lfu").start()) {
            e.call("SET", "k", "v");
            e.assertError(LFU_SELECTED, "OBJECT", "IDLETIME", "k");
            assertEquals(RespValue.Int.class, e.call("OBJECT", "FREQ", "k").getClass());
        }
    }

    @Test
    void helpAndUnknownSubcommands() throws Exception {
        try (EngineFixture e = EngineFixture.builder().commandsOnly().start()) {
            assertEquals("OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                    texts(e.call("OBJECT", "HELP")).get(0));
            e.assertError("ERR unknown subcommand 'FOO'. Try OBJECT HELP.", "OBJECT", "FOO");
            e.assertError("ERR wrong number of arguments for 'object|encoding' command", "OBJECT", "ENCODING");
        }
    }
}
