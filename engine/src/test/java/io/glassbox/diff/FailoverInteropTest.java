package io.glassbox.diff;

import io.glassbox.testkit.RawRespClient;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.glassbox.diff.ReplicaNodes.await;
import static io.glassbox.diff.ReplicaNodes.call;
import static io.glassbox.diff.ReplicaNodes.inSync;
import static io.glassbox.diff.ReplicaNodes.info;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * FAILOVER across implementations: a Glassbox master hands its role to a redis-server 7.0 replica,
 * and a redis-server master to a Glassbox replica (each side must speak the other's half:
 * {@code PSYNC <replid> <offset> FAILOVER} and the promotion it asks for). After the hand-over the
 * old master is the new one's replica, continued by partial resync, datasets and offsets equal.
 * The error replies of FAILOVER are compared byte for byte with redis-server's.
 */
@Tag("interop")
class FailoverInteropTest {
    /** redis-server delays a diskless full sync by 5 s by default, waiting for more replicas: not here. */
    private static final String[] NO_DELAY = {"--repl-diskless-sync-delay", "0"};
    @AutoClose final ReplicaNodes nodes = new ReplicaNodes();

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
        failover(nodes.glassbox().port(), nodes.redis(NO_DELAY).port());
    }

    @Test
    void aRealMasterFailsOverToAGlassboxReplica() throws Exception {
        failover(nodes.redis(NO_DELAY).port(), nodes.glassbox().port());
    }

    @Test
    void failoverErrorsAreTheSameBytes() throws Exception {
        int g = nodes.glassbox().port(), r = nodes.redis(NO_DELAY).port();
        String[][] alone = {{"FAILOVER"}, {"FAILOVER", "ABORT"}, {"FAILOVER", "TIMEOUT", "0"}, {"FAILOVER", "TIMEOUT", "x"},
                {"FAILOVER", "NOW"}, {"FAILOVER", "TO", "h"}, {"FAILOVER", "TIMEOUT", "5", "TIMEOUT", "6"}};
        for (String[] cmd : alone) assertEquals(call(r, cmd), call(g, cmd), String.join(" ", cmd));
        // each with a replica of its own (a second server of the same kind)
        int gr = nodes.glassbox().port(), rr = nodes.redis(NO_DELAY).port();
        call(gr, "REPLICAOF", "127.0.0.1", Integer.toString(g));
        call(rr, "REPLICAOF", "127.0.0.1", Integer.toString(r));
        await("both in sync", () -> inSync(g, gr) && inSync(r, rr));
        String[][] withReplica = {{"FAILOVER", "FORCE"}, {"FAILOVER", "TO", "127.0.0.1", "1"},
                {"FAILOVER", "TO", "127.0.0.1", "1", "FORCE"}, {"FAILOVER", "TIMEOUT", "100", "FORCE"}};
        for (String[] cmd : withReplica) assertEquals(call(r, cmd), call(g, cmd), String.join(" ", cmd));
        assertEquals(call(rr, "FAILOVER"), call(gr, "FAILOVER"), "on a replica");
    }
}
