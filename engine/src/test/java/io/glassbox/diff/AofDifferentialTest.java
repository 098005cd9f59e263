package io.glassbox.diff;

import io.glassbox.engine.Engine;
import io.glassbox.resp.SplitArgs;
import io.glassbox.testkit.EngineFixture;
import io.glassbox.testkit.Ports;
import io.glassbox.testkit.RawRespClient;
import io.glassbox.testkit.RealRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The AOF against real Redis 7.0.15, three ways:
 * <ol>
 *   <li>the same script ({@code aof/propagation.txt}) on both servers with appendonly yes: their
 *       incr files must hold the same commands (this is the propagated stream, so it is also what a
 *       replica would receive), absolute times normalised;</li>
 *   <li>Glassbox writes an AOF (with a BGREWRITEAOF in the middle), real Redis starts on that
 *       directory: same DEBUG DIGEST;</li>
 *   <li>real Redis writes one (aof-use-rdb-preamble no, also rewritten once), Glassbox starts on
 *       it: same DEBUG DIGEST.</li>
 * </ol>
 */
@Tag("differential")
class AofDifferentialTest {
    static Engine startGlassboxAof(Path dir, String extraConfig) throws Exception {
        return EngineFixture.builder().listening().debug().dir(dir)
                .config("appendonly yes\nappendfsync always\naof-use-rdb-preamble no\n" + extraConfig).startEngine();
    }

    private static List<List<byte[]>> script(String resource) throws IOException {
        List<List<byte[]>> cmds = new ArrayList<>();
        try (var in = AofDifferentialTest.class.getResourceAsStream(resource)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                cmds.add(SplitArgs.split(line.getBytes(StandardCharsets.UTF_8)));
            }
        }
        return cmds;
    }

    private static void run(int port, List<List<byte[]>> cmds) throws Exception {
        try (RawRespClient c = new RawRespClient(port)) {
            for (List<byte[]> argv : cmds) {
                String first = new String(argv.get(0), StandardCharsets.UTF_8);
                if (first.equals("@sleep")) {
                    Thread.sleep(Long.parseLong(new String(argv.get(1), StandardCharsets.UTF_8)));
                    continue;
                }
                c.call(argv);
            }
        }
    }

    /** The commands of every incr file the manifest lists, as text; times after PXAT/PEXPIREAT normalised. */
    static List<String> incrCommands(Path aofDir) throws IOException {
        List<String> out = new ArrayList<>();
        Path manifest;
        try (var files = Files.list(aofDir)) {
            manifest = files.filter(p -> p.toString().endsWith(".manifest")).findFirst().orElseThrow();
        }
        for (String line : Files.readAllLines(manifest)) {
            List<byte[]> parts = SplitArgs.split(line.getBytes(StandardCharsets.UTF_8));
            if (parts.size() < 6 || !new String(parts.get(5), StandardCharsets.UTF_8).equals("i")) continue;
            byte[] data = Files.readAllBytes(aofDir.resolve(new String(parts.get(1), StandardCharsets.UTF_8)));
            out.addAll(parseResp(data));
        }
        return out;
    }

    static List<String> parseResp(byte[] b) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < b.length) {
            int eol = indexOfCrlf(b, i);
            int argc = Integer.parseInt(new String(b, i + 1, eol - i - 1, StandardCharsets.US_ASCII));
            i = eol + 2;
            StringBuilder sb = new StringBuilder();
            String prev = "";
            for (int j = 0; j < argc; j++) {
                eol = indexOfCrlf(b, i);
                int len = Integer.parseInt(new String(b, i + 1, eol - i - 1, StandardCharsets.US_ASCII));
                i = eol + 2;
                String arg = new String(b, i, len, StandardCharsets.ISO_8859_1);
                i += len + 2;
                String up = prev.toUpperCase(Locale.ROOT);
                boolean time = (up.equals("PXAT") || (j == 2 && sb.toString().toUpperCase(Locale.ROOT).startsWith("PEXPIREAT ")))
                        && arg.length() >= 13 && !arg.startsWith("9999");
                sb.append(j == 0 ? "" : " ").append(time ? "<abs-ms>" : arg);
                prev = arg;
            }
            out.add(sb.toString());
        }
        return out;
    }

    private static int indexOfCrlf(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) if (b[i] == '\r' && b[i + 1] == '\n') return i;
        throw new IllegalArgumentException("no CRLF after " + from);
    }

    private static String digest(int port) throws IOException {
        try (RawRespClient c = new RawRespClient(port)) {
            return new String(c.call(SplitArgs.split("DEBUG DIGEST".getBytes(StandardCharsets.US_ASCII))), StandardCharsets.US_ASCII);
        }
    }

    private static void call(int port, String line) throws IOException {
        try (RawRespClient c = new RawRespClient(port)) {
            c.call(SplitArgs.split(line.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static void waitRewriteDone(int port) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            try (RawRespClient c = new RawRespClient(port)) {
                String info = new String(c.call(SplitArgs.split("INFO persistence".getBytes(StandardCharsets.US_ASCII))), StandardCharsets.US_ASCII);
                if (info.contains("aof_rewrite_in_progress:0") && info.contains("aof_rewrite_scheduled:0")) return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("AOF rewrite did not finish");
    }

    @Test
    void thePropagatedStreamMatchesRealRedis() throws Exception {
        List<List<byte[]>> cmds = script("/aof/propagation.txt");
        List<String> real, ours;
        try (RealRedis redis = RealRedis.start("--appendonly", "yes", "--appendfsync", "always",
                "--aof-use-rdb-preamble", "no")) {
            run(redis.port(), cmds);
            real = incrCommands(redis.dir().resolve("appendonlydir"));
        }
        Path dir = Files.createTempDirectory("glassbox-aof");
        try (Engine g = startGlassboxAof(dir, "")) {
            run(g.port(), cmds);
        }
        ours = incrCommands(dir.resolve("appendonlydir"));
        Files.write(Path.of("target", "aof-propagation-real.txt"), real);
        Files.write(Path.of("target", "aof-propagation-glassbox.txt"), ours);
        assertEquals(String.join("\n", real), String.join("\n", ours));
    }

    @Test
    void realRedisLoadsTheAofGlassboxWrote() throws Exception {
        realRedisLoads("aof-use-rdb-preamble no\n");
    }

    @Test
    void realRedisLoadsTheAofGlassboxWroteWithAnRdbPreamble() throws Exception {
        realRedisLoads("aof-use-rdb-preamble yes\n");
    }

    private void realRedisLoads(String config) throws Exception {
        Path dir = Files.createTempDirectory("glassbox-aof");
        String digest;
        try (Engine g = startGlassboxAof(dir, config)) {
            run(g.port(), script("/aof/dataset.txt"));
            call(g.port(), "BGREWRITEAOF");
            waitRewriteDone(g.port());
            run(g.port(), script("/aof/propagation.txt"));
            digest = digest(g.port());
        }
        try (RealRedis redis = RealRedis.start("--appendonly", "yes", "--dir", dir.toString())) {
            assertEquals(digest, digest(redis.port()));
        }
    }

    @Test
    void glassboxLoadsTheAofRealRedisWrote() throws Exception {
        glassboxLoads("no");
    }

    @Test
    void glassboxLoadsTheAofRealRedisWroteWithAnRdbPreamble() throws Exception {
        glassboxLoads("yes");
    }

    private void glassboxLoads(String preamble) throws Exception {
        Path dir = Files.createTempDirectory("glassbox-aof"); // outlives the server: Glassbox loads from it
        String digest;
        try (RealRedis redis = RealRedis.start(Ports.free(), dir, "--appendonly", "yes", "--aof-use-rdb-preamble", preamble)) {
            run(redis.port(), script("/aof/dataset.txt"));
            call(redis.port(), "BGREWRITEAOF");
            waitRewriteDone(redis.port());
            run(redis.port(), script("/aof/propagation.txt"));
            digest = digest(redis.port());
            try {
                call(redis.port(), "SHUTDOWN NOSAVE");
            } catch (java.io.EOFException expected) {
                // SHUTDOWN answers by closing the connection
            }
        }
        assertTrue(Files.exists(dir.resolve("appendonlydir").resolve("appendonly.aof.manifest")));
        try (Engine g = startGlassboxAof(dir, "")) {
            assertEquals(digest, digest(g.port()));
        }
    }

    /** Clients blocked on keys, served after another client's push: each pop propagates on its own, after the push. */
    @Test
    void servedBlockedClientsPropagateLikeRealRedis() throws Exception {
        List<String> real, ours;
        try (RealRedis redis = RealRedis.start("--appendonly", "yes", "--appendfsync", "always",
                "--aof-use-rdb-preamble", "no")) {
            blockedScenario(redis.port());
            real = incrCommands(redis.dir().resolve("appendonlydir"));
        }
        Path dir = Files.createTempDirectory("glassbox-aof");
        try (Engine g = startGlassboxAof(dir, "")) {
            blockedScenario(g.port());
        }
        ours = incrCommands(dir.resolve("appendonlydir"));
        assertEquals(String.join("\n", real), String.join("\n", ours));
    }

    private static void blockedScenario(int port) throws Exception {
        String[] blocking = {"BLMOVE src dst LEFT RIGHT 0", "BRPOP src 0", "BLMPOP 0 1 src LEFT COUNT 2",
                "BRPOPLPUSH src dst2 0", "BZPOPMIN zsrc 0", "BZMPOP 0 1 zsrc MAX COUNT 5"};
        try (RawRespClient probe = new RawRespClient(port)) {
            int blocked = 0;
            List<RawRespClient> waiters = new ArrayList<>();
            for (String cmd : blocking) {
                RawRespClient w = new RawRespClient(port);
                waiters.add(w);
                w.sendRaw(io.glassbox.resp.RespReader.encodeCommand(SplitArgs.split(cmd.getBytes(StandardCharsets.UTF_8))));
                blocked++;
                long deadline = System.currentTimeMillis() + 5000;
                while (!new String(probe.call(SplitArgs.split("INFO clients".getBytes(StandardCharsets.US_ASCII))), StandardCharsets.US_ASCII)
                        .contains("blocked_clients:" + blocked + "\r\n")) {
                    if (System.currentTimeMillis() > deadline) throw new AssertionError("not blocked: " + cmd);
                    Thread.sleep(5);
                }
            }
            probe.call(SplitArgs.split("RPUSH src a b c d e f g".getBytes(StandardCharsets.US_ASCII)));
            probe.call(SplitArgs.split("ZADD zsrc 1 a 2 b 3 c 4 d".getBytes(StandardCharsets.US_ASCII)));
            for (RawRespClient w : waiters) {
                w.readReply();
                w.close();
            }
        }
    }
}
