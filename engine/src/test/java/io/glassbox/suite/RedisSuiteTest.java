package io.glassbox.suite;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The fast part of Redis's own test suite, in its normal mode (the suite starts and kills its own
 * Glassbox servers through {@code suite/redis-server}), run by {@code suite/run}: units that pass
 * whole and finish in a few minutes together. Any failed test, aborted unit or timeout fails this
 * test, so a regression there turns CI red. The suite is Redis 7.0.15's {@code tests/} folder, found
 * at {@code ../shared/redis-tests} beside the project (or {@code -Dglassbox.redisTests=DIR}); it
 * needs tclsh and Debian's redis-tools. Without them the test is skipped with the reason, except
 * under {@code CI=true}, where a missing suite is a failure.
 */
@Tag("redis-suite")
class RedisSuiteTest {
    /** Each passes whole against Glassbox; together ~2 minutes on a 2-core machine. */
    static final List<String> UNITS = List.of("unit/type/incr", "unit/keyspace", "unit/protocol", "unit/info-command",
            "unit/quit", "unit/type/string", "unit/type/list", "unit/type/zset", "unit/sort", "unit/type/stream", "unit/scan");

    @Test
    void fastUnitsPassWhole() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent(); // surefire runs in engine/
        Path tests = Path.of(System.getProperty("glassbox.redisTests", root.resolve("../shared/redis-tests").toString())).normalize();
        boolean ci = "true".equals(System.getenv("CI"));
        String missing = !Files.isRegularFile(tests.resolve("tests/test_helper.tcl")) ? "no Redis test suite at " + tests
                : !onPath("tclsh") ? "no tclsh (apt-get install -y tcl)"
                : !onPath("redis-cli") || !onPath("redis-benchmark") ? "no redis-tools (apt-get install -y redis-tools)" : null;
        if (missing != null) {
            if (ci) fail(missing + ": CI must run the fast part of Redis's suite");
            Assumptions.abort(missing);
        }
        writeRuntimeClasspath(root);
        Path logs = Files.createTempDirectory("glassbox-redis-suite");
        List<String> cmd = new ArrayList<>(List.of(root.resolve("suite/run").toString(), tests.toString()));
        cmd.addAll(UNITS);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(logs.resolve("run.out").toFile());
        pb.environment().put("GLASSBOX_NO_BUILD", "1"); // Maven compiled the classes already
        pb.environment().put("LOG_DIR", logs.toString());
        pb.environment().put("UNIT_TIMEOUT", "300");
        Process p = pb.start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            fail("the suite did not finish in 15 minutes; logs in " + logs);
        }
        String out = Files.readString(logs.resolve("run.out"), StandardCharsets.UTF_8);
        String failures = Files.exists(logs.resolve("failures.txt")) ? Files.readString(logs.resolve("failures.txt")) : "";
        assertTrue(failures.isBlank(), "Redis's suite found failures (logs in " + logs + "):\n" + failures + "\n" + out);
        assertEquals(0, p.exitValue(), "suite/run failed (logs in " + logs + "):\n" + out);
        for (String unit : UNITS) assertTrue(out.contains(unit), unit + " did not run:\n" + out);
        try (var files = Files.walk(logs)) { // passed: the logs are not needed
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /**
     * The launcher starts the server on the engine's runtime classpath, which ./glassbox writes when it
     * builds; under Maven, when no build wrote it, it is this JVM's classpath without the test-only parts.
     */
    private static void writeRuntimeClasspath(Path root) throws Exception {
        Path file = root.resolve("engine/target/glassbox.classpath");
        if (Files.exists(file) && Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(root.resolve("engine/pom.xml"))) > 0) return;
        List<String> runtime = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (e.endsWith("classes") || e.contains("junit") || e.contains("opentest4j") || e.contains("apiguardian")
                    || e.contains("surefire")) continue;
            runtime.add(e);
        }
        Files.writeString(file, String.join(File.pathSeparator, runtime));
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) return true;
        }
        return false;
    }
}
