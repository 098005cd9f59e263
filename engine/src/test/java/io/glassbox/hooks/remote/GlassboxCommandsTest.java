package io.glassbox.hooks.remote;

import io.glassbox.ds.dict.DictSnapshot;
import io.glassbox.ds.skiplist.SkipListSnapshot;
import io.glassbox.engine.LocalClient;
import io.glassbox.hooks.EngineEvent;
import io.glassbox.hooks.RespWire;
import io.glassbox.resp.RespReader;
import io.glassbox.resp.RespValue;
import io.glassbox.testkit.Await;
import io.glassbox.testkit.EngineFixture;
import io.glassbox.testkit.Ports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GLASSBOX.EVENTS / SNAPSHOT / LOOP over real sockets: events arrive as pushes and read back into
 * the same records the hooks deliver in-process; a viewer that does not read costs drops, not
 * memory or engine time; snapshots read back equal the in-process ones; a paused loop still
 * answers its watcher.
 */
@Tag("unit")
class GlassboxCommandsTest {
    private EngineFixture f;
    private LocalClient local;

    @BeforeEach
    void start() throws Exception {
        f = EngineFixture.builder().settings(s -> s.port = Ports.free()).start(); // the default bind: every interface
        local = f.client;
    }

    @AfterEach
    void stop() { f.close(); }

    /** A socket client that reads whole RESP frames (replies and pushes alike). */
    static final class Conn implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        final RespReader reader;

        Conn(int port, int receiveBuffer) throws IOException {
            socket = new Socket();
            if (receiveBuffer > 0) socket.setReceiveBufferSize(receiveBuffer);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
            reader = new RespReader(in);
        }

        Conn(int port) throws IOException { this(port, 0); }

        void send(String... args) throws IOException {
            List<byte[]> argv = new ArrayList<>();
            for (String a : args) argv.add(a.getBytes(StandardCharsets.UTF_8));
            out.write(RespReader.encodeCommand(argv));
            out.flush();
        }

        RespValue read() throws IOException { return reader.read(); }

        RespValue call(String... args) throws IOException {
            send(args);
            return read();
        }

        /** True if nothing has arrived on this connection so far. */
        boolean nothingArrived() throws IOException { return in.available() == 0; }

        @Override
        public void close() throws IOException { socket.close(); }
    }

    private static List<RespValue> items(RespValue v) { return assertInstanceOf(RespValue.Array.class, v).items(); }

    /**
     * Waits, asking through the watcher (answered while the loop is paused), until the server holds
     * {@code held}'s request unparsed in its query buffer ({@code qbuf} > 0 in CLIENT LIST): the
     * positive sign that the request arrived and did not run, instead of a wait for a silence.
     */
    private static void awaitHeld(Conn watcher, Conn held) {
        String addr = "addr=127.0.0.1:" + held.socket.getLocalPort() + " ";
        Await.until("the paused server holds the request in its query buffer", () -> {
            try {
                for (String line : watcher.call("CLIENT", "LIST").asText().split("\n")) {
                    if (line.contains(addr)) return !line.contains(" qbuf=0 ");
                }
                return false;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static long integer(RespValue v) { return assertInstanceOf(RespValue.Int.class, v).value(); }

    @Test
    void eventsArriveAsPushesAndReadBackIntoTheHooksRecords() throws Exception {
        try (Conn viewer = new Conn(f.engine.port())) {
            assertInstanceOf(RespValue.Map.class, viewer.call("HELLO", "3"));
            assertEquals("OK", viewer.call("GLASSBOX.EVENTS", "SUBSCRIBE", "CommandExecuted", "dictresized").asText());
            for (int i = 1; i <= 5; i++) local.call("SET", "k" + i, "v");
            List<EngineEvent> got = new ArrayList<>();
            while (got.size() < 7) {
                RespValue.Array push = assertInstanceOf(RespValue.Array.class, viewer.read());
                assertEquals('>', push.kind(), "RESP3 pushes");
                EngineEvent e = RespWire.readEvent(push.items());
                assertNotNull(e);
                if (!(e instanceof EngineEvent.CommandExecuted c && c.clientId() != local.id())) got.add(e); // not the SUBSCRIBE itself
            }
            // the first SET creates db0's first table, the fifth starts the rehash to 8 buckets
            EngineEvent.DictResized first = assertInstanceOf(EngineEvent.DictResized.class, got.get(0));
            assertEquals("db0", first.dict());
            assertEquals(0, first.oldSize());
            assertEquals(4, first.newSize());
            int sets = 0;
            EngineEvent.DictResized grow = null;
            for (EngineEvent e : got) {
                if (e instanceof EngineEvent.CommandExecuted c) {
                    assertEquals("set", c.command());
                    assertEquals(local.id(), c.clientId());
                    sets++;
                } else if (e instanceof EngineEvent.DictResized r && r.newSize() == 8) {
                    grow = r;
                }
            }
            assertEquals(5, sets);
            assertNotNull(grow);
            assertEquals(4, grow.oldSize());
        }
    }

    /** SAMPLE k over the wire: a one-tick burst of 20 SETs reaches the viewer as 2 commands and a Sampled summary. */
    @Test
    void aSampledStreamSendsKCommandsAfterATickAndASummary() throws Exception {
        try (Conn viewer = new Conn(f.engine.port())) {
            assertInstanceOf(RespValue.Map.class, viewer.call("HELLO", "3"));
            assertEquals("ERR SAMPLE must be between 0 and 65536",
                    ((RespValue.Error) viewer.call("GLASSBOX.EVENTS", "SUBSCRIBE", "SAMPLE", "-1")).message());
            assertEquals("OK", viewer.call("GLASSBOX.EVENTS", "SUBSCRIBE", "SAMPLE", "2", "CommandExecuted", "Sampled", "LoopTick").asText());
            Thread.sleep(5); // the SUBSCRIBE's own tick is heard and over
            f.engine.loop().pause();
            List<java.util.concurrent.CompletableFuture<RespValue>> replies = new ArrayList<>();
            for (int i = 0; i < 20; i++) replies.add(local.send(List.of("SET".getBytes(), ("s" + i).getBytes(), "v".getBytes())));
            Thread.sleep(2); // more than a millisecond since the last tick: the burst's tick is heard
            f.engine.loop().step(1);
            for (var r : replies) assertEquals("OK", r.get(5, java.util.concurrent.TimeUnit.SECONDS).asText());
            f.engine.loop().resume();
            List<EngineEvent> got = new ArrayList<>();
            EngineEvent.LoopTick burst = null;
            while (burst == null) {
                EngineEvent e = RespWire.readEvent(items(viewer.read()));
                got.add(e);
                if (e instanceof EngineEvent.LoopTick t && t.commands() == 20) burst = t;
            }
            long tick = burst.tick();
            List<EngineEvent> ofTick = got.stream().filter(e -> e.tick() == tick).toList();
            assertEquals(2, ofTick.stream().filter(e -> e instanceof EngineEvent.CommandExecuted c && c.command().equals("set")).count(),
                    "2 of the tick's 20 SETs: " + ofTick);
            EngineEvent.Sampled summary = (EngineEvent.Sampled) ofTick.stream().filter(e -> e instanceof EngineEvent.Sampled)
                    .findFirst().orElseThrow(() -> new AssertionError("no summary in " + ofTick));
            assertEquals(20, summary.commands());
            assertEquals(18, summary.commandsSkipped());
            assertEquals(summary.ticks() - 1, summary.ticksSkipped());
        }
    }

    @Test
    void everyKindOfFieldRoundTrips() {
        byte[][] path = {null, "m1".getBytes(StandardCharsets.UTF_8)};
        EngineEvent.SkipListInsert ins = new EngineEvent.SkipListInsert(7, 123456789L, 2, "z".getBytes(StandardCharsets.UTF_8),
                "m2".getBytes(StandardCharsets.UTF_8), -1.5e-7, 3, path, new long[]{0, 4});
        io.glassbox.resp.ReplyBuffer out = new io.glassbox.resp.ReplyBuffer();
        RespWire.writeEvent(out, ins);
        RespWire.writeEvent(out, new EngineEvent.QuicklistNodeChanged(1, 2, 0, new byte[]{0, (byte) 0xff}, EngineEvent.QuicklistNodeChanged.Kind.SPLIT, 3, 4, 5, 6));
        RespWire.writeEvent(out, new EngineEvent.SnapshotFinished(1, 2, true, 3, 4, 5, null));
        RespWire.writeEvent(out, new EngineEvent.EncodingConverted(1, 2, -1, null, "sparse", "dense"));
        RespReader r = new RespReader(new java.io.ByteArrayInputStream(out.drainReply()));
        try {
            EngineEvent.SkipListInsert back = (EngineEvent.SkipListInsert) RespWire.readEvent(items(r.read()));
            assertEquals(-1.5e-7, back.score());
            assertArrayEquals("m2".getBytes(StandardCharsets.UTF_8), back.member());
            assertNull(back.updateMembers()[0]);
            assertArrayEquals("m1".getBytes(StandardCharsets.UTF_8), back.updateMembers()[1]);
            assertArrayEquals(new long[]{0, 4}, back.updateRanks());
            assertEquals(123456789L, back.nanoTime());
            var q = (EngineEvent.QuicklistNodeChanged) RespWire.readEvent(items(r.read()));
            assertEquals(EngineEvent.QuicklistNodeChanged.Kind.SPLIT, q.kind());
            assertArrayEquals(new byte[]{0, (byte) 0xff}, q.key());
            assertEquals(6, q.otherBytes());
            var f = (EngineEvent.SnapshotFinished) RespWire.readEvent(items(r.read()));
            assertTrue(f.background());
            assertNull(f.error());
            var enc = (EngineEvent.EncodingConverted) RespWire.readEvent(items(r.read()));
            assertNull(enc.key());
            assertEquals("dense", enc.to());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aViewerThatDoesNotReadCostsDropsNotMemoryNorEngineTime() throws Exception {
        try (Conn viewer = new Conn(f.engine.port(), 4096); Conn writer = new Conn(f.engine.port()); Conn other = new Conn(f.engine.port())) {
            assertEquals("OK", viewer.call("GLASSBOX.EVENTS", "SUBSCRIBE", "CAPACITY", "256").asText());
            // the viewer now reads nothing while a pipelined flood runs
            int total = 0;
            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            for (int round = 0; round < 100; round++) {
                batch.reset();
                for (int i = 0; i < 2000; i++) {
                    batch.writeBytes(RespReader.encodeCommand(List.of("SET".getBytes(StandardCharsets.US_ASCII),
                            ("key:" + (total + i)).getBytes(StandardCharsets.US_ASCII), "x".repeat(20).getBytes(StandardCharsets.US_ASCII))));
                }
                writer.out.write(batch.toByteArray());
                writer.out.flush();
                for (int i = 0; i < 2000; i++) assertEquals("OK", writer.read().asText()); // every command answered
                total += 2000;
            }
            assertEquals("PONG", other.call("PING").asText());
            List<RespValue> streams = items(other.call("GLASSBOX.EVENTS", "LIST"));
            assertEquals(1, streams.size());
            List<RespValue> s = items(streams.get(0));
            long sent = integer(s.get(1)), dropped = integer(s.get(2)), queued = integer(s.get(3));
            assertTrue(dropped > 0, "the flood overflowed a viewer that does not read: dropped " + dropped);
            assertTrue(queued <= 256, "the queue stays bounded: " + queued);
            // fewer than the 200,000+ events built reached the socket (4 MB of kernel buffers hold ~50,000):
            // the rest were dropped, not buffered
            assertTrue(sent + dropped + queued >= total, "sent " + sent + " + dropped " + dropped + " accounts for every command");
            assertTrue(sent < total, "sent " + sent);

            // once the viewer reads again, it is told how much it missed before the next event
            local.call("SET", "after", "flood");
            long reported = -1;
            for (int i = 0; i < 200_000 && reported < 0; i++) {
                List<RespValue> push = items(viewer.read());
                if (push.get(0).asText().equals(RespWire.DROPPED)) reported = integer(push.get(1));
            }
            assertTrue(reported > 0, "a dropped push arrived: " + reported);
        }
    }

    @Test
    void snapshotsReadBackEqualTheInProcessOnesAndMoveNothing() throws Exception {
        local.call("CONFIG", "SET", "activerehashing", "no");
        for (int i = 0; i < 5; i++) local.call("SET", "k" + i, "v");
        for (int i = 0; i < 200; i++) local.call("ZADD", "z", Integer.toString(i), "m" + i);
        for (int i = 0; i < 3; i++) local.call("SADD", "s", Integer.toString(i));
        try (Conn w = new Conn(f.engine.port())) {
            DictSnapshot<byte[]> before = f.engine.hooks().dictSnapshot(0).join();
            DictSnapshot<byte[]> remote = RespWire.readDict(w.call("GLASSBOX.SNAPSHOT", "KEYSPACE", "0"));
            DictSnapshot<byte[]> after = f.engine.hooks().dictSnapshot(0).join();
            assertEquals(before.rehashIdx(), after.rehashIdx(), "reading did not move the cursor");
            assertSameDict(before, remote);

            List<RespValue> key = items(w.call("GLASSBOX.SNAPSHOT", "KEY", "0", "z"));
            assertEquals("zset", key.get(0).asText());
            assertEquals("skiplist", key.get(1).asText());
            assertSameDict(f.engine.hooks().dictSnapshot(0, "z".getBytes(StandardCharsets.UTF_8)).join(), RespWire.readDict(key.get(2)));
            SkipListSnapshot zl = f.engine.hooks().skiplistSnapshot(0, "z".getBytes(StandardCharsets.UTF_8)).join();
            SkipListSnapshot zr = RespWire.readSkipList(key.get(3));
            assertEquals(zl.level(), zr.level());
            assertEquals(200, zr.length());
            assertArrayEquals(zl.headerSpans(), zr.headerSpans());
            for (int i = 0; i < 200; i++) {
                assertArrayEquals(zl.nodes().get(i).member(), zr.nodes().get(i).member());
                assertEquals(zl.nodes().get(i).score(), zr.nodes().get(i).score());
                assertArrayEquals(zl.nodes().get(i).spans(), zr.nodes().get(i).spans());
            }

            List<RespValue> set = items(w.call("GLASSBOX.SNAPSHOT", "KEY", "0", "s"));
            assertEquals(List.of("set", "intset"), List.of(set.get(0).asText(), set.get(1).asText()));
            assertInstanceOf(RespValue.Null.class, set.get(2));
            List<RespValue> none = items(w.call("GLASSBOX.SNAPSHOT", "KEY", "0", "nosuch"));
            assertEquals("none", none.get(0).asText());

            local.call("PEXPIRE", "k1", "100000");
            List<RespValue> listing = items(w.call("GLASSBOX.SNAPSHOT", "KEYS", "0"));
            assertEquals(7, listing.size());
            boolean sawTtl = false;
            for (RespValue row : listing) {
                List<RespValue> f = items(row);
                if (f.get(0).asText().equals("k1")) {
                    sawTtl = integer(f.get(3)) > 90_000;
                    assertEquals("embstr", f.get(2).asText());
                }
            }
            assertTrue(sawTtl);
            assertEquals(2, items(w.call("GLASSBOX.SNAPSHOT", "KEYS", "0", "2")).size());
            assertEquals("ERR DB index is out of range", ((RespValue.Error) w.call("GLASSBOX.SNAPSHOT", "KEYSPACE", "99")).message());
        }
    }

    private static void assertSameDict(DictSnapshot<byte[]> a, DictSnapshot<byte[]> b) {
        assertEquals(a.rehashIdx(), b.rehashIdx());
        for (int t = 0; t < 2; t++) {
            assertEquals(a.table(t).size(), b.table(t).size());
            assertEquals(a.table(t).used(), b.table(t).used());
            assertArrayEquals(a.table(t).chainLengths(), b.table(t).chainLengths());
            List<List<byte[]>> ka = a.table(t).bucketKeys(), kb = b.table(t).bucketKeys();
            assertEquals(ka.size(), kb.size());
            for (int i = 0; i < ka.size(); i++) {
                assertEquals(ka.get(i).size(), kb.get(i).size());
                for (int j = 0; j < ka.get(i).size(); j++) assertTrue(Arrays.equals(ka.get(i).get(j), kb.get(i).get(j)));
            }
        }
    }

    @Test
    void aPausedLoopStillAnswersItsWatcherAndStepsOnItsWord() throws Exception {
        try (Conn w = new Conn(f.engine.port()); Conn other = new Conn(f.engine.port())) {
            assertEquals(1, integer(w.call("GLASSBOX.LOOP", "PAUSE")));
            assertTrue(f.engine.loop().isPaused());
            other.send("SET", "x", "1");
            awaitHeld(w, other);
            assertTrue(other.nothingArrived(), "a paused loop runs nobody's command");
            // the watcher is answered while paused, and its snapshot shows x not yet set
            assertEquals(0, items(w.call("GLASSBOX.SNAPSHOT", "KEYS", "0")).size());
            assertEquals(1, integer(items(w.call("GLASSBOX.LOOP", "STATE")).get(0)));
            assertEquals(1, integer(w.call("GLASSBOX.LOOP", "STEP")));
            assertEquals("OK", other.read().asText());
            assertEquals(1, items(w.call("GLASSBOX.SNAPSHOT", "KEYS", "0")).size());
            assertEquals(0, integer(w.call("GLASSBOX.LOOP", "RESUME")));
            assertEquals("PONG", other.call("PING").asText());
            assertEquals(0, integer(w.call("GLASSBOX.LOOP", "SLOW", "0", "0")));
        }
    }

    @Test
    void aNewViewerCanAttachToAnAlreadyPausedLoop() throws Exception {
        f.engine.loop().pause();
        try (Conn fresh = new Conn(f.engine.port()); Conn split = new Conn(f.engine.port()); Conn other = new Conn(f.engine.port())) {
            other.send("PING");
            // its first command is a GLASSBOX.* one: it runs though the loop is frozen
            assertEquals(1, integer(items(fresh.call("GLASSBOX.LOOP", "STATE")).get(0)));
            awaitHeld(fresh, other);
            assertTrue(other.nothingArrived(), "ordinary commands wait");
            assertInstanceOf(RespValue.Map.class, fresh.call("HELLO", "3")); // a watcher now: any command is answered
            // the same request arriving in pieces, the name cut in the middle
            byte[] req = "*3\r\n$17\r\nGLASSBOX.SNAPSHOT\r\n$4\r\nKEYS\r\n$1\r\n0\r\n".getBytes(StandardCharsets.US_ASCII);
            split.out.write(req, 0, 12);
            split.out.flush();
            Thread.sleep(100);
            split.out.write(req, 12, 10);
            split.out.flush();
            Thread.sleep(100);
            split.out.write(req, 22, req.length - 22);
            split.out.flush();
            assertEquals(0, items(split.read()).size());
            // a mistyped GLASSBOX.* command is answered too, though it made nobody a watcher
            try (Conn typo = new Conn(f.engine.port())) {
                assertEquals("ERR unknown subcommand 'NOPE'. Try GLASSBOX.LOOP HELP.",
                        ((RespValue.Error) typo.call("GLASSBOX.LOOP", "NOPE")).message());
            }
        } finally {
            f.engine.loop().resume();
        }
    }

    @Test
    void mistakesAreAnsweredWithErrors() throws Exception {
        try (Conn w = new Conn(f.engine.port())) {
            String unknown = ((RespValue.Error) w.call("GLASSBOX.EVENTS", "SUBSCRIBE", "NoSuchKind")).message();
            // the kinds in the order javac lists the sealed interface's records, which is not the file's
            assertTrue(unknown.startsWith("ERR unknown event kind 'NoSuchKind'; kinds are ") && unknown.contains(" LoopTick,"), unknown);
            assertEquals("ERR unknown subcommand 'FROB'. Try GLASSBOX.EVENTS HELP.", ((RespValue.Error) w.call("GLASSBOX.EVENTS", "FROB")).message());
            assertEquals("ERR wrong number of arguments for 'glassbox.loop|state' command",
                    ((RespValue.Error) w.call("GLASSBOX.LOOP", "STATE", "x")).message());
        }
        List<RespValue> help = items(local.call("GLASSBOX.LOOP", "HELP"));
        assertEquals("GLASSBOX.LOOP <subcommand> [<arg> ...]. Subcommands are:", help.get(0).asText());
        assertEquals("STEP [n]", help.get(5).asText());
        assertEquals("    While paused, let n ticks run (default 1).", help.get(6).asText());
        assertEquals("HELP", help.get(help.size() - 2).asText());
        RespValue inProcess = local.call("GLASSBOX.EVENTS", "SUBSCRIBE");
        assertTrue(((RespValue.Error) inProcess).message().contains("network connections"));
        List<RespValue> info = items(items(local.call("COMMAND", "INFO", "glassbox.snapshot")).get(0));
        assertEquals("glassbox.snapshot", info.get(0).asText());
        assertEquals(-2, integer(info.get(1)));
    }
}
