package io.glassbox.replication;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.testkit.EngineFixture;
import io.glassbox.testkit.Ports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The scaffolding the replication tests share: Glassbox engines started in one JVM, each on a free
 * loopback port with its own directory under the test's temp dir (so a restart finds the RDB the
 * last run saved), and closed after the test; plus the few questions every such test asks of a
 * node: its INFO replication and INFO stats fields, whether a replica has caught up, and a bounded
 * wait for either. The tests keep only what they check. Public because the differential
 * replication tests ({@code io.glassbox.diff.ReplicaNodes}) start their Glassbox side with it.
 */
public final class EngineNodes implements AutoCloseable {
    private final Path dir;
    private final List<AutoCloseable> running = new ArrayList<>();

    /** Declared in a test as {@code @AutoClose final EngineNodes nodes = new EngineNodes();}: one per test. */
    public EngineNodes() {
        try {
            dir = Files.createTempDirectory("glassbox-replication");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the node started as {@code name} keeps its files. */
    public Path dir(String name) {
        return dir.resolve(name);
    }

    /** An engine on a free port in {@code dir/name}, DEBUG enabled. */
    public Engine start(String name) throws Exception {
        return start(name, Ports.free(), "");
    }

    /** The same with redis.conf lines applied, as the launcher would (e.g. {@code replicaof}). */
    public Engine start(String name, String config) throws Exception {
        return start(name, Ports.free(), config);
    }

    /** On a given port: a restart on the port its replicas know. */
    public Engine start(String name, int port, String config) throws Exception {
        Path home = Files.createDirectories(dir.resolve(name));
        return closeLater(EngineFixture.builder().listening().settings(s -> s.port = port).debug().dir(home)
                .config(config).startEngine());
    }

    /** Anything else the test opens (a fake master's socket), closed with the engines. */
    public <T extends AutoCloseable> T closeLater(T c) {
        running.add(c);
        return c;
    }

    /** Stops one node before the test ends (a crash or a restart). */
    public void stop(AutoCloseable c) throws Exception {
        running.remove(c);
        c.close();
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : running) c.close();
        running.clear();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    /** Polls {@code cond} every 20 ms, failing with {@code what} after 10 seconds. */
    static void await(String what, BooleanSupplier cond) throws InterruptedException {
        await(what, cond, 10_000, 20);
    }

    /** Polls {@code cond} every {@code pollMillis}, failing with {@code what} after {@code timeoutMillis}. */
    public static void await(String what, BooleanSupplier cond, long timeoutMillis, long pollMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!cond.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(pollMillis);
        }
    }

    /** A field of INFO replication, or null when there is none. */
    static String info(LocalClient c, String field) {
        for (String line : c.call("INFO", "replication").asText().split("\r\n")) {
            if (line.startsWith(field + ":")) return line.substring(field.length() + 1);
        }
        return null;
    }

    /** A field of INFO stats (which always has the sync counters). */
    static String stat(LocalClient c, String field) {
        return c.call("INFO", "stats").asText().lines().filter(l -> l.startsWith(field + ":")).findFirst().orElseThrow()
                .substring(field.length() + 1);
    }

    /** The replica's link is up and it has applied all the master has written. */
    static boolean inSync(LocalClient m, LocalClient r) {
        return "up".equals(info(r, "master_link_status")) && info(m, "master_repl_offset").equals(info(r, "master_repl_offset"));
    }
}
