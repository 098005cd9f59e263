package io.glassbox.replication;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.persistence.rdb.RdbFile;
import io.glassbox.resp.RespValue;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.glassbox.replication.EngineNodes.await;
import static io.glassbox.replication.EngineNodes.info;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * repl-diskless-load: what a replica does with the RDB of a full sync. {@code disabled} writes it
 * as its own dump.rdb first and flushes the old data before loading (a file that does not load
 * leaves it empty); {@code swapdb} loads beside the old data and keeps that if the load fails;
 * {@code on-empty-db} goes to disk unless the dataset is empty. The failing transfers come from a
 * fake master that answers the handshake and sends bytes that are no RDB.
 */
@Tag("unit")
class ReplicationDisklessLoadTest {
    @AutoClose final EngineNodes nodes = new EngineNodes();

    /**
     * A master that answers PING, REPLCONF and PSYNC (+FULLRESYNC) and then sends {@code payload}
     * as the RDB, once; returns its port.
     */
    private int fakeMaster(byte[] payload) throws IOException {
        ServerSocket ss = new ServerSocket(0);
        nodes.closeLater(ss);
        Thread t = new Thread(() -> {
            try (Socket s = ss.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                OutputStream out = s.getOutputStream();
                while (true) {
                    String head = in.readLine(); // *N
                    if (head == null) return;
                    int n = Integer.parseInt(head.substring(1));
                    String first = null;
                    for (int i = 0; i < n; i++) {
                        in.readLine(); // $len
                        String arg = in.readLine();
                        if (i == 0) first = arg;
                    }
                    if ("PING".equalsIgnoreCase(first)) {
                        out.write("+PONG\r\n".getBytes(StandardCharsets.US_ASCII));
                    } else if ("PSYNC".equalsIgnoreCase(first)) {
                        out.write(("+FULLRESYNC " + "ab".repeat(20) + " 100\r\n$" + payload.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(payload);
                        out.flush();
                        Thread.sleep(1000); // the replica fails to load and drops the link
                        return;
                    } else {
                        out.write("+OK\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.flush();
                }
            } catch (IOException | InterruptedException | RuntimeException e) {
                // the test closed the socket
            }
        }, "fake-master");
        t.setDaemon(true);
        t.start();
        return ss.getLocalPort();
    }

    private static final byte[] NOT_AN_RDB = "NOT-AN-RDB-AT-ALL".getBytes(StandardCharsets.US_ASCII);

    private static void awaitLoadFailure(Engine replica) throws InterruptedException {
        await("the load failed", () -> {
            String err = replica.replication().lastHandshakeError();
            return err != null && err.startsWith("Failed trying to load the MASTER synchronization DB");
        });
    }

    @Test
    void disabledWritesTheTransferAsItsOwnRdbThenLoadsIt() throws Exception {
        Engine master = nodes.start("m", "save \"\"\n"), replica = nodes.start("r", "save \"\"\n");
        LocalClient m = master.newClient(), r = replica.newClient();
        for (int i = 0; i < 50; i++) m.call("SET", "k" + i, "v" + i);
        assertEquals("disabled", ((RespValue.Array) r.call("CONFIG", "GET", "repl-diskless-load")).items().get(1).asText());
        r.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
        await("link up", () -> "up".equals(info(r, "master_link_status")));
        Path file = nodes.dir("r").resolve("dump.rdb");
        assertTrue(Files.exists(file), "the received RDB is the replica's dump.rdb");
        io.glassbox.db.Keyspace ks = new io.glassbox.db.Keyspace(16, io.glassbox.util.Clock.SYSTEM);
        RdbFile.load(file, ks, replica.persistence().rdb().loadOptions(false));
        assertEquals(50, ks.totalKeys());
        try (var files = Files.list(nodes.dir("r"))) {
            assertEquals(List.of("dump.rdb"), files.map(p -> p.getFileName().toString()).toList(), "no temp file left");
        }
        assertEquals(m.call("DEBUG", "DIGEST").asText(), r.call("DEBUG", "DIGEST").asText());
    }

    @Test
    void swapdbKeepsTheOldDataWhenTheTransferDoesNotLoad() throws Exception {
        Engine replica = nodes.start("r", "save \"\"\n");
        LocalClient r = replica.newClient();
        r.call("SET", "old", "data");
        r.call("SELECT", "3");
        r.call("SET", "old3", "data");
        assertEquals("OK", r.call("CONFIG", "SET", "repl-diskless-load", "swapdb").asText());
        r.call("REPLICAOF", "127.0.0.1", Integer.toString(fakeMaster(NOT_AN_RDB)));
        awaitLoadFailure(replica);
        r.call("SELECT", "0");
        assertEquals("data", r.call("GET", "old").asText(), "the old dataset stays");
        assertEquals(2L, replica.server().keyspace().totalKeys());
        assertFalse(Files.exists(nodes.dir("r").resolve("dump.rdb")), "nothing written to disk");
    }

    @Test
    void swapdbReplacesTheOldDataWhenTheLoadSucceeds() throws Exception {
        Engine master = nodes.start("m", "save \"\"\n"), replica = nodes.start("r", "save \"\"\n");
        LocalClient m = master.newClient(), r = replica.newClient();
        m.call("SET", "new", "1");
        r.call("SET", "old", "1");
        r.call("CONFIG", "SET", "repl-diskless-load", "swapdb");
        r.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
        await("link up", () -> "up".equals(info(r, "master_link_status")));
        assertEquals("1", r.call("GET", "new").asText());
        assertEquals(1L, replica.server().keyspace().totalKeys(), "the old key went with the old dataset");
        m.call("SET", "after", "2");
        await("the stream applies to the swapped-in data", () -> "2".equals(r.call("GET", "after").asText()));
        assertFalse(Files.exists(nodes.dir("r").resolve("dump.rdb")));
    }

    @Test
    void disabledFlushesBeforeLoadingSoAFileThatFailsLeavesTheReplicaEmpty() throws Exception {
        Engine replica = nodes.start("r", "save \"\"\n");
        LocalClient r = replica.newClient();
        r.call("SET", "old", "data");
        r.call("REPLICAOF", "127.0.0.1", Integer.toString(fakeMaster(NOT_AN_RDB)));
        awaitLoadFailure(replica);
        assertEquals(0L, replica.server().keyspace().totalKeys());
        assertTrue(Files.exists(nodes.dir("r").resolve("dump.rdb")), "the file was written (and renamed) before the load");
    }

    @Test
    void onEmptyDbGoesToDiskUnlessTheDatasetIsEmpty() throws Exception {
        Engine master = nodes.start("m", "save \"\"\n"), empty = nodes.start("e", "save \"\"\n"), full = nodes.start("f", "save \"\"\n");
        master.newClient().call("SET", "k", "v");
        LocalClient e = empty.newClient(), f = full.newClient();
        f.call("SET", "mine", "1");
        for (LocalClient c : List.of(e, f)) {
            c.call("CONFIG", "SET", "repl-diskless-load", "on-empty-db");
            c.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
        }
        await("both up", () -> "up".equals(info(e, "master_link_status")) && "up".equals(info(f, "master_link_status")));
        assertFalse(Files.exists(nodes.dir("e").resolve("dump.rdb")), "an empty replica loads from memory");
        assertTrue(Files.exists(nodes.dir("f").resolve("dump.rdb")), "one with data goes through disk");
        assertEquals("v", f.call("GET", "k").asText());
    }
}
