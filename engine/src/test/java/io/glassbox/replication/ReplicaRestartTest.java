package io.glassbox.replication;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.persistence.rdb.RdbFile;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.glassbox.replication.EngineNodes.await;
import static io.glassbox.replication.EngineNodes.info;
import static io.glassbox.replication.EngineNodes.stat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A replica restarted from its own RDB keeps its place in the master's stream: the file carries
 * repl-id / repl-offset / repl-stream-db, and with replicaof configured the first PSYNC continues.
 */
@Tag("unit")
class ReplicaRestartTest {
    @AutoClose final EngineNodes nodes = new EngineNodes();

    @Test
    void aReplicaRestartedFromItsRdbResyncsPartially() throws Exception {
        Engine master = nodes.start("m", "save \"\"\n");
        LocalClient m = master.newClient();
        m.call("SET", "a", "1");
        String replicaof = "save \"\"\nreplicaof 127.0.0.1 " + master.port() + "\n";
        Engine replica = nodes.start("r", replicaof);
        LocalClient r = replica.newClient();
        await("link up", () -> "up".equals(info(r, "master_link_status")));
        m.call("SELECT", "3");
        m.call("SET", "in-db3", "x");
        await("offsets equal", () -> info(m, "master_repl_offset").equals(info(r, "master_repl_offset")));
        String offset = info(r, "master_repl_offset");

        try {
            r.call("SHUTDOWN", "SAVE", "NOW");
        } catch (IllegalStateException expected) {
            // SHUTDOWN answers by closing the connection; NOW: without waiting for the replica's
            // ack (prepareForShutdown's REPLCONF GETACK would move the offset this test follows)
        }
        nodes.stop(replica);
        Map<String, String> aux = RdbFile.load(nodes.dir("r").resolve("dump.rdb"),
                new io.glassbox.db.Keyspace(16, io.glassbox.util.Clock.SYSTEM), master.persistence().rdb().loadOptions(false)).aux();
        assertEquals(info(m, "master_replid"), aux.get("repl-id"));
        assertEquals(offset, aux.get("repl-offset"));
        assertEquals("3", aux.get("repl-stream-db"));

        // while it is down the master writes on, in the db its stream selected last (no new SELECT)
        m.call("SET", "while-down", "2");
        await("the replica is gone", () -> "0".equals(info(m, "connected_slaves")));

        Engine again = nodes.start("r", replicaof);
        LocalClient r2 = again.newClient();
        await("link up after restart", () -> "up".equals(info(r2, "master_link_status")));
        await("offsets equal", () -> info(m, "master_repl_offset").equals(info(r2, "master_repl_offset")));
        assertEquals("1", stat(m, "sync_partial_ok"), "the restart continued the stream");
        assertEquals("1", stat(m, "sync_full"), "only the first sync was full");
        r2.call("SELECT", "3");
        assertEquals("2", r2.call("GET", "while-down").asText(), "the continued stream ran in db 3");
        assertEquals(m.call("DEBUG", "DIGEST").asText(), r2.call("DEBUG", "DIGEST").asText());
        assertFalse(info(r2, "master_replid").isEmpty());
    }

    @Test
    void anRdbWithoutReplicationInfoMeansAFullResync() throws Exception {
        Engine master = nodes.start("m", "save \"\"\n");
        LocalClient m = master.newClient();
        m.call("SET", "a", "1");
        Engine lone = nodes.start("r", "save \"\"\n");
        lone.newClient().call("SAVE"); // a master without a backlog records no replication info
        nodes.stop(lone);
        Engine replica = nodes.start("r", "replicaof 127.0.0.1 " + master.port() + "\n");
        LocalClient r = replica.newClient();
        await("link up", () -> "up".equals(info(r, "master_link_status")));
        assertEquals("0", stat(m, "sync_partial_ok"));
        assertEquals("1", stat(m, "sync_full"));
        assertEquals("1", r.call("GET", "a").asText());
    }
}
