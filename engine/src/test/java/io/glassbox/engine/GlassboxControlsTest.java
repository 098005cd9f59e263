package io.glassbox.engine;

import io.glassbox.resp.RespValue;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The test-facing controls of {@link Glassbox}: a virtual clock, the cron run by hand, one active
 * expire cycle, a rehash stepped bucket by bucket, an object's encoding; and the in-process
 * replicated group. Nothing here sleeps: each assertion follows from a control the test pressed.
 */
@Tag("unit")
class GlassboxControlsTest {
    @Test
    void aKeyIsExpiredByTheActiveCycleNotByARead() {
        try (Glassbox redis = Glassbox.builder().noPort().virtualClock().manualCron().start()) {
            redis.call("SET", "session", "x", "PX", "1000");
            redis.call("SET", "kept", "y");
            redis.advanceClock(Duration.ofSeconds(2));
            // DBSIZE reads no key, so nothing expired it lazily: the expired key is still counted
            assertEquals(2, redis.call("DBSIZE").asLong());
            assertEquals(1, redis.activeExpireCycle());
            assertEquals(1, redis.call("DBSIZE").asLong());
            assertTrue(redis.call("INFO", "stats").asText().contains("expired_keys:1\r\n"));
            assertEquals(0, redis.activeExpireCycle());
        }
    }

    @Test
    void aTickRunsTheCronThatACronHeldServerNeverRunsByItself() {
        try (Glassbox redis = Glassbox.builder().noPort().virtualClock().manualCron().start()) {
            redis.call("SET", "k", "v", "EX", "10");
            redis.advanceClock(Duration.ofSeconds(9));
            long before = redis.tick();
            assertEquals(1, redis.call("DBSIZE").asLong()); // not yet: one second left
            assertEquals(1_000, redis.call("PTTL", "k").asLong()); // time stood still since the advance
            redis.advanceClock(Duration.ofSeconds(2));
            assertEquals(1, redis.call("DBSIZE").asLong()); // the cron is held: nothing ran
            long after = redis.tick();
            assertTrue(after > before, before + " -> " + after);
            assertEquals(0, redis.call("DBSIZE").asLong()); // serverCron's slow expire cycle took it
        }
    }

    @Test
    void theVirtualClockDrivesIdleTimeAndLfuDecay() {
        try (Glassbox redis = Glassbox.builder().noPort().virtualClock().config("maxmemory-policy", "allkeys-lfu").start()) {
            redis.call("SET", "f", "v");
            assertEquals(5, redis.call("OBJECT", "FREQ", "f").asLong()); // LFU_INIT_VAL
            redis.advanceClock(Duration.ofMinutes(3)); // lfu-decay-time 1: one off per minute
            assertEquals(2, redis.call("OBJECT", "FREQ", "f").asLong());
        }
        try (Glassbox redis = Glassbox.builder().noPort().start()) {
            assertThrows(IllegalStateException.class, () -> redis.advanceClock(Duration.ofSeconds(1)));
        }
    }

    @Test
    void aRehashIsSteppedBucketByBucket() {
        try (Glassbox redis = Glassbox.builder().noPort().manualCron().config("enable-debug-command", "yes").start()) {
            assertEquals(-1, redis.rehashIndex(0));
            int keys = 0;
            // until a resize has just begun (index 0) from a table of 128 buckets: steps enough to watch
            while ((keys < 100 || redis.rehashIndex(0) != 0) && keys < 1000) redis.call("SET", "key:" + keys++, "v");
            assertTrue(keys < 1000, "no SET started a rehash");
            int index = redis.rehashIndex(0);
            assertTrue(redis.call("DEBUG", "HTSTATS", "0").asText().contains("rehashing target"),
                    "DEBUG HTSTATS shows both tables mid-rehash");
            int steps = 0;
            while (redis.rehashStep(0, 1)) {
                int next = redis.rehashIndex(0);
                assertTrue(next > index, index + " -> " + next);
                index = next;
                steps++;
            }
            assertEquals(-1, redis.rehashIndex(0));
            assertTrue(steps >= 2, "the rehash was over after " + steps + " steps");
            assertFalse(redis.rehashStep(0, 1));
            assertEquals(keys, redis.call("DBSIZE").asLong());
        }
    }

    @Test
    void encodingsConvertAtRedissThresholds() {
        try (Glassbox redis = Glassbox.builder().noPort().config("hash-max-listpack-entries", "4").start()) {
            for (int i = 0; i < 4; i++) redis.call("HSET", "h", "f" + i, "v");
            assertEquals("listpack", redis.encoding("h"));
            redis.call("HSET", "h", "f4", "v");
            assertEquals("hashtable", redis.encoding("h"));
            redis.call("SET", "n", "12345");
            assertEquals("int", redis.encoding("n"));
            assertNull(redis.encoding("missing"));
        }
    }

    @Test
    void aPausedLoopRefusesATickAndStepsInstead() {
        try (Glassbox redis = Glassbox.builder().noPort().start()) {
            redis.engine().controls().pause();
            assertThrows(IllegalStateException.class, redis::tick);
            redis.engine().controls().resume();
            assertTrue(redis.tick() > 0);
        }
    }

    @Test
    void aReplicatedGroupCopiesTheMastersWrites() {
        try (ReplicatedGlassbox group = Glassbox.replicated(2)) {
            group.master().call("SET", "k", "v");
            group.master().call("RPUSH", "l", "a", "b");
            group.awaitReplication();
            for (Glassbox replica : group.replicas()) {
                assertEquals(new RespValue.Bulk("v".getBytes()), replica.call("GET", "k"));
                assertEquals(2, replica.call("LLEN", "l").asLong());
                assertEquals("READONLY You can't write against a read only replica.", replica.call("SET", "x", "1").errorMessage());
            }
            assertTrue(group.master().call("INFO", "replication").asText().contains("connected_slaves:2"));
        }
    }
}
