package io.glassbox.persistence.rdb;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.hooks.EngineEvent;
import io.glassbox.hooks.Subscription;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hooks tell a visualizer when a snapshot starts, advances and ends. */
@Tag("unit")
class SnapshotEventsTest {
    @TempDir Path dir;

    @Test
    void saveAndBgsavePublishStartedProgressFinished() throws Exception {
        try (Engine e = RdbRoundTripTest.start(dir)) {
            List<EngineEvent> seen = new ArrayList<>();
            Subscription s = e.hooks().subscribe(ev -> { synchronized (seen) { seen.add(ev); } }, 100_000);
            LocalClient c = e.newClient();
            for (int i = 0; i < 20_000; i++) c.send(List.of(("SET").getBytes(), ("k" + i).getBytes(), "v".getBytes()));
            c.call("SAVE");
            c.call("BGSAVE");
            long deadline = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < deadline) {
                synchronized (seen) {
                    if (seen.stream().filter(ev -> ev instanceof EngineEvent.SnapshotFinished).count() == 2) break;
                }
                Thread.sleep(20);
            }
            s.close();
            List<EngineEvent> snap;
            synchronized (seen) {
                snap = seen.stream().filter(ev -> ev.getClass().getSimpleName().startsWith("Snapshot")).toList();
            }
            EngineEvent.SnapshotStarted save = (EngineEvent.SnapshotStarted) snap.get(0);
            assertEquals(false, save.background());
            assertEquals(20_000, save.keysTotal());
            EngineEvent.SnapshotFinished saved = (EngineEvent.SnapshotFinished) snap.get(1);
            assertNull(saved.error());
            EngineEvent.SnapshotStarted bg = (EngineEvent.SnapshotStarted) snap.get(2);
            assertTrue(bg.background());
            EngineEvent.SnapshotFinished done = (EngineEvent.SnapshotFinished) snap.get(snap.size() - 1);
            assertTrue(done.background());
            assertNull(done.error());
            assertEquals(20_000, done.keys());
            EngineEvent.SnapshotProgress last = (EngineEvent.SnapshotProgress) snap.get(snap.size() - 2);
            assertEquals(20_000, last.keysProcessed());
        }
    }
}
