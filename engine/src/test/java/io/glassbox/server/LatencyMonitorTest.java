package io.glassbox.server;

import io.glassbox.resp.RespValue;
import io.glassbox.testkit.EngineFixture;
import io.glassbox.util.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** latency.c's rules: the threshold, one sample per second, 160 of them, and the LATENCY replies. */
@Tag("unit")
class LatencyMonitorTest {
    private EngineFixture f;
    private LatencyMonitor lm;

    @BeforeEach
    void start() throws Exception {
        f = EngineFixture.builder().manualClock().start();
        lm = f.engine.server().latencyMonitor();
    }

    @AfterEach
    void stop() { f.close(); }

    /** An array's items, or a map's keys and values in turn (RESP2 sends maps as flat arrays). */
    private static List<RespValue> items(RespValue v) {
        return v instanceof RespValue.Map m ? m.entries() : ((RespValue.Array) v).items();
    }

    private static long num(RespValue v) { return ((RespValue.Int) v).value(); }

    @Test
    void nothingIsRecordedBelowTheThresholdOrWithTheMonitorOff() {
        f.onLoop(() -> lm.addSampleIfNeeded("command", 500));
        assertNull(lm.series("command"), "threshold 0: the monitor is off");
        f.call("CONFIG", "SET", "latency-monitor-threshold", "100");
        f.onLoop(() -> lm.addSampleIfNeeded("command", 99));
        assertNull(lm.series("command"));
        f.onLoop(() -> lm.addSampleIfNeeded("command", 100));
        assertEquals(1, items(f.call("LATENCY", "HISTORY", "command")).size());
    }

    @Test
    void aSecondKeepsOneSampleWithItsMaximum() {
        f.call("CONFIG", "SET", "latency-monitor-threshold", "1000000"); // on: the samples below are added directly; the test's own commands stay under it
        f.onLoop(() -> { lm.addSample("aof-write", 5); lm.addSample("aof-write", 9); lm.addSample("aof-write", 3); });
        List<RespValue> h = items(f.call("LATENCY", "HISTORY", "aof-write"));
        assertEquals(1, h.size());
        assertEquals(EngineFixture.START / 1000, num(items(h.get(0)).get(0)));
        assertEquals(9, num(items(h.get(0)).get(1)));
        f.clock().advance(1000);
        f.onLoop(() -> lm.addSample("aof-write", 4));
        // the test's own commands may cross the 1 ms threshold on a loaded machine (a "command"
        // event): look the aof-write entry up by name
        List<RespValue> latest = items(f.call("LATENCY", "LATEST")).stream().map(LatencyMonitorTest::items)
                .filter(e -> e.get(0).asText().equals("aof-write")).findFirst().orElseThrow();
        assertEquals("aof-write", latest.get(0).asText());
        assertEquals(EngineFixture.START / 1000 + 1, num(latest.get(1)));
        assertEquals(4, num(latest.get(2)));
        assertEquals(9, num(latest.get(3)), "all-time maximum");
    }

    @Test
    void theHistoryKeepsTheLast160SecondsOldestFirst() {
        f.call("CONFIG", "SET", "latency-monitor-threshold", "1000000"); // on: the samples below are added directly; the test's own commands stay under it
        ManualClock clock = f.clock();
        for (int i = 1; i <= 200; i++) {
            int ms = i;
            f.onLoop(() -> lm.addSample("command", ms));
            clock.advance(1000);
        }
        List<RespValue> h = items(f.call("LATENCY", "HISTORY", "command"));
        assertEquals(LatencyMonitor.LATENCY_TS_LEN, h.size());
        assertEquals(41, num(items(h.get(0)).get(1)));
        assertEquals(200, num(items(h.get(159)).get(1)));
    }

    @Test
    void resetForgetsEventsByNameInAnyCase() {
        f.call("CONFIG", "SET", "latency-monitor-threshold", "1000000"); // on: the samples below are added directly; the test's own commands stay under it
        f.onLoop(() -> { lm.addSample("command", 5); lm.addSample("expire-cycle", 5); });
        assertEquals(0, num(f.call("LATENCY", "RESET", "blabla")));
        assertEquals(1, num(f.call("LATENCY", "RESET", "COMMAND")));
        assertEquals(1, num(f.call("LATENCY", "RESET")));
        assertEquals(0, items(f.call("LATENCY", "LATEST")).size());
    }

    @Test
    void graphDrawsTheSamplesWithAgeLabels() {
        f.call("CONFIG", "SET", "latency-monitor-threshold", "1000000"); // on: the samples below are added directly; the test's own commands stay under it
        f.onLoop(() -> lm.addSample("command", 10));
        f.clock().advance(1000);
        f.onLoop(() -> lm.addSample("command", 30));
        f.clock().advance(2000);
        String g = f.call("LATENCY", "GRAPH", "command").asText();
        String[] lines = g.split("\n");
        assertEquals("command - high 30 ms, low 10 ms (all time high 30 ms)", lines[0]);
        assertEquals("-".repeat(80), lines[1]);
        assertEquals(" #", lines[2], "the highest sample fills the top row");
        assertEquals("_|", lines[5], "the lowest sits on the bottom row");
        assertEquals("  ", lines[6], "a blank line before the labels");
        assertEquals("32", lines[7], "ages in seconds, written downwards");
        assertEquals("ss", lines[8]);
        assertEquals("ERR No samples available for event 'nope'", ((RespValue.Error) f.call("LATENCY", "GRAPH", "nope")).message());
    }

    @Test
    void theDoctorSpeaksLikeHal() {
        assertTrue(f.call("LATENCY", "DOCTOR").asText().startsWith("I'm sorry, Dave, I can't do that."));
        f.call("CONFIG", "SET", "latency-monitor-threshold", "1");
        String quiet = f.call("LATENCY", "DOCTOR").asText();
        assertTrue(quiet.startsWith("Dave, no latency spike was observed") || quiet.contains("anonymous huge pages"), quiet);
        f.onLoop(() -> { lm.addSample("command", 40); lm.addSample("expire-cycle", 20); });
        String r = f.call("LATENCY", "DOCTOR").asText();
        assertTrue(r.startsWith("Dave, I have observed latency spikes in this Redis instance."), r);
        assertTrue(r.contains("1. command: 1 latency spikes (average 40ms, mean deviation 0ms, period 1.00 sec). Worst all time event 40ms."), r);
        assertTrue(r.contains("2. expire-cycle: 1 latency spikes"), r);
        assertTrue(r.contains("\nI have a few advices for you:\n\n"), r);
        assertTrue(r.contains("- Check your Slow Log"), r);
        assertTrue(r.contains("try to set the 'hz' configuration parameter to 100"), r);
    }

    @Test
    void slowCommandsAreSampledAsCommandOrFastCommand() {
        f.call("CONFIG", "SET", "latency-monitor-threshold", "1");
        f.onLoop(() -> lm.threshold = 1);
        // a command that takes a while: SORT of a big list is not a fast command
        String[] args = new String[2002];
        args[0] = "RPUSH"; args[1] = "l";
        for (int i = 0; i < 2000; i++) args[i + 2] = Integer.toString((i * 7919) % 2000);
        f.call(args);
        for (int i = 0; i < 50 && lm.series("command") == null; i++) f.call("SORT", "l");
        assertTrue(lm.series("command") != null || lm.series("fast-command") != null,
                "some command took 1 ms or more in 50 sorts of 2000 elements");
    }

    @Test
    void latencyTrackingFillsTheHistogramsAndInfoLatencystats() {
        f.call("SET", "a", "b");
        f.call("GET", "a");
        f.call("CLIENT", "ID");
        String info = f.call("INFO", "latencystats").asText();
        assertTrue(info.startsWith("# Latencystats\r\n"), info);
        assertTrue(info.matches("(?s).*latency_percentiles_usec_set:p50=\\d+\\.\\d{3},p99=\\d+\\.\\d{3},p99\\.9=\\d+\\.\\d{3}\r\n.*"), info);
        assertTrue(info.contains("latency_percentiles_usec_client|id:p50="), info);
        List<RespValue> h = items(f.call("LATENCY", "HISTOGRAM", "client", "blabla"));
        assertEquals("client|id", h.get(0).asText());
        List<RespValue> cdf = items(h.get(1));
        assertEquals("calls", cdf.get(0).asText());
        assertEquals(1, num(cdf.get(1)));
        assertEquals("histogram_usec", cdf.get(2).asText());
        f.call("CONFIG", "SET", "latency-tracking-info-percentiles", "0 50 100");
        assertTrue(f.call("INFO", "latencystats").asText().contains("latency_percentiles_usec_get:p0="), "p0,p50,p100");
        f.call("CONFIG", "RESETSTAT");
        f.call("CONFIG", "SET", "latency-tracking", "no");
        f.call("SET", "a", "b");
        assertEquals("# Latencystats\r\n", f.call("INFO", "latencystats").asText());
    }
}
