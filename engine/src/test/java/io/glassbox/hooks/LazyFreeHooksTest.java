package io.glassbox.hooks;

import io.glassbox.bio.Bio;
import io.glassbox.testkit.Await;
import io.glassbox.testkit.EngineFixture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lazy-free queue and the latency monitor as a subscriber of the hooks sees them. */
@Tag("unit")
class LazyFreeHooksTest {

    @Test
    void unlinkIsQueuedThenFreedByTheBioThreadAndSlowEventsArePublished() throws Exception {
        try (EngineFixture f = EngineFixture.start()) {
            List<EngineEvent> seen = new ArrayList<>();
            f.engine.hooks().subscribe(e -> { synchronized (seen) { seen.add(e); } }, 10_000);
            List<String> args = new ArrayList<>(List.of("SADD", "big"));
            for (int i = 0; i < 500; i++) args.add("m" + i);
            f.call(args.toArray(new String[0]));
            f.call("UNLINK", "big");
            f.engine.server().keyspace().lazyFree().bio().drain(Bio.Op.LAZY_FREE);
            f.call("CONFIG", "SET", "latency-monitor-threshold", "1");
            f.onLoop(() -> f.engine.server().latencyMonitor().addSampleIfNeeded("expire-cycle", 7));
            Await.until("the latency sample's event",
                    () -> { synchronized (seen) { return seen.stream().anyMatch(e -> e instanceof EngineEvent.LatencySample); } });
            synchronized (seen) {
                EngineEvent.LazyFreeQueued q = (EngineEvent.LazyFreeQueued) seen.stream().filter(e -> e instanceof EngineEvent.LazyFreeQueued).findFirst().orElseThrow();
                assertEquals("object", q.what());
                assertEquals(500, q.effort());
                EngineEvent.LazyFreeDone d = (EngineEvent.LazyFreeDone) seen.stream().filter(e -> e instanceof EngineEvent.LazyFreeDone).findFirst().orElseThrow();
                assertEquals(500, d.visited());
                assertTrue(seen.indexOf(q) < seen.indexOf(d));
                EngineEvent.LatencySample s = (EngineEvent.LatencySample) seen.stream().filter(e -> e instanceof EngineEvent.LatencySample).findFirst().orElseThrow();
                assertEquals("expire-cycle", s.event());
                assertEquals(7, s.ms());
            }
        }
    }
}
