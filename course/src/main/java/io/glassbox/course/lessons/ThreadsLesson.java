package io.glassbox.course.lessons;

import io.glassbox.course.Lesson;
import io.glassbox.course.LessonRun;
import io.glassbox.course.View;
import io.glassbox.hooks.EngineEvent;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Chapter 12, is Redis single-threaded (bio.c)? One thread runs every command; the slow system calls
 * go to background threads. A server of the lesson's own with appendonly yes: its fsyncs are heard
 * as hook events ({@code AofFsync}, with whether a background thread ran them), first under
 * appendfsync everysec, then always; the JVM's threads are listed by name.
 */
final class ThreadsLesson {
    private ThreadsLesson() {}

    static Lesson lesson() {
        return Lesson.builder("12", 12)
                .step(r -> {
                    LessonRun.Node s = r.startEngine("server", "--appendonly", "yes", "--appendfsync", "everysec");
                    r.view(View.Kind.LOOP);
                    r.caption("l12.s1.start", s.engine().port());
                    r.caption("l12.s1.why");
                    r.cite("bio.c", "bioInit", "persistence.aof.AppendOnlyFile.flushAppendOnlyFile");
                    r.fact("fsync", LessonRun.strings(s.client().call("CONFIG", "GET", "appendfsync")).get(1));
                }, ThreadsLesson::checkPolicy)
                .step(r -> {
                    LessonRun.Node s = ReplicationLesson.node(r, "server");
                    LessonRun.Recorder rec = r.record(s.engine(), EngineEvent.AofFsync.class);
                    r.call(s, "SET", "greeting", "hello");
                    boolean heard = LessonRun.await(() -> !rec.of(EngineEvent.AofFsync.class).isEmpty(), 5000);
                    List<EngineEvent.AofFsync> f = rec.of(EngineEvent.AofFsync.class);
                    r.view(View.Kind.NONE);
                    if (heard) {
                        EngineEvent.AofFsync e = f.get(0);
                        r.caption(e.background() ? "l12.s2.background" : "l12.s2.foreground", e.file(), e.bytes());
                    } else {
                        r.caption("l12.s2.none");
                    }
                    r.caption("l12.s1.threads", threads());
                    r.caption("l12.s2.why");
                    r.cite("bio.c", "bioCreateFsyncJob", "persistence.aof.AppendOnlyFile.flushAppendOnlyFile");
                    r.fact("fsync", LessonRun.strings(s.client().call("CONFIG", "GET", "appendfsync")).get(1));
                }, ThreadsLesson::checkPolicy)
                .step(r -> {
                    LessonRun.Node s = ReplicationLesson.node(r, "server");
                    r.call(s, "CONFIG", "SET", "appendfsync", "always");
                    LessonRun.Recorder rec = r.record(s.engine(), EngineEvent.AofFsync.class);
                    r.call(s, "SET", "greeting", "hello again");
                    boolean heard = LessonRun.await(() -> !rec.of(EngineEvent.AofFsync.class).isEmpty(), 5000);
                    List<EngineEvent.AofFsync> f = rec.of(EngineEvent.AofFsync.class);
                    r.view(View.Kind.NONE);
                    if (heard) {
                        EngineEvent.AofFsync e = f.get(0);
                        r.caption(e.background() ? "l12.s3.background" : "l12.s3.foreground", e.file(), e.bytes());
                    } else {
                        r.caption("l12.s2.none");
                    }
                    r.caption("l12.s3.why");
                    r.cite("aof.c", "flushAppendOnlyFile", "persistence.aof.AppendOnlyFile.flushAppendOnlyFile");
                    r.fact("fsync", LessonRun.strings(s.client().call("CONFIG", "GET", "appendfsync")).get(1));
                }, ThreadsLesson::checkPolicy)
                .build();
    }

    private static void checkPolicy(io.glassbox.course.Verifier v) {
        LessonRun.Node s = ReplicationLesson.node(v.run(), "server");
        v.expect("appendfsync", v.fact("fsync"), LessonRun.strings(s.client().call("CONFIG", "GET", "appendfsync")).get(1));
    }

    /** The JVM's Glassbox threads by name, numbers folded: "glassbox-main × 3, glassbox-aof-bio × 2, ...". */
    static String threads() {
        Map<String, Integer> count = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String n = t.getName();
            if (!n.startsWith("glassbox-")) continue;
            count.merge(n.replaceAll("-\\d+(-\\d+)*$", ""), 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder();
        count.forEach((n, c) -> sb.append(sb.length() == 0 ? "" : ", ").append(n).append(" \u00d7 ").append(c));
        return sb.toString();
    }
}
