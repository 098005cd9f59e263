package io.glassbox.visualizer;

import io.glassbox.hooks.EngineEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The timeline groups idle ticks: a run of ticks that read nothing and ran no command is one row,
 * "idle ×N", counting on while the run goes on (also the idle ticks a sampled feed only counted),
 * never a row per "LoopTick 0 cmds".
 */
@Tag("ui")
class TimelineIdleTest {
    @BeforeAll
    static void toolkit() throws Exception {
        Fx.stage();
    }

    private static EngineEvent.LoopTick tick(long n, int commands, int cron) {
        return new EngineEvent.LoopTick(n, n * 1000, n * 1000, 50_000, commands == 0 ? 0 : 1, commands, cron, commands == 0 ? 0 : 1);
    }

    @Test
    void idleTicksAreOneRowThatCountsThem() throws Exception {
        TimelineView t = Fx.call(() -> new TimelineView(m -> {}, () -> {}));
        List<EngineEvent> first = new ArrayList<>();
        for (int i = 1; i <= 5; i++) first.add(tick(i, 0, 1));
        first.add(new EngineEvent.CommandExecuted(6, 6000, 7, "set", 3));
        first.add(tick(6, 1, 0));
        first.add(tick(7, 0, 0));
        Fx.run(() -> t.record(first, null, 1_000_000_000L));
        List<EngineEvent> second = List.of(tick(8, 0, 1), new EngineEvent.Sampled(20, 20_000, 13, 0, 12, 0), tick(20, 0, 1));
        Fx.run(() -> t.record(second, null, 2_000_000_000L));
        Fx.run(() -> t.publish(3_000_000_000L));

        List<TimelineView.Moment> rows = Fx.call(t::moments);
        assertEquals(4, rows.size(), rows.toString());
        assertEquals(5, rows.get(0).idle().count());
        assertTrue(rows.get(0).toString().contains("t1\u20135  idle \u00d75"), rows.get(0).toString());
        assertNull(rows.get(1).idle());
        assertTrue(rows.get(1).toString().contains("CommandExecuted set"));
        assertTrue(rows.get(2).toString().contains("LoopTick 1 cmds"), "a tick that ran a command keeps its row");
        assertEquals(1 + 1 + 12 + 1, rows.get(3).idle().count(), "ticks 7, 8, the 12 only counted, and 20: one run");
        assertTrue(rows.stream().noneMatch(m -> m.toString().contains("LoopTick 0 cmds")));
    }
}
