package io.glassbox.testkit;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Debian's redis-server (7.0.15, the spec), started by a test on a free loopback port in its own
 * temporary directory and stopped by {@link #close}: the oracle the differential and interop tests
 * compare Glassbox with.
 *
 * <p>One policy for every Redis tool a test needs ({@link #require}): found on PATH, or the test is
 * skipped with a line saying why, except under CI ({@code CI=true}), where a missing oracle fails
 * the test, so a CI that lost its Redis cannot pass by skipping.
 */
public final class RealRedis implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path dir;
    private final boolean ownDir;

    private RealRedis(Process process, int port, Path dir, boolean ownDir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
        this.ownDir = ownDir;
    }

    /** The path of {@code exe} on PATH, or null. */
    public static String find(String exe) {
        for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(p, exe);
            if (f.canExecute()) return f.getPath();
        }
        return null;
    }

    /**
     * The path of a Redis tool ({@code redis-server}, {@code redis-cli}, {@code redis-check-rdb}),
     * or the calling test is skipped (aborted, with the reason printed) or, under {@code CI=true}, failed.
     */
    public static String require(String exe) {
        String path = find(exe);
        if (path != null) return path;
        String why = exe + " not on PATH: tests that need it are skipped (apt-get install redis-server redis-tools)";
        if (underCi()) throw new IllegalStateException(why + " -- but CI must run them");
        System.out.println("SKIPPED: " + why);
        Assumptions.abort(why);
        throw new AssertionError("unreachable");
    }

    /** True when the environment says this is a CI run ({@code CI=true}): nothing may be skipped for a missing tool. */
    public static boolean underCi() {
        return "true".equals(System.getenv("CI"));
    }

    /** Starts the oracle in a fresh temporary directory, or skips the calling test (fails it under CI). */
    public static RealRedis start(String... extraArgs) throws IOException, InterruptedException {
        return start(Ports.free(), Files.createTempDirectory("glassbox-oracle"), true, extraArgs);
    }

    /** The same on a given port and dir, which the caller owns: a restart from the files a previous one left there. */
    public static RealRedis start(int port, Path dir, String... extraArgs) throws IOException, InterruptedException {
        return start(port, dir, false, extraArgs);
    }

    private static RealRedis start(int port, Path dir, boolean ownDir, String... extraArgs) throws IOException, InterruptedException {
        String exe = require("redis-server");
        List<String> cmd = new ArrayList<>(List.of(exe, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--enable-debug-command", "yes",
                "--daemonize", "no", "--logfile", ""));
        cmd.addAll(List.of(extraArgs));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        return awaitListening(p, port, dir, ownDir, dir.resolve("redis.log"), "redis-server");
    }

    /**
     * Debian's redis-sentinel on {@code port} with this sentinel.conf (which it rewrites), logging
     * to {@code sentinel-PORT.log} beside it; the caller owns the directory.
     */
    public static RealRedis startSentinel(Path conf, int port) throws IOException, InterruptedException {
        String exe = require("redis-sentinel");
        Path dir = conf.toAbsolutePath().getParent();
        Path log = dir.resolve("sentinel-" + port + ".log");
        Process p = new ProcessBuilder(exe, conf.toAbsolutePath().toString(), "--port", String.valueOf(port), "--daemonize", "no")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return awaitListening(p, port, dir, false, log, "redis-sentinel");
    }

    /** Waits (10 s at most) for the started process to accept connections on {@code port}. */
    private static RealRedis awaitListening(Process p, int port, Path dir, boolean ownDir, Path log, String what)
            throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline && p.isAlive()) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return new RealRedis(p, port, dir, ownDir);
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        p.destroyForcibly();
        throw new IOException(what + " did not start: " + Files.readString(log));
    }

    /** Runs redis-check-rdb on a file and asserts that Redis's own checker accepts it. */
    public static void checkRdb(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(require("redis-check-rdb"), file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("RDB looks OK!"), out);
    }

    public int port() { return port; }

    /** The server's --dir: where its AOF and RDB files and its log (redis.log) go. */
    public Path dir() { return dir; }

    /** Stops the server (SIGTERM, as a shutdown) and removes its directory if it made it. */
    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownDir) deleteTree(dir);
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
