package io.glassbox.diff;

import io.glassbox.engine.Engine;
import io.glassbox.testkit.Args;
import io.glassbox.testkit.Ports;
import io.glassbox.testkit.RawRespClient;
import io.glassbox.testkit.RealRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code unixsocket} and {@code unixsocketperm} against redis-server 7.0.15: a real client over
 * the Unix domain socket (java.nio's UnixDomainSocketAddress) sees the same replies and the same
 * CLIENT INFO addresses and flags (the socket's path with port 0, flag U), the socket file gets the
 * mode asked for and is removed on shutdown, and a server with an empty {@code bind} listens on
 * the socket alone; with neither, the start fails with Redis's message.
 */
@Tag("differential")
class UnixSocketDifferentialTest {

    @Test
    void clientsOfTheUnixSocketSeeWhatRedisShows() throws Exception {
        Path rdir = Files.createTempDirectory("glassbox-unix-redis");
        Path gdir = Files.createTempDirectory("glassbox-unix-gb");
        Path rsock = rdir.resolve("socket");
        Path gsock = gdir.resolve("socket");
        List<String> seen = new ArrayList<>();
        try (RealRedis redis = RealRedis.start("--unixsocket", rsock.toString(), "--unixsocketperm", "700")) {
            seen.add(session(rsock));
            seen.add(PosixFilePermissions.toString(Files.getPosixFilePermissions(rsock)));
            try (RawRespClient c = RawRespClient.unix(rsock)) {
                c.call("SHUTDOWN NOSAVE");
            } catch (java.io.IOException closed) {
                // the server closes the connection as it exits
            }
            awaitGone(rsock);
            seen.add("socket file left: " + Files.exists(rsock));
        }
        List<String> mine = new ArrayList<>();
        Engine glassbox = Engine.start("--port", "0", "--save", "", "--dir", gdir.toString(),
                "--unixsocket", gsock.toString(), "--unixsocketperm", "700");
        try {
            assertEquals(gsock.toString(), glassbox.unixSocket());
            mine.add(session(gsock));
            mine.add(PosixFilePermissions.toString(Files.getPosixFilePermissions(gsock)));
        } finally {
            glassbox.close();
        }
        mine.add("socket file left: " + Files.exists(gsock));
        assertEquals(seen, mine);
        assertTrue(seen.get(0).contains("addr=SOCK:0 laddr=SOCK:0"), seen.get(0)); // not vacuous
        assertEquals("rwx------", seen.get(1));
    }

    @Test
    void anEmptyBindWithAUnixSocketIsAServerAndWithoutOneItIsNot() throws Exception {
        Path rdir = Files.createTempDirectory("glassbox-unix-redis");
        Path gdir = Files.createTempDirectory("glassbox-unix-gb");
        // Redis: no TCP listener, the socket answers
        Path rsock = rdir.resolve("socket");
        Process p = redisServer(rdir, "--port", String.valueOf(Ports.free()), "--bind", "", "--unixsocket", rsock.toString());
        String redisPing;
        try {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!Files.exists(rsock) && System.nanoTime() < deadline) Thread.sleep(20);
            try (RawRespClient c = RawRespClient.unix(rsock)) {
                redisPing = Args.show(c.call("PING"));
            }
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        Path gsock = gdir.resolve("socket");
        Engine glassbox = Engine.start("--port", String.valueOf(Ports.free()), "--bind", "", "--save", "",
                "--dir", gdir.toString(), "--unixsocket", gsock.toString());
        try {
            assertEquals(0, glassbox.port()); // no TCP listener
            try (RawRespClient c = RawRespClient.unix(gsock)) {
                assertEquals(redisPing, Args.show(c.call("PING")));
            }
        } finally {
            glassbox.close();
        }
        // neither TCP nor a socket: Redis exits with its reason, Glassbox refuses to start with it
        Process none = redisServer(rdir, "--port", String.valueOf(Ports.free()), "--bind", "");
        assertTrue(none.waitFor(10, TimeUnit.SECONDS));
        String log = new String(none.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String reason = "Configured to not listen anywhere, exiting.";
        assertTrue(log.contains(reason), log);
        Engine.BindException e = assertThrows(Engine.BindException.class, () -> Engine.start(
                "--port", String.valueOf(Ports.free()), "--bind", "", "--save", "", "--dir", gdir.toString()));
        assertEquals(reason, e.getMessage());
        assertFalse(Files.exists(gsock));
    }

    /** PING, CLIENT INFO's address fields and flags, and CONFIG GET unixsocketperm, over the socket. */
    private static String session(Path sock) throws Exception {
        StringBuilder out = new StringBuilder();
        try (RawRespClient c = RawRespClient.unix(sock)) {
            out.append(Args.show(c.call("PING"))).append('\n');
            String info = new String(c.call("CLIENT INFO"), StandardCharsets.UTF_8).replace(sock.toString(), "SOCK");
            for (String field : info.trim().split(" ")) {
                if (field.startsWith("addr=") || field.startsWith("laddr=") || field.startsWith("flags=")) {
                    out.append(field).append(' ');
                }
            }
            out.append('\n').append(Args.show(c.call("CONFIG GET unixsocketperm")));
        }
        return out.toString();
    }

    private static void awaitGone(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (Files.exists(file) && System.nanoTime() < deadline) Thread.sleep(20);
    }

    private static Process redisServer(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(RealRedis.require("redis-server"), "--save", "", "--dir", dir.toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }
}
