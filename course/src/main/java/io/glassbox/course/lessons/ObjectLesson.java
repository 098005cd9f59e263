package io.glassbox.course.lessons;

import io.glassbox.course.Lesson;
import io.glassbox.course.LessonRun;
import io.glassbox.course.View;
import io.glassbox.hooks.ValueSnapshot;

/**
 * Chapter 04, memory-friendly design (server.h's robj, object.c, intset.c): the shared integers
 * that OBJECT REFCOUNT shows, and an intset that widens all its values when one does not fit,
 * then becomes a hashtable for a non-integer. Widths and sizes come from the value's snapshot.
 */
final class ObjectLesson {
    private ObjectLesson() {}

    static Lesson lesson() {
        return Lesson.builder("04", 4)
                .step(r -> {
                    r.call("SET", "small", "100");
                    r.call("SET", "large", "123456");
                    long rs = LessonRun.integer(r.call("OBJECT", "REFCOUNT", "small"));
                    long rl = LessonRun.integer(r.call("OBJECT", "REFCOUNT", "large"));
                    String enc = LessonRun.text(r.call("OBJECT", "ENCODING", "large"));
                    r.view(View.Kind.ENCODING, "large");
                    r.caption("l04.s1.robj");
                    r.caption("l04.s1.shared", rs, rl, enc);
                    r.cite("object.c", "createStringObjectFromLongLongWithOptions", "db.RedisObject.integer");
                    r.cite("object.c", "tryObjectEncoding", "db.StringObjects.create");
                    r.fact("small", rs);
                    r.fact("large", rl);
                }, v -> {
                    v.expect("OBJECT REFCOUNT small", v.fact("small"), LessonRun.integer(v.run().quiet("OBJECT", "REFCOUNT", "small")));
                    v.expect("OBJECT REFCOUNT large", v.fact("large"), LessonRun.integer(v.run().quiet("OBJECT", "REFCOUNT", "large")));
                })
                .step(r -> {
                    r.call("SADD", "nums", "3", "1", "2");
                    ValueSnapshot.IntsetView s = intset(r);
                    r.view(View.Kind.ENCODING, "nums");
                    r.caption("l04.s2.intset", s.values().length, s.width(), s.bytes().length, java.util.Arrays.toString(s.values()),
                            "INTSET_ENC_INT" + s.width() * 8);
                    r.cite("intset.c", "intsetAdd", "ds.intset.Intset.add");
                    r.cite("intset.c", "intsetSearch", "ds.intset.Intset.search");
                    r.fact("width", s.width());
                    r.fact("bytes", s.bytes().length);
                }, ObjectLesson::checkIntset)
                .step(r -> {
                    int before = intset(r).width();
                    r.call("SADD", "nums", "70000");
                    ValueSnapshot.IntsetView s = intset(r);
                    r.view(View.Kind.ENCODING, "nums");
                    r.caption("l04.s3.upgrade", 70000, before, s.width(), s.bytes().length, s.values().length);
                    r.call("SADD", "nums", "5000000000");
                    ValueSnapshot.IntsetView s8 = intset(r);
                    r.caption("l04.s3.again", 5000000000L, s8.width(), s8.bytes().length);
                    r.caption("l04.s3.why");
                    r.cite("intset.c", "intsetUpgradeAndAdd", "ds.intset.Intset.upgradeAndAdd");
                    r.fact("width", s8.width());
                    r.fact("bytes", s8.bytes().length);
                }, ObjectLesson::checkIntset)
                .step(r -> {
                    r.call("SADD", "nums", "hello");
                    String enc = LessonRun.text(r.call("OBJECT", "ENCODING", "nums"));
                    long card = LessonRun.integer(r.call("SCARD", "nums"));
                    r.view(View.Kind.ENCODING, "nums");
                    r.caption("l04.s4.convert", enc, card);
                    r.cite("t_set.c", "setTypeConvert", "db.SetObjects.convert");
                    r.fact("enc", enc);
                }, v -> {
                    ValueSnapshot s = v.run().value("nums");
                    v.expect("nums encoding", v.fact("enc"), s == null ? "none" : s.encoding());
                })
                .build();
    }

    static ValueSnapshot.IntsetView intset(LessonRun r) {
        ValueSnapshot v = r.value("nums");
        if (v instanceof ValueSnapshot.IntsetView i) return i;
        throw new IllegalStateException("nums is " + (v == null ? "missing" : v.encoding()) + ", not an intset");
    }

    private static void checkIntset(io.glassbox.course.Verifier v) {
        ValueSnapshot s = v.run().value("nums");
        if (!(s instanceof ValueSnapshot.IntsetView i)) {
            v.expect("nums encoding", "intset", s == null ? "none" : s.encoding());
            return;
        }
        v.expect("intset width", v.fact("width"), i.width());
        v.expect("intset bytes", v.fact("bytes"), i.bytes().length);
    }
}
