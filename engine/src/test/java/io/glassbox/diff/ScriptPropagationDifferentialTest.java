package io.glassbox.diff;

import io.glassbox.engine.Engine;
import io.glassbox.resp.SplitArgs;
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

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What scripts and functions write to the AOF, compared op for op with redis-server 7.0: their
 * effects, one alone or several in MULTI/EXEC, never the EVAL itself, including a script that ran
 * past busy-reply-threshold on Glassbox's script thread ({@code aof/scripts-propagation.txt}).
 */
@Tag("differential")
class ScriptPropagationDifferentialTest {
    @Test
    void scriptEffectsReachTheAofAsInRedis() throws Exception {
        List<List<byte[]>> cmds = script("/aof/scripts-propagation.txt");
        List<String> real, ours;
        try (RealRedis redis = RealRedis.start("--appendonly", "yes", "--appendfsync", "always",
                "--aof-use-rdb-preamble", "no")) {
            run(redis.port(), cmds);
            real = AofDifferentialTest.incrCommands(redis.dir().resolve("appendonlydir"));
        }
        Path dir = Files.createTempDirectory("glassbox-aof-scripts");
        try (Engine g = AofDifferentialTest.startGlassboxAof(dir, "")) {
            run(g.port(), cmds);
        }
        ours = AofDifferentialTest.incrCommands(dir.resolve("appendonlydir"));
        Files.write(Path.of("target", "aof-scripts-real.txt"), real);
        Files.write(Path.of("target", "aof-scripts-glassbox.txt"), ours);
        assertEquals(String.join("\n", real), String.join("\n", ours));
    }

    private static List<List<byte[]>> script(String resource) throws IOException {
        List<List<byte[]>> cmds = new ArrayList<>();
        try (var in = ScriptPropagationDifferentialTest.class.getResourceAsStream(resource)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                cmds.add(SplitArgs.split(line.getBytes(StandardCharsets.UTF_8)));
            }
        }
        return cmds;
    }

    private static void run(int port, List<List<byte[]>> cmds) throws Exception {
        try (RawRespClient c = new RawRespClient(port)) {
            for (List<byte[]> argv : cmds) c.call(argv);
        }
    }
}
