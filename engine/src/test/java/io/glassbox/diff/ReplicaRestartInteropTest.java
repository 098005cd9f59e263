package io.glassbox.diff;

import io.glassbox.engine.Engine;
import io.glassbox.testkit.Ports;
import io.glassbox.testkit.RawRespClient;
import io.glassbox.testkit.RealRedis;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.glassbox.diff.ReplicaNodes.await;
import static io.glassbox.diff.ReplicaNodes.call;
import static io.glassbox.diff.ReplicaNodes.inSync;
import static io.glassbox.diff.ReplicaNodes.info;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Glassbox replica of Debian's redis-server 7.0, stopped with SHUTDOWN SAVE and started again
 * with the same dir and {@code replicaof}: the RDB's repl-id/repl-offset make its first PSYNC a
 * partial one, which the real master accepts (sync_partial_ok on the master).
 */
@Tag("interop")
class ReplicaRestartInteropTest {
    @AutoClose final ReplicaNodes nodes = new ReplicaNodes();

    @Test
    void aGlassboxReplicaRestartedFromItsRdbContinuesWithRealRedis() throws Exception {
        RealRedis master = nodes.redis();
        int m = master.port(), port = Ports.free();
        call(m, "SET", "a", "1");
        String config = "save \"\"\nreplicaof 127.0.0.1 " + m + "\n";
        Engine replica = nodes.glassbox(port, "r", config);
        await("in sync", () -> inSync(m, port));
        call(m, "SELECT", "2");
        call(m, "SET", "b", "2");
        await("in sync", () -> inSync(m, port));
        try {
            call(port, "SHUTDOWN", "SAVE");
        } catch (Exception closed) {
            // SHUTDOWN answers by closing the connection
        }
        nodes.stop(replica);
        // the master goes on in db 2 without a new SELECT: the restarted replica must be in db 2 too
        String[] set = {"SET", "while-down", "3"};
        try (RawRespClient c = new RawRespClient(m)) {
            c.call(List.of("SELECT".getBytes(), "2".getBytes()));
            c.call(List.of(set[0].getBytes(), set[1].getBytes(), set[2].getBytes()));
        }
        await("the master saw the replica go", () -> "0".equals(info(m, "replication", "connected_slaves")));

        nodes.glassbox(port, "r", config);
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
