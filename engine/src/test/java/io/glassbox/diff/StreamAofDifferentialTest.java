package io.glassbox.diff;

import io.glassbox.engine.Engine;
import io.glassbox.resp.SplitArgs;
import io.glassbox.testkit.RawRespClient;
import io.glassbox.testkit.RealRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What stream commands write to the AOF, against redis-server's own AOF for the same script
 * ({@code aof/streams.txt}): generated IDs written out, approximate trims as exact ones, deliveries
 * and claims as XCLAIM ... FORCE JUSTID, NOACK reads as XGROUP SETID. Then Glassbox replays its AOF
 * and must hold the same stream (digest and XINFO STREAM).
 */
@Tag("differential")
class StreamAofDifferentialTest {
    private static List<List<byte[]>> script() throws Exception {
        List<List<byte[]>> cmds = new ArrayList<>();
        try (var in = StreamAofDifferentialTest.class.getResourceAsStream("/aof/streams.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                cmds.add(SplitArgs.split(line.getBytes(StandardCharsets.UTF_8)));
            }
        }
        return cmds;
    }

    private static List<String> normalised(List<String> ops) {
        List<String> out = new ArrayList<>();
        for (String op : ops) out.add(op.replaceAll("TIME [0-9]+", "TIME <ms>"));
        return out;
    }

    private static String call(int port, String line) throws Exception {
        try (RawRespClient c = new RawRespClient(port)) {
            return new String(c.call(SplitArgs.split(line.getBytes(StandardCharsets.UTF_8))), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void streamsPropagateLikeRedisAndReload() throws Exception {
        List<List<byte[]>> cmds = script();
        List<String> real;
        try (RealRedis redis = RealRedis.start("--appendonly", "yes", "--appendfsync", "always",
                "--aof-use-rdb-preamble", "no")) {
            try (RawRespClient c = new RawRespClient(redis.port())) {
                for (List<byte[]> argv : cmds) c.call(argv);
            }
            real = AofDifferentialTest.incrCommands(redis.dir().resolve("appendonlydir"));
        }
        Path dir = Files.createTempDirectory("glassbox-stream-aof");
        String digest, info;
        try (Engine g = AofDifferentialTest.startGlassboxAof(dir, "")) {
            try (RawRespClient c = new RawRespClient(g.port())) {
                for (List<byte[]> argv : cmds) c.call(argv);
            }
            digest = call(g.port(), "DEBUG DIGEST-VALUE s");
            info = call(g.port(), "XINFO STREAM s");
        }
        List<String> ours = AofDifferentialTest.incrCommands(dir.resolve("appendonlydir"));
        assertEquals(String.join("\n", normalised(real)), String.join("\n", normalised(ours)));
        try (Engine g = AofDifferentialTest.startGlassboxAof(dir, "")) {
            assertEquals(digest, call(g.port(), "DEBUG DIGEST-VALUE s"));
            assertEquals(info, call(g.port(), "XINFO STREAM s"));
        }
    }
}
