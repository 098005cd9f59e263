package io.glassbox.diff;

import io.glassbox.testkit.Args;
import io.glassbox.testkit.Ports;
import io.glassbox.testkit.RawRespClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The promise of {@code appendfsync always}: a write whose reply arrived is on disk. A Glassbox
 * server runs in its own JVM; a client writes {@code SET w:i i} as fast as it can and remembers the
 * last i it got "+OK" for; the server is killed with SIGKILL mid-stream (no shutdown, no flush);
 * after a restart on the same directory every acknowledged write must be there.
 */
@Tag("interop")
class AofCrashTest {
    private static Process startServer(Path dir, int port) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.glassbox.engine.ServerMain",
                "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes",
                "--appendfsync", "always", "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return p;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        p.destroyForcibly();
        throw new IOException("server did not start: " + Files.readString(dir.resolve("server.log")));
    }

    @Test
    void everyAcknowledgedWriteSurvivesKillMinus9() throws Exception {
        Path dir = Files.createTempDirectory("glassbox-crash");
        int port = Ports.free();
        Process server = startServer(dir, port);
        long lastAcked = -1;
        Thread killer = new Thread(() -> {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException ignored) {
                // kill now
            }
            server.destroyForcibly(); // SIGKILL
        });
        try (RawRespClient c = new RawRespClient(port)) {
            killer.start();
            for (long i = 0; ; i++) {
                byte[] reply = c.call(Args.line("SET w:" + i + " " + i));
                if (!new String(reply, StandardCharsets.US_ASCII).equals("+OK\r\n")) break;
                lastAcked = i;
            }
        } catch (IOException expected) {
            // the server died under us
        }
        killer.join();
        server.waitFor();
        assertTrue(lastAcked > 100, "the load ran before the kill: " + lastAcked);

        int port2 = Ports.free();
        Process again = startServer(dir, port2);
        try (RawRespClient c = new RawRespClient(port2)) {
            long size = Long.parseLong(new String(c.call(Args.line("DBSIZE")), StandardCharsets.US_ASCII).substring(1).trim());
            assertTrue(size >= lastAcked + 1, "acknowledged " + (lastAcked + 1) + " writes, found " + size);
            assertEquals("$" + String.valueOf(lastAcked).length() + "\r\n" + lastAcked + "\r\n",
                    new String(c.call(Args.line("GET w:" + lastAcked)), StandardCharsets.US_ASCII));
            assertEquals("$1\r\n0\r\n", new String(c.call(Args.line("GET w:0")), StandardCharsets.US_ASCII));
        } finally {
            again.destroy();
            again.waitFor();
        }
    }
}
