package io.glassbox.diff;

import io.glassbox.engine.Engine;
import io.glassbox.replication.EngineNodes;
import io.glassbox.testkit.RawRespClient;
import io.glassbox.testkit.RealRedis;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The scaffolding of the replication tests that pair Glassbox with Debian's redis-server: Glassbox
 * engines (started by {@link EngineNodes}, each with its own directory) and redis-server processes
 * on free loopback ports, closed after the test (or earlier, to restart one from its files), and
 * the questions those tests ask over the wire: a command's raw reply, an INFO field, whether a
 * replica has caught up, whether two servers hold the same data (DEBUG DIGEST and DBSIZE), and a
 * bounded wait. Each test keeps its own workload and assertions.
 */
final class ReplicaNodes implements AutoCloseable {
    private final EngineNodes nodes = new EngineNodes();
    private int unnamed;

    /** A Glassbox engine on a free port, DEBUG enabled. */
    Engine glassbox() throws Exception {
        return nodes.start("glassbox-" + unnamed++);
    }

    /**
     * On a given port, with redis.conf lines applied (e.g. {@code replicaof}), its files in
     * {@code name}'s directory: what a restart with the same name loads from.
     */
    Engine glassbox(int port, String name, String config) throws Exception {
        return nodes.start(name, port, config);
    }

    /** A redis-server in a fresh temp dir (or the test is skipped without one). */
    RealRedis redis(String... args) throws Exception {
        return nodes.closeLater(RealRedis.start(args));
    }

    /** A redis-server on a given port with its files in {@code name}'s directory. */
    RealRedis redis(int port, String name, String... args) throws Exception {
        return nodes.closeLater(RealRedis.start(port, Files.createDirectories(nodes.dir(name)), args));
    }

    /** Stops one node before the test ends (a crash or a restart). */
    void stop(AutoCloseable node) throws Exception {
        nodes.stop(node);
    }

    @Override
    public void close() throws Exception {
        nodes.close();
    }

    /** One command on a fresh connection; the raw reply as text. */
    static String call(int port, String... args) throws Exception {
        List<byte[]> argv = new ArrayList<>();
        for (String a : args) argv.add(a.getBytes(StandardCharsets.UTF_8));
        try (RawRespClient c = new RawRespClient(port)) {
            return new String(c.call(argv), StandardCharsets.UTF_8);
        }
    }

    /** A field of an INFO section, or null when there is none or the server does not answer. */
    static String info(int port, String section, String field) {
        try {
            for (String line : call(port, "INFO", section).split("\r\n")) {
                if (line.startsWith(field + ":")) return line.substring(field.length() + 1);
            }
        } catch (Exception e) {
            return null;
        }
        return null;
    }

    /** Polls {@code cond} every 25 ms, failing with {@code what} after 20 seconds. */
    static void await(String what, BooleanSupplier cond) throws InterruptedException {
        EngineNodes.await(what, cond, 20_000, 25);
    }

    /** The replica's link is up and it has applied all the master has written. */
    static boolean inSync(int m, int r) {
        return "up".equals(info(r, "replication", "master_link_status"))
               && String.valueOf(info(m, "replication", "master_repl_offset")).equals(info(r, "replication", "master_repl_offset"));
    }

    static void assertSameData(int a, int b) throws Exception {
        assertEquals(call(a, "DEBUG", "DIGEST"), call(b, "DEBUG", "DIGEST"));
        assertEquals(call(a, "DBSIZE"), call(b, "DBSIZE"));
    }
}
