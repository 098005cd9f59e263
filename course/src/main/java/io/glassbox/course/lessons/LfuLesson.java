package io.glassbox.course.lessons;

import io.glassbox.course.Lesson;
import io.glassbox.course.LessonRun;
import io.glassbox.course.Verifier;
import io.glassbox.course.View;

/**
 * Chapter 16, LFU (evict.c's LFULogIncr and LFUDecrAndReturn): a key's 8-bit counter starts at
 * LFU_INIT_VAL 5, climbs logarithmically as the key is read (lfu-log-factor), and loses one per
 * lfu-decay-time minutes without reads. Decay is counted in minutes, so the lesson runs a server of
 * its own on a clock it moves by hand ({@link LessonRun#startEngineWithManualClock}): an hour passes
 * in one step, and the learner's engine, whose keys would expire if its clock jumped, is left alone.
 */
final class LfuLesson {
    private LfuLesson() {}

    static final String HOT = "page:home";
    static final String LINEAR = "page:linear";

    static Lesson lesson() {
        return Lesson.builder("16", 16)
                .step(r -> {
                    LessonRun.Node s = r.startEngineWithManualClock("server", "--maxmemory-policy", "allkeys-lfu");
                    r.view(View.Kind.MEMORY, s);
                    r.call(s, "SET", HOT, "<html>");
                    long f = LessonRun.integer(r.call(s, "OBJECT", "FREQ", HOT));
                    r.caption("l16.s1.new", s.engine().port(), HOT, f);
                    r.caption("l16.s1.why");
                    r.cite("evict.c", "LFUGetTimeInMinutes", "db.Lfu.initial");
                    r.cite("object.c", "objectCommand", "db.Lfu.decrAndReturn");
                    r.fact("freq:" + HOT, f);
                }, LfuLesson::checkFreqs)
                .step(r -> {
                    LessonRun.Node s = ReplicationLesson.node(r, "server");
                    long factor = Long.parseLong(LessonRun.strings(s.client().call("CONFIG", "GET", "lfu-log-factor")).get(1));
                    r.call(s, "GET", HOT);
                    long hits = 1;
                    StringBuilder curve = new StringBuilder();
                    long f = 0;
                    for (long target : new long[]{10, 100, 1000, 10000}) {
                        while (hits < target) {
                            s.client().call("GET", HOT);
                            hits++;
                        }
                        f = LessonRun.integer(s.client().call("OBJECT", "FREQ", HOT));
                        curve.append(curve.length() == 0 ? "" : " \u2192 ").append(hits).append(':').append(f);
                    }
                    r.call(s, "OBJECT", "FREQ", HOT);
                    double p = 1.0 / (Math.max(0, f - 5) * factor + 1);
                    r.caption("l16.s2.curve", HOT, curve.toString(), factor);
                    r.caption("l16.s2.p", f, String.format(java.util.Locale.ROOT, "%.4f", p), Math.round(1 / p));
                    r.caption("l16.s2.why");
                    r.cite("evict.c", "LFULogIncr", "db.Lfu.logIncr");
                    r.cite("db.c", "updateLFU", "db.Lfu.updateLfu");
                    r.fact("freq:" + HOT, f);
                }, LfuLesson::checkFreqs)
                .step(r -> {
                    LessonRun.Node s = ReplicationLesson.node(r, "server");
                    r.call(s, "CONFIG", "SET", "lfu-log-factor", "0");
                    r.call(s, "SET", LINEAR, "x");
                    long before = LessonRun.integer(s.client().call("OBJECT", "FREQ", LINEAR));
                    for (int i = 0; i < 100; i++) s.client().call("GET", LINEAR);
                    long after = LessonRun.integer(r.call(s, "OBJECT", "FREQ", LINEAR));
                    r.call(s, "CONFIG", "SET", "lfu-log-factor", "10");
                    r.caption("l16.s3.linear", LINEAR, before, after);
                    r.caption("l16.s3.why");
                    r.cite("evict.c", "LFULogIncr", "db.Lfu.logIncr");
                    r.fact("freq:" + LINEAR, after);
                }, LfuLesson::checkFreqs)
                .step(r -> {
                    LessonRun.Node s = ReplicationLesson.node(r, "server");
                    long decay = Long.parseLong(LessonRun.strings(s.client().call("CONFIG", "GET", "lfu-decay-time")).get(1));
                    long before = LessonRun.integer(s.client().call("OBJECT", "FREQ", HOT));
                    s.engine().controls().advanceClock(5 * 60_000L);
                    long peek = LessonRun.integer(r.call(s, "OBJECT", "FREQ", HOT));
                    r.call(s, "GET", HOT);
                    long afterGet = LessonRun.integer(r.call(s, "OBJECT", "FREQ", HOT));
                    r.caption("l16.s4.decay", 5, decay, HOT, before, peek);
                    r.caption(afterGet > peek ? "l16.s4.get.counted" : "l16.s4.get.notcounted", afterGet);
                    r.caption("l16.s4.why");
                    r.cite("evict.c", "LFUDecrAndReturn", "db.Lfu.decrAndReturn");
                    r.cite("evict.c", "LFUTimeElapsed", "db.Lfu.timeElapsed");
                    r.fact("freq:" + HOT, afterGet);
                    r.fact("freq:" + LINEAR, null); // it decayed too; this step does not discuss it
                }, LfuLesson::checkFreqs)
                .step(r -> {
                    LessonRun.Node s = ReplicationLesson.node(r, "server");
                    s.engine().controls().advanceClock(60 * 60_000L);
                    long old = LessonRun.integer(r.call(s, "OBJECT", "FREQ", HOT));
                    r.call(s, "SET", "page:new", "fresh");
                    long fresh = LessonRun.integer(r.call(s, "OBJECT", "FREQ", "page:new"));
                    r.caption("l16.s5.hour", HOT, old, "page:new", fresh);
                    r.caption(old < fresh ? "l16.s5.colder" : "l16.s5.notcolder", HOT, "page:new");
                    r.caption("l16.s5.why");
                    r.cite("evict.c", "evictionPoolPopulate", "eviction.EvictionPool.populate");
                    r.cite("evict.c", "LFUDecrAndReturn", "db.Lfu.decrAndReturn");
                    r.fact("freq:" + HOT, old);
                    r.fact("freq:page:new", fresh);
                    r.fact("freq:" + LINEAR, null);
                }, LfuLesson::checkFreqs)
                .build();
    }

    /** Every counter the step reported is what OBJECT FREQ says now (it reads without touching, and the clock stands still). */
    static void checkFreqs(Verifier v) {
        LessonRun.Node s = ReplicationLesson.node(v.run(), "server");
        for (String k : new String[]{HOT, LINEAR, "page:new"}) {
            Object f = v.fact("freq:" + k);
            if (f != null) v.expect("OBJECT FREQ " + k, f, LessonRun.integer(s.client().call("OBJECT", "FREQ", k)));
        }
    }
}
