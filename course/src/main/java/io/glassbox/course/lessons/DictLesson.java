package io.glassbox.course.lessons;

import io.glassbox.course.Lesson;
import io.glassbox.course.LessonRun;
import io.glassbox.course.Text;
import io.glassbox.course.View;
import io.glassbox.ds.dict.DictSnapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * Chapter 03, the hash table (dict.c): a database's keyspace dict fills its first table, grows
 * into a second, and rehashes bucket by bucket as commands touch it; then serverCron finishes a
 * rehash that no command drives. Every caption is computed from the dict as the engine left it:
 * which buckets a GET moved depends on the keys' hashes, which a random seed salts at start-up.
 */
final class DictLesson {
    private DictLesson() {}

    static Lesson lesson() {
        return Lesson.builder("03", 3).config("activerehashing")
                .step(r -> {
                    r.call("CONFIG", "SET", "activerehashing", "no");
                    for (int i = 1; i <= 4; i++) r.call("SET", "k" + i, "v" + i);
                    DictSnapshot<byte[]> d = r.dict();
                    r.view(View.Kind.DICT);
                    r.caption("l03.s1.intro", r.db());
                    r.caption("l03.s1.table", d.ht0().used(), d.ht0().size(), chained(d), empty(d));
                    r.caption("l03.s1.note");
                    r.cite("dict.c", "dictAdd", "ds.dict.Dict.add");
                    r.fact("size", d.ht0().size());
                    r.fact("used", d.size());
                }, v -> {
                    DictSnapshot<byte[]> d = v.run().dict();
                    v.expect("ht[0].size", v.fact("size"), d.ht0().size());
                    v.expect("used", v.fact("used"), d.size());
                    v.expect("rehashidx", -1, d.rehashIdx());
                })
                .step(r -> {
                    DictSnapshot<byte[]> before = r.dict();
                    r.call("SET", "k5", "v5");
                    DictSnapshot<byte[]> d = r.dict();
                    r.view(View.Kind.DICT);
                    if (d.isRehashing()) {
                        r.caption("l03.s2.expand", before.ht0().used(), before.ht0().size(), d.ht1().size(), d.rehashIdx(),
                                d.ht1().used());
                        r.caption("l03.s2.why");
                    } else {
                        r.caption("l03.s2.noexpand", d.ht0().used(), d.ht0().size());
                    }
                    r.cite("dict.c", "_dictExpandIfNeeded", "ds.dict.Dict.expandIfNeeded");
                    r.cite("dict.c", "dictExpand", "ds.dict.Dict.expand");
                    r.fact("rehashidx", d.rehashIdx());
                    r.fact("size1", d.ht1().size());
                    r.fact("used", d.size());
                }, v -> {
                    DictSnapshot<byte[]> d = v.run().dict();
                    v.expect("rehashidx", v.fact("rehashidx"), d.rehashIdx());
                    v.expect("ht[1].size", v.fact("size1"), d.ht1().size());
                    v.expect("used", v.fact("used"), d.size());
                })
                .step(r -> {
                    DictSnapshot<byte[]> before = r.dict();
                    r.call("GET", "k1");
                    DictSnapshot<byte[]> after = r.dict();
                    r.view(View.Kind.DICT);
                    r.caption(move("GET k1", before, after));
                    r.caption("l03.s3.why");
                    r.cite("dict.c", "_dictRehashStep", "ds.dict.Dict.rehashStep");
                    r.cite("dict.c", "dictRehash", "ds.dict.Dict.rehash");
                    r.fact("rehashidx", after.rehashIdx());
                    r.fact("used0", after.ht0().used());
                }, v -> {
                    DictSnapshot<byte[]> d = v.run().dict();
                    v.expect("rehashidx", v.fact("rehashidx"), d.rehashIdx());
                    v.expect("ht[0].used", v.fact("used0"), d.ht0().used());
                })
                .step(r -> {
                    List<Text> moves = new ArrayList<>();
                    int gets = 0;
                    for (int i = 2; gets < 16 && r.dict().isRehashing(); i = i % 5 + 1, gets++) {
                        DictSnapshot<byte[]> before = r.dict();
                        r.call("GET", "k" + i);
                        moves.add(move("GET k" + i, before, r.dict()));
                    }
                    DictSnapshot<byte[]> d = r.dict();
                    r.view(View.Kind.DICT);
                    if (gets == 0) r.caption("l03.s4.already");
                    for (Text t : moves) r.caption(t);
                    r.caption(d.isRehashing() ? "l03.s4.still" : "l03.s4.done", gets, d.ht0().size(), d.rehashIdx());
                    r.cite("dict.c", "_dictRehashStep", "ds.dict.Dict.rehashStep");
                    r.fact("size", d.ht0().size());
                    r.fact("rehashidx", d.rehashIdx());
                }, v -> {
                    DictSnapshot<byte[]> d = v.run().dict();
                    v.expect("rehashidx", v.fact("rehashidx"), d.rehashIdx());
                    v.expect("ht[0].size", v.fact("size"), d.ht0().size());
                    v.expect("keys", 5L, d.size());
                })
                .step(r -> {
                    r.call("CONFIG", "SET", "activerehashing", "yes");
                    for (int i = 6; i <= 8; i++) r.call("SET", "k" + i, "v" + i);
                    DictSnapshot<byte[]> before = r.dict();
                    r.call("SET", "k9", "v9");
                    DictSnapshot<byte[]> grown = r.dict();
                    long started = System.nanoTime();
                    boolean done = LessonRun.await(() -> !r.dict().isRehashing(), 5000);
                    long ms = (System.nanoTime() - started) / 1_000_000;
                    DictSnapshot<byte[]> d = r.dict();
                    r.view(View.Kind.DICT);
                    if (grown.isRehashing()) {
                        r.caption("l03.s5.grow", before.ht0().used(), before.ht0().size(), grown.ht1().size(), grown.rehashIdx());
                    }
                    r.caption(done ? "l03.s5.cron" : "l03.s5.notyet", d.ht0().size(), d.rehashIdx(), ms);
                    r.caption("l03.s5.note");
                    r.cite("server.c", "databasesCron", "server.ServerCron.databasesCron");
                    r.cite("dict.c", "dictRehashMilliseconds", "ds.dict.Dict.rehashMilliseconds");
                    r.fact("size", d.ht0().size());
                    r.fact("rehashidx", d.rehashIdx());
                }, v -> {
                    DictSnapshot<byte[]> d = v.run().dict();
                    v.expect("rehashidx", v.fact("rehashidx"), d.rehashIdx());
                    v.expect("ht[0].size", v.fact("size"), d.ht0().size());
                    v.expect("keys", 9L, d.size());
                })
                .build();
    }

    /** Buckets of ht[0] holding two keys or more. */
    private static int chained(DictSnapshot<byte[]> d) {
        int n = 0;
        for (int i = 0; i < d.ht0().size(); i++) if (d.ht0().chainLength(i) > 1) n++;
        return n;
    }

    private static int empty(DictSnapshot<byte[]> d) {
        int n = 0;
        for (int i = 0; i < d.ht0().size(); i++) if (d.ht0().chainLength(i) == 0) n++;
        return n;
    }

    /**
     * What one command's rehash step did, read from the dict before and after: the buckets of
     * ht[0] between the two rehashidx values that held keys moved, the others were empty ones the
     * step passed (dictRehash visits at most n*10 of them).
     */
    static Text move(String command, DictSnapshot<byte[]> before, DictSnapshot<byte[]> after) {
        if (!before.isRehashing()) return Text.of("l03.move.none", command);
        int from = before.rehashIdx();
        boolean finished = !after.isRehashing();
        int to = finished ? before.ht0().size() : after.rehashIdx();
        List<Integer> moved = new ArrayList<>();
        long keys = 0;
        for (int i = from; i < to; i++) {
            int n = before.ht0().chainLength(i);
            if (n > 0) {
                moved.add(i);
                keys += n;
            }
        }
        // a finishing step stops at the last bucket it moved (ht[0] is then empty): count the empties before it
        if (finished && !moved.isEmpty()) to = moved.get(moved.size() - 1) + 1;
        int skipped = to - from - moved.size();
        if (finished) return Text.of("l03.move.done", command, from, moved, keys, skipped, after.ht0().size());
        if (from == to) return Text.of("l03.move.none", command);
        return Text.of("l03.move", command, from, to, moved, keys, skipped);
    }
}
