package io.glassbox.course.lessons;

import io.glassbox.course.Lesson;
import io.glassbox.course.LessonRun;
import io.glassbox.course.Verifier;
import io.glassbox.course.View;
import io.glassbox.hooks.EngineEvent;
import io.glassbox.resp.RespValue;

import java.util.ArrayList;
import java.util.List;

/**
 * Chapter 30, latency monitoring (latency.c): latency-monitor-threshold, a command that blocks the
 * loop (DEBUG SLEEP) recorded as a "command" sample, LATENCY LATEST, HISTORY, DOCTOR and RESET, and
 * INFO latencystats' per-command percentiles. DEBUG needs enable-debug-command, which cannot be
 * set at run time, and a latency history is the server's, so the lesson runs a server of its own.
 */
final class LatencyLesson {
    private LatencyLesson() {}

    static Lesson lesson() {
        return Lesson.builder("30", 30)
                .step(r -> {
                    LessonRun.Node s = r.startEngine("server", "--enable-debug-command", "yes");
                    r.view(View.Kind.MEMORY, s);
                    String def = LessonRun.strings(r.call(s, "CONFIG", "GET", "latency-monitor-threshold")).get(1);
                    r.call(s, "CONFIG", "SET", "latency-monitor-threshold", "100");
                    RespValue latest = r.call(s, "LATENCY", "LATEST");
                    r.caption("l30.s1.threshold", s.engine().port(), def, 100, rows(latest));
                    r.caption("l30.s1.why");
                    r.cite("latency.c", "latencyAddSampleIfNeeded", "server.LatencyMonitor.addSampleIfNeeded");
                    r.fact("history", history(s));
                }, LatencyLesson::checkHistory)
                .step(r -> {
                    LessonRun.Node s = ReplicationLesson.node(r, "server");
                    LessonRun.Recorder rec = r.record(s.engine(), EngineEvent.LatencySample.class);
                    r.call(s, "DEBUG", "SLEEP", "0.05");
                    r.call(s, "DEBUG", "SLEEP", "0.25");
                    boolean heard = LessonRun.await(() -> !rec.of(EngineEvent.LatencySample.class).isEmpty(), 5000);
                    RespValue latest = r.call(s, "LATENCY", "LATEST");
                    List<String> samples = new ArrayList<>();
                    for (EngineEvent.LatencySample e : rec.of(EngineEvent.LatencySample.class)) samples.add(e.event() + " " + e.ms() + " ms");
                    r.caption(heard ? "l30.s2.sample" : "l30.s2.nosample", samples.size(), samples);
                    List<RespValue> row = firstRow(latest);
                    if (row != null) {
                        r.caption("l30.s2.latest", LessonRun.text(row.get(0)), LessonRun.text(row.get(1)), LessonRun.text(row.get(2)), LessonRun.text(row.get(3)));
                    }
                    r.caption("l30.s2.why");
                    r.cite("server.c", "call", "server.CommandProcessor.call");
                    r.cite("latency.c", "latencyAddSample", "server.LatencyMonitor.addSample");
                    r.fact("history", history(s));
                }, LatencyLesson::checkHistory)
                .step(r -> {
                    LessonRun.Node s = ReplicationLesson.node(r, "server");
                    int before = history(s).size();
                    r.call(s, "DEBUG", "SLEEP", "0.15");
                    RespValue h = r.call(s, "LATENCY", "HISTORY", "command");
                    List<String> pairs = new ArrayList<>();
                    if (h instanceof RespValue.Array a) {
                        for (RespValue p : a.items()) {
                            List<String> tp = LessonRun.strings(p);
                            pairs.add(tp.get(0) + ": " + tp.get(1) + " ms");
                        }
                    }
                    r.caption(pairs.size() > before ? "l30.s3.added" : "l30.s3.merged", before, pairs.size(), pairs);
                    r.caption("l30.s3.why");
                    r.cite("latency.c", "latencyAddSample", "server.LatencyMonitor.addSample");
                    r.cite("latency.c", "latencyCommand", "command.server.LatencyCommand.history");
                    r.fact("history", history(s));
                }, LatencyLesson::checkHistory)
                .step(r -> {
                    LessonRun.Node s = ReplicationLesson.node(r, "server");
                    String doctor = LessonRun.text(r.call(s, "LATENCY", "DOCTOR"));
                    String[] lines = doctor.split("\n");
                    String stat = "";
                    for (String l : lines) {
                        if (l.strip().startsWith("1. command")) {
                            stat = l.strip();
                            break;
                        }
                    }
                    r.caption("l30.s4.doctor", lines.length, stat.isEmpty() ? lines[0].strip() : stat);
                    String p = LessonRun.info(s.client(), "latencystats", "latency_percentiles_usec_debug");
                    r.caption(p != null ? "l30.s4.stats" : "l30.s4.nostats", p);
                    r.caption("l30.s4.why");
                    r.cite("latency.c", "createLatencyReport", "server.LatencyMonitor.doctor");
                    r.cite("server.c", "genRedisInfoString", "command.server.InfoCommand.latencystats");
                    r.fact("history", history(s));
                }, LatencyLesson::checkHistory)
                .step(r -> {
                    LessonRun.Node s = ReplicationLesson.node(r, "server");
                    long reset = LessonRun.integer(r.call(s, "LATENCY", "RESET"));
                    RespValue latest = r.call(s, "LATENCY", "LATEST");
                    r.caption("l30.s5.reset", reset, rows(latest));
                    r.caption("l30.s5.why");
                    r.cite("latency.c", "latencyResetEvent", "server.LatencyMonitor.reset");
                    r.fact("history", history(s));
                }, LatencyLesson::checkHistory)
                .build();
    }

    static int rows(RespValue r) { return r instanceof RespValue.Array a ? a.items().size() : 0; }

    static List<RespValue> firstRow(RespValue r) {
        if (r instanceof RespValue.Array a && !a.items().isEmpty() && a.items().get(0) instanceof RespValue.Array row && row.items().size() >= 4) {
            return row.items();
        }
        return null;
    }

    /** LATENCY HISTORY command as "timestamp:ms" strings. */
    static List<String> history(LessonRun.Node s) {
        List<String> out = new ArrayList<>();
        if (s.client().call("LATENCY", "HISTORY", "command") instanceof RespValue.Array a) {
            for (RespValue p : a.items()) out.add(String.join(":", LessonRun.strings(p)));
        }
        return out;
    }

    /** The history the step reported is the server's (nothing slow ran since: the check's own commands are fast). */
    static void checkHistory(Verifier v) {
        v.expect("LATENCY HISTORY command", v.fact("history"), history(ReplicationLesson.node(v.run(), "server")));
    }
}
