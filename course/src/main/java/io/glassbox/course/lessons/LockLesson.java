package io.glassbox.course.lessons;

import io.glassbox.course.Lesson;
import io.glassbox.course.LessonRun;
import io.glassbox.course.View;

/**
 * Chapter 14, a distributed lock's atomicity (server.c call, t_string.c, eval.c): SET NX PX as one
 * command that two clients race for, the compare-and-delete release as a script, and a lease
 * that runs out. Who got the lock and what the key holds are read from the replies and the engine.
 */
final class LockLesson {
    private LockLesson() {}

    static final String RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

    static Lesson lesson() {
        return Lesson.builder("14", 14)
                .step(r -> {
                    LessonRun.Named a = r.client("A"), b = r.client("B");
                    String ra = LessonRun.text(r.call(a, "SET", "lock:order:42", "token-A", "NX", "PX", "30000"));
                    String rb = LessonRun.text(r.call(b, "SET", "lock:order:42", "token-B", "NX", "PX", "30000"));
                    long pttl = LessonRun.integer(r.call("PTTL", "lock:order:42"));
                    String holder = LessonRun.text(r.call("GET", "lock:order:42"));
                    r.view(View.Kind.NONE);
                    r.caption("l14.s1.race", ra, rb, holder, pttl);
                    r.caption("l14.s1.why");
                    r.cite("server.c", "call", "server.CommandProcessor.call");
                    r.cite("t_string.c", "setGenericCommand", "command.string.StringCommands.setGeneric");
                    r.fact("holder", holder);
                }, v -> v.expect("lock:order:42", v.fact("holder"), LessonRun.text(v.run().quiet("GET", "lock:order:42"))))
                .step(r -> {
                    LessonRun.Named b = r.client("B");
                    long freed = LessonRun.integer(r.call(b, "EVAL", RELEASE, "1", "lock:order:42", "token-B"));
                    String holder = LessonRun.text(r.call("GET", "lock:order:42"));
                    r.view(View.Kind.NONE);
                    r.caption("l14.s2.wrong", freed, holder);
                    r.caption("l14.s2.why");
                    r.cite("eval.c", "evalGenericCommand", "scripting.Eval.evalGeneric");
                    r.fact("holder", holder);
                }, v -> v.expect("lock:order:42", v.fact("holder"), LessonRun.text(v.run().quiet("GET", "lock:order:42"))))
                .step(r -> {
                    LessonRun.Named a = r.client("A"), b = r.client("B");
                    long freed = LessonRun.integer(r.call(a, "EVAL", RELEASE, "1", "lock:order:42", "token-A"));
                    String rb = LessonRun.text(r.call(b, "SET", "lock:order:42", "token-B", "NX", "PX", "30000"));
                    String holder = LessonRun.text(r.call("GET", "lock:order:42"));
                    r.view(View.Kind.NONE);
                    r.caption("l14.s3.release", freed, rb, holder);
                    r.cite("eval.c", "evalGenericCommand", "scripting.Eval.evalGeneric");
                    r.fact("holder", holder);
                }, v -> v.expect("lock:order:42", v.fact("holder"), LessonRun.text(v.run().quiet("GET", "lock:order:42"))))
                .step(r -> {
                    LessonRun.Named a = r.client("A"), b = r.client("B");
                    String ra = LessonRun.text(r.call(a, "SET", "lock:report", "token-A", "NX", "PX", "100"));
                    long start = System.nanoTime();
                    // A "crashes": nobody releases it; wait until the key is gone from the dict (the TTL, not a command, removed it)
                    boolean gone = LessonRun.await(() -> r.value("lock:report") == null, 5000);
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    String rb = LessonRun.text(r.call(b, "SET", "lock:report", "token-B", "NX", "PX", "30000"));
                    String holder = LessonRun.text(r.call("GET", "lock:report"));
                    r.view(View.Kind.NONE);
                    r.caption(gone ? "l14.s4.lease" : "l14.s4.notyet", ra, ms, rb, holder);
                    r.caption("l14.s4.why");
                    r.cite("expire.c", "activeExpireCycle", "db.ActiveExpire.cycle");
                    r.fact("holder", holder);
                }, v -> v.expect("lock:report", v.fact("holder"), LessonRun.text(v.run().quiet("GET", "lock:report"))))
                .build();
    }
}
