package io.glassbox.course.lessons;

import io.glassbox.course.Lesson;
import io.glassbox.course.LessonRun;
import io.glassbox.course.View;
import io.glassbox.hooks.ValueSnapshot;

/**
 * Chapter 02, strings (sds.c, object.c): the encoding a string gets (int, embstr up to 44 bytes,
 * raw), the SDS header that grows with the length (sdsReqType), and why a length field makes a
 * string binary safe. Encodings and lengths are read from the engine; the header type follows
 * from the length read, by sdsReqType's rule.
 */
final class StringLesson {
    private StringLesson() {}

    static Lesson lesson() {
        String a44 = "a".repeat(44), a45 = "a".repeat(45);
        return Lesson.builder("02", 2)
                .step(r -> {
                    r.call("SET", "s44", a44);
                    r.call("SET", "s45", a45);
                    String e44 = LessonRun.text(r.call("OBJECT", "ENCODING", "s44"));
                    String e45 = LessonRun.text(r.call("OBJECT", "ENCODING", "s45"));
                    r.view(View.Kind.ENCODING, "s44");
                    r.caption("l02.s1.enc", 44, e44, 45, e45);
                    r.caption("l02.s1.why");
                    r.cite("object.c", "createEmbeddedStringObject", "db.RedisObject.string");
                    r.cite("object.c", "createStringObject", "db.StringObjects.create");
                    r.fact("s44", e44);
                    r.fact("s45", e45);
                }, v -> {
                    v.expect("s44 encoding", v.fact("s44"), encoding(v.run(), "s44"));
                    v.expect("s45 encoding", v.fact("s45"), encoding(v.run(), "s45"));
                })
                .step(r -> {
                    r.call("APPEND", "s44", "b");
                    long len = LessonRun.integer(r.call("STRLEN", "s44"));
                    String enc = LessonRun.text(r.call("OBJECT", "ENCODING", "s44"));
                    r.view(View.Kind.ENCODING, "s44");
                    r.caption("l02.s2.append", len, enc, header(len));
                    r.cite("t_string.c", "appendCommand", "command.string.StringCommands.append");
                    r.cite("sds.c", "sdsMakeRoomFor", "db.Sds.growZero");
                    r.fact("enc", enc);
                    r.fact("len", len);
                }, v -> {
                    v.expect("s44 encoding", v.fact("enc"), encoding(v.run(), "s44"));
                    v.expect("STRLEN s44", v.fact("len"), LessonRun.integer(v.run().quiet("STRLEN", "s44")));
                })
                .step(r -> {
                    long before = LessonRun.integer(r.call("STRLEN", "s44"));
                    r.call("SETRANGE", "s44", "300", "x");
                    long len = LessonRun.integer(r.call("STRLEN", "s44"));
                    r.call("SETRANGE", "s44", "70000", "y");
                    long big = LessonRun.integer(r.call("STRLEN", "s44"));
                    r.view(View.Kind.NONE);
                    r.caption("l02.s3.grow", before, header(before), len, header(len), big, header(big));
                    r.caption("l02.s3.why");
                    r.cite("sds.c", "sdsReqType", "db.Sds.growZero");
                    r.cite("t_string.c", "setrangeCommand", "command.string.StringCommands.setrange");
                    r.fact("len", big);
                }, v -> v.expect("STRLEN s44", v.fact("len"), LessonRun.integer(v.run().quiet("STRLEN", "s44"))))
                .step(r -> {
                    r.call("SET", "bin", "a\u0000b");
                    long len = LessonRun.integer(r.call("STRLEN", "bin"));
                    r.call("GET", "bin");
                    r.view(View.Kind.ENCODING, "bin");
                    r.caption("l02.s4.binary", len);
                    r.cite("sds.h", "sdslen", "db.StringObjects.length");
                    r.fact("len", len);
                }, v -> v.expect("STRLEN bin", v.fact("len"), LessonRun.integer(v.run().quiet("STRLEN", "bin"))))
                .step(r -> {
                    r.call("SET", "n", "12345");
                    r.call("SET", "n2", "012345");
                    r.call("SET", "n3", "123456789012345678901");
                    String e1 = LessonRun.text(r.call("OBJECT", "ENCODING", "n"));
                    String e2 = LessonRun.text(r.call("OBJECT", "ENCODING", "n2"));
                    String e3 = LessonRun.text(r.call("OBJECT", "ENCODING", "n3"));
                    r.view(View.Kind.ENCODING, "n");
                    r.caption("l02.s5.int", e1, e2, e3);
                    r.cite("object.c", "tryObjectEncoding", "db.StringObjects.create");
                    r.fact("n", e1);
                    r.fact("n2", e2);
                    r.fact("n3", e3);
                }, v -> {
                    v.expect("n encoding", v.fact("n"), encoding(v.run(), "n"));
                    v.expect("n2 encoding", v.fact("n2"), encoding(v.run(), "n2"));
                    v.expect("n3 encoding", v.fact("n3"), encoding(v.run(), "n3"));
                })
                .build();
    }

    static String encoding(LessonRun r, String key) {
        ValueSnapshot v = r.value(key);
        return v == null ? "none" : v.encoding();
    }

    /**
     * The header of a string of {@code len} bytes that writes have grown: sdsMakeRoomFor asks
     * sdsReqType for the smallest header whose fields hold the greedy allocation (twice the length
     * below 1 MB, the length plus 1 MB above).
     */
    static String header(long len) {
        long alloc = len < 1024 * 1024 ? 2 * len : len + 1024 * 1024;
        return reqType(alloc);
    }

    /** sdsReqType: the smallest header whose len and alloc fields hold {@code len}. */
    static String reqType(long len) {
        if (len < 1 << 8) return "sdshdr8";
        if (len < 1 << 16) return "sdshdr16";
        if (len < 1L << 32) return "sdshdr32";
        return "sdshdr64";
    }
}
