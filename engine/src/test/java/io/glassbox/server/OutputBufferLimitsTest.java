package io.glassbox.server;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.hooks.EngineEvent;
import io.glassbox.hooks.Subscription;
import io.glassbox.resp.RespReader;
import io.glassbox.resp.RespValue;
import io.glassbox.testkit.Await;
import io.glassbox.util.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * client-output-buffer-limit and maxmemory-clients over real sockets whose peer does not read: the
 * server counts what the socket did not take, closes the client at the hard limit, at the soft
 * limit once its seconds passed on the (manual) clock, and evicts the biggest client when clients
 * together use too much. Each closing is logged with Redis's line and published as a hook event.
 */
@Tag("unit")
class OutputBufferLimitsTest {
    private static final byte[] MESSAGE = "x".repeat(1000).getBytes(StandardCharsets.US_ASCII);
    private Engine engine;
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final List<EngineEvent> events = new CopyOnWriteArrayList<>();
    private Subscription subscription;
    private LocalClient admin;
    private Path log;

    @TempDir
    Path dir;

    private void start() throws Exception {
        ServerSettings s = new ServerSettings();
        try (ServerSocket probe = new ServerSocket(0)) { s.port = probe.getLocalPort(); }
        s.bind = "127.0.0.1";
        log = dir.resolve("server.log");
        s.logfile = log.toString();
        engine = Engine.start(s, clock);
        subscription = engine.hooks().subscribe(events::add, 1024,
                Set.of(EngineEvent.ClientOutputBufferLimitReached.class, EngineEvent.ClientEvicted.class));
        admin = engine.newClient();
    }

    @AfterEach
    void stop() {
        if (subscription != null) subscription.close();
        if (engine != null) engine.close();
    }

    /** A connection whose receive window is tiny, so the kernel swallows little of what is sent to it. */
    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress("127.0.0.1", engine.port()), 5000);
        s.setSoTimeout(5000);
        return s;
    }

    private static RespValue call(Socket s, InputStream in, String inline) throws IOException {
        s.getOutputStream().write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
        return new RespReader(in).read();
    }

    /** The CLIENT LIST line of the client named {@code name}, or null once it is gone. */
    private String clientLine(String name) {
        for (String line : admin.call("CLIENT", "LIST").asText().split("\n")) {
            if (line.contains(" name=" + name + " ")) return line;
        }
        return null;
    }

    private static long field(String line, String name) {
        Matcher m = Pattern.compile(" " + name + "=(\\d+)").matcher(line);
        assertTrue(m.find(), name + " in " + line);
        return Long.parseLong(m.group(1));
    }

    /** True if the server closed the socket before sending it a single byte (an end of stream or a reset). */
    private static boolean closedByServer(Socket s) {
        try {
            return s.getInputStream().read() == -1;
        } catch (IOException reset) {
            return true;
        }
    }

    private long infoField(String section, String name) {
        Matcher m = Pattern.compile("\r\n" + name + ":(\\d+)\r\n").matcher(admin.call("INFO", section).asText());
        assertTrue(m.find(), name);
        return Long.parseLong(m.group(1));
    }

    private String logText() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** A subscriber to "ch" named {@code name} that, after its SUBSCRIBE reply, never reads again. */
    private Socket stalledSubscriber(String name) throws IOException {
        Socket s = connect();
        InputStream in = new BufferedInputStream(s.getInputStream());
        assertEquals("OK", call(s, in, "CLIENT SETNAME " + name).asText());
        call(s, in, "SUBSCRIBE ch");
        return s;
    }

    /**
     * Publishes 1000-byte messages until the subscriber's omem reaches {@code atLeast} or it is gone;
     * returns the largest omem seen while it was connected.
     */
    private long publishUntil(String name, long atLeast) {
        long maxOmem = 0;
        for (int i = 0; i < 200_000; i++) {
            admin.call(List.of("PUBLISH".getBytes(), "ch".getBytes(), MESSAGE));
            String line = clientLine(name);
            if (line == null) return maxOmem;
            maxOmem = Math.max(maxOmem, field(line, "omem"));
            if (maxOmem >= atLeast) return maxOmem;
        }
        throw new AssertionError("the subscriber's output buffer never grew: 200 MB went into the socket");
    }

    @Test
    void aSubscriberThatDoesNotReadIsClosedAtTheHardLimit() throws Exception {
        start();
        admin.call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 100000 0 0");
        try (Socket sub = stalledSubscriber("slow")) {
            publishUntil("slow", 20_000);
            long cron = engine.server().cronLoops();
            Await.until("a cron run", () -> engine.server().cronLoops() >= cron + 1);
            assertTrue(infoField("clients", "client_recent_max_output_buffer") >= 20_000, "clientsCron saw the big output buffer");
            long maxOmem = publishUntil("slow", Long.MAX_VALUE);
            assertTrue(maxOmem > 0 && maxOmem < 100_000, "omem counted what the socket did not take, below the limit: " + maxOmem);
            assertEquals(null, clientLine("slow"));
            Await.until("the limit event", () -> !events.isEmpty());
            EngineEvent.ClientOutputBufferLimitReached e = (EngineEvent.ClientOutputBufferLimitReached) events.get(0);
            assertEquals("pubsub", e.clientClass());
            assertEquals("hard", e.limit());
            assertEquals(100_000, e.limitBytes());
            assertTrue(e.usedBytes() >= 100_000, "closed once at the limit: " + e.usedBytes());
            Await.until("the log line", () -> {
                try {
                    return logText().matches("(?s).*Client id=\\d+ addr=\\S+ .*name=slow .* scheduled to be closed ASAP for overcoming of output buffer limits\\.\n.*");
                } catch (IOException ex) {
                    return false;
                }
            });
            assertEquals(0, admin.call("PUBLISH", "ch", "after") instanceof RespValue.Int n ? n.value() : -1, "the closed subscriber's subscription went with it");
        }
    }

    @Test
    void theSoftLimitClosesOnlyAfterItsSecondsPassed() throws Exception {
        start();
        admin.call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 0 50000 10");
        try (Socket sub = stalledSubscriber("soft")) {
            publishUntil("soft", 50_000);
            assertTrue(clientLine("soft") != null, "the first time over the soft limit only starts its clock");
            long cron = engine.server().cronLoops();
            clock.advance(5_000);
            Await.until("two cron runs", () -> engine.server().cronLoops() >= cron + 2);
            assertTrue(clientLine("soft") != null, "5 s of a 10 s soft limit: still connected");
            clock.advance(6_000);
            Await.until("the soft limit to close it", () -> clientLine("soft") == null);
            Await.until("the limit event", () -> !events.isEmpty());
            EngineEvent.ClientOutputBufferLimitReached e = (EngineEvent.ClientOutputBufferLimitReached) events.get(0);
            assertEquals("soft", e.limit());
            assertEquals(50_000, e.limitBytes());
            assertTrue(logText().contains("closed for overcoming of output buffer limits."), logText());
        }
    }

    @Test
    void aReplyOverTheHardLimitIsNeverSentInPart() throws Exception {
        start();
        admin.call("CONFIG", "SET", "client-output-buffer-limit", "normal 100000 0 0");
        for (int i = 0; i < 150; i++) admin.call(List.of("RPUSH".getBytes(), "big".getBytes(), MESSAGE));
        try (Socket c = connect()) {
            c.getOutputStream().write("LRANGE big 0 -1\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(closedByServer(c), "closed without a byte of the 150 KB reply");
        }
        String info = admin.call("INFO", "clients").asText();
        assertTrue(info.contains("connected_clients:1\r\n"), info);
        assertEquals(150, admin.call("LLEN", "big") instanceof RespValue.Int n ? n.value() : -1, "the server goes on");
    }

    @Test
    void maxmemoryClientsEvictsTheClientThatGrewAndSparesNoEvict() throws Exception {
        start();
        admin.call("CONFIG", "SET", "maxmemory-clients", "1mb");
        admin.call("CLIENT", "NO-EVICT", "on");
        try (Socket big = connect(); Socket protectedBig = connect(); Socket small = connect()) {
            InputStream sin = new BufferedInputStream(small.getInputStream());
            assertEquals("OK", call(small, sin, "CLIENT SETNAME small").asText());
            // an evictable client is evicted as soon as it holds the limit (a 3 MB argument announced)
            big.getOutputStream().write("*2\r\n$3\r\nSET\r\n$3000000\r\n".getBytes(StandardCharsets.US_ASCII));
            try {
                big.getOutputStream().write(new byte[1_500_000]);
            } catch (IOException closedWhileWriting) {
                // the server hung up on us
            }
            assertTrue(closedByServer(big), "evicted");
            assertEquals("PONG", call(small, sin, "PING").asText(), "the small client stays");
            assertTrue(admin.call("INFO", "stats").asText().contains("evicted_clients:1\r\n"));
            Await.until("the eviction event", () -> !events.isEmpty());
            EngineEvent.ClientEvicted e = (EngineEvent.ClientEvicted) events.get(0);
            assertEquals(1024 * 1024, e.limitBytes());
            assertTrue(e.clientBytes() >= 1024 * 1024 && e.clientsBytes() >= e.limitBytes(), e.toString());
            assertTrue(logText().contains("Evicting client: id="), logText());

            // a NO-EVICT client may hold more than the limit; as on Redis it still counts in the sum,
            // so the evictable clients go, and the server says it could not get under the limit
            InputStream pin = new BufferedInputStream(protectedBig.getInputStream());
            assertEquals("OK", call(protectedBig, pin, "CLIENT NO-EVICT on").asText());
            assertEquals("OK", call(protectedBig, pin, "CLIENT SETNAME kept").asText());
            protectedBig.getOutputStream().write("*2\r\n$3\r\nSET\r\n$3000000\r\n".getBytes(StandardCharsets.US_ASCII));
            protectedBig.getOutputStream().write(new byte[1_500_000]);
            Await.until("the protected query buffer to fill", () -> {
                String l = clientLine("kept");
                return l != null && field(l, "qbuf") >= 1_500_000;
            });
            assertTrue(field(clientLine("kept"), "tot-mem") > 1024 * 1024);
            Await.until("the small client to be evicted", () -> clientLine("small") == null);
            assertTrue(clientLine("kept") != null, "NO-EVICT on is never evicted");
            assertTrue(infoField("memory", "mem_clients_normal") > 1024 * 1024, "clientsCron summed the clients' memory");
            Await.until("the warning", () -> {
                try {
                    return logText().contains("Over client maxmemory after evicting all evictable clients");
                } catch (IOException ex) {
                    return false;
                }
            });
            admin.call("CONFIG", "RESETSTAT");
            assertTrue(admin.call("INFO", "stats").asText().contains("evicted_clients:0\r\n"), "CONFIG RESETSTAT");
        }
    }

    /** The CLIENT LIST line of our replica (flags=S), or null. */
    private String replicaLine() {
        for (String line : admin.call("CLIENT", "LIST").asText().split("\n")) {
            if (line.contains(" flags=S ")) return line;
        }
        return null;
    }

    @Test
    void aReplicaThatNeverReadsIsClosedByTheStreamNotByItsSnapshot() throws Exception {
        start();
        admin.call("CONFIG", "SET", "client-output-buffer-limit", "replica 1mb 0 0"); // hard: max(1 MB, repl-backlog-size 1 MB)
        byte[] value = new byte[100_000];
        new java.util.Random(1).nextBytes(value); // incompressible: the RDB really is 10 MB
        for (int i = 0; i < 100; i++) admin.call(List.of("SET".getBytes(), ("big" + i).getBytes(), value)); // a 10 MB snapshot
        try (Socket replica = connect()) {
            InputStream in = new BufferedInputStream(replica.getInputStream());
            assertEquals("OK", call(replica, in, "REPLCONF listening-port 1").asText());
            replica.getOutputStream().write("PSYNC ? -1\r\n".getBytes(StandardCharsets.US_ASCII)); // and never read again
            Await.until("the replica to attach", () -> replicaLine() != null);
            long cron = engine.server().cronLoops();
            Await.until("two cron runs", () -> engine.server().cronLoops() >= cron + 2);
            assertTrue(replicaLine() != null, "10 MB of RDB over a 1 MB limit: the snapshot does not count");
            for (int i = 0; i < 40 && replicaLine() != null; i++) admin.call(List.of("SET".getBytes(), ("more" + i).getBytes(), value));
            assertEquals(null, replicaLine(), "the stream after it does: closed at the hard limit");
            Await.until("the limit event", () -> !events.isEmpty());
            EngineEvent.ClientOutputBufferLimitReached e = (EngineEvent.ClientOutputBufferLimitReached) events.get(0);
            assertEquals("slave", e.clientClass());
            assertTrue(e.usedBytes() >= 1024 * 1024 && e.usedBytes() < 3 * 1024 * 1024, e.toString() + ": the stream, not the snapshot");
        }
    }

    @Test
    void bucketsAreLog2OfTheSizeFrom32KbTo8Gb() {
        assertEquals(0, ClientMemory.bucketIndex(0));
        assertEquals(0, ClientMemory.bucketIndex(32 * 1024 - 1));
        assertEquals(1, ClientMemory.bucketIndex(32 * 1024));
        assertEquals(2, ClientMemory.bucketIndex(64 * 1024));
        assertEquals(ClientMemory.BUCKETS - 1, ClientMemory.bucketIndex(Long.MAX_VALUE));
    }
}
