package io.glassbox.course.lessons;

import io.glassbox.course.Lesson;
import io.glassbox.course.LessonRun;
import io.glassbox.course.Text;
import io.glassbox.course.View;
import io.glassbox.hooks.ValueSnapshot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Chapter 06, from ziplist to quicklist to listpack (listpack.c, quicklist.c): a listpack's entries
 * with their encoding byte and backlen, why a backlen ends ziplist's cascade updates (shown: the
 * entries already there keep their bytes when a big one arrives), a quicklist's nodes under
 * list-max-listpack-size, LZF compression of the inner nodes under list-compress-depth, and a
 * node split by an insertion. Every number is read from the value's snapshot.
 */
final class ListpackLesson {
    private ListpackLesson() {}

    static Lesson lesson() {
        return Lesson.builder("06", 6).config("hash-max-listpack-value", "list-max-listpack-size", "list-compress-depth")
                .step(r -> {
                    r.call("HSET", "user", "name", "ada", "age", "36", "score", "-1200");
                    ValueSnapshot.ListpackView lp = listpack(r, "user");
                    r.view(View.Kind.ENCODING, "user");
                    List<Text> entries = new ArrayList<>();
                    for (ValueSnapshot.ListpackView.Entry e : lp.entries()) {
                        entries.add(Text.of("l06.entry", e.value(), String.format("0x%02x", e.encodingByte()), kind(e.encodingByte()),
                                e.bytes().length, e.backlen(), e.backlenBytes()));
                    }
                    r.caption("l06.s1.listpack", lp.entries().size(), lp.totalBytes());
                    r.caption("l06.s1.entries", entries);
                    r.caption("l06.s1.backlen");
                    r.cite("listpack.c", "lpEncodeBacklen", "ds.listpack.Listpack.writeBacklen");
                    r.cite("listpack.c", "lpInsert", "ds.listpack.Listpack.insertAt");
                    r.fact("entries", entryBytes(lp));
                }, v -> v.expect("user's entries", v.fact("entries"), entryBytes(listpackOrNull(v.run(), "user"))))
                .step(r -> {
                    ValueSnapshot.ListpackView before = listpack(r, "user");
                    r.call("CONFIG", "SET", "hash-max-listpack-value", "512");
                    r.call("HSET", "user", "bio", "x".repeat(300));
                    ValueSnapshot.ListpackView after = listpack(r, "user");
                    r.view(View.Kind.ENCODING, "user");
                    List<String> old = entryBytes(before);
                    boolean kept = entryBytes(after).subList(0, old.size()).equals(old);
                    ValueSnapshot.ListpackView.Entry big = after.entries().get(after.entries().size() - 1);
                    r.caption(kept ? "l06.s2.kept" : "l06.s2.changed", old.size(), big.bytes().length, big.backlenBytes(),
                            before.totalBytes(), after.totalBytes());
                    r.caption("l06.s2.ziplist");
                    r.cite("ziplist.c", "__ziplistCascadeUpdate", "ds.listpack.Listpack.insertAt");
                    r.fact("entries", entryBytes(after));
                }, v -> v.expect("user's entries", v.fact("entries"), entryBytes(listpackOrNull(v.run(), "user"))))
                .step(r -> {
                    r.call("CONFIG", "SET", "list-max-listpack-size", "4");
                    List<String> args = new ArrayList<>(List.of("RPUSH", "queue"));
                    for (int i = 1; i <= 10; i++) args.add("job" + i);
                    r.call(args.toArray(String[]::new));
                    ValueSnapshot.QuicklistView q = quicklist(r, "queue");
                    r.view(View.Kind.ENCODING, "queue");
                    r.caption("l06.s3.nodes", q.count(), q.nodes().size(), counts(q), q.fill());
                    r.caption("l06.s3.why");
                    r.cite("quicklist.c", "_quicklistNodeAllowInsert", "ds.quicklist.Quicklist.allowInsert");
                    r.cite("quicklist.c", "quicklistPushTail", "ds.quicklist.Quicklist.pushTail");
                    r.fact("counts", counts(q));
                }, v -> v.expect("queue's nodes", v.fact("counts"), counts(quicklistOrNull(v.run(), "queue"))))
                .step(r -> {
                    r.call("CONFIG", "SET", "list-compress-depth", "1");
                    r.call("DEL", "queue");
                    List<String> args = new ArrayList<>(List.of("RPUSH", "queue"));
                    for (int i = 1; i <= 20; i++) args.add(String.format("job %02d: resize the images in bucket photos-2026", i));
                    r.call(args.toArray(String[]::new));
                    ValueSnapshot.QuicklistView q = quicklist(r, "queue");
                    r.view(View.Kind.ENCODING, "queue");
                    List<Text> nodes = new ArrayList<>();
                    int compressed = 0;
                    for (ValueSnapshot.QuicklistView.Node n : q.nodes()) {
                        if (n.compressed()) compressed++;
                        nodes.add(n.compressed() ? Text.of("l06.node.lzf", n.bytes(), n.compressedBytes()) : Text.of("l06.node.raw", n.bytes()));
                    }
                    r.caption("l06.s4.compress", q.compressDepth(), q.nodes().size(), nodes, compressed);
                    r.caption("l06.s4.why");
                    r.cite("quicklist.c", "__quicklistCompress", "ds.quicklist.Quicklist.compressAround");
                    r.cite("quicklist.c", "__quicklistCompressNode", "ds.quicklist.Quicklist.compressNode");
                    r.fact("compressed", compressed(q));
                    r.fact("counts", counts(q));
                }, v -> {
                    ValueSnapshot.QuicklistView q = quicklistOrNull(v.run(), "queue");
                    v.expect("queue's nodes", v.fact("counts"), counts(q));
                    v.expect("compressed nodes", v.fact("compressed"), compressed(q));
                })
                .step(r -> {
                    List<Integer> before = counts(quicklist(r, "queue"));
                    r.call("LINSERT", "queue", "BEFORE", "job 10: resize the images in bucket photos-2026", "urgent");
                    ValueSnapshot.QuicklistView q = quicklist(r, "queue");
                    r.view(View.Kind.ENCODING, "queue");
                    r.caption(q.nodes().size() > before.size() ? "l06.s5.split" : "l06.s5.fit", before, counts(q), q.nodes().size() - before.size());
                    r.caption("l06.s5.why");
                    r.cite("quicklist.c", "_quicklistSplitNode", "ds.quicklist.Quicklist.splitNode");
                    r.cite("quicklist.c", "_quicklistMergeNodes", "ds.quicklist.Quicklist.mergeNodes");
                    r.fact("counts", counts(q));
                    r.fact("compressed", compressed(q));
                }, v -> {
                    ValueSnapshot.QuicklistView q = quicklistOrNull(v.run(), "queue");
                    v.expect("queue's nodes", v.fact("counts"), counts(q));
                    v.expect("compressed nodes", v.fact("compressed"), compressed(q));
                })
                .build();
    }

    /** What an entry's first byte says (lpEncodeGetType / the LP_ENCODING_* masks). */
    static String kind(int b) {
        if ((b & 0x80) == 0) return "7bit-uint";
        if ((b & 0xC0) == 0x80) return "6bit-str";
        if ((b & 0xE0) == 0xC0) return "13bit-int";
        if ((b & 0xF0) == 0xE0) return "12bit-str";
        return switch (b) {
            case 0xF0 -> "32bit-str";
            case 0xF1 -> "16bit-int";
            case 0xF2 -> "24bit-int";
            case 0xF3 -> "32bit-int";
            case 0xF4 -> "64bit-int";
            default -> "?";
        };
    }

    static List<String> entryBytes(ValueSnapshot.ListpackView lp) {
        List<String> out = new ArrayList<>();
        if (lp != null) for (ValueSnapshot.ListpackView.Entry e : lp.entries()) out.add(Arrays.toString(e.bytes()));
        return out;
    }

    static List<Integer> counts(ValueSnapshot.QuicklistView q) {
        List<Integer> out = new ArrayList<>();
        if (q != null) for (ValueSnapshot.QuicklistView.Node n : q.nodes()) out.add(n.count());
        return out;
    }

    static List<Boolean> compressed(ValueSnapshot.QuicklistView q) {
        List<Boolean> out = new ArrayList<>();
        if (q != null) for (ValueSnapshot.QuicklistView.Node n : q.nodes()) out.add(n.compressed());
        return out;
    }

    static ValueSnapshot.ListpackView listpack(LessonRun r, String key) {
        ValueSnapshot.ListpackView lp = listpackOrNull(r, key);
        if (lp == null) throw new IllegalStateException(key + " is not a listpack");
        return lp;
    }

    static ValueSnapshot.ListpackView listpackOrNull(LessonRun r, String key) {
        return r.value(key) instanceof ValueSnapshot.ListpackView lp ? lp : null;
    }

    static ValueSnapshot.QuicklistView quicklist(LessonRun r, String key) {
        ValueSnapshot.QuicklistView q = quicklistOrNull(r, key);
        if (q == null) throw new IllegalStateException(key + " is not a quicklist");
        return q;
    }

    static ValueSnapshot.QuicklistView quicklistOrNull(LessonRun r, String key) {
        return r.value(key) instanceof ValueSnapshot.QuicklistView q ? q : null;
    }

}
