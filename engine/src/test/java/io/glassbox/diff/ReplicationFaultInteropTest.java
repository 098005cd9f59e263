package io.glassbox.diff;

import io.glassbox.engine.Engine;
import io.glassbox.testkit.Ports;
import io.glassbox.testkit.RawRespClient;
import io.glassbox.testkit.RealRedis;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;

import static io.glassbox.diff.ReplicaNodes.assertSameData;
import static io.glassbox.diff.ReplicaNodes.await;
import static io.glassbox.diff.ReplicaNodes.call;
import static io.glassbox.diff.ReplicaNodes.inSync;
import static io.glassbox.diff.ReplicaNodes.info;
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
@Tag("interop")
class ReplicationFaultInteropTest {
    @AutoClose final ReplicaNodes nodes = new ReplicaNodes();

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
        RealRedis master = nodes.redis(Ports.free(), "m", "--repl-backlog-size", "16kb", "--repl-diskless-sync-delay", "0");
        Engine replica = nodes.glassbox(Ports.free(), "r", "save \"\"\n");
        backlogTooSmall(master.port(), replica.port());
    }

    @Test
    void glassboxMasterWithATooSmallBacklogFullyResyncsARealReplica() throws Exception {
        Engine master = nodes.glassbox(Ports.free(), "m", "save \"\"\nrepl-backlog-size 16kb\n");
        RealRedis replica = nodes.redis(Ports.free(), "r");
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

    /**
     * Replicates {@code mp} to {@code r}, stops the master with SHUTDOWN SAVE, starts it again on the
     * same port and dir with {@code restart}, then checks the replica continued.
     */
    private void restartedMasterLetsTheReplicaContinue(int mp, AutoCloseable master, int r, Callable<?> restart) throws Exception {
        writes(mp, "1");
        call(r, "REPLICAOF", "127.0.0.1", Integer.toString(mp));
        await("in sync", () -> inSync(mp, r));
        writes(mp, "2");
        await("in sync", () -> inSync(mp, r));
        call(mp, "SET", "short-lived", "x", "PX", "300"); // expires while the master is down: a DEL after the restart
        await("in sync", () -> inSync(mp, r));
        String oldId = shutdownSave(mp);
        nodes.stop(master);
        await("the replica sees the link down", () -> "down".equals(info(r, "replication", "master_link_status")));
        Thread.sleep(400);
        // what the replica got is what the master saved (Redis's SHUTDOWN may add a REPLCONF GETACK first)
        String offset = info(r, "replication", "master_repl_offset");

        restart.call();
        continuedAfterRestart(mp, r, oldId, offset);
    }

    @Test
    void aRealMasterRestartedFromItsRdbLetsAGlassboxReplicaContinue() throws Exception {
        int mp = Ports.free();
        RealRedis master = nodes.redis(mp, "m");
        Engine replica = nodes.glassbox(Ports.free(), "r", "save \"\"\n");
        restartedMasterLetsTheReplicaContinue(mp, master, replica.port(), () -> nodes.redis(mp, "m"));
    }

    @Test
    void aGlassboxMasterRestartedFromItsRdbLetsARealReplicaContinue() throws Exception {
        int mp = Ports.free();
        Engine master = nodes.glassbox(mp, "m", "save \"\"\n");
        RealRedis replica = nodes.redis(Ports.free(), "r");
        restartedMasterLetsTheReplicaContinue(mp, master, replica.port(), () -> nodes.glassbox(mp, "m", "save \"\"\n"));
    }
}
