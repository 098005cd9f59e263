package io.glassbox.server;

import io.glassbox.command.CommandTable;
import io.glassbox.command.Commands;
import io.glassbox.util.Clock;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Protected mode as redis-server's defaults have it: with no password, only loopback peers get in.
 * The accept decision is tested directly with a connection that claims a remote peer (the tests may
 * only open loopback sockets).
 */
@Tag("unit")
class ProtectedModeTest {
    static final class FakeConnection implements Connection {
        final boolean loopback;
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        boolean closed;

        FakeConnection(boolean loopback) { this.loopback = loopback; }

        @Override public void write(byte[] buf, int off, int len) { written.write(buf, off, len); }
        @Override public void close() { closed = true; }
        @Override public String remoteAddress() { return loopback ? "127.0.0.1:5000" : "203.0.113.7:5000"; }
        @Override public String localAddress() { return "127.0.0.1:6379"; }
        @Override public boolean isLoopback() { return loopback; }
    }

    private static Server server(ServerSettings s) {
        CommandTable t = new CommandTable();
        Commands.registerAll(t);
        return new Server(s, Clock.SYSTEM, t);
    }

    @Test
    void remotePeersAreDeniedWithRedisTextWhenNoPasswordIsSet() {
        Server server = server(new ServerSettings());
        FakeConnection remote = new FakeConnection(false);
        assertNull(server.acceptClient(remote));
        assertTrue(remote.closed);
        String reply = remote.written.toString(StandardCharsets.US_ASCII);
        assertTrue(reply.startsWith("-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user."), reply);
        // Redis 7.0.15's own wording, typo included (strings /usr/bin/redis-server).
        assertTrue(reply.contains(" 4) Setup a an authentication password for the default user. NOTE: You only need to do one of the above things"
                + " in order for the server to start accepting connections from the outside.\r\n"), reply);
        assertEquals(1, server.stats().rejectedConnections);
        assertNotNull(server.acceptClient(new FakeConnection(true)), "loopback peers are served");
    }

    @Test
    void aPasswordOrProtectedModeOffLetsRemotePeersIn() {
        ServerSettings withPassword = new ServerSettings();
        withPassword.requirePass = "secret";
        assertNotNull(server(withPassword).acceptClient(new FakeConnection(false)));
        ServerSettings off = new ServerSettings();
        off.protectedMode = false;
        assertNotNull(server(off).acceptClient(new FakeConnection(false)));
    }
}
