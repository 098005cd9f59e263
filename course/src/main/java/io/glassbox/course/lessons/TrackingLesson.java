package io.glassbox.course.lessons;

import io.glassbox.course.Lesson;
import io.glassbox.course.LessonRun;
import io.glassbox.course.Verifier;
import io.glassbox.course.View;
import io.glassbox.hooks.EngineEvent;

import java.util.List;

/**
 * An extra lesson, no chapter of the course (client-side caching came with Redis 6.0): a RESP3
 * client with CLIENT TRACKING on reads a key, the server remembers who read it, another client's
 * write sends one invalidation push, a second write sends none. Two clients of the lesson on the
 * learner's engine, in the lesson's database; closing them ends their tracking.
 */
final class TrackingLesson {
    private TrackingLesson() {}

    static final String KEY = "price";

    static Lesson lesson() {
        return Lesson.builder("csc")
                .step(r -> {
                    LessonRun.Named a = r.client("A"), b = r.client("B");
                    LessonRun.Recorder rec = r.record(r.engine(), EngineEvent.KeysTracked.class);
                    r.call(b, "SET", KEY, "10");
                    r.call(a, "HELLO", "3");
                    long id = LessonRun.integer(r.call(a, "CLIENT", "ID"));
                    r.call(a, "CLIENT", "TRACKING", "on");
                    String v = LessonRun.text(r.call(a, "GET", KEY));
                    boolean heard = LessonRun.await(() -> !rec.of(EngineEvent.KeysTracked.class).isEmpty(), 5000);
                    r.view(View.Kind.ACCESS);
                    if (heard) {
                        EngineEvent.KeysTracked t = rec.of(EngineEvent.KeysTracked.class).get(0);
                        r.caption("lcsc.s1.tracked", id, v, LessonRun.str(t.keys()[0]), t.clientId());
                    } else {
                        r.caption("lcsc.s1.unheard", id, v);
                    }
                    r.caption("lcsc.s1.why");
                    r.cite("tracking.c", "trackingRememberKeys", "tracking.TrackingTable.rememberKeys");
                    r.fact("pushes", a.pushes().size());
                }, TrackingLesson::checkPushes)
                .step(r -> {
                    LessonRun.Named a = r.client("A"), b = r.client("B");
                    int before = a.pushes().size();
                    r.call(b, "SET", KEY, "12");
                    r.call(a, "PING"); // a push sent during B's SET reaches A before this reply
                    List<String> got = new java.util.ArrayList<>();
                    for (int i = before; i < a.pushes().size(); i++) got.add(render(a.pushes().get(i)));
                    r.view(View.Kind.ACCESS);
                    r.caption(got.isEmpty() ? "lcsc.s2.none" : "lcsc.s2.push", got);
                    r.caption("lcsc.s2.why");
                    r.cite("tracking.c", "trackingInvalidateKey", "tracking.TrackingTable.invalidateKey");
                    r.cite("tracking.c", "sendTrackingMessage", "tracking.TrackingTable.sendTrackingMessage");
                    r.fact("pushes", a.pushes().size());
                }, TrackingLesson::checkPushes)
                .step(r -> {
                    LessonRun.Named a = r.client("A"), b = r.client("B");
                    int before = a.pushes().size();
                    r.call(b, "SET", KEY, "13");
                    r.call(a, "PING");
                    int second = a.pushes().size() - before;
                    String v = LessonRun.text(r.call(a, "GET", KEY));
                    r.view(View.Kind.ACCESS);
                    r.caption(second == 0 ? "lcsc.s3.none" : "lcsc.s3.again", second, v);
                    r.caption("lcsc.s3.why");
                    r.cite("tracking.c", "trackingInvalidateKey", "tracking.TrackingTable.invalidateKey");
                    r.fact("pushes", a.pushes().size());
                }, TrackingLesson::checkPushes)
                .build();
    }

    /** A push as redis-cli shows it, nested arrays in brackets: [invalidate, [price]]. */
    static String render(io.glassbox.resp.RespValue v) {
        if (v instanceof io.glassbox.resp.RespValue.Array a) {
            List<String> items = new java.util.ArrayList<>();
            for (io.glassbox.resp.RespValue i : a.items()) items.add(render(i));
            return "[" + String.join(", ", items) + "]";
        }
        return LessonRun.text(v);
    }

    /** A has received exactly the pushes the step counted (nobody wrote the key since). */
    static void checkPushes(Verifier v) {
        v.expect("pushes to A", v.fact("pushes"), v.run().client("A").pushes().size());
    }
}
