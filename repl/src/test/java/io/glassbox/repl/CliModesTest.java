package io.glassbox.repl;

import io.glassbox.engine.Glassbox;
import io.glassbox.testkit.RealRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./glassbox cli}'s redis-cli modes against a Glassbox server, each compared with what
 * redis-cli itself prints for the same options on the same server (redis-tools).
 */
@Tag("interop")
class CliModesTest {
    static Glassbox server;
    static String redisCli;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        redisCli = RealRedis.require("redis-cli");
        server = Glassbox.start();
    }

    @AfterAll
    static void stop() { server.close(); }

    @BeforeEach
    void empty() { server.flushAll(); }

    /** What one run printed, and its exit status. */
    record Run(int status, String out, String err) {}

    private Run ours(byte[] stdin, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        List<String> argv = new ArrayList<>(List.of("-p", Integer.toString(server.port())));
        argv.addAll(Arrays.asList(args));
        int status = CliMain.run(argv.toArray(String[]::new), new ByteArrayInputStream(stdin),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Run theirs(byte[] stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(redisCli, "-p", Integer.toString(server.port())));
        cmd.addAll(Arrays.asList(args));
        Path in = dir.resolve("in"), out = dir.resolve("out"), err = dir.resolve("err");
        Files.write(in, stdin);
        Process p = new ProcessBuilder(cmd).redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "redis-cli " + args[0] + " did not end");
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static byte[] resp(List<List<String>> commands) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (List<String> c : commands) {
            List<byte[]> argv = c.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
            b.writeBytes(io.glassbox.resp.RespReader.encodeCommand(argv));
        }
        return b.toByteArray();
    }

    private void load() {
        for (int i = 0; i < 300; i++) server.call("SET", "key:" + i, "v".repeat(i % 50));
        server.call("RPUSH", "mylist", "a", "b", "c", "d", "e");
        server.call("SADD", "myset", "a", "b", "c");
        server.call("HSET", "myhash", "f", "1", "g", "2");
        server.call("ZADD", "myz", "1", "a", "2", "b");
        server.call("XADD", "mys", "*", "f", "v");
        server.call("SET", "we ird\n\u00e9", "x");
    }

    @Test
    void pipeReportsErrorsAndRepliesAsRedisCli() throws Exception {
        List<List<String>> commands = new ArrayList<>();
        for (int i = 0; i < 2000; i++) commands.add(List.of("SET", "key:" + i, "value:" + i));
        commands.add(List.of("LPUSH", "key:1", "x")); // WRONGTYPE
        commands.add(List.of("INCR", "counter"));
        byte[] input = resp(commands);
        Run ours = ours(input, "--pipe");
        assertEquals("All data transferred. Waiting for the last reply...\nLast reply received from server.\nerrors: 1, replies: 2002\n", ours.out());
        assertEquals("WRONGTYPE Operation against a key holding the wrong kind of value\n", ours.err());
        assertEquals(1, ours.status());
        assertEquals(1, server.call("GET", "counter").asLong()); // every command ran, once
        server.flushAll();
        Run theirs = theirs(input, "--pipe");
        assertEquals(theirs, ours);
        assertEquals(2001, server.call("DBSIZE").asLong());
    }

    @Test
    void scanListsEveryKeyAsRedisCli() throws Exception {
        load();
        for (String[] args : List.of(new String[] {"--scan"}, new String[] {"--scan", "--pattern", "key:1*"})) {
            Run ours = ours(new byte[0], args), theirs = theirs(new byte[0], args);
            assertEquals(sorted(theirs.out()), sorted(ours.out()), String.join(" ", args));
        }
        assertTrue(ours(new byte[0], "--scan").out().contains("we ird\n\u00e9\n"), "raw to a pipe, as redis-cli");
        assertEquals(111, ours(new byte[0], "--scan", "--pattern", "key:1*", "--count", "7").out().lines().count());
        assertEquals(306, ours(new byte[0], "--scan", "--no-raw").out().lines().count());
        assertTrue(ours(new byte[0], "--scan", "--no-raw").out().contains("\"we ird\\n\\xc3\\xa9\"\n"));
    }

    @Test
    void bigkeysAndMemkeysPrintWhatRedisCliPrints() throws Exception {
        load();
        for (String[] args : List.of(new String[] {"--bigkeys"}, new String[] {"--memkeys"}, new String[] {"--memkeys-samples", "3"})) {
            Run ours = ours(new byte[0], args), theirs = theirs(new byte[0], args);
            assertEquals(theirs.out(), ours.out(), String.join(" ", args));
            assertTrue(ours.out().contains("Biggest   list found '\"mylist\"' has 5 items") || args[0].startsWith("--mem"), ours.out());
        }
    }

    @Test
    void repeatsAndEvalAsRedisCli() throws Exception {
        Run ours = ours(new byte[0], "-r", "3", "-i", "0.01", "INCR", "c");
        server.call("DEL", "c");
        assertEquals(theirs(new byte[0], "-r", "3", "-i", "0.01", "INCR", "c"), ours);
        assertEquals("1\n2\n3\n", ours.out());
        Path script = dir.resolve("s.lua");
        Files.writeString(script, "redis.call('SET', KEYS[1], ARGV[1]) return {KEYS[1], ARGV[1], #KEYS, #ARGV}\n");
        Run eval = ours(new byte[0], "--eval", script.toString(), "k1", ",", "a1");
        assertEquals("k1\na1\n1\n1\n", eval.out());
        assertEquals(theirs(new byte[0], "--eval", script.toString(), "k1", ",", "a1"), eval);
        assertEquals("a1", server.call("GET", "k1").asText());
    }

    @Test
    void subscribePrintsMessagesAsTheyArrive() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread subscriber = new Thread(() -> {
            try {
                CliMain.run(new String[] {"-p", Integer.toString(server.port()), "SUBSCRIBE", "news"}, new ByteArrayInputStream(new byte[0]),
                        new PrintStream(out, true, StandardCharsets.UTF_8), System.err, false);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        subscriber.start();
        Path theirsOut = dir.resolve("sub");
        Process redisCliSub = new ProcessBuilder(redisCli, "-p", Integer.toString(server.port()), "SUBSCRIBE", "news")
                .redirectOutput(theirsOut.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (server.call("PUBSUB", "NUMSUB", "news").asList().get(1).asLong() < 2 && System.nanoTime() < deadline) Thread.sleep(10);
        assertEquals(2, server.call("PUBLISH", "news", "first").asLong());
        server.call("PUBLISH", "news", "second\nline");
        // wait until both printed the second message, then end both as a server restart would
        while (!(out.toString(StandardCharsets.UTF_8).contains("second") && Files.readString(theirsOut).contains("second"))
                && System.nanoTime() < deadline) Thread.sleep(10);
        server.call("CLIENT", "KILL", "TYPE", "pubsub");
        subscriber.join(10_000);
        redisCliSub.waitFor(10, TimeUnit.SECONDS);
        redisCliSub.destroy();
        String expected = "subscribe\nnews\n1\nmessage\nnews\nfirst\nmessage\nnews\nsecond\nline\n";
        assertEquals(expected, out.toString(StandardCharsets.UTF_8));
        assertEquals(Files.readString(theirsOut), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void latencyAndStatPrintRedisClisFigures() throws Exception {
        server.call("SET", "a", "1");
        String pattern = "\\d+ \\d+ \\d+\\.\\d\\d \\d+\n";
        Run ours = ours(new byte[0], "--latency", "-i", "0.3");
        assertTrue(ours.out().matches(pattern), ours.out());
        assertTrue(theirs(new byte[0], "--latency", "-i", "0.3").out().matches(pattern));
        Run stat = ours(new byte[0], "--stat", "-r", "2", "-i", "0.05");
        List<String> lines = stat.out().lines().toList();
        assertEquals("------- data ------ --------------------- load -------------------- - child -", lines.get(0));
        assertEquals("keys       mem      clients blocked requests            connections          ", lines.get(1));
        assertEquals(4, lines.size(), stat.out());
        assertTrue(lines.get(2).matches("1 {10}\\S+ +\\d+ +0 +\\d+ \\(\\+0\\) +\\d+ *"), lines.get(2));
        assertTrue(lines.get(3).matches("1 {10}.* \\d+ \\(\\+[1-9]\\d*\\) .*"), "the second line counts the INFO between: " + lines.get(3));
    }

    @Test
    void internalsViewsComeFromGlassboxSnapshotAndARealRedisSaysItCannot() throws Exception {
        server.call("CONFIG", "SET", "zset-max-listpack-entries", "0");
        server.call("ZADD", "z", "1", "a", "2", "b", "3", "c");
        Run skiplist = ours(":skiplist z b\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(skiplist.out().contains("\"b\""), skiplist.out());
        assertTrue(ours(":dict\n".getBytes(StandardCharsets.UTF_8)).out().startsWith("db 0: 1 keys"));
        server.call("CONFIG", "SET", "zset-max-listpack-entries", "128");
        try (RealRedis redis = RealRedis.start()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CliMain.run(new String[] {"-p", Integer.toString(redis.port())}, new ByteArrayInputStream(":dict\n".getBytes(StandardCharsets.UTF_8)),
                    new PrintStream(out, true, StandardCharsets.UTF_8), System.err, false);
            assertEquals("This server is not Glassbox: Redis cannot show its internals (it has no GLASSBOX.* commands). "
                    + "Point ./glassbox cli at a Glassbox server, or run ./glassbox.\n", out.toString(StandardCharsets.UTF_8));
        }
    }

    private static List<String> sorted(String lines) { return lines.lines().sorted().toList(); }
}
