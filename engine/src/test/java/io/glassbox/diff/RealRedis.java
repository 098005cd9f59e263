package io.glassbox.diff;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's redis-server, started by the tests on a free loopback port: the oracle the
 * differential tests compare Glassbox with. Without redis-server on PATH the tests are skipped
 * with a line saying why, except under CI (CI=true), where a missing oracle is a failure.
 */
final class RealRedis implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path dir;

    private RealRedis(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    static String findRedisServer() {
        for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(p, "redis-server");
            if (f.canExecute()) return f.getPath();
        }
        return null;
    }

    /** Starts the oracle, or skips the calling test (fails it under CI) when there is none. */
    static RealRedis startOrSkip(String... extraArgs) throws IOException, InterruptedException {
        return startOrSkip(freePort(), Files.createTempDirectory("glassbox-oracle"), extraArgs);
    }

    /** The same on a given port and dir: a restart from the files a previous one left there. */
    static RealRedis startOrSkip(int port, Path dir, String... extraArgs) throws IOException, InterruptedException {
        String exe = findRedisServer();
        if (exe == null) {
            String why = "redis-server not on PATH: differential tests skipped (apt-get install redis-server redis-tools)";
            if ("true".equals(System.getenv("CI"))) throw new IllegalStateException(why + " -- but CI must run them");
            System.out.println("SKIPPED: " + why);
            Assumptions.abort(why);
        }
        List<String> cmd = new ArrayList<>(List.of(exe, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--enable-debug-command", "yes",
                "--daemonize", "no", "--logfile", ""));
        cmd.addAll(List.of(extraArgs));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return new RealRedis(p, port, dir);
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        p.destroyForcibly();
        throw new IOException("redis-server did not start: " + Files.readString(dir.resolve("redis.log")));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    int port() { return port; }

    /** The server's --dir (a fresh temp directory): where its AOF and RDB files go. */
    Path dir() { return dir; }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
