package io.glassbox.visualizer;

import io.glassbox.ds.dict.DictSnapshot;
import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import javafx.scene.image.WritableImage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dict view after known commands: with active rehashing off only commands move the cursor, so a
 * fifth SET into a 4-bucket keyspace leaves the dict mid-rehash with ht[1] of 8 buckets and the
 * cursor at 0, and the view must show exactly the engine's state.
 */
@Tag("ui")
class DictViewTest {
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
        Fx.run(() -> Fx.layout(pane.dictView, 1000, 420));
    }

    @AfterEach
    void stop() throws Exception {
        Fx.run(pane::close);
        client.close();
        engine.close();
    }

    private int engineRehashIdx() {
        return engine.hooks().snapshot(s -> s.keyspace().db(0).dict().rehashIdx()).join();
    }

    @Test
    void fourKeysOneTableNoCursor() throws Exception {
        for (int i = 1; i <= 4; i++) client.call("SET", "k" + i, "v");
        pane.refreshNow().get();
        assertEquals(4, (int) Fx.call(() -> pane.dictView.tableSize(0)));
        assertEquals(0, (int) Fx.call(() -> pane.dictView.tableSize(1)));
        assertEquals(-1, (int) Fx.call(() -> pane.dictView.cursor()));
        assertFalse(Fx.call(() -> pane.dictView.isSummarised(0)));
        // Each key is drawn as an entry in its bucket's chain.
        DictSnapshot<byte[]> s = Fx.call(() -> pane.dictView.shown());
        WritableImage img = Fx.call(() -> Fx.image(pane.dictView));
        int entries = 0;
        for (int b = 0; b < 4; b++) {
            for (int e = 0; e < s.ht0().chainLength(b); e++) {
                double[] p = Fx.call(() -> pane.dictView.bucketCenter(0, 0));
                assertFalse(Double.isNaN(p[0]));
                int bb = b, ee = e;
                double[] c = Fx.call(() -> pane.dictView.entryCenter(0, bb, ee));
                // Left edge of the entry box: inside the fill, left of the key's text.
                assertEquals(Palette.ENTRY, Fx.pixel(img, c[0] - pane.dictView.bucketWidth(0) / 2 + 4, c[1] - 6));
                entries++;
            }
        }
        assertEquals(4, entries);
    }

    @Test
    void fifthKeyStartsRehashingAndTheViewShowsTheEnginesCursor() throws Exception {
        for (int i = 1; i <= 5; i++) client.call("SET", "k" + i, "v");
        int before = engineRehashIdx();
        pane.refreshNow().get();
        assertEquals(before, engineRehashIdx(), "looking at the dict must not move its rehash cursor");
        assertEquals(0, before);
        assertEquals(4, (int) Fx.call(() -> pane.dictView.tableSize(0)));
        assertEquals(8, (int) Fx.call(() -> pane.dictView.tableSize(1)));
        assertEquals(0, (int) Fx.call(() -> pane.dictView.cursor()));
        // The cursor is drawn: its red triangle sits just above ht[0]'s bucket 0.
        WritableImage img = Fx.call(() -> Fx.image(pane.dictView));
        double[] b0 = Fx.call(() -> pane.dictView.bucketCenter(0, 0));
        assertEquals(Palette.CURSOR, Fx.pixel(img, b0[0], b0[1] - DictView.CELL_H / 2 + 3));

        // Commands step the rehash: GETs of existing keys each move one bucket.
        client.call("GET", "k1");
        client.call("GET", "k2");
        int after = engineRehashIdx();
        pane.refreshNow().get();
        assertEquals(after, (int) Fx.call(() -> pane.dictView.cursor()));
        if (after > 0) {
            // Buckets left of the cursor are empty for good, drawn grey; moved keys are green in ht[1].
            img = Fx.call(() -> Fx.image(pane.dictView));
            double[] moved = Fx.call(() -> pane.dictView.bucketCenter(0, 0));
            assertEquals(Palette.MOVED_OUT, Fx.pixel(img, moved[0], moved[1] + 5));
            assertTrue(Fx.call(() -> pane.dictView.justMovedCount()) > 0);
            assertTrue(Fx.count(img, Palette.JUST_MOVED) > 0);
        } else {
            assertEquals(-1, after); // both steps finished it (all 4 keys in one or two buckets)
        }
    }

    @Test
    void rehashCompletesAndHt1BecomesHt0() throws Exception {
        for (int i = 1; i <= 5; i++) client.call("SET", "k" + i, "v");
        for (int i = 0; i < 20 && engineRehashIdx() != -1; i++) client.call("GET", "k1");
        pane.refreshNow().get();
        assertEquals(-1, (int) Fx.call(() -> pane.dictView.cursor()));
        assertEquals(8, (int) Fx.call(() -> pane.dictView.tableSize(0)));
        assertEquals(0, (int) Fx.call(() -> pane.dictView.tableSize(1)));
    }

    @Test
    void bigTablesAreSummarisedWithDetailAroundTheCursor() throws Exception {
        for (int i = 1; i <= 129; i++) client.call("SET", "key:" + i, "v");
        int idx = engineRehashIdx();
        pane.refreshNow().get();
        assertTrue(Fx.call(() -> pane.dictView.isSummarised(0)));
        assertTrue(Fx.call(() -> pane.dictView.isSummarised(1)));
        assertEquals(128, (int) Fx.call(() -> pane.dictView.tableSize(0)));
        assertEquals(256, (int) Fx.call(() -> pane.dictView.tableSize(1)));
        assertEquals(idx, (int) Fx.call(() -> pane.dictView.cursor()));
        int first = Fx.call(() -> pane.dictView.firstShown(0));
        assertTrue(first <= idx && idx < first + DictView.DETAIL_WINDOW, "the detail window contains the cursor");
    }

    @Test
    void watchingAHashShowsItsOwnDict() throws Exception {
        for (int i = 0; i < 600; i++) client.call("HSET", "h", "f" + i, "v"); // past 512 fields: hashtable
        Fx.run(() -> pane.watchKey("h".getBytes()));
        pane.refreshNow().get();
        DictSnapshot<byte[]> s = Fx.call(() -> pane.dictView.shown());
        assertEquals(600, s.size());
        assertNull(Fx.call(() -> pane.skipListView.shown()));
        List<KeyspaceView.Row> rows = Fx.call(() -> pane.keyspaceView.shown());
        assertEquals(1, rows.size());
        assertEquals("hashtable", rows.get(0).encoding());
        assertNotEquals(0, s.ht0().size());
    }
}
