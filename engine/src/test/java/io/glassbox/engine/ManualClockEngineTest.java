package io.glassbox.engine;

import io.glassbox.resp.RespValue;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Engine#startWithManualClock}: what lessons 15 and 16 use to show idle times and LFU decay
 * in minutes. Time moves only by {@link TeachingControls#advanceClock}; an engine on the system
 * clock refuses to be moved.
 */
@Tag("unit")
class ManualClockEngineTest {
    @Test
    void idleTimeAndLfuDecayFollowTheHandMovedClock() throws Exception {
        try (Engine e = Engine.startWithManualClock("--port", "0", "--save", "", "--maxmemory-policy", "allkeys-lru")) {
            assertTrue(e.controls().hasManualClock());
            LocalClient c = e.newClient();
            c.call("SET", "k", "v");
            e.controls().advanceClock(90_000);
            assertEquals(new RespValue.Int(90), c.call("OBJECT", "IDLETIME", "k"));
            c.call("GET", "k");
            assertEquals(new RespValue.Int(0), c.call("OBJECT", "IDLETIME", "k"));

            c.call("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu");
            c.call("SET", "f", "v"); // LFU_INIT_VAL
            assertEquals(new RespValue.Int(5), c.call("OBJECT", "FREQ", "f"));
            e.controls().advanceClock(3 * 60_000); // lfu-decay-time 1: one off per minute
            assertEquals(new RespValue.Int(2), c.call("OBJECT", "FREQ", "f"));
            assertThrows(IllegalArgumentException.class, () -> e.controls().advanceClock(-1));
            c.close();
        }
    }

    @Test
    void anEngineOnTheSystemClockCannotBeMoved() throws Exception {
        try (Engine e = Engine.start("--port", "0", "--save", "")) {
            assertFalse(e.controls().hasManualClock());
            assertThrows(IllegalStateException.class, () -> e.controls().advanceClock(1000));
        }
    }
}
