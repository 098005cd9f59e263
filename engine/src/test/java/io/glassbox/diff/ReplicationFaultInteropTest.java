package io.glassbox.diff;

import io.glassbox.config.ConfigLoader;
import io.glassbox.config.ConfigRegistry;
import io.glassbox.engine.Engine;
import io.glassbox.server.ServerConfig;
import io.glassbox.server.ServerSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 7's faults across implementations, each run with Debian's redis-server 7.0 on the other
 * end of the link. A backlog too small for what a cut replica missed: the master answers its PSYNC
 * with a full resync (sync_partial_err and sync_full grow on the master, datasets equal after).
 * A master stopped with SHUTDOWN SAVE and started again from its RDB on the same port: Redis 7.0
 * keeps the saved history as the new run's replid2, so the replica continues by partial resync
 * (sync_partial_ok 1, sync_full 0 on the restarted master); Glassbox does the same, both ways.
 */
class ReplicationFaultInteropTest {
    @TempDir Path dir;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) c.close();
    }

    private Engine glassbox(int port, String name, String config) throws Exception {
        ServerSettings s = new ServerSettings();
        s.port = port;
        s.bind = "127.0.0.1";
        s.enableDebugCommand = "yes";
        Files.createDirectories(dir.resolve(name));
        s.dir = dir.resolve(name).toString();
        ConfigRegistry r = ServerConfig.fromSettings(s);
        ConfigLoader.loadFromString(r, config);
        Engine e = Engine.start(r);
        toClose.add(e);
        return e;
    }

    private RealRedis redis(int port, String name, String... args) throws Exception {
        Files.createDirectories(dir.resolve(name));
        RealRedis r = RealRedis.startOrSkip(port, dir.resolve(name), args);
        toClose.add(r);
        return r;
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

    private static void assertSameData(int a, int b) throws Exception {
        assertEquals(call(a, "DEBUG", "DIGEST"), call(b, "DEBUG", "DIGEST"));
        assertEquals(call(a, "DBSIZE"), call(b, "DBSIZE"));
    }

    private static void writes(int port, String tag) throws Exception {
        call(port, "SET", "s" + tag, "v");
        call(port, "RPUSH", "l" + tag, "a", "b", "c");
        call(port, "HSET", "h" + tag, "f", "v");
        call(port, "ZADD", "z" + tag, "1.5", "a");
        try (RawRespClient c = new RawRespClient(port)) {
            c.call(List.of("SELECT".getBytes(), "3".getBytes()));
            c.call(List.of("SET".getBytes(), ("db3" + tag).getBytes(), "y".getBytes()));
        }
    }

    /**
     * Cuts the replica's link and writes 40 KB in one transaction, so it cannot reconnect before
     * the 16 KB backlog has overwritten the first byte it will ask for.
     */
    private static void cutAndOverflow(int master) throws Exception {
        byte[] value = "x".repeat(4096).getBytes(StandardCharsets.US_ASCII);
        try (RawRespClient c = new RawRespClient(master)) {
            c.call(List.of("MULTI".getBytes()));
            c.call(List.of("CLIENT".getBytes(), "KILL".getBytes(), "TYPE".getBytes(), "replica".getBytes()));
            for (int i = 0; i < 10; i++) c.call(List.of("SET".getBytes(), ("big:" + i).getBytes(), value));
            String exec = new String(c.call(List.of("EXEC".getBytes())), StandardCharsets.US_ASCII);
            assertTrue(exec.startsWith("*11\r\n:1\r\n+OK\r\n"), exec);
        }
    }

    private void backlogTooSmall(int m, int r) throws Exception {
        writes(m, "1");
        call(r, "REPLICAOF", "127.0.0.1", Integer.toString(m));
        await("in sync", () -> inSync(m, r));
        long fullBefore = Long.parseLong(info(m, "stats", "sync_full"));
        long errBefore = Long.parseLong(info(m, "stats", "sync_partial_err"));
        cutAndOverflow(m);
        long replicaHas = Long.parseLong(info(r, "replication", "master_repl_offset"));
        assertTrue(Long.parseLong(info(m, "replication", "repl_backlog_first_byte_offset")) > replicaHas + 1);
        await("in sync after a full resync", () -> inSync(m, r)
                && Long.toString(fullBefore + 1).equals(info(m, "stats", "sync_full")));
        assertEquals(Long.toString(errBefore + 1), info(m, "stats", "sync_partial_err"));
        writes(m, "2");
        await("in sync", () -> inSync(m, r));
        assertSameData(m, r);
    }

    @Test
    void realMasterWithATooSmallBacklogFullyResyncsAGlassboxReplica() throws Exception {
        RealRedis master = redis(RealRedis.freePort(), "m", "--repl-backlog-size", "16kb", "--repl-diskless-sync-delay", "0");
        Engine replica = glassbox(RealRedis.freePort(), "r", "save \"\"\n");
        backlogTooSmall(master.port(), replica.port());
    }

    @Test
    void glassboxMasterWithATooSmallBacklogFullyResyncsARealReplica() throws Exception {
        Engine master = glassbox(RealRedis.freePort(), "m", "save \"\"\nrepl-backlog-size 16kb\n");
        RealRedis replica = redis(RealRedis.freePort(), "r");
        backlogTooSmall(master.port(), replica.port());
    }

    /** Stops the master with SHUTDOWN SAVE, then checks the replica waits, reconnects and continues. */
    private static String shutdownSave(int m) throws Exception {
        String id = info(m, "replication", "master_replid");
        try {
            call(m, "SHUTDOWN", "SAVE");
        } catch (IOException closed) {
            // SHUTDOWN answers by closing the connection
        }
        return id;
    }

    private static void continuedAfterRestart(int m, int r, String oldId, String oldOffset) throws Exception {
        assertEquals(oldId, info(m, "replication", "master_replid2"), "the saved history is the secondary ID");
        assertEquals(Long.toString(Long.parseLong(oldOffset) + 1), info(m, "replication", "second_repl_offset"));
        assertNotEquals(oldId, info(m, "replication", "master_replid"));
        await("the replica continues", () -> inSync(m, r)
                && String.valueOf(info(m, "replication", "master_replid")).equals(info(r, "replication", "master_replid")));
        assertEquals("1", info(m, "stats", "sync_partial_ok"), "a +CONTINUE");
        assertEquals("0", info(m, "stats", "sync_full"), "no copy of the dataset");
        assertEquals(oldId, info(r, "replication", "master_replid2"));
        assertEquals(call(m, "DBSIZE"), call(r, "DBSIZE"), "the key that expired while the master was down is gone on the replica too");
        writes(m, "after");
        await("in sync", () -> inSync(m, r));
        assertSameData(m, r);
    }

    @Test
    void aRealMasterRestartedFromItsRdbLetsAGlassboxReplicaContinue() throws Exception {
        int mp = RealRedis.freePort();
        RealRedis master = redis(mp, "m");
        Engine replica = glassbox(RealRedis.freePort(), "r", "save \"\"\n");
        int r = replica.port();
        writes(mp, "1");
        call(r, "REPLICAOF", "127.0.0.1", Integer.toString(mp));
        await("in sync", () -> inSync(mp, r));
        writes(mp, "2");
        await("in sync", () -> inSync(mp, r));
        call(mp, "SET", "short-lived", "x", "PX", "300"); // expires while the master is down: a DEL after the restart
        await("in sync", () -> inSync(mp, r));
        String oldId = shutdownSave(mp);
        master.close();
        toClose.remove(master);
        await("the replica sees the link down", () -> "down".equals(info(r, "replication", "master_link_status")));
        Thread.sleep(400);
        // what the replica got is what the master saved (Redis's SHUTDOWN may add a REPLCONF GETACK first)
        String offset = info(r, "replication", "master_repl_offset");

        redis(mp, "m");
        continuedAfterRestart(mp, r, oldId, offset);
    }

    @Test
    void aGlassboxMasterRestartedFromItsRdbLetsARealReplicaContinue() throws Exception {
        int mp = RealRedis.freePort();
        Engine master = glassbox(mp, "m", "save \"\"\n");
        RealRedis replica = redis(RealRedis.freePort(), "r");
        int r = replica.port();
        writes(mp, "1");
        call(r, "REPLICAOF", "127.0.0.1", Integer.toString(mp));
        await("in sync", () -> inSync(mp, r));
        writes(mp, "2");
        await("in sync", () -> inSync(mp, r));
        call(mp, "SET", "short-lived", "x", "PX", "300"); // expires while the master is down: a DEL after the restart
        await("in sync", () -> inSync(mp, r));
        String oldId = shutdownSave(mp);
        master.close();
        toClose.remove(master);
        await("the replica sees the link down", () -> "down".equals(info(r, "replication", "master_link_status")));
        Thread.sleep(400);
        // what the replica got is what the master saved (Redis's SHUTDOWN may add a REPLCONF GETACK first)
        String offset = info(r, "replication", "master_repl_offset");

        glassbox(mp, "m", "save \"\"\n");
        continuedAfterRestart(mp, r, oldId, offset);
    }
}
