package io.glassbox.eviction;

import io.glassbox.hooks.EngineEvent;
import io.glassbox.hooks.Subscription;
import io.glassbox.resp.RespValue;
import io.glassbox.testkit.Await;
import io.glassbox.testkit.EngineFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** maxmemory at work on an in-process engine with a manual clock: which keys the policies evict. */
@Tag("unit")
class EvictionTest {
    private EngineFixture f;

    @AfterEach
    void stop() { if (f != null) f.close(); }

    private long info(String section, String field) {
        String text = f.call("INFO", section).asText();
        for (String line : text.split("\r\n")) if (line.startsWith(field + ":")) return Long.parseLong(line.substring(field.length() + 1));
        throw new AssertionError(field + " not in INFO " + section);
    }

    private boolean exists(String key) { return ((RespValue.Int) f.call("EXISTS", key)).value() == 1; }

    /** Limits memory to what is used now minus about {@code keys} keys' worth: that many must go. */
    private void squeeze(int keys, String sampleKey) {
        long perKey = ((RespValue.Int) f.call("MEMORY", "USAGE", sampleKey)).value();
        long limit = info("memory", "used_memory") - keys * perKey;
        f.call("CONFIG", "SET", "maxmemory", Long.toString(limit));
    }

    @Test
    void allkeysLruEvictsTheKeysIdleLongestAndKeepsTheRecentlyRead() throws Exception {
        f = EngineFixture.builder().manualClock().start();
        f.call("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
        f.call("CONFIG", "SET", "maxmemory-samples", "10");
        for (int i = 0; i < 300; i++) f.call("SET", "k" + i, "v" + i);
        f.clock().advance(100_000);
        for (int i = 0; i < 50; i++) f.call("GET", "k" + i); // the recent ones
        squeeze(150, "k0");
        f.call("SET", "trigger", "x"); // performEvictions runs before the command
        long evicted = info("stats", "evicted_keys");
        assertTrue(evicted >= 140, "evicted " + evicted);
        for (int i = 0; i < 50; i++) assertTrue(exists("k" + i), "k" + i + " was read 100 s after the others: it stays");
        assertTrue(info("memory", "used_memory") <= info("memory", "maxmemory"));
    }

    @Test
    void allkeysLfuKeepsTheFrequentlyRead() throws Exception {
        f = EngineFixture.builder().manualClock().start();
        f.call("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu");
        f.call("CONFIG", "SET", "maxmemory-samples", "10");
        for (int i = 0; i < 300; i++) f.call("SET", "k" + i, "v" + i);
        for (int round = 0; round < 30; round++) for (int i = 0; i < 30; i++) f.call("GET", "k" + i);
        assertTrue(((RespValue.Int) f.call("OBJECT", "FREQ", "k0")).value() > 5);
        assertEquals(5, ((RespValue.Int) f.call("OBJECT", "FREQ", "k299")).value(), "LFU_INIT_VAL, never read");
        squeeze(150, "k0");
        f.call("SET", "trigger", "x");
        for (int i = 0; i < 30; i++) assertTrue(exists("k" + i), "k" + i + " was read 30 times: it stays");
    }

    @Test
    void anOverwriteUnderLfuKeepsTheCounter() throws Exception {
        f = EngineFixture.builder().manualClock().start();
        f.call("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu");
        f.call("SET", "k", "v");
        f.call("GET", "k"); // 5 -> 6: certain below LFU_INIT_VAL + 1
        f.call("SET", "k", "w");
        long freq = ((RespValue.Int) f.call("OBJECT", "FREQ", "k")).value();
        assertTrue(freq >= 6, "the new value inherits the counter (dbOverwrite), not LFU_INIT_VAL: " + freq);
        f.call("DEL", "k");
        f.call("SET", "k", "v");
        assertEquals(5, ((RespValue.Int) f.call("OBJECT", "FREQ", "k")).value(), "a new key starts at LFU_INIT_VAL");
    }

    @Test
    void anEvictedKeyIsAnnouncedAsEvictedAndItsWatchersSeeIt() throws Exception {
        f = EngineFixture.builder().listening().start();
        f.call("CONFIG", "SET", "notify-keyspace-events", "Ee");
        f.call("CONFIG", "SET", "maxmemory-policy", "allkeys-random");
        f.call("SET", "victim", "v");
        try (io.glassbox.testkit.RawRespClient sub = new io.glassbox.testkit.RawRespClient(f.port());
             io.glassbox.testkit.RawRespClient watcher = new io.glassbox.testkit.RawRespClient(f.port())) {
            sub.call("SUBSCRIBE __keyevent@0__:evicted");
            watcher.call("WATCH victim");
            watcher.call("MULTI");
            watcher.call("GET victim");
            f.call("CONFIG", "SET", "maxmemory", "1"); // the eviction time event starts at once (updateMaxmemory)
            String msg = new String(sub.readReply(), StandardCharsets.UTF_8);
            assertTrue(msg.contains("__keyevent@0__:evicted") && msg.contains("victim"), msg);
            assertEquals("*-1\r\n", new String(watcher.call("EXEC"), StandardCharsets.UTF_8), "signalModifiedKey: the WATCH fails");
        }
        assertEquals(1, info("stats", "evicted_keys"));
    }

    @Test
    void volatileTtlEvictsTheSoonestToExpireAndNeverAKeyWithoutTtl() throws Exception {
        f = EngineFixture.builder().manualClock().start();
        f.call("CONFIG", "SET", "maxmemory-policy", "volatile-ttl");
        for (int i = 0; i < 100; i++) f.call("SET", "plain" + i, "v");
        for (int i = 0; i < 100; i++) f.call("SET", "soon" + i, "v", "EX", "100");
        for (int i = 0; i < 100; i++) f.call("SET", "late" + i, "v", "EX", "100000");
        squeeze(50, "plain0");
        f.call("SET", "trigger", "x");
        for (int i = 0; i < 100; i++) assertTrue(exists("plain" + i), "a key without TTL is never a volatile-* victim");
        int soonLeft = 0, lateLeft = 0;
        for (int i = 0; i < 100; i++) { if (exists("soon" + i)) soonLeft++; if (exists("late" + i)) lateLeft++; }
        assertTrue(soonLeft < lateLeft, "soon left " + soonLeft + ", late left " + lateLeft);
    }

    @Test
    void noevictionRefusesDenyOomCommandsWithRedisErrorAndServesReads() throws Exception {
        f = EngineFixture.start();
        f.call("SET", "k", "v");
        f.call("CONFIG", "SET", "maxmemory", "1");
        RespValue r = f.call("SET", "k2", "v");
        assertInstanceOf(RespValue.Error.class, r);
        assertEquals("OOM command not allowed when used memory > 'maxmemory'.", ((RespValue.Error) r).message());
        assertEquals("v", f.call("GET", "k").asText());
        assertEquals(1, ((RespValue.Int) f.call("DEL", "k")).value(), "DEL is not deny-oom");
        assertEquals(0, info("stats", "evicted_keys"));
    }

    @Test
    void theHooksSeeThePoolAndTheVictims() throws Exception {
        f = EngineFixture.builder().manualClock().start();
        List<EngineEvent> seen = new ArrayList<>();
        Subscription s = f.engine.hooks().subscribe(e -> { synchronized (seen) { seen.add(e); } }, 100_000);
        try {
            f.call("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
            for (int i = 0; i < 100; i++) f.call("SET", "k" + i, "v");
            squeeze(20, "k0");
            f.call("SET", "trigger", "x");
            long evictedKeys = info("stats", "evicted_keys");
            assertTrue(evictedKeys >= 20, "evicted " + evictedKeys);
            // one event per evicted key (delivered on the subscription's thread)
            Await.until("a KeyEvicted event per evicted key", () -> {
                synchronized (seen) { return seen.stream().filter(e -> e instanceof EngineEvent.KeyEvicted).count() == evictedKeys; }
            });
            synchronized (seen) {
                EngineEvent.KeyEvicted k = (EngineEvent.KeyEvicted) seen.stream().filter(e -> e instanceof EngineEvent.KeyEvicted).findFirst().orElseThrow();
                assertEquals("allkeys-lru", k.policy());
                assertTrue(k.bytesFreed() > 0);
                assertEquals(0, ((RespValue.Int) f.call("EXISTS", new String(k.key(), StandardCharsets.UTF_8))).value());
                EngineEvent.EvictionPoolPopulated p = (EngineEvent.EvictionPoolPopulated) seen.stream()
                        .filter(e -> e instanceof EngineEvent.EvictionPoolPopulated).findFirst().orElseThrow();
                long[] scores = p.scores();
                for (int i = 1; i < scores.length; i++) assertTrue(scores[i - 1] <= scores[i], "the pool is sorted ascending");
                assertTrue(seen.stream().anyMatch(e -> e instanceof EngineEvent.EvictionKeySampled));
            }
        } finally {
            s.close();
        }
    }
}
