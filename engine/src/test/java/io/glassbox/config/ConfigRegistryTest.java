package io.glassbox.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** CONFIG GET / CONFIG SET against replies captured from a real redis-server 7.0.15. */
@Tag("unit")
class ConfigRegistryTest {

    /** Settings whose CONFIG GET depends on how the reference server was started (see the resource header). */
    private static final Set<String> RUN_DEPENDENT = Set.of("port", "dir", "save");

    private static Map<String, String> resource(String name) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (InputStream in = ConfigRegistryTest.class.getResourceAsStream("/" + name)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isEmpty() || line.startsWith("#")) continue;
                int tab = line.indexOf('\t');
                m.put(line.substring(0, tab), line.substring(tab + 1));
            }
        }
        return m;
    }

    private static String setError(ConfigRegistry r, String... pairs) {
        return assertThrows(ConfigException.class, () -> r.set(pairs)).getMessage();
    }

    @Test
    void defaultsMatchRealRedisForEverySetting() throws IOException {
        Map<String, String> expected = resource("redis-7.0-config-defaults.txt");
        Map<String, String> actual = new TreeMap<>(ConfigRegistry.createDefault().get("*"));
        assertEquals(expected.keySet(), actual.keySet(), "CONFIG GET * names, aliases included");
        for (String name : expected.keySet()) {
            if (RUN_DEPENDENT.contains(name)) continue;
            assertEquals(expected.get(name), actual.get(name), name);
        }
        assertEquals("6379", actual.get("port"));
        assertEquals("3600 1 300 100 60 10000", actual.get("save"));
    }

    @Test
    void immutableAndProtectedSettingsAreRefusedLikeRealRedis() throws IOException {
        Map<String, String> refusals = resource("redis-7.0-config-set-refusals.txt");
        ConfigRegistry r = ConfigRegistry.createDefault();
        for (String name : r.get("*").keySet()) {
            String value = r.value(name);
            String expected = refusals.get(name);
            if (expected == null) {
                if (name.equals("dir")) continue;
                try {
                    r.set(name, value);
                } catch (ConfigException e) {
                    throw new AssertionError(name + ": " + e.getMessage());
                }
            } else {
                assertEquals(expected, setError(r, name, value), name);
            }
        }
    }

    @Test
    void setErrorsUseRedisTexts() {
        ConfigRegistry r = ConfigRegistry.createDefault();
        assertEquals("ERR Unknown option or number of arguments for CONFIG SET - 'foo'", setError(r, "foo", "bar"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value",
                setError(r, "maxmemory", "abc"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'hz') - argument must be between 0 and 2147483647 inclusive",
                setError(r, "hz", "-1"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'appendonly') - argument must be 'yes' or 'no'",
                setError(r, "appendonly", "maybe"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'maxmemory-policy') - argument(s) must be one of "
                + "the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, "
                + "allkeys-random, noeviction", setError(r, "maxmemory-policy", "foo"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config",
                setError(r, "daemonize", "no"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config",
                setError(r, "dir", "/tmp"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'hz') - duplicate parameter",
                setError(r, "hz", "1", "hz", "2"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'maxmemory-clients') - percentage argument must be less or equal to 100",
                setError(r, "maxmemory-clients", "101%"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'maxmemory-clients') - argument must be a memory or percent value",
                setError(r, "maxmemory-clients", "-5"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'port') - argument couldn't be parsed into an integer",
                setError(r, "port", "abc"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'port') - argument must be between 0 and 65535 inclusive",
                setError(r, "port", "70000"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument must be between 1 and 4294967295 inclusive",
                setError(r, "maxclients", "0"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'proto-max-bulk-len') - argument must be between 1048576 and 9223372036854775807 inclusive",
                setError(r, "proto-max-bulk-len", "1"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'list-max-ziplist-size') - argument couldn't be parsed into an integer",
                setError(r, "list-max-ziplist-size", "abc"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters", setError(r, "save", "0 1"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - Invalid client class specified in buffer limit configuration.",
                setError(r, "client-output-buffer-limit", "foo 1 2 3"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - Wrong number of arguments in buffer limit configuration.",
                setError(r, "client-output-buffer-limit", "normal 1"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - Error in hard, soft or soft_seconds setting in buffer limit configuration.",
                setError(r, "client-output-buffer-limit", "normal 1x 2 3"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'oom-score-adj-values') - wrong number of arguments",
                setError(r, "oom-score-adj-values", "1 2"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'oom-score-adj-values') - Invalid oom-score-adj-values, elements must be between -2000 and 2000.",
                setError(r, "oom-score-adj-values", "1 2 3000"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'notify-keyspace-events') - Invalid event class character. Use 'Ag$lshzxeKEtmdn'.",
                setError(r, "notify-keyspace-events", "Q"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'shutdown-on-sigint') - shutdown options SAVE and NOSAVE can't be used simultaneously",
                setError(r, "shutdown-on-sigint", "save nosave"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'latency-tracking-info-percentiles') - latency-tracking-info-percentiles parameters should sit between [0.0,100.0]",
                setError(r, "latency-tracking-info-percentiles", "101"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'cluster-announce-hostname') - Hostnames may only contain alphanumeric characters, hyphens or dots",
                setError(r, "cluster-announce-hostname", "a_b"));
        /* The first problem in argument order wins, as in configSetCommand(). */
        assertEquals("ERR Unknown option or number of arguments for CONFIG SET - 'foo'", setError(r, "hz", "x", "foo", "bar"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config",
                setError(r, "hz", "x", "daemonize", "yes"));
    }

    @Test
    void valuesAreNormalisedAsRedisShowsThem() throws ConfigException {
        ConfigRegistry r = ConfigRegistry.createDefault();
        r.set("maxmemory", "1mb");
        assertEquals("1048576", r.value("maxmemory"));
        r.set("maxmemory", "1k");
        assertEquals("1000", r.value("maxmemory"));
        r.set("maxmemory", "1GB");
        assertEquals(1L << 30, r.numeric("maxmemory").get());
        r.set("maxmemory", "18446744073709551615");
        assertEquals("18446744073709551615", r.value("maxmemory"));
        r.set("maxmemory-clients", "10%");
        assertEquals("10%", r.value("maxmemory-clients"));
        assertTrue(r.numeric("maxmemory-clients").isPercent());
        r.set("hz", "600");
        assertEquals("500", r.value("hz"));
        r.set("hz", "0");
        assertEquals(1, r.numeric("hz").getInt());
        r.set("loglevel", "WARNING");
        assertEquals("warning", r.value("loglevel"));
        r.set("notify-keyspace-events", "KEA");
        assertEquals("AKE", r.value("notify-keyspace-events"));
        r.set("notify-keyspace-events", "AKEtmdn");
        assertEquals("AKEm", r.value("notify-keyspace-events"));
        r.set("shutdown-on-sigint", "now save");
        assertEquals("save now", r.value("shutdown-on-sigint"));
        r.set("client-output-buffer-limit", "normal 1mb 2kb 3 replica 1 1 1");
        assertEquals("normal 1048576 2048 3 slave 1 1 1 pubsub 33554432 8388608 60", r.value("client-output-buffer-limit"));
        r.set("save", "100 0 50 2");
        assertEquals("100 0 50 2", r.value("save"));
        r.set("save", "");
        assertEquals("", r.value("save"));
        r.set("latency-tracking-info-percentiles", "50.5 99 100");
        assertEquals("50.5 99 100", r.value("latency-tracking-info-percentiles"));
    }

    @Test
    void setIsAtomicAndRollsBackOnFailure() throws ConfigException {
        ConfigRegistry r = ConfigRegistry.createDefault();
        setError(r, "maxmemory", "5mb", "hz", "x");
        assertEquals("0", r.value("maxmemory"), "the valid first pair was rolled back");

        AtomicInteger applied = new AtomicInteger();
        ConfigApply portApply = () -> {
            applied.incrementAndGet();
            if (r.numeric("port").getInt() == 1) throw new ConfigValueException("Unable to listen on this port. Check server logs.");
        };
        r.onChange("port", portApply);
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on this port. Check server logs.",
                setError(r, "timeout", "7", "port", "1"));
        assertEquals("0", r.value("timeout"));
        assertEquals("6379", r.value("port"));
        assertEquals(2, applied.get(), "applied once for the change, once after restoring");

        r.set("port", "6379");
        assertEquals(2, applied.get(), "no apply when the value did not change");
    }

    @Test
    void aliasesShareTheValueButAreDistinctNames() throws ConfigException {
        ConfigRegistry r = ConfigRegistry.createDefault();
        r.set("hz", "1", "hash-max-ziplist-entries", "3", "hash-max-listpack-entries", "4");
        assertEquals(Map.of("hash-max-ziplist-entries", "4"), r.get("hash-max-ziplist-entries"));
        assertEquals(4, r.numeric("hash-max-listpack-entries").get());
    }

    @Test
    void getTakesSeveralPatternsAndAnswersExactNamesAsGiven() {
        ConfigRegistry r = ConfigRegistry.createDefault();
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("LOGLEVEL", "notice");
        assertEquals(expected, r.get("LOGLEVEL"));
        assertEquals(Map.of("hz", "10"), r.get("hz", "hz", "h?"));
        assertEquals(Set.of("slaveof", "slave-lazy-flush", "slave-read-only", "slave-serve-stale-data", "slave-announce-ip",
                "slave-announce-port", "slave-ignore-maxmemory", "slave-priority"), r.get("slave*").keySet());
        assertEquals(Map.of("watchdog-period", "0"), r.get("watchdog-period"), "hidden: exact name only");
        assertFalse(r.get("*").containsKey("watchdog-period"));
        assertEquals(Map.of(), r.get("nosuch"));
    }

    @Test
    void protectedConfigsFollowEnableProtectedConfigs() throws Exception {
        ConfigRegistry r = ConfigRegistry.createDefault();
        ConfigLoader.loadFromString(r, "enable-protected-configs local\n");
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'dbfilename') - can't set protected config",
                assertThrows(ConfigException.class,
                        () -> r.set(List.of("dbfilename".getBytes(), "x.rdb".getBytes()), false)).getMessage());
        r.set(List.of("dbfilename".getBytes(), "x.rdb".getBytes()), true);
        assertEquals("x.rdb", r.string("dbfilename").get());
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'dbfilename') - dbfilename can't be a path, just a filename",
                setError(r, "dbfilename", "a/b"));
    }

    @Test
    void denyLoadingConfigsAnswerLoading() {
        ConfigRegistry r = ConfigRegistry.createDefault();
        r.setLoading(true);
        assertEquals("LOADING Redis is loading the dataset in memory", setError(r, "appendonly", "yes"));
    }
}
