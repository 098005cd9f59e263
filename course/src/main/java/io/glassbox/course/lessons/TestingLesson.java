package io.glassbox.course.lessons;

import io.glassbox.course.Lesson;
import io.glassbox.course.LessonRun;
import io.glassbox.course.Text;
import io.glassbox.course.View;

import java.util.ArrayList;
import java.util.List;

/**
 * Chapter 32, testing a system (tests/test_helper.tcl, Glassbox's differential tests): the idea of
 * a differential test shown on the engine: commands whose replies real Redis 7.0.15 gave (recorded
 * here with redis-cli against Debian's redis-server 7.0.15) are sent again and compared byte for
 * byte; then the Tcl suite's way of asserting on internals (assert_encoding) done on this engine.
 * Which replies match, and the encodings, are read from the engine.
 */
final class TestingLesson {
    private TestingLesson() {}

    /** Command, and the reply Redis 7.0.15 gave it (an error's text, or a simple string). */
    static final String[][] ORACLE = {
            {"SET k v EX 0", "ERR invalid expire time in 'set' command"},
            {"SET s hello", "OK"},
            {"INCR s", "ERR value is not an integer or out of range"},
            {"LPUSH s x", "WRONGTYPE Operation against a key holding the wrong kind of value"},
            {"GETRANGE s 0", "ERR wrong number of arguments for 'getrange' command"},
            {"EXPIRE s abc", "ERR value is not an integer or out of range"},
            {"ZADD z NX XX 1 a", "ERR XX and NX options at the same time are not compatible"},
    };

    static Lesson lesson() {
        return Lesson.builder("32", 32).config("hash-max-listpack-entries")
                .step(r -> {
                    List<Text> rows = new ArrayList<>();
                    int same = 0;
                    for (String[] o : ORACLE) {
                        String got = LessonRun.text(r.call(o[0].split(" ")));
                        boolean eq = got.equals(o[1]);
                        if (eq) same++;
                        rows.add(Text.of(eq ? "l32.same" : "l32.differs", o[0], o[1], got));
                    }
                    r.view(View.Kind.NONE);
                    r.caption("l32.s1.diff", same, ORACLE.length, rows);
                    r.caption("l32.s1.why");
                    r.cite("tests/support/test.tcl", "test", "server.CommandProcessor.processCommand");
                    r.fact("same", same);
                }, v -> {
                    v.expect("replies identical to Redis 7.0.15", ORACLE.length, v.fact("same"));
                    v.expect("GET s", "hello", LessonRun.text(v.run().quiet("GET", "s")));
                    v.expect("EXISTS k z", 0L, LessonRun.integer(v.run().quiet("EXISTS", "k", "z")));
                })
                .step(r -> {
                    r.call("CONFIG", "SET", "hash-max-listpack-entries", "4");
                    r.call("HSET", "h", "a", "1", "b", "2", "c", "3", "d", "4");
                    String small = LessonRun.text(r.call("OBJECT", "ENCODING", "h"));
                    r.call("HSET", "h", "e", "5");
                    String big = LessonRun.text(r.call("OBJECT", "ENCODING", "h"));
                    r.view(View.Kind.ENCODING, "h");
                    r.caption("l32.s2.encoding", small, big);
                    r.caption("l32.s2.why");
                    r.cite("tests/support/test.tcl", "assert_encoding", "command.hash.HashCommands.hsetGeneric");
                    r.fact("enc", big);
                }, v -> v.expect("OBJECT ENCODING h", v.fact("enc"), LessonRun.text(v.run().quiet("OBJECT", "ENCODING", "h"))))
                .step(r -> {
                    String version = LessonRun.info(r.client(), "server", "redis_version");
                    r.call("DEL", "h");
                    r.view(View.Kind.NONE);
                    r.caption("l32.s3.suite", version);
                    r.cite("tests/support/server.tcl", "start_server", "engine.Engine.start");
                    r.fact("version", version);
                }, v -> v.expect("redis_version", v.fact("version"), LessonRun.info(v.run().client(), "server", "redis_version")))
                .build();
    }
}
