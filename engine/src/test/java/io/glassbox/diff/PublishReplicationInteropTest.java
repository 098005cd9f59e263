package io.glassbox.diff;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static io.glassbox.diff.ReplicaNodes.await;
import static io.glassbox.diff.ReplicaNodes.call;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * PUBLISH crosses replication both ways between Glassbox and redis-server 7.0: a subscriber on the
 * replica hears a message published on the master, and the PUBLISH moves both masters' offsets by
 * the same bytes (the same command in the stream).
 */
@Tag("interop")
class PublishReplicationInteropTest {
    @AutoClose final ReplicaNodes nodes = new ReplicaNodes();

    private static long offset(int port) {
        try {
            for (String line : call(port, "INFO", "replication").split("\r\n")) {
                if (line.startsWith("master_repl_offset:")) return Long.parseLong(line.substring(19));
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }

    /** Links replica to master, publishes, returns how far the PUBLISH moved the master's offset. */
    private static long publishAcross(int master, int replica) throws Exception {
        call(replica, "REPLICAOF", "127.0.0.1", Integer.toString(master));
        await("link up", () -> {
            try { return call(replica, "INFO", "replication").contains("master_link_status:up"); } catch (Exception e) { return false; }
        });
        call(master, "SET", "k", "v"); // after the sync, so the stream's SELECT goes out with this, not with the PUBLISH
        await("in sync", () -> offset(master) > 0 && offset(master) == offset(replica));
        try (Socket sub = new Socket("127.0.0.1", replica)) {
            sub.setSoTimeout(10_000);
            OutputStream out = sub.getOutputStream();
            InputStream in = sub.getInputStream();
            out.write("SUBSCRIBE news\r\n".getBytes(StandardCharsets.US_ASCII));
            String subscribed = "*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n";
            assertEquals(subscribed, new String(in.readNBytes(subscribed.length()), StandardCharsets.US_ASCII));
            await("no ping in flight", () -> offset(master) == offset(replica));
            long before = offset(master);
            assertEquals(":0\r\n", call(master, "PUBLISH", "news", "hello"));
            long moved = offset(master) - before;
            String message = "*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n";
            assertEquals(message, new String(in.readNBytes(message.length()), StandardCharsets.US_ASCII));
            await("in sync", () -> offset(master) == offset(replica));
            return moved;
        }
    }

    @Test
    void publishReachesARealRedisReplicaOfGlassboxAndTheReverse() throws Exception {
        long glassboxMaster = publishAcross(nodes.glassbox().port(), nodes.redis().port());
        long redisMaster = publishAcross(nodes.redis().port(), nodes.glassbox().port());
        long publish = "*3\r\n$7\r\nPUBLISH\r\n$4\r\nnews\r\n$5\r\nhello\r\n".length();
        assertEquals(publish, redisMaster, "redis-server's stream carries exactly the PUBLISH");
        assertEquals(redisMaster, glassboxMaster, "and so does Glassbox's");
    }
}
