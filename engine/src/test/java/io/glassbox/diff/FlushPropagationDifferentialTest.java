package io.glassbox.diff;

import io.glassbox.engine.Engine;
import io.glassbox.testkit.RawRespClient;
import io.glassbox.testkit.RealRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FLUSHDB and FLUSHALL reach the AOF (and so the replicas) even when there was nothing to flush
 * (flushdbCommand's forceCommandPropagation), compared with redis-server 7.0.15's AOF, as
 * integration/replication's "FLUSHDB / FLUSHALL should replicate" reads the replication stream.
 */
@Tag("differential")
class FlushPropagationDifferentialTest {
    private static final String[] SCRIPT = {
        "SET key value", "FLUSHDB", "SET key value2", "FLUSHALL", "FLUSHDB", "FLUSHDB", "FLUSHALL", "FLUSHALL"};

    @Test
    void emptyFlushesArePropagatedAsInRedis() throws Exception {
        List<String> real, ours;
        try (RealRedis redis = RealRedis.start("--appendonly", "yes", "--appendfsync", "always",
                "--aof-use-rdb-preamble", "no")) {
            run(redis.port());
            real = AofDifferentialTest.incrCommands(redis.dir().resolve("appendonlydir"));
        }
        Path dir = Files.createTempDirectory("glassbox-aof-flush");
        try (Engine g = AofDifferentialTest.startGlassboxAof(dir, "")) {
            run(g.port());
        }
        ours = AofDifferentialTest.incrCommands(dir.resolve("appendonlydir"));
        assertEquals(String.join("\n", real), String.join("\n", ours));
        assertTrue(String.join("\n", real).toLowerCase().split("flushdb", -1).length - 1 >= 3, real.toString());
    }

    private static void run(int port) throws Exception {
        try (RawRespClient c = new RawRespClient(port)) {
            for (String cmd : SCRIPT) c.call(cmd);
        }
    }
}
