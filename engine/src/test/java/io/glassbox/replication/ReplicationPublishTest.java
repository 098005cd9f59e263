package io.glassbox.replication;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.glassbox.replication.EngineNodes.await;
import static io.glassbox.replication.EngineNodes.info;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PUBLISH goes to the replicas (their subscribers hear it) and not to the AOF, as Redis forces it with PROPAGATE_REPL. */
@Tag("unit")
class ReplicationPublishTest {
    @AutoClose final EngineNodes nodes = new EngineNodes();

    @Test
    void publishReachesTheReplicasSubscribersButNotTheAof() throws Exception {
        Engine master = nodes.start("m"), replica = nodes.start("r");
        master.newClient().call("CONFIG", "SET", "appendonly", "yes");
        LocalClient m = master.newClient(), r = replica.newClient();
        r.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
        await("link up", () -> "up".equals(info(r, "master_link_status")));
        try (Socket sub = new Socket("127.0.0.1", replica.port())) {
            sub.setSoTimeout(5000);
            OutputStream out = sub.getOutputStream();
            InputStream in = sub.getInputStream();
            out.write("SUBSCRIBE news\r\n".getBytes(StandardCharsets.US_ASCII));
            String subscribed = "*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n";
            assertEquals(subscribed, read(in, subscribed.length()));
            long before = Long.parseLong(info(m, "master_repl_offset"));
            assertEquals(0L, ((io.glassbox.resp.RespValue.Int) m.call("PUBLISH", "news", "hello")).value(), "nobody listens on the master");
            String message = "*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n";
            assertEquals(message, read(in, message.length()));
            // the stream grew by exactly the PUBLISH (the SELECT came before, with the first op)
            String publish = "*3\r\n$7\r\nPUBLISH\r\n$4\r\nnews\r\n$5\r\nhello\r\n";
            long after = Long.parseLong(info(m, "master_repl_offset"));
            assertTrue(after - before == publish.length() || after - before == publish.length() + "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n".length());
            await("offsets equal", () -> info(m, "master_repl_offset").equals(info(r, "master_repl_offset")));
        }
        m.call("SET", "k", "v");
        // the AOF has the SET and never the PUBLISH
        await("aof written", () -> aofText(nodes.dir("m")).contains("\r\nk\r\n"));
        assertFalse(aofText(nodes.dir("m")).toUpperCase().contains("PUBLISH"));
    }

    private static String aofText(Path dir) {
        StringBuilder sb = new StringBuilder();
        try (var files = Files.walk(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".aof")).toList()) {
                sb.append(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return sb.toString();
    }

    private static String read(InputStream in, int n) throws java.io.IOException {
        byte[] b = in.readNBytes(n);
        return new String(b, StandardCharsets.US_ASCII);
    }
}
