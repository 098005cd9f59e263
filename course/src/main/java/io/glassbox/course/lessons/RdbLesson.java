package io.glassbox.course.lessons;

import io.glassbox.course.Lesson;
import io.glassbox.course.LessonRun;
import io.glassbox.course.Text;
import io.glassbox.course.View;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Chapter 18, making and reading an RDB file (rdb.c): a server of the lesson's own (its own
 * directory, so the learner's dump.rdb is never touched) saves a small dataset, and the file is
 * read back record by record from its bytes ({@link RdbDecoder}); then a BGSAVE with a write
 * during it shows that the file is the dataset as it was when the save began.
 */
final class RdbLesson {
    private RdbLesson() {}

    static Lesson lesson() {
        return Lesson.builder("18", 18)
                .step(r -> {
                    LessonRun.Node s = r.startEngine("server");
                    r.call(s, "SET", "greeting", "hello");
                    r.call(s, "SET", "counter", "42");
                    r.call(s, "SET", "session", "token-7f3a", "PX", "3600000");
                    r.call(s, "HSET", "user", "name", "ada", "lang", "zh");
                    r.call(s, "SADD", "ids", "1", "2", "3");
                    r.call(s, "SAVE");
                    byte[] file = read(r, s);
                    List<RdbDecoder.Record> recs = RdbDecoder.decode(file);
                    List<Text> lines = new ArrayList<>();
                    for (RdbDecoder.Record rec : recs) lines.add(Text.of("l18.record", rec.offset(), rec.kind(),
                            rec.key() == null ? rec.detail() : rec.key() + " = " + rec.detail()));
                    r.view(View.none());
                    r.caption("l18.s1.file", file.length, recs.get(0).detail(), recs.size());
                    r.caption("l18.s1.records", lines);
                    r.caption("l18.s1.why");
                    r.cite("rdb.c", "rdbSaveRio", "persistence.rdb.RdbFile.saveRio");
                    r.cite("rdb.c", "rdbSaveKeyValuePair", "persistence.rdb.RdbWriter.saveKeyValuePair");
                    r.fact("records", describe(recs));
                }, v -> v.expect("the file's records", v.fact("records"), describe(RdbDecoder.decode(read(v.run(), node(v.run()))))))
                .step(r -> {
                    LessonRun.Node s = node(r);
                    byte[] file = read(r, s);
                    List<RdbDecoder.Record> recs = RdbDecoder.decode(file);
                    List<Text> shown = new ArrayList<>();
                    for (RdbDecoder.Record rec : recs) {
                        if (rec.kind().equals("STRING") || rec.kind().equals("EXPIRETIME_MS") || rec.kind().equals("SET_INTSET")
                                || rec.kind().equals("HASH_LISTPACK")) {
                            shown.add(Text.of("l18.bytes", rec.kind(), rec.key() == null ? "" : rec.key(), rec.hex(file, 24)));
                        }
                    }
                    r.view(View.none());
                    r.caption("l18.s2.bytes", shown);
                    r.caption("l18.s2.how");
                    r.cite("rdb.c", "rdbSaveLen", "persistence.rdb.RdbWriter.saveLen");
                    r.cite("rdb.c", "rdbTryIntegerEncoding", "persistence.rdb.RdbWriter.tryIntegerEncoding");
                    r.cite("rdb.c", "rdbSaveObject", "persistence.rdb.RdbWriter.saveObject");
                    r.fact("records", describe(recs));
                }, v -> v.expect("the file's records", v.fact("records"), describe(RdbDecoder.decode(read(v.run(), node(v.run()))))))
                .step(r -> {
                    LessonRun.Node s = node(r);
                    r.call(s, "EVAL", "for i = 1, 20000 do redis.call('SET', 'item:' .. i, i) end", "0");
                    r.call(s, "BGSAVE");
                    r.call(s, "SET", "greeting", "changed while saving");
                    LessonRun.await(() -> "0".equals(LessonRun.info(s.client(), "persistence", "rdb_bgsave_in_progress")), 10_000);
                    String status = LessonRun.info(s.client(), "persistence", "rdb_last_bgsave_status");
                    String live = LessonRun.text(r.call(s, "GET", "greeting"));
                    String inFile = valueIn(RdbDecoder.decode(read(r, s)), "greeting");
                    r.view(View.none());
                    r.caption("hello".equals(inFile) ? "l18.s3.pointintime" : "l18.s3.other", status, inFile, live);
                    r.caption("l18.s3.fork");
                    r.cite("rdb.c", "rdbSaveBackground", "persistence.rdb.RdbPersistence.bgsave");
                    r.cite("rdb.c", "rdbSaveRio", "persistence.rdb.BackgroundSave.walkSlice");
                    r.fact("inFile", inFile);
                }, v -> v.expect("greeting in the file", v.fact("inFile"), valueIn(RdbDecoder.decode(read(v.run(), node(v.run()))), "greeting")))
                .build();
    }

    static LessonRun.Node node(LessonRun r) { return ReplicationLesson.node(r, "server"); }

    static byte[] read(LessonRun r, LessonRun.Node s) throws java.io.IOException {
        String dir = LessonRun.strings(s.client().call("CONFIG", "GET", "dir")).get(1);
        String name = LessonRun.strings(s.client().call("CONFIG", "GET", "dbfilename")).get(1);
        return Files.readAllBytes(Path.of(dir, name));
    }

    static List<String> describe(List<RdbDecoder.Record> recs) {
        List<String> out = new ArrayList<>();
        for (RdbDecoder.Record rec : recs) out.add(rec.offset() + " " + rec.kind() + " " + rec.key() + " " + rec.detail());
        return out;
    }

    static String valueIn(List<RdbDecoder.Record> recs, String key) {
        for (RdbDecoder.Record rec : recs) if (key.equals(rec.key())) return rec.detail();
        return null;
    }
}
