package io.glassbox.diff;

import io.glassbox.engine.Engine;
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

/**
 * FAILOVER across implementations: a Glassbox master hands its role to a redis-server 7.0 replica,
 * and a redis-server master to a Glassbox replica (each side must speak the other's half:
 * {@code PSYNC <replid> <offset> FAILOVER} and the promotion it asks for). After the hand-over the
 * old master is the new one's replica, continued by partial resync, datasets and offsets equal.
 * The error replies of FAILOVER are compared byte for byte with redis-server's.
 */
class FailoverInteropTest {
    @TempDir Path dir;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) c.close();
    }

    private Engine glassbox() throws Exception {
        ServerSettings s = new ServerSettings();
        s.port = RealRedis.freePort();
        s.bind = "127.0.0.1";
        s.enableDebugCommand = "yes";
        s.dir = dir.toString();
        Engine e = Engine.start(s);
        toClose.add(e);
        return e;
    }

    private RealRedis redis() throws Exception {
        RealRedis r = RealRedis.startOrSkip("--repl-diskless-sync-delay", "0");
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

    private static void writes(int port, String tag) throws Exception {
        call(port, "SET", "s" + tag, "v");
        call(port, "HSET", "h" + tag, "f", "v");
        call(port, "ZADD", "z" + tag, "2", "b");
        try (RawRespClient c = new RawRespClient(port)) {
            c.call(List.of("SELECT".getBytes(), "5".getBytes()));
            c.call(List.of("LPUSH".getBytes(), ("l" + tag).getBytes(), "y".getBytes()));
        }
    }

    private static void failover(int master, int replica) throws Exception {
        writes(master, "1");
        call(replica, "REPLICAOF", "127.0.0.1", Integer.toString(master));
        await("in sync", () -> inSync(master, replica));
        writes(master, "2");
        await("in sync", () -> inSync(master, replica));
        String oldId = info(master, "replication", "master_replid");

        assertEquals("+OK\r\n", call(master, "FAILOVER", "TO", "127.0.0.1", Integer.toString(replica)));
        await("the roles swapped", () -> "master".equals(info(replica, "replication", "role"))
                && "slave".equals(info(master, "replication", "role"))
                && "up".equals(info(master, "replication", "master_link_status")));
        await("the failover is over", () -> "no-failover".equals(info(master, "replication", "master_failover_state")));
        assertEquals(oldId, info(replica, "replication", "master_replid2"));
        assertEquals("1", info(replica, "stats", "sync_partial_ok"), "the old master continued by PSYNC");
        assertEquals("0", info(replica, "stats", "sync_full"));
        writes(replica, "3");
        await("in sync the other way", () -> inSync(replica, master));
        assertEquals(call(replica, "DEBUG", "DIGEST"), call(master, "DEBUG", "DIGEST"));
        assertEquals(info(replica, "replication", "master_replid"), info(master, "replication", "master_replid"));
    }

    @Test
    void aGlassboxMasterFailsOverToARealReplica() throws Exception {
        failover(glassbox().port(), redis().port());
    }

    @Test
    void aRealMasterFailsOverToAGlassboxReplica() throws Exception {
        failover(redis().port(), glassbox().port());
    }

    @Test
    void failoverErrorsAreTheSameBytes() throws Exception {
        int g = glassbox().port(), r = redis().port();
        String[][] alone = {{"FAILOVER"}, {"FAILOVER", "ABORT"}, {"FAILOVER", "TIMEOUT", "0"}, {"FAILOVER", "TIMEOUT", "x"},
                {"FAILOVER", "NOW"}, {"FAILOVER", "TO", "h"}, {"FAILOVER", "TIMEOUT", "5", "TIMEOUT", "6"}};
        for (String[] cmd : alone) assertEquals(call(r, cmd), call(g, cmd), String.join(" ", cmd));
        // each with a replica of its own (a second server of the same kind)
        int gr = glassbox().port(), rr = redis().port();
        call(gr, "REPLICAOF", "127.0.0.1", Integer.toString(g));
        call(rr, "REPLICAOF", "127.0.0.1", Integer.toString(r));
        await("both in sync", () -> inSync(g, gr) && inSync(r, rr));
        String[][] withReplica = {{"FAILOVER", "FORCE"}, {"FAILOVER", "TO", "127.0.0.1", "1"},
                {"FAILOVER", "TO", "127.0.0.1", "1", "FORCE"}, {"FAILOVER", "TIMEOUT", "100", "FORCE"}};
        for (String[] cmd : withReplica) assertEquals(call(r, cmd), call(g, cmd), String.join(" ", cmd));
        assertEquals(call(rr, "FAILOVER"), call(gr, "FAILOVER"), "on a replica");
    }
}
