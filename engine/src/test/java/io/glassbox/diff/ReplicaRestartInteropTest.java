package io.glassbox.diff;

import io.glassbox.config.ConfigLoader;
import io.glassbox.config.ConfigRegistry;
import io.glassbox.engine.Engine;
import io.glassbox.server.ServerConfig;
import io.glassbox.server.ServerSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Glassbox replica of Debian's redis-server 7.0, stopped with SHUTDOWN SAVE and started again
 * with the same dir and {@code replicaof}: the RDB's repl-id/repl-offset make its first PSYNC a
 * partial one, which the real master accepts (sync_partial_ok on the master).
 */
class ReplicaRestartInteropTest {
    @TempDir Path dir;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) c.close();
    }

    private Engine glassbox(int port, String config) throws Exception {
        ServerSettings s = new ServerSettings();
        s.port = port;
        s.bind = "127.0.0.1";
        s.enableDebugCommand = "yes";
        s.dir = dir.toString();
        ConfigRegistry r = ServerConfig.fromSettings(s);
        ConfigLoader.loadFromString(r, config);
        Engine e = Engine.start(r);
        toClose.add(e);
        return e;
    }

    private static String call(int port, String... args) throws Exception {
        List<byte[]> argv = new ArrayList<>();
        for (String a : args) argv.add(a.getBytes(StandardCharsets.UTF_8));
        try (RawRespClient c = new RawRespClient(port)) {
            return new String(c.call(argv), StandardCharsets.UTF_8);
        }
    }

    private static String info(int port, String section, String field) {
        try {
            for (String line : call(port, "INFO", section).split("\r\n")) {
                if (line.startsWith(field + ":")) return line.substring(field.length() + 1);
            }
        } catch (Exception e) {
            return null;
        }
        return null;
    }

    private static void await(String what, BooleanSupplier cond) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!cond.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(25);
        }
    }

    private static boolean inSync(int m, int r) {
        return "up".equals(info(r, "replication", "master_link_status"))
               && String.valueOf(info(m, "replication", "master_repl_offset")).equals(info(r, "replication", "master_repl_offset"));
    }

    @Test
    void aGlassboxReplicaRestartedFromItsRdbContinuesWithRealRedis() throws Exception {
        RealRedis master = RealRedis.startOrSkip();
        toClose.add(master);
        int m = master.port(), port = RealRedis.freePort();
        call(m, "SET", "a", "1");
        String config = "save \"\"\nreplicaof 127.0.0.1 " + m + "\n";
        Engine replica = glassbox(port, config);
        await("in sync", () -> inSync(m, port));
        call(m, "SELECT", "2");
        call(m, "SET", "b", "2");
        await("in sync", () -> inSync(m, port));
        try {
            call(port, "SHUTDOWN", "SAVE");
        } catch (Exception closed) {
            // SHUTDOWN answers by closing the connection
        }
        replica.close();
        toClose.remove(replica);
        // the master goes on in db 2 without a new SELECT: the restarted replica must be in db 2 too
        String[] set = {"SET", "while-down", "3"};
        try (RawRespClient c = new RawRespClient(m)) {
            c.call(List.of("SELECT".getBytes(), "2".getBytes()));
            c.call(List.of(set[0].getBytes(), set[1].getBytes(), set[2].getBytes()));
        }
        await("the master saw the replica go", () -> "0".equals(info(m, "replication", "connected_slaves")));

        glassbox(port, config);
        await("in sync after restart", () -> inSync(m, port));
        assertEquals("1", info(m, "stats", "sync_partial_ok"), "the restart continued the stream");
        assertEquals("1", info(m, "stats", "sync_full"));
        try (RawRespClient c = new RawRespClient(port)) {
            c.call(List.of("SELECT".getBytes(), "2".getBytes()));
            assertTrue(new String(c.call(List.of("GET".getBytes(), "while-down".getBytes())), StandardCharsets.UTF_8).contains("3"));
        }
        assertEquals(call(m, "DEBUG", "DIGEST"), call(port, "DEBUG", "DIGEST"));
    }
}
