package io.glassbox.server;

import io.glassbox.testkit.Args;
import io.glassbox.testkit.Await;
import io.glassbox.testkit.EngineFixture;
import io.glassbox.testkit.RawRespClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A write held by CLIENT PAUSE WRITE runs once the pause's deadline has passed, even when another
 * client's request arrives between the deadline and the cron that ends the pause (found under the
 * I/O threads' load: that request used to forget the pause without running what it held).
 */
@Tag("unit")
class ClientPauseDeadlineTest {
    @Test
    void aHeldWriteRunsWhenAnotherClientSpeaksAfterTheDeadline() throws Exception {
        try (EngineFixture f = EngineFixture.builder().manualClock().listening().start();
             RawRespClient pauser = new RawRespClient(f.port());
             RawRespClient writer = new RawRespClient(f.port());
             RawRespClient other = new RawRespClient(f.port())) {
            assertEquals("+OK\r\n", text(pauser.call(Args.argv("CLIENT", "PAUSE", "100", "WRITE"))));
            writer.send(Args.argv("SET", "k", "v"));
            Await.until("the SET to be held", () -> f.onLoop(() -> f.engine.server().blockedClients()) == 1);
            f.clock().advance(200);
            assertEquals("+PONG\r\n", text(other.call(Args.argv("PING"))));
            f.awaitCronRuns(2);
            assertEquals("+OK\r\n", text(writer.readReply()));
            assertEquals("$1\r\nv\r\n", text(other.call(Args.argv("GET", "k"))));
        }
    }

    private static String text(byte[] b) { return new String(b, StandardCharsets.US_ASCII); }
}
