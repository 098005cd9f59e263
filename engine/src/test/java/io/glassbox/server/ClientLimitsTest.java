package io.glassbox.server;

import io.glassbox.engine.Engine;
import io.glassbox.resp.RespReader;
import io.glassbox.resp.RespValue;
import io.glassbox.util.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** maxclients, timeout, requirepass and client-query-buffer-limit, over real sockets. */
@Tag("unit")
class ClientLimitsTest {
    private Engine engine;

    private Engine start(ServerSettings s, ManualClock clock) throws Exception {
        try (ServerSocket probe = new ServerSocket(0)) { s.port = probe.getLocalPort(); }
        s.bind = "127.0.0.1";
        engine = clock == null ? Engine.start(s) : Engine.start(s, clock);
        return engine;
    }

    @AfterEach
    void stop() {
        if (engine != null) engine.close();
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(5000);
        return s;
    }

    private static RespValue call(Socket s, String inline) throws IOException {
        s.getOutputStream().write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
        return new RespReader(new BufferedInputStream(s.getInputStream())).read();
    }

    private static boolean closedWithin(Socket s, int ms) throws IOException {
        s.setSoTimeout(ms);
        try {
            return s.getInputStream().read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Test
    void maxclientsRefusesWithRedisError() throws Exception {
        ServerSettings s = new ServerSettings();
        s.maxClients = 2;
        start(s, null);
        try (Socket a = connect(engine.port()); Socket b = connect(engine.port())) {
            assertEquals("PONG", call(a, "PING").asText());
            assertEquals("PONG", call(b, "PING").asText());
            try (Socket c = connect(engine.port())) {
                RespValue v = new RespReader(new BufferedInputStream(c.getInputStream())).read();
                assertEquals(new RespValue.Error("ERR max number of clients reached"), v);
                assertTrue(closedWithin(c, 2000));
            }
        }
    }

    @Test
    void idleClientsAreClosedAfterTimeout() throws Exception {
        ManualClock clock = new ManualClock(1_700_000_000_000L);
        ServerSettings s = new ServerSettings();
        s.timeoutSeconds = 10;
        start(s, clock);
        try (Socket idle = connect(engine.port())) {
            assertEquals("PONG", call(idle, "PING").asText());
            clock.advance(5_000);
            assertFalse(closedWithin(idle, 300), "still open: idle for 5 s of a 10 s timeout");
            clock.advance(6_000);
            assertTrue(closedWithin(idle, 3000), "closed by clientsCron once idle > timeout");
        }
    }

    @Test
    void requirepassGatesCommandsUntilAuth() throws Exception {
        ServerSettings s = new ServerSettings();
        s.requirePass = "secret";
        start(s, null);
        try (Socket c = connect(engine.port())) {
            assertEquals(new RespValue.Error("NOAUTH Authentication required."), call(c, "GET k"));
            assertEquals(new RespValue.Error("WRONGPASS invalid username-password pair or user is disabled."), call(c, "AUTH nope"));
            assertEquals("OK", call(c, "AUTH secret").asText());
            assertEquals(new RespValue.Null(), call(c, "GET k"));
        }
    }

    @Test
    void clientReplySkipAndOffSilenceReplies() throws Exception {
        start(new ServerSettings(), null);
        try (Socket c = connect(engine.port())) {
            c.getOutputStream().write("CLIENT REPLY SKIP\r\nSET k v\r\nGET k\r\nCLIENT REPLY OFF\r\nPING\r\nCLIENT REPLY ON\r\nPING\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] expected = "$1\r\nv\r\n+OK\r\n+PONG\r\n".getBytes(StandardCharsets.US_ASCII);
            byte[] got = c.getInputStream().readNBytes(expected.length);
            assertEquals(new String(expected, StandardCharsets.US_ASCII), new String(got, StandardCharsets.US_ASCII),
                    "SKIP silences SET only; OFF silences PING; ON answers +OK and the next PING");
        }
    }

    @Test
    void queryBufferLimitClosesTheClient() throws Exception {
        ServerSettings s = new ServerSettings();
        s.clientQueryBufferLimit = 1024 * 1024;
        start(s, null);
        try (Socket c = connect(engine.port()); Socket other = connect(engine.port())) {
            c.getOutputStream().write("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3000000\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            try {
                for (int i = 0; i < 40; i++) c.getOutputStream().write(chunk);
            } catch (IOException closedWhileWriting) {
                // expected: the server hung up on us
            }
            assertTrue(closedWithin(c, 3000), "the client over the limit is disconnected");
            assertEquals("PONG", call(other, "PING").asText(), "others are unaffected");
        }
    }
}
