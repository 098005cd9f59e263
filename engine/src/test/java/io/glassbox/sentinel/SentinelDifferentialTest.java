package io.glassbox.sentinel;

import io.glassbox.engine.Engine;
import io.glassbox.resp.RespReader;
import io.glassbox.resp.RespValue;
import io.glassbox.testkit.Ports;
import io.glassbox.testkit.RawRespClient;
import io.glassbox.testkit.RealRedis;
import io.glassbox.testkit.ReplyComparer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Glassbox Sentinel and Debian's redis-sentinel, given the same sentinel.conf (a master that
 * is not running, so neither meets anyone), answer the same commands byte for byte: the SENTINEL
 * family's replies and errors, the command table of a Sentinel, INFO's Sentinel section, and the
 * state they write into their config files.
 */
@Tag("differential")
class SentinelDifferentialTest {
    @TempDir Path dir;
    private RealRedis real;
    private Engine glassbox;
    private int masterPort;

    @BeforeEach
    void start() throws Exception {
        masterPort = Ports.free();
        String conf = "sentinel monitor mymaster 127.0.0.1 " + masterPort + " 1\n"
                + "sentinel down-after-milliseconds mymaster 60000\n"
                + "sentinel monitor other 127.0.0.1 " + (masterPort == 65535 ? 1 : masterPort + 1) + " 2\n"
                + "sentinel parallel-syncs other 3\n";
        Files.createDirectories(dir.resolve("real"));
        Files.createDirectories(dir.resolve("gb"));
        Files.writeString(dir.resolve("real/sentinel.conf"), conf);
        Files.writeString(dir.resolve("gb/sentinel.conf"), conf);
        real = RealRedis.startSentinel(dir.resolve("real/sentinel.conf"), Ports.free());
        glassbox = Engine.startSentinel(dir.resolve("gb/sentinel.conf").toString(), "--port", String.valueOf(Ports.free()));
    }

    @AfterEach
    void stop() {
        if (glassbox != null) glassbox.close();
        if (real != null) real.close();
    }

    @Test
    void sentinelCommandsAnswerAsRedisSentinelDoes() throws Exception {
        String m = "127.0.0.1 " + masterPort;
        try (ReplyComparer cmp = new ReplyComparer(real.port(), glassbox.port())) {
            for (String line : List.of(
                    "PING", "GET k", "SET k v", "CONFIG GET port", "SENTINEL HELP", "SENTINEL", "SENTINEL FOO",
                    "SENTINEL MASTER nosuch", "SENTINEL MASTER", "SENTINEL MYID extra", "SENTINEL MASTERS extra",
                    "SENTINEL REPLICAS nosuch", "SENTINEL SLAVES mymaster", "SENTINEL REPLICAS mymaster",
                    "SENTINEL SENTINELS mymaster",
                    "SENTINEL GET-MASTER-ADDR-BY-NAME mymaster", "SENTINEL GET-MASTER-ADDR-BY-NAME nosuch",
                    "SENTINEL CKQUORUM mymaster", "SENTINEL CKQUORUM other", "SENTINEL CKQUORUM nosuch",
                    "SENTINEL IS-MASTER-DOWN-BY-ADDR " + m + " 0 *", "SENTINEL IS-MASTER-DOWN-BY-ADDR 127.0.0.1 x 0 *",
                    "SENTINEL IS-MASTER-DOWN-BY-ADDR 127.0.0.1 1 y *", "SENTINEL IS-MASTER-DOWN-BY-ADDR 10.0.0.1 1 0 *",
                    "SENTINEL RESET nomatch*", "SENTINEL INFO-CACHE nosuch", "SENTINEL PENDING-SCRIPTS",
                    "SENTINEL CONFIG GET *", "SENTINEL CONFIG GET announce-*", "SENTINEL CONFIG GET nosuch",
                    "SENTINEL CONFIG SET announce-port 70000", "SENTINEL CONFIG SET resolve-hostnames maybe",
                    "SENTINEL CONFIG SET nosuch 1", "SENTINEL CONFIG FOO", "SENTINEL CONFIG GET",
                    "SENTINEL DEBUG", "SENTINEL DEBUG ping-period", "SENTINEL DEBUG ping-period -1", "SENTINEL DEBUG nosuch 1",
                    "SENTINEL SIMULATE-FAILURE HELP", "SENTINEL SIMULATE-FAILURE bogus", "SENTINEL SIMULATE-FAILURE",
                    "SENTINEL SET nosuch quorum 1", "SENTINEL SET mymaster quorum 0", "SENTINEL SET mymaster quorum",
                    "SENTINEL SET mymaster nosuch 1", "SENTINEL SET mymaster parallel-syncs x",
                    "SENTINEL SET mymaster notification-script /bin/true", "SENTINEL SET mymaster rename-command CONFIG ''",
                    "SENTINEL MONITOR new 127.0.0.1 1 x", "SENTINEL MONITOR new 127.0.0.1 x 1", "SENTINEL MONITOR new 127.0.0.1 1 0",
                    "SENTINEL MONITOR new not-an-ip 1 1", "SENTINEL MONITOR mymaster 127.0.0.1 1 1",
                    "SENTINEL MONITOR new 127.0.0.1 99999 1", "SENTINEL REMOVE nosuch",
                    "SENTINEL FAILOVER nosuch", "SENTINEL FAILOVER mymaster",
                    "PUBLISH chan msg", "PUBLISH __sentinel__:hello junk", "SUBSCRIBE", "ACL WHOAMI", "AUTH nopass",
                    "CLIENT SETINFO lib-name x", "CLIENT NO-TOUCH on", "COMMAND INFO sentinel|myid", "COMMAND INFO ping",
                    "COMMAND INFO get", "COMMAND GETKEYS get k", "FLUSHALL", "INFO keyspace", "INFO nosuch",
                    "SENTINEL REMOVE other", "ROLE")) {
                cmp.send(line, io.glassbox.testkit.Args.line(line));
            }
            cmp.both("HELLO 3"); // the same in RESP3: maps
            for (String line : List.of("SENTINEL CONFIG GET *", "SENTINEL DEBUG", "SENTINEL GET-MASTER-ADDR-BY-NAME nosuch",
                    "SENTINEL IS-MASTER-DOWN-BY-ADDR " + m + " 0 *", "SENTINEL INFO-CACHE nosuch", "SENTINEL SIMULATE-FAILURE HELP")) {
                cmp.send(line, io.glassbox.testkit.Args.line(line));
            }
            cmp.flush();
        }
        // what differs by nature: the client id, the order of a dict (hash order with a random seed in Redis)
        try (RawRespClient r = new RawRespClient(real.port()); RawRespClient g = new RawRespClient(glassbox.port())) {
            String hello = "HELLO 3";
            assertEquals(new String(r.call(hello), StandardCharsets.UTF_8).replaceAll(":\\d+\r\n\\$4\r\nmode", ":ID mode"),
                    new String(g.call(hello), StandardCharsets.UTF_8).replaceAll(":\\d+\r\n\\$4\r\nmode", ":ID mode"));
            assertEquals(((RespValue.Array) parse(r.call("COMMAND INFO sentinel"))).items().size(), 1);
            assertEquals(subcommands(parse(r.call("COMMAND INFO sentinel"))), subcommands(parse(g.call("COMMAND INFO sentinel"))));
            assertEquals(new String(r.call("COMMAND COUNT"), StandardCharsets.UTF_8), new String(g.call("COMMAND COUNT"), StandardCharsets.UTF_8));
            assertEquals(((RespValue.Array) parse(r.call("COMMAND LIST"))).items().size(),
                    ((RespValue.Array) parse(g.call("COMMAND LIST"))).items().size());
        }
    }

    /** The subcommand names of a COMMAND INFO entry, sorted. */
    private static List<String> subcommands(RespValue info) {
        List<RespValue> entry = ((RespValue.Array) ((RespValue.Array) info).items().get(0)).items();
        List<String> names = new ArrayList<>();
        for (RespValue sub : ((RespValue.Array) entry.get(9)).items()) names.add(((RespValue.Array) sub).items().get(0).asText());
        java.util.Collections.sort(names);
        return names;
    }

    @Test
    void masterReplyAndInfoSectionHaveRedisFieldsAndValues() throws Exception {
        try (RawRespClient r = new RawRespClient(real.port()); RawRespClient g = new RawRespClient(glassbox.port())) {
            assertEquals(fieldNames(r.call("SENTINEL MASTERS")), fieldNames(g.call("SENTINEL MASTERS")));
            List<String> stable = List.of("name", "ip", "port", "runid", "flags", "link-refcount", "down-after-milliseconds",
                    "role-reported", "config-epoch", "num-slaves", "num-other-sentinels", "quorum", "failover-timeout", "parallel-syncs");
            RespValue rm = parse(r.call("SENTINEL MASTER other")), gm = parse(g.call("SENTINEL MASTER other"));
            for (String f : stable) assertEquals(SentinelFailoverTest.field(rm, f), SentinelFailoverTest.field(gm, f), f);
            String ri = parse(r.call("INFO sentinel")).asText(), gi = parse(g.call("INFO sentinel")).asText();
            assertEquals(unordered(ri), unordered(gi));
            assertEquals(sectionNames(parse(r.call("INFO")).asText()), sectionNames(parse(g.call("INFO")).asText()));
            assertEquals(sectionNames(parse(r.call("INFO all")).asText()), sectionNames(parse(g.call("INFO all")).asText()));
            assertTrue(parse(g.call("INFO server")).asText().contains("redis_mode:sentinel\r\n"));
        }
    }

    @Test
    void theStateIsWrittenIntoTheConfigFileAsRedisSentinelWritesIt() throws Exception {
        try (RawRespClient r = new RawRespClient(real.port()); RawRespClient g = new RawRespClient(glassbox.port())) {
            for (String line : List.of("SENTINEL SET mymaster failover-timeout 5000 auth-pass secret",
                    "SENTINEL SET other rename-command CONFIG GUARDED", "SENTINEL MONITOR third 127.0.0.2 7000 3",
                    "SENTINEL CONFIG SET announce-ip 10.1.2.3", "SENTINEL REMOVE other", "SENTINEL FLUSHCONFIG")) {
                assertEquals(new String(r.call(line), StandardCharsets.UTF_8), new String(g.call(line), StandardCharsets.UTF_8), line);
            }
            String rid = parse(r.call("SENTINEL MYID")).asText(), gid = parse(g.call("SENTINEL MYID")).asText();
            assertEquals(sentinelLines(Files.readString(dir.resolve("real/sentinel.conf")).replace(rid, "ID")),
                    sentinelLines(Files.readString(dir.resolve("gb/sentinel.conf")).replace(gid, "ID")));
        }
        // and the rewritten file starts a Sentinel with the same state
        glassbox.close();
        glassbox = Engine.startSentinel(dir.resolve("gb/sentinel.conf").toString(), "--port", String.valueOf(Ports.free()));
        try (RawRespClient g = new RawRespClient(glassbox.port())) {
            assertEquals("*2\r\n$8\r\nsentinel\r\n*2\r\n$8\r\nmymaster\r\n$5\r\nthird\r\n",
                    new String(g.call("ROLE"), StandardCharsets.UTF_8));
            assertEquals("5000", SentinelFailoverTest.field(parse(g.call("SENTINEL MASTER mymaster")), "failover-timeout"));
            assertEquals("3", SentinelFailoverTest.field(parse(g.call("SENTINEL MASTER third")), "quorum"));
            assertEquals("*2\r\n$11\r\nannounce-ip\r\n$8\r\n10.1.2.3\r\n",
                    new String(g.call("SENTINEL CONFIG GET announce-ip"), StandardCharsets.UTF_8));
        }
    }

    @Test
    void shutdownSavesNoDataset() throws Exception {
        glassbox.close();
        glassbox = Engine.startSentinel(dir.resolve("gb/sentinel.conf").toString(), "--port", String.valueOf(Ports.free()),
                "--dir", dir.resolve("gb").toString());
        try (RawRespClient g = new RawRespClient(glassbox.port())) {
            g.send(io.glassbox.testkit.Args.line("SHUTDOWN SAVE"));
            SentinelFailoverTest.waitFor(5000, "the shutdown", glassbox::shutdownRequested);
        }
        assertTrue(Files.notExists(dir.resolve("gb/dump.rdb")), "a Sentinel's SHUTDOWN forces NOSAVE");
    }

    @Test
    void aBadSentinelLineStopsTheStartWithRedisMessage() throws Exception {
        Path bad = dir.resolve("gb/bad.conf");
        Files.writeString(bad, "port 1\nsentinel monitor m 127.0.0.1 6379 0\n");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Engine.startSentinel(bad.toString()));
        assertEquals("*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 2\n"
                + ">>> 'sentinel monitor m 127.0.0.1 6379 0'\nQuorum must be 1 or greater.", e.getMessage().trim());
        Files.writeString(bad, "sentinel down-after-milliseconds nosuch 10\n");
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Engine.startSentinel(bad.toString()));
        assertTrue(e.getMessage().trim().endsWith("No such master with specified name."), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Engine.startSentinel("--port", "0"));
        assertEquals("Sentinel needs config file on disk to save state. Exiting...", e.getMessage());
        Files.writeString(bad, "sentinel monitor m 127.0.0.1 6379 1\n");
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Engine.start(bad.toString(), "--port", "0"));
        assertTrue(e.getMessage().endsWith("sentinel directive while not in sentinel mode"), e.getMessage());
    }

    private static RespValue parse(byte[] reply) throws Exception {
        return new RespReader(new ByteArrayInputStream(reply)).read();
    }

    /** The field names of every map in an array of maps (RESP2: alternating names and values). */
    private static List<List<String>> fieldNames(byte[] reply) throws Exception {
        List<List<String>> out = new ArrayList<>();
        for (RespValue map : ((RespValue.Array) parse(reply)).items()) {
            List<String> names = new ArrayList<>();
            List<RespValue> kv = ((RespValue.Array) map).items();
            for (int i = 0; i < kv.size(); i += 2) names.add(kv.get(i).asText());
            out.add(names);
        }
        return out;
    }

    /** INFO sentinel's lines with the masters sorted and unnumbered: Redis lists them in dict order (a random seed). */
    private static List<String> unordered(String info) {
        return info.lines().map(l -> l.replaceFirst("^master\\d+:", "master:")).sorted().toList();
    }

    private static List<String> sectionNames(String info) {
        return info.lines().filter(l -> l.startsWith("# ")).toList();
    }

    /** The sentinel lines, sorted: masters come in Redis's dict order, which a random seed shuffles per process. */
    private static List<String> sentinelLines(String conf) {
        return conf.lines().filter(l -> l.startsWith("sentinel ")).sorted().toList();
    }
}
