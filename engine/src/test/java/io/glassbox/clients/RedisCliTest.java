package io.glassbox.clients;

import io.glassbox.engine.Engine;
import io.glassbox.testkit.EngineFixture;
import io.glassbox.testkit.RealRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real redis-cli (Debian's redis-tools) against Glassbox. redis-cli's first words are
 * {@code COMMAND DOCS} (for its hints), even with piped input; a failure there once left it waiting
 * forever for a half-written reply, which no Java client test could see.
 */
@Tag("interop")
class RedisCliTest {
    private static Engine engine;
    private static String cli;

    @BeforeAll
    static void start() throws Exception {
        cli = RealRedis.require("redis-cli");
        engine = EngineFixture.builder().listening().startEngine();
    }

    @AfterAll
    static void stop() {
        if (engine != null) engine.close();
    }

    /** Runs redis-cli with {@code stdin} piped in and returns what it printed (stdout and stderr). */
    private static String run(String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(cli, "-p", String.valueOf(engine.port())));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        // Read while it runs: COMMAND DOCS prints more than a pipe holds (64 KB), and redis-cli
        // would block on a full pipe until the timeout.
        java.util.concurrent.CompletableFuture<byte[]> output = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return p.getInputStream().readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("redis-cli did not finish within 20 s (waiting for a reply that never came?)");
        }
        return new String(output.join(), StandardCharsets.UTF_8);
    }

    @Test
    void pipedCommandsPrintRawReplies() throws Exception {
        String out = run("SET cli:a 1\nINCR cli:a\nRPUSH cli:l x y\nLRANGE cli:l 0 -1\nGET cli:missing\nHSET cli:h f v\nHGETALL cli:h\n");
        assertEquals("OK\n2\n2\nx\ny\n\n1\nf\nv\n", out);
    }

    @Test
    void commandDocsCoversEveryImplementedCommand() throws Exception {
        String out = run("", "COMMAND", "DOCS", "client");
        assertTrue(out.contains("client|setinfo"), out);
        String all = run("", "COMMAND", "DOCS");
        assertTrue(all.contains("Get the value of a key"), "COMMAND DOCS should describe GET");
    }
}
