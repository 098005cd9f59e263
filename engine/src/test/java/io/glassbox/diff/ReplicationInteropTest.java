package io.glassbox.diff;

import io.glassbox.engine.Engine;
import io.glassbox.testkit.RawRespClient;
import io.glassbox.testkit.RealRedis;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.glassbox.diff.ReplicaNodes.assertSameData;
import static io.glassbox.diff.ReplicaNodes.await;
import static io.glassbox.diff.ReplicaNodes.call;
import static io.glassbox.diff.ReplicaNodes.info;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Replication across implementations: Debian's redis-server 7.0 as a replica of Glassbox, and
 * Glassbox as a replica of redis-server (disk-based and diskless full syncs, then a partial resync
 * after the link is cut). Datasets are compared with DEBUG DIGEST and offsets with INFO.
 */
@Tag("interop")
class ReplicationInteropTest {
    @AutoClose final ReplicaNodes nodes = new ReplicaNodes();

    private static boolean linkUp(int port) {
        return "up".equals(info(port, "replication", "master_link_status"));
    }

    private static boolean sameOffset(int a, int b) {
        return String.valueOf(info(a, "replication", "master_repl_offset")).equals(info(b, "replication", "master_repl_offset"));
    }

    /** A workload touching every type, several databases and expiry. */
    private static void writes(int port, String tag) throws Exception {
        call(port, "SET", "s" + tag, "v");
        call(port, "INCRBY", "n" + tag, "7");
        call(port, "SET", "ttl" + tag, "x", "EX", "1000");
        call(port, "RPUSH", "l" + tag, "a", "b", "c");
        call(port, "SADD", "set" + tag, "1", "2", "x");
        call(port, "ZADD", "z" + tag, "1.5", "a", "2", "b");
        call(port, "HSET", "h" + tag, "f", "v", "g", "w");
        call(port, "SPOP", "set" + tag);
        call(port, "INCRBYFLOAT", "f" + tag, "1.25");
        for (int i = 0; i < 300; i++) call(port, "ZADD", "big" + tag, Integer.toString(i), "m" + i);
        try (RawRespClient c = new RawRespClient(port)) {
            c.call(List.of("SELECT".getBytes(), "3".getBytes()));
            c.call(List.of("SET".getBytes(), ("db3" + tag).getBytes(), "y".getBytes()));
        }
    }

    @Test
    void realRedisIsAReplicaOfGlassbox() throws Exception {
        Engine master = nodes.glassbox();
        RealRedis replica = nodes.redis();
        int m = master.port(), r = replica.port();
        writes(m, "1");
        call(r, "REPLICAOF", "127.0.0.1", Integer.toString(m));
        await("link up", () -> linkUp(r));
        writes(m, "2");
        await("offsets equal", () -> sameOffset(m, r));
        assertSameData(m, r);

        // cut the link: redis-server resumes with PSYNC from our backlog
        call(m, "CLIENT", "KILL", "ID", replicaId(m));
        writes(m, "3");
        await("link up again", () -> linkUp(r) && sameOffset(m, r));
        assertSameData(m, r);
        String stats = call(m, "INFO", "stats");
        assertEquals(true, stats.contains("sync_partial_ok:1\r\n"), stats);
    }

    /**
     * A full sync carries the master's function libraries in its RDB (opcode FUNCTION2) and drops
     * the ones the replica had: checked with each side as master.
     */
    @Test
    void fullSyncCarriesFunctionLibraries() throws Exception {
        functionsReplicate(nodes.glassbox().port(), nodes.redis().port());
        functionsReplicate(nodes.redis("--repl-diskless-sync", "yes", "--repl-diskless-sync-delay", "0").port(), nodes.glassbox().port());
    }

    private static void functionsReplicate(int m, int r) throws Exception {
        assertEquals("$4\r\nmlib\r\n", call(m, "FUNCTION", "LOAD",
                "#!lua name=mlib\nredis.register_function{function_name='mf', callback=function() return 'from the master' end,"
                        + " flags={'no-writes'}}"));
        assertEquals("$4\r\nrlib\r\n", call(r, "FUNCTION", "LOAD",
                "#!lua name=rlib\nredis.register_function('rf', function() return 1 end)"));
        call(r, "REPLICAOF", "127.0.0.1", Integer.toString(m));
        await("link up", () -> linkUp(r));
        assertEquals("$15\r\nfrom the master\r\n", call(r, "FCALL_RO", "mf", "0"));
        assertEquals(call(m, "FUNCTION", "LIST", "WITHCODE"), call(r, "FUNCTION", "LIST", "WITHCODE"));
        call(r, "REPLICAOF", "NO", "ONE");
    }

    private static String replicaId(int port) throws Exception {
        for (String line : call(port, "CLIENT", "LIST").split("\n")) {
            if (line.contains("flags=S")) return line.substring(line.indexOf("id=") + 3, line.indexOf(' ', line.indexOf("id=")));
        }
        throw new AssertionError("no replica connected");
    }

    @Test
    void glassboxIsAReplicaOfRealRedisDiskless() throws Exception {
        glassboxReplicaOf(nodes.redis("--repl-diskless-sync", "yes", "--repl-diskless-sync-delay", "0"));
    }

    @Test
    void glassboxIsAReplicaOfRealRedisFromDisk() throws Exception {
        glassboxReplicaOf(nodes.redis("--repl-diskless-sync", "no"));
    }

    private void glassboxReplicaOf(RealRedis master) throws Exception {
        Engine replica = nodes.glassbox();
        int m = master.port(), r = replica.port();
        writes(m, "1");
        call(r, "REPLICAOF", "127.0.0.1", Integer.toString(m));
        await("link up", () -> linkUp(r));
        writes(m, "2");
        await("offsets equal", () -> sameOffset(m, r));
        assertSameData(m, r);
        String replid = info(m, "replication", "master_replid");
        assertNotNull(replid, "the master answers INFO");
        assertEquals(replid, info(r, "replication", "master_replid"));

        call(m, "CLIENT", "KILL", "TYPE", "replica");
        writes(m, "3");
        await("link up again", () -> linkUp(r) && sameOffset(m, r));
        assertSameData(m, r);
        assertEquals(true, call(m, "INFO", "stats").contains("sync_partial_ok:1\r\n"));
    }

    /** replica-announce-ip/-port: redis-server lists a Glassbox replica under the address it announced. */
    @Test
    void aGlassboxReplicaAnnouncesItselfToRealRedis() throws Exception {
        RealRedis master = nodes.redis("--repl-diskless-sync-delay", "0");
        Engine replica = nodes.glassbox();
        int m = master.port(), r = replica.port();
        call(r, "CONFIG", "SET", "replica-announce-ip", "10.9.8.7");
        call(r, "CONFIG", "SET", "replica-announce-port", "7777");
        call(r, "REPLICAOF", "127.0.0.1", Integer.toString(m));
        await("link up", () -> linkUp(r));
        await("listed", () -> {
            return info(m, "replication", "slave0") != null && info(m, "replication", "slave0").contains("state=online");
        });
        assertEquals(true, info(m, "replication", "slave0").startsWith("ip=10.9.8.7,port=7777,state=online"), info(m, "replication", "slave0"));
    }
}
