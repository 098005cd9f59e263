package io.glassbox.diff;

import io.glassbox.testkit.RawRespClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The memory replies whose numbers are Glassbox's own (the JVM's sizes, docs/memory.md) but whose
 * shape is Redis's: INFO memory's fields in 7.0's order, INFO stats' eviction fields, MEMORY STATS'
 * keys, MEMORY USAGE's integer for every type and encoding.
 */
@Tag("differential")
class MemoryDifferentialTest extends AgainstRealRedis {
    private static String text(byte[] reply) { return new String(reply, StandardCharsets.UTF_8); }

    /** The field names of an INFO reply, in order. */
    private static List<String> fields(String info) {
        List<String> out = new ArrayList<>();
        for (String line : info.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#") && !line.startsWith("$") && !line.startsWith("=")) out.add(line.substring(0, colon).replaceFirst("^txt:", ""));
        }
        return out;
    }

    @Test
    void infoMemoryHasRedisFieldsInRedisOrder() throws Exception {
        List<String> real, ours;
        try (RawRespClient r = new RawRespClient(redis.port()); RawRespClient g = new RawRespClient(glassbox.port())) {
            real = fields(text(r.call("INFO memory")));
            ours = fields(text(g.call("INFO memory")));
        }
        for (String must : List.of("used_memory", "used_memory_human", "used_memory_rss", "used_memory_peak", "used_memory_peak_perc",
                "used_memory_overhead", "used_memory_startup", "used_memory_dataset", "used_memory_dataset_perc", "maxmemory",
                "maxmemory_human", "maxmemory_policy", "mem_fragmentation_ratio", "mem_not_counted_for_evict",
                "mem_clients_slaves", "mem_clients_normal", "mem_allocator")) {
            assertTrue(ours.contains(must), must + " missing from " + ours);
        }
        // every field of ours is Redis's, and they come in Redis's order
        int at = 0;
        for (String f : ours) {
            int i = real.indexOf(f);
            assertTrue(i >= 0, f + " is not a Redis 7.0 INFO memory field");
            assertTrue(i >= at, f + " out of Redis's order");
            at = i;
        }
    }

    @Test
    void infoStatsHasTheEvictionFieldsInRedisOrder() throws Exception {
        List<String> real, ours;
        try (RawRespClient r = new RawRespClient(redis.port()); RawRespClient g = new RawRespClient(glassbox.port())) {
            real = fields(text(r.call("INFO stats")));
            ours = fields(text(g.call("INFO stats")));
        }
        List<String> eviction = List.of("evicted_keys", "evicted_clients", "total_eviction_exceeded_time", "current_eviction_exceeded_time");
        List<String> realOrder = real.stream().filter(eviction::contains).toList();
        assertEquals(realOrder, ours.stream().filter(eviction::contains).toList());
        assertEquals(real.indexOf("evicted_keys") - real.indexOf("expire_cycle_cpu_milliseconds"),
                ours.indexOf("evicted_keys") - ours.indexOf("expire_cycle_cpu_milliseconds"), "evicted_keys follows the expire fields");
    }

    /** MEMORY STATS's keys, in order (RESP2: a flat array of name, value; db.N nested). */
    private static List<String> statsKeys(byte[] reply) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\\$\\d+\r\n([a-z][a-z0-9.\\-]*)\r\n").matcher(text(reply));
        while (m.find()) out.add(m.group(1));
        return out;
    }

    @Test
    void memoryStatsHasRedisKeysInRedisOrder() throws Exception {
        String setup = "SET s v";
        try (RawRespClient r = new RawRespClient(redis.port()); RawRespClient g = new RawRespClient(glassbox.port())) {
            r.call(setup);
            g.call(setup);
            assertEquals(statsKeys(r.call("MEMORY STATS")), statsKeys(g.call("MEMORY STATS")));
            r.call("DEL s");
            g.call("DEL s");
        }
    }

    @Test
    void memoryUsageAnswersAnIntegerForEveryTypeAndEncoding() throws Exception {
        String[] setup = {"SET str hello", "SET int 12345", "SET raw " + "x".repeat(100), "RPUSH list a b c",
                "HSET hlp f v", "HSET hht " + "f".repeat(100) + " v", "SADD sint 1 2 3", "SADD sht a b c",
                "ZADD zlp 1 a", "ZADD zsl 1 " + "m".repeat(100), "XADD st * f v"};
        String[] keys = {"str", "int", "raw", "list", "hlp", "hht", "sint", "sht", "zlp", "zsl", "st"};
        try (RawRespClient r = new RawRespClient(redis.port()); RawRespClient g = new RawRespClient(glassbox.port())) {
            for (String s : setup) { r.call(s); g.call(s); }
            for (String k : keys) {
                for (String cmd : List.of("MEMORY USAGE " + k, "MEMORY USAGE " + k + " SAMPLES 0", "OBJECT ENCODING " + k)) {
                    String real = text(r.call(cmd)), ours = text(g.call(cmd));
                    if (cmd.startsWith("OBJECT")) assertEquals(real, ours, cmd);
                    else {
                        assertTrue(real.startsWith(":") && ours.startsWith(":"), cmd + ": " + real.trim() + " / " + ours.trim());
                        long size = Long.parseLong(ours.substring(1).trim());
                        assertTrue(size >= 56, cmd + " counts the key, its entry and the object: " + size);
                    }
                }
            }
            for (String k : keys) { r.call("DEL " + k); g.call("DEL " + k); }
        }
    }
}
