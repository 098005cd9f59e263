package io.glassbox.replication;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.resp.RespValue;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.glassbox.replication.EngineNodes.await;
import static io.glassbox.replication.EngineNodes.inSync;
import static io.glassbox.replication.EngineNodes.info;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redis 7.0's graceful shutdown of a master (prepareForShutdown, finishShutdown): SHUTDOWN waits
 * until its replicas acknowledged the whole stream, up to shutdown-timeout, holding writes back
 * meanwhile (INFO's shutdown_in_milliseconds says it waits); SHUTDOWN ABORT cancels it (the
 * caller gets "Errors trying to SHUTDOWN", the held write runs); once the replica acks, the
 * shutdown finishes ("1 of 1 replicas are in sync") and the replica has every write. The replica is
 * kept from acking by a DEBUG SLEEP on its own command thread.
 */
@Tag("unit")
class ShutdownWaitsForReplicasTest {
    @AutoClose final EngineNodes nodes = new EngineNodes();

    @Test
    void aMasterWaitsForItsReplicaAndCanBeAborted() throws Exception {
        Engine master = nodes.start("m", "save \"\"\nlogfile \"" + nodes.dir("m").resolve("m.log") + "\"\n");
        Engine replica = nodes.start("r", "save \"\"\nreplicaof 127.0.0.1 " + master.port() + "\n");
        LocalClient m = master.newClient(), r = replica.newClient();
        m.call("SET", "k", "1");
        await("in sync", () -> inSync(m, r));
        await("the replica acked the stream", () -> replicaAckedAll(m));

        // the replica stops answering (its command thread sleeps), the master writes and shuts down
        CompletableFuture<RespValue> sleeping = replica.newClient().send(bytes("DEBUG", "SLEEP", "2"));
        m.call("SET", "k", "2");
        LocalClient shutdownCaller = master.newClient();
        CompletableFuture<RespValue> shutdown = shutdownCaller.send(bytes("SHUTDOWN"));
        await("the shutdown waits for the replica", () -> field(m, "server", "shutdown_in_milliseconds") != null);
        assertTrue(Long.parseLong(field(m, "server", "shutdown_in_milliseconds")) > 0);
        // writes are held while it waits (pauseClients for the shutdown), reads are served
        CompletableFuture<RespValue> heldWrite = master.newClient().send(bytes("SET", "other", "x"));
        assertEquals("2", m.call("GET", "k").asText());
        await("the write is held", () -> "2".equals(field(m, "clients", "blocked_clients"))); // SHUTDOWN and the SET
        assertFalse(heldWrite.isDone());

        assertEquals("OK", m.call("SHUTDOWN", "ABORT").asText());
        assertEquals("Errors trying to SHUTDOWN. Check logs.", ((RespValue.Error) shutdown.get(5, TimeUnit.SECONDS)).message().replaceFirst("^ERR ", ""));
        assertEquals("OK", heldWrite.get(5, TimeUnit.SECONDS).asText());
        assertEquals("x", m.call("GET", "other").asText());
        assertEquals(null, field(m, "server", "shutdown_in_milliseconds"));
        assertEquals("ERR No shutdown in progress.", ((RespValue.Error) m.call("SHUTDOWN", "ABORT")).message());
        sleeping.get(10, TimeUnit.SECONDS);

        // again, and this time the replica wakes up and acks: the shutdown finishes on its own
        await("the replica acked the stream", () -> replicaAckedAll(m));
        replica.newClient().send(bytes("DEBUG", "SLEEP", "1"));
        m.call("SET", "k", "3");
        CompletableFuture<RespValue> second = master.newClient().send(bytes("SHUTDOWN", "NOSAVE"));
        await("the master finished its shutdown", master::shutdownRequested);
        assertTrue(second.handle((v, e) -> e != null || v == null).get(5, TimeUnit.SECONDS), "no reply: the connection closed");
        String log = Files.readString(nodes.dir("m").resolve("m.log"));
        assertTrue(log.contains("Waiting for replicas before shutting down."), log);
        assertTrue(log.contains("Shutdown manually aborted."), log);
        assertTrue(log.contains("1 of 1 replicas are in sync when shutting down."), log);
        assertEquals("3", r.call("GET", "k").asText(), "the replica has the last write before the master went");
        assertEquals("x", r.call("GET", "other").asText(), "the write held during the first wait reached the replica");
    }

    private static boolean replicaAckedAll(LocalClient m) {
        String slave = info(m, "slave0");
        String offset = info(m, "master_repl_offset");
        return slave != null && slave.contains("offset=" + offset + ",");
    }

    private static String field(LocalClient c, String section, String name) {
        for (String line : c.call("INFO", section).asText().split("\r\n")) {
            if (line.startsWith(name + ":")) return line.substring(name.length() + 1);
        }
        return null;
    }

    private static List<byte[]> bytes(String... args) {
        return java.util.Arrays.stream(args).map(String::getBytes).toList();
    }
}
