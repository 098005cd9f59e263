package io.glassbox.replication;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.resp.RespValue;
import io.glassbox.testkit.Ports;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.glassbox.replication.EngineNodes.await;
import static io.glassbox.replication.EngineNodes.inSync;
import static io.glassbox.replication.EngineNodes.info;
import static io.glassbox.replication.EngineNodes.stat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The faults issue 7 lists, with Glassbox on both ends: a link cut while the master writes more
 * than its backlog holds (the replica must copy the dataset again), and a master stopped with
 * SHUTDOWN and started again from its RDB on the same port (Redis 7.0: the replica continues).
 */
@Tag("unit")
class ReplicationFaultTest {
    @AutoClose final EngineNodes nodes = new EngineNodes();

    @Test
    void aBacklogTooSmallForWhatWasMissedForcesAFullResync() throws Exception {
        Engine master = nodes.start("m", Ports.free(), "save \"\"\nrepl-backlog-size 16kb\n");
        Engine replica = nodes.start("r", Ports.free(), "save \"\"\n");
        LocalClient m = master.newClient(), r = replica.newClient();
        m.call("SET", "before", "1");
        r.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
        await("in sync", () -> inSync(m, r));
        assertEquals("1", stat(m, "sync_full"));

        // cut the link and write 40 KB in one transaction: the replica cannot reconnect in between,
        // and when it asks for what it missed, the 16 KB ring has already overwritten the start of it
        String value = "x".repeat(4096);
        m.call("MULTI");
        m.call("CLIENT", "KILL", "TYPE", "replica");
        for (int i = 0; i < 10; i++) m.call("SET", "big:" + i, value);
        List<RespValue> exec = ((RespValue.Array) m.call("EXEC")).items();
        assertEquals(1L, ((RespValue.Int) exec.get(0)).value(), "the replica's link was cut");
        long firstByte = Long.parseLong(info(m, "repl_backlog_first_byte_offset"));
        long replicaHas = Long.parseLong(info(r, "master_repl_offset"));
        assertTrue(firstByte > replicaHas + 1, "the backlog no longer holds offset " + (replicaHas + 1));

        await("in sync again", () -> inSync(m, r) && "2".equals(stat(m, "sync_full")));
        assertEquals("0", stat(m, "sync_partial_ok"));
        assertEquals(m.call("DEBUG", "DIGEST").asText(), r.call("DEBUG", "DIGEST").asText());
        assertEquals(value, r.call("GET", "big:9").asText());
    }

    @Test
    void aMasterRestartedFromItsRdbLetsItsReplicaContinue() throws Exception {
        int masterPort = Ports.free();
        String masterConfig = "save \"\"\n";
        Engine master = nodes.start("m", masterPort, masterConfig);
        Engine replica = nodes.start("r", Ports.free(), "save \"\"\n");
        LocalClient m = master.newClient(), r = replica.newClient();
        m.call("SET", "a", "1");
        m.call("SELECT", "4");
        m.call("SET", "in-db4", "x");
        r.call("REPLICAOF", "127.0.0.1", Integer.toString(masterPort));
        await("in sync", () -> inSync(m, r));
        m.call("SET", "after-sync", "y");
        await("in sync", () -> inSync(m, r));
        String oldId = info(m, "master_replid"), offset = info(m, "master_repl_offset");
        try {
            m.call("SHUTDOWN", "SAVE", "NOW");
        } catch (IllegalStateException expected) {
            // SHUTDOWN answers by closing the connection; NOW: without waiting for the replica's
            // ack (prepareForShutdown's REPLCONF GETACK would move the offset this test follows)
        }
        nodes.stop(master);

        // Redis 7.0 (loadDataFromDisk): the restarted master keeps the saved history as its replid2,
        // counts on from the saved offset, and opens an empty backlog there
        Engine again = nodes.start("m", masterPort, masterConfig);
        LocalClient m2 = again.newClient();
        assertEquals(oldId, info(m2, "master_replid2"));
        assertEquals(Long.toString(Long.parseLong(offset) + 1), info(m2, "second_repl_offset"));
        assertEquals(offset, info(m2, "master_repl_offset"));
        assertNotEquals(oldId, info(m2, "master_replid"));

        await("the replica continues", () -> inSync(m2, r) && info(m2, "master_replid").equals(info(r, "master_replid")));
        assertEquals("1", stat(m2, "sync_partial_ok"), "a +CONTINUE, no copy of the dataset");
        assertEquals("0", stat(m2, "sync_full"));
        assertEquals(oldId, info(r, "master_replid2"), "the replica keeps the old name of the history too");
        m2.call("SELECT", "4");
        m2.call("SET", "after-restart", "z");
        await("the write arrives", () -> { r.call("SELECT", "4"); return "z".equals(r.call("GET", "after-restart").asText()); });
        await("in sync", () -> inSync(m2, r));
        assertEquals(m2.call("DEBUG", "DIGEST").asText(), r.call("DEBUG", "DIGEST").asText());
    }

    @Test
    void keysThatExpiredWhileTheMasterWasDownReachItsReplicaAsDels() throws Exception {
        int masterPort = Ports.free();
        Engine master = nodes.start("m", masterPort, "save \"\"\n");
        Engine replica = nodes.start("r", Ports.free(), "save \"\"\n");
        LocalClient m = master.newClient(), r = replica.newClient();
        m.call("SET", "stays", "1");
        r.call("REPLICAOF", "127.0.0.1", Integer.toString(masterPort));
        await("in sync", () -> inSync(m, r));
        m.call("SELECT", "6");
        m.call("SET", "short-lived", "x", "PX", "300");
        await("in sync", () -> inSync(m, r));
        String offset = info(m, "master_repl_offset");
        try {
            m.call("SHUTDOWN", "SAVE", "NOW");
        } catch (IllegalStateException expected) {
            // SHUTDOWN answers by closing the connection; NOW: without waiting for the replica's
            // ack (prepareForShutdown's REPLCONF GETACK would move the offset this test follows)
        }
        nodes.stop(master);
        Thread.sleep(400); // past the key's time: the restart's load drops it

        Engine again = nodes.start("m", masterPort, "save \"\"\n");
        LocalClient m2 = again.newClient();
        long del = "*2\r\n$6\r\nSELECT\r\n$1\r\n6\r\n*2\r\n$3\r\nDEL\r\n$11\r\nshort-lived\r\n".length();
        assertEquals(Long.parseLong(offset) + del, Long.parseLong(info(m2, "master_repl_offset")),
                "the backlog starts with SELECT 6 and DEL short-lived");
        assertEquals(Long.toString(Long.parseLong(offset) + 1), info(m2, "second_repl_offset"));
        await("the replica continues", () -> inSync(m2, r));
        assertEquals("1", stat(m2, "sync_partial_ok"));
        assertEquals(1L, replica.server().keyspace().totalKeys(), "the DEL reached the replica, which never expires keys itself");
        assertEquals(m2.call("DEBUG", "DIGEST").asText(), r.call("DEBUG", "DIGEST").asText());
    }

    @Test
    void aMasterWithoutABacklogRestartsWithANewHistory() throws Exception {
        // no replica ever attached: the RDB records no replication info (rdbPopulateSaveInfo)
        int port = Ports.free();
        Engine lone = nodes.start("m", port, "save \"\"\n");
        LocalClient c = lone.newClient();
        c.call("SET", "k", "v");
        c.call("SAVE");
        nodes.stop(lone);
        Engine again = nodes.start("m", port, "save \"\"\n");
        LocalClient c2 = again.newClient();
        assertEquals("0000000000000000000000000000000000000000", info(c2, "master_replid2"));
        assertEquals("0", info(c2, "master_repl_offset"));
        assertEquals("0", info(c2, "repl_backlog_active"));
    }
}
