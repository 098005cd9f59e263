package io.glassbox.visualizer;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.resp.RespValue;
import io.glassbox.testkit.EngineFixture;
import javafx.scene.Scene;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The teaching controls, clicked as a learner clicks them (TestFX's robot on Monocle): Pause freezes
 * the loop, so a command waits for its reply; Step lets one tick run it; Resume unfreezes. The
 * console runs commands through the in-process client.
 */
@Tag("ui")
class ControlsTest {
    private Engine engine;
    private LocalClient client;
    private VisualizerPane pane;
    private final FxRobot robot = new FxRobot();

    @BeforeEach
    void start() throws Exception {
        Fx.stage();
        engine = Fx.engine(true);
        client = engine.newClient();
        FxToolkit.setupStage(stage -> {
            pane = new VisualizerPane(engine);
            stage.setScene(new Scene(pane, 1200, 760));
            pane.start();
            stage.show();
        });
    }

    @AfterEach
    void stop() throws Exception {
        FxToolkit.setupStage(stage -> stage.hide());
        Fx.run(pane::close);
        client.close();
        engine.close();
    }

    private static void waitFor(java.util.function.BooleanSupplier c, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(10);
        }
    }

    @Test
    void pauseStepResume() throws Exception {
        robot.clickOn("#pause");
        waitFor(() -> engine.loop().isPaused(), "the loop to pause");
        CompletableFuture<RespValue> reply = client.send(List.of("SET".getBytes(), "k".getBytes(), "v".getBytes()));
        EngineFixture.awaitReceived(engine); // the loop has the SET
        assertFalse(reply.isDone(), "a paused loop runs no command");
        waitForLearnerLine("Event loop paused.*");
        waitFor(() -> !robotLookup("#step").isDisabled(), "Step to be enabled");
        robot.clickOn("#step");
        assertEquals(new RespValue.SimpleString("OK"), reply.get(10, TimeUnit.SECONDS));
        assertTrue(engine.loop().isPaused(), "one step, then frozen again");
        robot.clickOn("#resume");
        waitFor(() -> !engine.loop().isPaused(), "the loop to resume");
        waitForLearnerLine("Event loop running: \\d+ commands/s.*"); // in words, not "ui % cpu"
        assertFalse(Fx.call(() -> pane.controls.status.isVisible()), "the developers' line stays behind Diagnostics");
    }

    /** Waits until the learner's status line (refreshed twice a second by the frame loop) matches {@code regex}. */
    private void waitForLearnerLine(String regex) throws InterruptedException {
        waitFor(() -> {
            try {
                return Fx.call(() -> pane.controls.learner.getText()).matches(regex);
            } catch (Exception e) {
                return false;
            }
        }, "the learner's line to match " + regex);
    }

    private javafx.scene.control.Button robotLookup(String id) {
        return robot.lookup(id).queryButton();
    }

    @Test
    void theConsoleRunsCommandsInTheEngine() throws Exception {
        String reply = Fx.call(() -> pane.console.run("SET greeting hello")).get(10, TimeUnit.SECONDS);
        assertEquals("OK", reply);
        assertEquals("hello", new String(((RespValue.Bulk) client.call("GET", "greeting")).value()));
        String list = Fx.call(() -> pane.console.run("RPUSH l a b")).get(10, TimeUnit.SECONDS);
        assertEquals("(integer) 2", list);
        String range = Fx.call(() -> pane.console.run("LRANGE l 0 -1")).get(10, TimeUnit.SECONDS);
        assertEquals("1) \"a\"\n2) \"b\"", range);
        // The keyspace list picks the keys up with their encodings on a later frame.
        waitFor(() -> {
            try {
                return Fx.call(() -> pane.keyspaceView.shown().size()) == 2;
            } catch (Exception e) {
                return false;
            }
        }, "the keyspace list");
        List<KeyspaceView.Row> rows = Fx.call(() -> pane.keyspaceView.shown());
        assertEquals("embstr", rows.get(0).encoding());
        assertEquals("quicklist", rows.get(1).encoding()); // Redis 7.0: lists are quicklists (listpack lists came in 7.2)
    }

    @Test
    void anEncodingConversionFlashesItsRow() throws Exception {
        client.call("SADD", "s", "1", "2", "3");
        pane.refreshNow().get(10, TimeUnit.SECONDS);
        assertEquals("intset", Fx.call(() -> pane.keyspaceView.shown().get(0).encoding()));
        client.call("SADD", "s", "not-a-number");
        pane.refreshNow().get(10, TimeUnit.SECONDS);
        KeyspaceView.Row row = Fx.call(() -> pane.keyspaceView.shown().get(0));
        assertEquals("listpack".equals(row.encoding()) ? "listpack" : "hashtable", row.encoding());
        assertTrue(row.flashing(System.nanoTime()), "converted from intset: the row flashes");
    }
}
