package io.glassbox.visualizer;

import io.glassbox.ds.dict.DictSnapshot;
import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.hooks.EngineEvent;
import io.glassbox.server.ServerSettings;
import io.glassbox.testkit.EngineFixture;
import io.glassbox.testkit.Ports;
import io.glassbox.testkit.RealRedis;
import io.glassbox.visualizer.source.RemoteSource;
import javafx.scene.image.WritableImage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The visualizer attached over TCP ({@code --attach}) to a second engine in this JVM: the pane gets
 * its pictures and events only through GLASSBOX.* commands on that engine's port, and must draw
 * what the engine holds, exactly as for an in-process engine; attaching to nothing, to a real Redis,
 * and losing the server mid-stream end in a sentence, not a trace or a hang.
 */
@Tag("ui")
class RemoteAttachTest {
    private Engine remote;
    private LocalClient client;
    private VisualizerPane pane;

    @BeforeAll
    static void toolkit() throws Exception {
        Fx.stage();
    }

    @BeforeEach
    void start() throws Exception {
        remote = EngineFixture.builder().settings(s -> s.port = Ports.free()).noActiveRehashing().startEngine(); // only commands move the cursor
        client = remote.newClient();
    }

    @AfterEach
    void stop() throws Exception {
        if (pane != null) Fx.run(pane::close);
        client.close();
        remote.close();
    }

    private void attach() throws Exception {
        RemoteSource source = RemoteSource.attach("127.0.0.1", remote.port());
        pane = Fx.call(() -> new VisualizerPane(source, 4096));
        Fx.run(() -> Fx.layout(pane.dictView, 1000, 420));
    }

    private int engineRehashIdx() {
        return remote.hooks().snapshot(s -> s.keyspace().db(0).dict().rehashIdx()).join();
    }

    @Test
    void theDictViewShowsTheRemoteEnginesTablesCursorAndKeys() throws Exception {
        attach();
        for (int i = 1; i <= 5; i++) client.call("SET", "k" + i, "v");
        pane.refreshNow().get(10, TimeUnit.SECONDS);
        assertEquals(0, engineRehashIdx(), "reading over the network did not move the cursor");
        assertEquals(4, (int) Fx.call(() -> pane.dictView.tableSize(0)));
        assertEquals(8, (int) Fx.call(() -> pane.dictView.tableSize(1)));
        assertEquals(0, (int) Fx.call(() -> pane.dictView.cursor()));
        WritableImage img = Fx.call(() -> Fx.image(pane.dictView));
        double[] b0 = Fx.call(() -> pane.dictView.bucketCenter(0, 0));
        assertEquals(Palette.CURSOR, Fx.pixel(img, b0[0], b0[1] - DictView.CELL_H / 2 + 3), "the cursor is drawn in red");
        assertSameKeys(remote.hooks().dictSnapshot(0).join(), Fx.call(() -> pane.dictView.shown()));

        client.call("GET", "k1");
        client.call("GET", "k2");
        int after = engineRehashIdx();
        assertTrue(after != 0, "the GETs moved the rehash on");
        pane.refreshNow().get(10, TimeUnit.SECONDS);
        assertEquals(after, (int) Fx.call(() -> pane.dictView.cursor()));
        assertSameKeys(remote.hooks().dictSnapshot(0).join(), Fx.call(() -> pane.dictView.shown()));
        if (after > 0) { // buckets left of the cursor are drawn grey, as for a local engine
            WritableImage moved = Fx.call(() -> Fx.image(pane.dictView));
            double[] m = Fx.call(() -> pane.dictView.bucketCenter(0, 0));
            assertEquals(Palette.MOVED_OUT, Fx.pixel(moved, m[0], m[1] + 5));
        }
        assertEquals(5, Fx.call(() -> pane.keyspaceView.shown()).size());

        // the same steps arrived as events, through the stream, for the frame loop to route
        List<EngineEvent> events = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (events.stream().noneMatch(e -> e instanceof EngineEvent.CommandExecuted c && c.command().equals("get"))
               && System.nanoTime() < deadline) {
            events.addAll(pane.feed().drain());
            Thread.sleep(20);
        }
        assertTrue(events.stream().anyMatch(e -> e instanceof EngineEvent.DictResized r && r.dict().equals("db0") && r.newSize() == 8));
        assertTrue(events.stream().anyMatch(e -> e instanceof EngineEvent.DictRehashStep st && st.dict().equals("db0")));
        assertTrue(events.stream().anyMatch(e -> e instanceof EngineEvent.CommandExecuted c && c.clientId() == client.id()
                                                 && c.command().equals("get")));
        assertEquals(0, pane.feed().dropped());
    }

    @Test
    void aWatchedZsetAndTheLoopControlsWorkRemotely() throws Exception {
        attach();
        for (int i = 0; i < 200; i++) client.call("ZADD", "z", Integer.toString(i), "m" + i);
        pane.watchKey("z".getBytes());
        client.call("ZADD", "z", "1005", "new");
        // the insert event comes through the watch's own stream
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((pane.watch().lastInsert() == null || !"new".equals(new String(pane.watch().lastInsert().member())))
               && System.nanoTime() < deadline) Thread.sleep(20); // the earlier inserts' events may arrive first
        assertEquals("new", new String(pane.watch().lastInsert().member()));
        pane.refreshNow().get(10, TimeUnit.SECONDS);
        var zsl = remote.hooks().skiplistSnapshot(0, "z".getBytes()).join();
        var shown = Fx.call(() -> pane.skipListView.shown());
        assertEquals(201, shown.length());
        assertEquals(zsl.level(), shown.level());
        for (int i = 0; i < zsl.nodes().size(); i++) {
            assertArrayEquals(zsl.nodes().get(i).member(), shown.nodes().get(i).member());
            assertArrayEquals(zsl.nodes().get(i).spans(), shown.nodes().get(i).spans());
        }
        // the new member's tower is the one lit
        int lit = Fx.call(() -> pane.skipListView.litNode());
        assertArrayEquals("new".getBytes(), shown.nodes().get(lit).member());

        pane.controls.pause().get(10, TimeUnit.SECONDS);
        assertTrue(remote.loop().isPaused());
        assertFalse(Fx.call(() -> pane.controls.resume.isDisabled()));
        var sent = client.send(List.of("SET".getBytes(), "during".getBytes(), "pause".getBytes()));
        EngineFixture.awaitReceived(remote); // the loop has the SET
        assertFalse(sent.isDone(), "the remote loop is paused");
        pane.refreshNow().get(10, TimeUnit.SECONDS); // a paused engine still answers its watcher
        pane.controls.step().get(10, TimeUnit.SECONDS);
        assertEquals("OK", sent.get(10, TimeUnit.SECONDS).asText());
        pane.controls.resume().get(10, TimeUnit.SECONDS);
        assertFalse(remote.loop().isPaused());
    }

    @Test
    void attachingToAnAlreadyPausedServerWorksAndItsConsoleWaitsLikeAnyClient() throws Exception {
        client.call("SET", "before", "pause");
        remote.loop().pause();
        try {
            attach(); // the viewer's connections announce themselves with GLASSBOX.* first, so nothing waits
            assertFalse(Fx.call(() -> pane.controls.resume.isDisabled()), "the window shows the loop paused");
            pane.refreshNow().get(10, TimeUnit.SECONDS);
            assertEquals(1, Fx.call(() -> pane.keyspaceView.shown()).size());
            var reply = pane.console.run("SET typed in-console");
            Thread.sleep(200);
            assertFalse(reply.isDone(), "the console is an ordinary client: it waits for Resume");
            pane.controls.resume().get(10, TimeUnit.SECONDS);
            assertEquals("OK", reply.get(10, TimeUnit.SECONDS));
        } finally {
            if (remote.loop().isPaused()) remote.loop().resume();
        }
    }

    @Test
    void nothingListeningIsASentence() throws Exception {
        int port = Ports.free();
        RemoteSource.AttachException e = assertThrows(RemoteSource.AttachException.class, () -> RemoteSource.attach("127.0.0.1", port));
        assertTrue(e.getMessage().startsWith("Could not connect to 127.0.0.1:" + port + ": Connection refused"), e.getMessage());
    }

    @Test
    void aRealRedisIsRecognisedAndRefused() throws Exception {
        try (RealRedis redis = RealRedis.start()) { // returns once it accepts connections
            int port = redis.port();
            RemoteSource.AttachException e = assertThrows(RemoteSource.AttachException.class,
                    () -> RemoteSource.attach("127.0.0.1", port).close());
            assertEquals("127.0.0.1:" + port + " is not a Glassbox server (it does not know GLASSBOX.LOOP: a real Redis?); nothing to watch there",
                    e.getMessage());
        }
    }

    @Test
    void aServerThatGoesAwayIsReportedInTheWindowAndNothingHangs() throws Exception {
        attach();
        client.call("SET", "a", "1");
        pane.refreshNow().get(10, TimeUnit.SECONDS);
        client.close();
        remote.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Fx.call(() -> pane.sourceStatus.getText()).isEmpty() && System.nanoTime() < deadline) Thread.sleep(20);
        String status = Fx.call(() -> pane.sourceStatus.getText());
        assertTrue(status.startsWith("Disconnected: connection to 127.0.0.1:"), status);
        assertTrue(Fx.call(() -> pane.console.transcript()).contains("(disconnected)"));
        // later requests fail at once instead of waiting for a server that is gone
        ExecutionException failed = assertThrows(ExecutionException.class, () -> pane.refreshNow().get(5, TimeUnit.SECONDS));
        assertTrue(failed.getCause().getMessage().contains("127.0.0.1:"), failed.getCause().getMessage());
        pane.controls.pause().get(5, TimeUnit.SECONDS); // returns, leaves the buttons as they were
        // the last pictures stay on screen
        assertEquals(1L, Fx.call(() -> pane.dictView.shown()).size());
        ServerSettings fresh = new ServerSettings();
        fresh.port = 0;
        remote = Engine.start(fresh); // for @AfterEach
        client = remote.newClient();
    }

    private static void assertSameKeys(DictSnapshot<byte[]> engine, DictSnapshot<byte[]> shown) {
        assertEquals(engine.rehashIdx(), shown.rehashIdx());
        for (int t = 0; t < 2; t++) {
            assertEquals(engine.table(t).size(), shown.table(t).size());
            List<List<byte[]>> a = engine.table(t).bucketKeys(), b = shown.table(t).bucketKeys();
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.get(i).size(), b.get(i).size());
                for (int j = 0; j < a.get(i).size(); j++) assertTrue(Arrays.equals(a.get(i).get(j), b.get(i).get(j)));
            }
        }
    }
}
