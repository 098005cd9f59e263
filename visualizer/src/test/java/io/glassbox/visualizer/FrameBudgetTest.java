package io.glassbox.visualizer;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the window costs and how it holds back: the render budget's steps, the health line that
 * shows them, and snapshots (command-thread work) taken only for a view on screen.
 */
@Tag("ui")
class FrameBudgetTest {
    private Engine engine;
    private LocalClient client;

    @BeforeAll
    static void toolkit() throws Exception {
        Fx.stage();
    }

    @BeforeEach
    void start() throws Exception {
        engine = Fx.engine(false);
        client = engine.newClient();
    }

    @AfterEach
    void stop() {
        client.close();
        engine.close();
    }

    @Test
    void overBudgetHalvesRepaintsAndSnapshotsAndComesBackWhenCheap() {
        FrameBudget b = new FrameBudget();
        assertEquals(0, b.level());
        assertEquals(33_000_000L, b.repaintNanos());
        assertEquals(50_000_000L, b.snapshotNanos(50_000_000L));
        b.adjust(0.25); // a quarter of a core: over the 10% budget
        assertEquals(1, b.level());
        assertEquals(66_000_000L, b.repaintNanos());
        assertEquals(100_000_000L, b.snapshotNanos(50_000_000L));
        for (int i = 0; i < 10; i++) b.adjust(0.5);
        assertEquals(FrameBudget.INTERVALS.length - 1, b.level(), "the level stops at the slowest rate");
        assertEquals(250_000_000L, b.repaintNanos());
        assertEquals("ui 50% cpu, repaint 4/s", b.describe());
        b.adjust(0.09); // between 75% of the budget and the budget: stays
        assertEquals(FrameBudget.INTERVALS.length - 1, b.level());
        b.adjust(0.06); // an idle window's cost: one step back per measurement
        assertEquals(FrameBudget.INTERVALS.length - 2, b.level());
        for (int i = 0; i < 10; i++) b.adjust(0.0);
        assertEquals(0, b.level());
        assertEquals("ui 0% cpu, repaint 30/s", b.describe());
    }

    @Test
    void theHealthLineShowsTheBudgetAndWhatSnapshotsCostTheCommandThread() throws Exception {
        VisualizerPane pane = Fx.call(() -> new VisualizerPane(engine));
        try {
            Fx.run(() -> Fx.layout(pane.loopView, 900, 300));
            client.call("SET", "a", "1");
            long t = 1_000_000_000L;
            // Frames until a snapshot was taken and came back (the Dict tab is the selected one).
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (pane.watch().snapshots() == 0 && System.nanoTime() < deadline) {
                long now = t += 16_000_000L;
                Fx.run(() -> pane.frame(now));
                Thread.sleep(5);
            }
            assertTrue(pane.watch().snapshots() > 0);
            assertTrue(pane.watch().snapshotNanos() > 0, "the time spent on the command thread is measured");
            long later = t + 600_000_000L, again = later + 600_000_000L;
            Fx.run(() -> pane.frame(later));
            Fx.run(() -> pane.frame(again));
            String status = Fx.call(() -> pane.controls.status.getText());
            assertTrue(status.matches(".*dropped \\d+ +ui \\d+% cpu, repaint \\d+/s, snapshots \\d+/s, \\d+\\.\\d\\d ms.*"), status);
            assertEquals(pane.budget.repaintNanos(), (long) Fx.call(() -> pane.loopView.repaintNanos()),
                    "the loop timeline repaints at the budget's rate");
        } finally {
            Fx.run(pane::close);
        }
    }

    @Test
    void aHiddenStructureViewCostsTheCommandThreadNoSnapshot() throws Exception {
        VisualizerPane pane = Fx.call(() -> new VisualizerPane(engine));
        try {
            Fx.run(() -> pane.tabs.getSelectionModel().select(2)); // the event loop
            assertEquals(pane.loopView, Fx.call(() -> pane.tabs.getSelectionModel().getSelectedItem().getContent()));
            long[] t = {1_000_000_000L};
            for (int i = 0; i < 20; i++) {
                client.call("SET", "k" + i, "v");
                Fx.run(() -> pane.frame(t[0] += 100_000_000L));
            }
            Thread.sleep(200); // every event delivered: the next frame drains them all
            Fx.run(() -> pane.frame(t[0] += 100_000_000L));
            assertEquals(0, pane.watch().snapshots(), "the dict moved, but nobody can see it");
            Fx.run(() -> pane.tabs.getSelectionModel().select(0));
            Fx.run(() -> pane.frame(t[0] += 16_000_000L));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (pane.dictView.shown() == null && System.nanoTime() < deadline) {
                Thread.sleep(10);
                Fx.run(() -> pane.frame(t[0] += 16_000_000L));
            }
            assertEquals(1, pane.watch().snapshots(), "shown again: one snapshot, the first frame");
            assertEquals(20, pane.dictView.shown().ht0().used() + pane.dictView.shown().ht1().used());
        } finally {
            Fx.run(pane::close);
        }
    }
}
