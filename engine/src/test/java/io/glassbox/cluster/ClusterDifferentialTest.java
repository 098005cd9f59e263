package io.glassbox.cluster;

import io.glassbox.engine.Engine;
import io.glassbox.testkit.Args;
import io.glassbox.testkit.Ports;
import io.glassbox.testkit.RawRespClient;
import io.glassbox.testkit.RealRedis;
import io.glassbox.testkit.ReplyComparer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A one-node cluster of each kind, every slot added (redis-server --cluster-enabled yes, and a
 * Glassbox engine started the same way), sent the same commands: KEYSLOT, the slot index, the
 * CLUSTER subcommands' replies and errors, CROSSSLOT, CLUSTERDOWN, SELECT/MOVE/SWAPDB refused,
 * INFO's cluster fields, nodes.conf's shape.
 */
@Tag("differential")
class ClusterDifferentialTest {
    static RealRedis redis;
    static Engine glassbox;
    static Path gbDir;

    @BeforeAll
    static void start() throws Exception {
        redis = RealRedis.start(Ports.freeClusterPort(), Files.createTempDirectory("cluster-oracle"), "--cluster-enabled", "yes");
        gbDir = Files.createTempDirectory("cluster-gb");
        glassbox = Engine.start("--port", String.valueOf(Ports.freeClusterPort()), "--bind", "127.0.0.1", "--save", "",
                "--cluster-enabled", "yes", "--dir", gbDir.toString(), "--enable-debug-command", "yes");
        for (int port : new int[] {redis.port(), glassbox.port()}) {
            try (RawRespClient c = new RawRespClient(port)) {
                c.call(Args.argv("CLUSTER", "ADDSLOTSRANGE", "0", "16383"));
            }
        }
        awaitOk(redis.port());
        awaitOk(glassbox.port());
    }

    /** cluster_state:ok comes CLUSTER_WRITABLE_DELAY (2 s) after start on both. */
    static void awaitOk(int port) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        try (RawRespClient c = new RawRespClient(port)) {
            while (System.currentTimeMillis() < deadline) {
                if (new String(c.call(Args.argv("CLUSTER", "INFO")), StandardCharsets.UTF_8).contains("cluster_state:ok")) return;
                Thread.sleep(100);
            }
        }
        throw new AssertionError("cluster_state never ok on " + port);
    }

    @AfterAll
    static void stop() {
        if (glassbox != null) glassbox.close();
        if (redis != null) redis.close();
    }

    @Test
    void keySlotsAndTheSlotIndexMatch() throws Exception {
        try (ReplyComparer cmp = new ReplyComparer(redis.port(), glassbox.port())) {
            for (String k : new String[] {"foo", "", "{user1000}.following", "a{}b", "{{x}}", "foo{bar}{zap}", "{", "}{", "\u00e9t\u00e9"}) {
                cmp.send("CLUSTER", "KEYSLOT", k);
            }
            cmp.send("CLUSTER", "COUNTKEYSINSLOT", "12182");
            cmp.send("SET", "foo", "1");
            cmp.send("SET", "{foo}2", "2");
            cmp.send("CLUSTER", "COUNTKEYSINSLOT", "12182");
            cmp.send("CLUSTER", "GETKEYSINSLOT", "12182", "1");
            cmp.send("CLUSTER", "GETKEYSINSLOT", "12182", "0");
            cmp.send("DEL", "{foo}2");
            cmp.send("CLUSTER", "GETKEYSINSLOT", "12182", "10");
            cmp.send("CLUSTER", "COUNTKEYSINSLOT", "12182");
            cmp.send("RENAME", "foo", "{foo}3");
            cmp.send("CLUSTER", "GETKEYSINSLOT", "12182", "10");
            cmp.send("CLUSTER", "COUNTKEYSINSLOT", "16384");
            cmp.send("CLUSTER", "COUNTKEYSINSLOT", "-1");
            cmp.send("CLUSTER", "COUNTKEYSINSLOT", "x");
            cmp.send("CLUSTER", "GETKEYSINSLOT", "1", "-1");
            cmp.send("CLUSTER", "GETKEYSINSLOT", "x", "1");
            cmp.send("CLUSTER", "GETKEYSINSLOT", "1", "x");
            cmp.send("FLUSHALL");
            cmp.send("CLUSTER", "COUNTKEYSINSLOT", "12182");
            cmp.assertSame();
        }
    }

    @Test
    void redirectionErrorsMatch() throws Exception {
        try (ReplyComparer cmp = new ReplyComparer(redis.port(), glassbox.port())) {
            cmp.send("MSET", "a", "1", "b", "2");
            cmp.send("MSET", "{t}a", "1", "{t}b", "2");
            cmp.send("MGET", "{t}a", "{t}b", "c");
            cmp.send("MULTI");
            cmp.send("SET", "{a}x", "1");
            cmp.send("SET", "{b}y", "2");
            cmp.send("EXEC");
            cmp.send("EXEC");
            cmp.send("SELECT", "0");
            cmp.send("SELECT", "1");
            cmp.send("SELECT", "x");
            cmp.send("MOVE", "{t}a", "1");
            cmp.send("SWAPDB", "0", "1");
            cmp.send("ASKING");
            cmp.send("READONLY");
            cmp.send("READWRITE");
            cmp.send("CLUSTER", "DELSLOTS", "12182");
            cmp.send("GET", "foo");
            cmp.send("CLUSTER", "ADDSLOTS", "12182");
            cmp.send("EVAL", "return 1", "2", "a", "b");
            cmp.send("PING");
            cmp.send("FLUSHALL");
            cmp.assertSame();
        }
    }

    @Test
    void clusterSubcommandErrorsMatch() throws Exception {
        try (ReplyComparer cmp = new ReplyComparer(redis.port(), glassbox.port())) {
            cmp.send("CLUSTER", "HELP");
            cmp.send("CLUSTER", "FOO");
            cmp.send("CLUSTER", "ADDSLOTS", "5");
            cmp.send("CLUSTER", "ADDSLOTS", "abc");
            cmp.send("CLUSTER", "ADDSLOTS", "16384");
            cmp.send("CLUSTER", "ADDSLOTSRANGE", "5", "1");
            cmp.send("CLUSTER", "ADDSLOTSRANGE", "1", "2", "3");
            cmp.send("CLUSTER", "DELSLOTSRANGE", "1", "2", "2", "3");
            cmp.send("CLUSTER", "DELSLOTS", "7", "7");
            cmp.send("CLUSTER", "SETSLOT", "5", "MIGRATING", "0123456789012345678901234567890123456789");
            cmp.send("CLUSTER", "SETSLOT", "5", "IMPORTING", "x");
            cmp.send("CLUSTER", "SETSLOT", "5", "NODE", "x");
            cmp.send("CLUSTER", "SETSLOT", "5", "FOO");
            cmp.send("CLUSTER", "SETSLOT", "5", "STABLE", "x");
            cmp.send("CLUSTER", "SETSLOT", "99999", "STABLE");
            cmp.send("CLUSTER", "SETSLOT", "5", "STABLE");
            cmp.send("CLUSTER", "FORGET", "x");
            cmp.send("CLUSTER", "REPLICATE", "x");
            cmp.send("CLUSTER", "REPLICAS", "x");
            cmp.send("CLUSTER", "SLAVES", "x");
            cmp.send("CLUSTER", "COUNT-FAILURE-REPORTS", "x");
            cmp.send("CLUSTER", "FAILOVER");
            cmp.send("CLUSTER", "FAILOVER", "BAD");
            cmp.send("CLUSTER", "SET-CONFIG-EPOCH", "-1");
            cmp.send("CLUSTER", "SET-CONFIG-EPOCH", "x");
            cmp.send("CLUSTER", "MEET", "999.1.1.1", "1");
            cmp.send("CLUSTER", "MEET", "127.0.0.1", "abc");
            cmp.send("CLUSTER", "MEET", "127.0.0.1", "1", "x");
            cmp.send("CLUSTER", "MEET", "localhost", "7000");
            cmp.send("CLUSTER", "LINKS");
            cmp.send("CLUSTER", "RESET", "MEDIUM");
            cmp.send("SET", "k", "v");
            cmp.send("CLUSTER", "RESET");
            cmp.send("CLUSTER", "FLUSHSLOTS");
            cmp.send("DEL", "k");
            cmp.send("CLUSTER", "BUMPEPOCH");
            cmp.send("CLUSTER", "BUMPEPOCH");
            cmp.send("CLUSTER", "SET-CONFIG-EPOCH", "7");
            cmp.send("CLUSTER", "SAVECONFIG");
            cmp.send("INFO", "cluster");
            cmp.assertSame();
        }
    }

    @Test
    void nodesSlotsAndShardsHaveRedisShape() throws Exception {
        // the same text once names, ports and times, which differ by nature, are replaced
        for (String sub : new String[] {"NODES", "SLOTS", "SHARDS", "INFO"}) {
            assertEquals(normalized(redis.port(), sub), normalized(glassbox.port(), sub), "CLUSTER " + sub);
        }
        String conf = Files.readString(gbDir.resolve("nodes.conf"));
        String redisConf = Files.readString(redis.dir().resolve("nodes.conf"));
        assertEquals(normalize(redisConf, redis.port()), normalize(conf, glassbox.port()), "nodes.conf");
    }

    private static String normalized(int port, String sub) throws Exception {
        try (RawRespClient c = new RawRespClient(port)) {
            return normalize(new String(c.call(Args.argv("CLUSTER", sub)), StandardCharsets.ISO_8859_1), port);
        }
    }

    private static String normalize(String s, int port) {
        return s.replaceFirst("^[$=]\\d+\\r\\n", "").replaceAll("[0-9a-f]{40}", "NAME").replace(String.valueOf(port + 10000), "BUSPORT")
                .replace(String.valueOf(port), "PORT").replaceAll("cluster_stats_messages[^\\r]*\\r\\n", "")
                .replaceAll(" \\d{13} ", " TIME ").replaceAll(":\\d+\\r\\n:\\d+\\r\\n\\$6\\r\\nhealth", ":OFFSET\r\n\\$6\r\nhealth");
    }

    @Test
    void infoFieldsSayCluster() throws Exception {
        try (RawRespClient c = new RawRespClient(glassbox.port())) {
            String info = new String(c.call(Args.argv("INFO")), StandardCharsets.UTF_8);
            assertTrue(info.contains("redis_mode:cluster\r\n"), info);
            assertTrue(info.contains("# Cluster\r\ncluster_enabled:1\r\n"), info);
            assertTrue(info.contains("cluster_connections:0\r\n"), info);
        }
    }
}
