package io.glassbox.diff;

import io.glassbox.testkit.Await;
import io.glassbox.testkit.RawRespClient;
import io.glassbox.testkit.ReplyComparer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lazy free and the latency monitor against redis-server 7.0.15: UNLINK and FLUSH* ASYNC replies,
 * the settings as CONFIG GET shows them, every LATENCY reply that does not depend on timing byte
 * for byte, and the shapes of those that do (INFO latencystats, LATENCY HISTOGRAM).
 */
@Tag("differential")
class LazyFreeLatencyDifferentialTest extends AgainstRealRedis {

    private static String[] bigSadd(String key, int n) {
        String[] a = new String[n + 2];
        a[0] = "SADD"; a[1] = key;
        for (int i = 0; i < n; i++) a[i + 2] = "m" + i;
        return a;
    }

    @Test
    void unlinkAndAsyncFlushesReplyAsRedis() throws Exception {
        try (ReplyComparer cmp = new ReplyComparer(redis.port(), glassbox.port())) {
            cmp.send((Object[]) bigSadd("big", 1000));
            cmp.send("SET", "a", "1");
            cmp.send("RPUSH", "l", "x", "y");
            cmp.send("UNLINK", "big", "a", "missing", "a");
            cmp.send("UNLINK");
            cmp.send("EXISTS", "big", "a");
            cmp.send("CONFIG", "SET", "lazyfree-lazy-user-del", "yes");
            cmp.send((Object[]) bigSadd("big2", 500));
            cmp.send("DEL", "big2", "l");
            cmp.send("CONFIG", "SET", "lazyfree-lazy-user-del", "no");
            cmp.send("MSET", "k1", "v", "k2", "v");
            cmp.send("FLUSHDB", "ASYNC");
            cmp.send("DBSIZE");
            cmp.send("SET", "k1", "after");
            cmp.send("GET", "k1");
            cmp.send("FLUSHALL", "ASYNC");
            cmp.send("DBSIZE");
            cmp.send("FLUSHALL", "SYNC");
            cmp.send("FLUSHALL", "LAZY");
            cmp.send("FLUSHALL", "ASYNC", "SYNC");
            cmp.send("FLUSHDB", "async");
            cmp.send("CONFIG", "SET", "lazyfree-lazy-user-flush", "yes");
            cmp.send("SET", "x", "1");
            cmp.send("FLUSHALL");
            cmp.send("GET", "x");
            cmp.send("CONFIG", "SET", "lazyfree-lazy-user-flush", "no");
            cmp.send("CONFIG", "SET", "lazyfree-lazy-eviction", "maybe");
        }
    }

    @Test
    void theSettingsAreRedisOnes() throws Exception {
        try (ReplyComparer cmp = new ReplyComparer(redis.port(), glassbox.port())) {
            for (String name : List.of("lazyfree-lazy-eviction", "lazyfree-lazy-expire", "lazyfree-lazy-server-del",
                    "lazyfree-lazy-user-del", "lazyfree-lazy-user-flush", "replica-lazy-flush", "slave-lazy-flush",
                    "latency-monitor-threshold", "latency-tracking", "latency-tracking-info-percentiles")) {
                cmp.send("CONFIG", "GET", name);
            }
            cmp.send("CONFIG", "SET", "latency-monitor-threshold", "-1");
            cmp.send("CONFIG", "SET", "latency-monitor-threshold", "abc");
            cmp.send("CONFIG", "SET", "latency-tracking-info-percentiles", "10 50 a");
            cmp.send("CONFIG", "SET", "latency-tracking-info-percentiles", "10 101");
            cmp.send("CONFIG", "SET", "replica-lazy-flush", "yes");
            cmp.send("CONFIG", "GET", "replica-lazy-flush");
            cmp.send("CONFIG", "SET", "replica-lazy-flush", "no");
        }
    }

    @Test
    void latencySubcommandsAndTheirErrorsAreRedisOnes() throws Exception {
        try (ReplyComparer cmp = new ReplyComparer(redis.port(), glassbox.port())) {
            cmp.send("CONFIG", "SET", "latency-monitor-threshold", "0");
            cmp.send("LATENCY", "RESET");
            cmp.send("LATENCY", "HELP");
            cmp.send("latency", "help");
            cmp.send("LATENCY", "HELP", "xxx");
            cmp.send("LATENCY");
            cmp.send("LATENCY", "foo");
            cmp.send("LATENCY", "LATEST");
            cmp.send("LATENCY", "LATEST", "extra");
            cmp.send("LATENCY", "HISTORY");
            cmp.send("LATENCY", "HISTORY", "command");
            cmp.send("LATENCY", "HISTORY", "a", "b");
            cmp.send("LATENCY", "GRAPH", "command");
            cmp.send("LATENCY", "GRAPH");
            cmp.send("LATENCY", "RESET", "blabla", "command");
            cmp.send("LATENCY", "DOCTOR");
            cmp.send("LATENCY", "DOCTOR", "now");
            cmp.send("LATENCY", "HISTOGRAM", "blabla");
            cmp.send("LATENCY", "HISTOGRAM", "blabla", "nosuch|cmd");
            cmp.flush();
            cmp.both("HELLO 3"); // (the client ids in HELLO's reply differ)
            cmp.send("LATENCY", "DOCTOR");
            cmp.send("LATENCY", "LATEST");
            cmp.send("LATENCY", "HISTOGRAM", "blabla");
            cmp.flush();
            cmp.both("HELLO 2");
        }
    }

    /** The sample a DEBUG SLEEP leaves: LATEST and HISTORY have Redis's shapes, with the same values where they are ours to fix. */
    @Test
    void aSlowCommandIsSampledAsInRedis() throws Exception {
        List<String> shapes = new ArrayList<>();
        for (int port : new int[] {redis.port(), glassbox.port()}) {
            try (RawRespClient c = new RawRespClient(port)) {
                c.call("LATENCY RESET");
                c.call("CONFIG SET latency-monitor-threshold 50");
                c.call("DEBUG SLEEP 0.12");
                String latest = text(c.call("LATENCY LATEST"));
                String history = text(c.call("LATENCY HISTORY command"));
                String graph = text(c.call("LATENCY GRAPH command"));
                c.call("CONFIG SET latency-monitor-threshold 0");
                c.call("LATENCY RESET");
                shapes.add(latest.replaceAll(":\\d+", ":N") + "|" + history.replaceAll(":\\d+", ":N")
                        + "|" + graph.replaceAll("\\d+", "N").replaceAll("(?s)-{80}.*", "RULE"));
                assertTrue(latest.startsWith("*1\r\n*4\r\n$7\r\ncommand\r\n"), latest);
            }
        }
        assertEquals(shapes.get(0), shapes.get(1));
    }

    @Test
    void infoLatencystatsAndHistogramHaveRedisShape() throws Exception {
        List<TreeSet<String>> infos = new ArrayList<>();
        List<String> histos = new ArrayList<>();
        for (int port : new int[] {redis.port(), glassbox.port()}) {
            try (RawRespClient c = new RawRespClient(port)) {
                c.call("CONFIG SET latency-tracking yes");
                c.call("CONFIG SET latency-tracking-info-percentiles \"50 99 99.9\"");
                c.call("CONFIG RESETSTAT");
                c.call("SET a b");
                c.call("GET a");
                c.call("CLIENT ID");
                String info = text(c.call("INFO latencystats"));
                TreeSet<String> lines = new TreeSet<>();
                for (String l : info.split("\r\n")) {
                    if (!l.startsWith("$")) lines.add(l.replaceAll("=\\d+\\.\\d{3}", "=F")); // (the bulk length varies with the figures)
                }
                infos.add(lines);
                histos.add(text(c.call("LATENCY HISTOGRAM set client")).replaceAll(":\\d+\r\n", ":N\r\n")
                        .replaceAll("\\*\\d+\r\n(:N\r\n)+", "BUCKETS"));
                c.call("CONFIG SET latency-tracking-info-percentiles \"\"");
                assertTrue(text(c.call("INFO latencystats")).contains("latency_percentiles_usec_set:\r\n"));
                c.call("CONFIG SET latency-tracking-info-percentiles \"50 99 99.9\"");
            }
        }
        assertEquals(infos.get(0), infos.get(1));
        assertTrue(infos.get(0).contains("latency_percentiles_usec_set:p50=F,p99=F,p99.9=F"), infos.get(0).toString());
        assertEquals(histos.get(0), histos.get(1));
    }

    @Test
    void infoMemoryHasTheLazyfreeCounters() throws Exception {
        for (int port : new int[] {redis.port(), glassbox.port()}) {
            try (RawRespClient c = new RawRespClient(port)) {
                c.call("CONFIG RESETSTAT");
                List<byte[]> sadd = new ArrayList<>();
                for (String s : bigSadd("big", 1000)) sadd.add(s.getBytes(StandardCharsets.UTF_8));
                c.call(sadd);
                c.call("UNLINK big");
                Await.until("the lazy free of port " + port, () -> {
                    try { return text(c.call("INFO memory")).contains("lazyfree_pending_objects:0\r\n"); }
                    catch (java.io.IOException e) { throw new java.io.UncheckedIOException(e); }
                });
                String mem = text(c.call("INFO memory"));
                assertTrue(mem.contains("lazyfreed_objects:1\r\n"), port + ": " + mem);
                assertFalse(mem.contains("lazyfreed_objects:0\r\n"));
            }
        }
    }

    private static String text(byte[] reply) { return new String(reply, StandardCharsets.UTF_8); }
}
