package io.glassbox.visualizer;

import io.glassbox.db.ZsetObjects;
import io.glassbox.ds.skiplist.SkipListSnapshot;
import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import javafx.scene.image.WritableImage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The skiplist view after ZADDs: the engine's nodes and levels, the last insert's path lit in orange, its tower green. */
@Tag("ui")
class SkipListViewTest {
    private Engine engine;
    private LocalClient client;
    private VisualizerPane pane;

    @BeforeAll
    static void toolkit() throws Exception {
        Fx.stage();
    }

    @BeforeEach
    void start() throws Exception {
        engine = Fx.engine(false);
        client = engine.newClient();
        pane = Fx.call(() -> new VisualizerPane(engine));
        Fx.run(() -> Fx.layout(pane.skipListView, 1400, 420));
        // 200 members: past zset-max-listpack-entries (128), so a skiplist.
        for (int i = 0; i < 200; i++) client.call("ZADD", "z", Integer.toString(i * 10), "m" + i);
        Fx.run(() -> pane.watchKey("z".getBytes()));
        pane.refreshNow().get(); // installs the watch's skiplist listener
    }

    @AfterEach
    void stop() throws Exception {
        Fx.run(pane::close);
        client.close();
        engine.close();
    }

    private SkipListSnapshot engineList() {
        return engine.hooks().snapshot(s -> ((ZsetObjects.Zset) s.keyspace().db(0).dict().snapshotWithKeys()
                .ht0().bucketKeys().stream().flatMap(b -> b.stream()).filter(k -> Arrays.equals(k, "z".getBytes()))
                .findFirst().map(k -> s.keyspace().db(0).lookupKeyReadNoTouch(k).value).orElseThrow()).zsl.snapshot()).join();
    }

    @Test
    void showsTheEnginesNodesAndLevels() throws Exception {
        SkipListSnapshot shown = Fx.call(() -> pane.skipListView.shown());
        SkipListSnapshot engine = engineList();
        assertEquals(engine.length(), shown.length());
        assertEquals(engine.level(), shown.level());
        for (int i = 0; i < engine.nodes().size(); i++) {
            assertEquals(engine.nodes().get(i).height(), shown.nodes().get(i).height());
            assertArrayEquals(engine.nodes().get(i).spans(), shown.nodes().get(i).spans());
        }
        long[] hist = Fx.call(() -> pane.skipListView.levelHistogram());
        assertEquals(200, Arrays.stream(hist).sum());
        assertTrue(hist[1] > hist[2], "with p = 1/4 most nodes have one level");
    }

    @Test
    void theLastInsertsSearchPathIsLitAndItsTowerGrows() throws Exception {
        java.util.concurrent.CompletableFuture<io.glassbox.hooks.EngineEvent.SkipListInsert> heard = new java.util.concurrent.CompletableFuture<>();
        try (var sub = engine.hooks().subscribe(e -> {
            if (e instanceof io.glassbox.hooks.EngineEvent.SkipListInsert i) heard.complete(i);
        }, 64)) {
            client.call("ZADD", "z", "1005", "new");
            io.glassbox.hooks.EngineEvent.SkipListInsert event = heard.get(10, java.util.concurrent.TimeUnit.SECONDS);
            long deadline = System.nanoTime() + 10_000_000_000L;
            // The watch hears it on its own subscription, whose delivery thread may still be napping (ms).
            while ((pane.watch().lastInsert() == null || !Arrays.equals(pane.watch().lastInsert().member(), "new".getBytes()))
                   && System.nanoTime() < deadline) Thread.sleep(5);
            pane.refreshNow().get();
            SkipListSnapshot s = Fx.call(() -> pane.skipListView.shown());
            int[] update = Fx.call(() -> pane.skipListView.litPath());
            // The path recomputed from the snapshot is the engine's own update[] (from the hook event).
            byte[][] engineUpdate = event.updateMembers();
            assertEquals(engineUpdate.length, update.length);
            for (int i = 0; i < update.length; i++) {
                if (engineUpdate[i] == null) assertEquals(-1, update[i], "level " + i + " went down at the header");
                else assertArrayEquals(engineUpdate[i], s.nodes().get(update[i]).member(), "level " + i);
            }
            assertEquals(event.level(), s.nodes().get(Fx.call(() -> pane.skipListView.litNode())).height(),
                    "the drawn tower has randomLevel's height");
        }
        int lit = Fx.call(() -> pane.skipListView.litNode());
        SkipListSnapshot shown = Fx.call(() -> pane.skipListView.shown());
        assertTrue(lit >= 0);
        assertArrayEquals("new".getBytes(), shown.nodes().get(lit).member());
        assertEquals(1005.0, shown.nodes().get(lit).score());
        int[] path = Fx.call(() -> pane.skipListView.litPath());
        assertEquals(shown.level(), path.length);
        // At level 0 the walk stops just before the new node: on m100 (score 1000).
        assertEquals(lit - 1, path[0]);
        assertArrayEquals("m100".getBytes(), shown.nodes().get(path[0]).member());
        // update[] never goes backwards as the walk descends.
        for (int i = path.length - 1; i > 0; i--) assertTrue(path[i] <= path[i - 1]);

        // The path's level-0 box is orange; the new tower is not drawn until it grows.
        WritableImage img = Fx.call(() -> Fx.image(pane.skipListView));
        double[] p0 = Fx.call(() -> pane.skipListView.boxCenter(path[0], 0));
        assertEquals(Palette.LIT_PATH, Fx.pixel(img, p0[0], p0[1]));
        double[] n0 = Fx.call(() -> pane.skipListView.boxCenter(lit, 0));
        assertTrue(!Palette.NEW_NODE.equals(Fx.pixel(img, n0[0], n0[1])));
        Fx.run(() -> pane.skipListView.grow(64));
        img = Fx.call(() -> Fx.image(pane.skipListView));
        int height = shown.nodes().get(lit).height();
        for (int level = 0; level < height; level++) {
            int lv = level;
            double[] c = Fx.call(() -> pane.skipListView.boxCenter(lit, lv));
            assertEquals(Palette.NEW_NODE, Fx.pixel(img, c[0], c[1]), "level " + level + " of the new tower");
        }
        double[] above = Fx.call(() -> pane.skipListView.boxCenter(lit, height));
        assertTrue(!Palette.NEW_NODE.equals(Fx.pixel(img, above[0], above[1])));
    }

    @Test
    void expectedLevelsFollowOneQuarter() {
        assertEquals(75.0, SkipListView.expected(100, 1), 1e-9);
        assertEquals(18.75, SkipListView.expected(100, 2), 1e-9);
    }
}
