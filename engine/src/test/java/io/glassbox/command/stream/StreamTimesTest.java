package io.glassbox.command.stream;

import io.glassbox.engine.LocalClient;
import io.glassbox.resp.RespValue;
import io.glassbox.testkit.EngineFixture;
import io.glassbox.util.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What depends on the clock, which the differential scripts cannot compare: `*` IDs, idle times in
 * XPENDING and XINFO, the IDLE filters and XCLAIM's IDLE/TIME, XAUTOCLAIM's min-idle-time. The
 * engine runs on a {@link ManualClock}, so every time is exact.
 */
@Tag("unit")
class StreamTimesTest {
    static final long START = 1_700_000_000_000L;
    EngineFixture f;
    ManualClock clock;
    LocalClient client;

    @BeforeEach
    void start() throws Exception {
        f = EngineFixture.builder().manualClock(START).start();
        clock = f.clock();
        client = f.client;
    }

    @AfterEach
    void stop() {
        client.close();
        f.close();
    }

    /** A reply as compact text: bulk strings bare, arrays and maps in brackets, nil as "nil". */
    static String show(RespValue v) {
        if (v instanceof RespValue.Bulk b) return new String(b.value(), StandardCharsets.UTF_8);
        if (v instanceof RespValue.Int i) return Long.toString(i.value());
        if (v instanceof RespValue.SimpleString s) return s.value();
        if (v instanceof RespValue.Error e) return "(error) " + e.message();
        if (v instanceof RespValue.Null) return "nil";
        java.util.List<RespValue> items = v instanceof RespValue.Array a ? a.items() : ((RespValue.Map) v).entries();
        if (items == null) return "nil";
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) sb.append(i == 0 ? "" : " ").append(show(items.get(i)));
        return sb.append(']').toString();
    }

    String call(String... args) { return show(client.call(args)); }

    @Test
    void starIdsFollowTheClockAndNeverGoBack() {
        assertEquals(START + "-0", call("XADD", "s", "*", "f", "v"));
        assertEquals(START + "-1", call("XADD", "s", "*", "f", "v"));
        clock.set(START - 5000); // the clock went backwards: IDs keep growing from the last one
        assertEquals(START + "-2", call("XADD", "s", "*", "f", "v"));
        clock.set(START + 1);
        assertEquals((START + 1) + "-0", call("XADD", "s", "*", "f", "v"));
        assertEquals((START + 1) + "-1", call("XADD", "s", (START + 1) + "-*", "f", "v"));
        assertEquals("9999999999999-0", call("XADD", "s", "9999999999999-*", "f", "v"));
    }

    @Test
    void pendingIdleTimesAndClaims() {
        call("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
        call("XADD", "s", "1-1", "a", "1");
        call("XADD", "s", "2-1", "b", "2");
        assertEquals("[[s [[1-1 [a 1]] [2-1 [b 2]]]]]", call("XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">"));
        clock.advance(5000);
        assertEquals("[[1-1 alice 5000 1] [2-1 alice 5000 1]]", call("XPENDING", "s", "g", "-", "+", "10"));
        assertEquals("[]", call("XPENDING", "s", "g", "IDLE", "5001", "-", "+", "10"));
        assertEquals("[[1-1 alice 5000 1]]", call("XPENDING", "s", "g", "IDLE", "5000", "-", "+", "1", "alice"));
        assertEquals("[name alice pending 2 idle 5000]", call("XINFO", "CONSUMERS", "s", "g").replaceAll("^\\[|\\]$", ""));

        // not idle enough: nothing claimed; idle enough: bob owns it, idle 0, delivered twice
        assertEquals("[]", call("XCLAIM", "s", "g", "bob", "6000", "1-1"));
        assertEquals("[[1-1 [a 1]]]", call("XCLAIM", "s", "g", "bob", "4000", "1-1"));
        assertEquals("[[1-1 bob 0 2] [2-1 alice 5000 1]]", call("XPENDING", "s", "g", "-", "+", "10"));
        // IDLE sets the idle time, TIME an absolute delivery time, JUSTID leaves the counter
        assertEquals("[2-1]", call("XCLAIM", "s", "g", "bob", "0", "2-1", "IDLE", "700", "JUSTID"));
        assertEquals("[[2-1 bob 700 1]]", call("XPENDING", "s", "g", "2-1", "2-1", "1"));
        call("XCLAIM", "s", "g", "bob", "0", "2-1", "TIME", String.valueOf(START + 5000 - 300), "RETRYCOUNT", "9", "JUSTID");
        assertEquals("[[2-1 bob 300 9]]", call("XPENDING", "s", "g", "2-1", "2-1", "1"));

        // XAUTOCLAIM takes what is idle at least min-idle-time, and says where to continue
        clock.advance(1000);
        assertEquals("[2-1 [[1-1 [a 1]]] []]", call("XAUTOCLAIM", "s", "g", "carol", "1000", "0", "COUNT", "1"));
        assertEquals("[0-0 [[2-1 [b 2]]] []]", call("XAUTOCLAIM", "s", "g", "carol", "1000", "2-1"));
        assertEquals("[[1-1 carol 0 3] [2-1 carol 0 10]]", call("XPENDING", "s", "g", "-", "+", "10"));

        // XINFO STREAM FULL shows absolute delivery and seen times
        String full = call("XINFO", "STREAM", "s", "FULL");
        String t = String.valueOf(START + 6000);
        assertEquals(true, full.contains("pending [[1-1 carol " + t + " 3] [2-1 carol " + t + " 10]]"), full);
        assertEquals(true, full.contains("[name carol seen-time " + t + " pel-count 2 pending [[1-1 " + t + " 3] [2-1 " + t + " 10]]]"), full);
    }
}
