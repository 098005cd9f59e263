package io.glassbox.course.lessons;

import io.glassbox.course.Lesson;
import io.glassbox.course.LessonRun;
import io.glassbox.course.Text;
import io.glassbox.course.View;
import io.glassbox.ds.skiplist.SkipListSnapshot;
import io.glassbox.resp.RespValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Chapter 05, sorted sets (t_zset.c): a skiplist's towers come from zslRandomLevel, a rank is the
 * sum of the spans a search crosses (zslGetRank), a score range is one descent and then a walk on
 * level 0 (zslFirstInRange), and a deletion relinks a tower's predecessors. Heights are random, so
 * every caption is read from the skiplist's snapshot, and the walks are re-traced on it.
 */
final class SkiplistLesson {
    private SkiplistLesson() {}

    static final String KEY = "racers";
    static final String[] MEMBERS = {"bob", "cy", "dee", "eve", "fay", "gus", "hal", "ivy", "jo"};

    static Lesson lesson() {
        return Lesson.builder("05", 5).config("zset-max-listpack-entries")
                .step(r -> {
                    r.call("CONFIG", "SET", "zset-max-listpack-entries", "0");
                    r.call("ZADD", KEY, "10", "ada");
                    RespValue enc = r.call("OBJECT", "ENCODING", KEY);
                    SkipListSnapshot s = r.skiplist(KEY);
                    r.view(View.Kind.SKIPLIST, KEY);
                    r.caption("l05.s1.intro", LessonRun.text(enc));
                    r.caption("l05.s1.tower", s.nodes().get(0).height(), s.level());
                    r.caption("l05.s1.notation");
                    r.cite("t_zset.c", "zslRandomLevel", "ds.skiplist.SkipList.randomLevel");
                    r.cite("t_zset.c", "zslInsert", "ds.skiplist.SkipList.insert");
                    r.fact("heights", heights(s));
                }, v -> checkHeights(v.run().skiplist(KEY), v))
                .step(r -> {
                    List<String> args = new ArrayList<>(List.of("ZADD", KEY));
                    for (int i = 0; i < MEMBERS.length; i++) {
                        args.add(Integer.toString(20 + 10 * i));
                        args.add(MEMBERS[i]);
                    }
                    r.call(args.toArray(String[]::new));
                    SkipListSnapshot s = r.skiplist(KEY);
                    r.view(View.Kind.SKIPLIST, KEY);
                    int[] count = new int[s.level() + 1];
                    for (SkipListSnapshot.NodeView n : s.nodes()) count[n.height()]++;
                    List<Text> perLevel = new ArrayList<>();
                    for (int h = 1; h <= s.level(); h++) {
                        perLevel.add(Text.of("l05.height", h, count[h], String.format("%.1f", s.length() * 0.75 * Math.pow(0.25, h - 1))));
                    }
                    r.caption("l05.s2.heights", s.length(), perLevel, s.level());
                    r.caption("l05.s2.why");
                    r.caption("l05.s2.version");
                    r.cite("t_zset.c", "zslRandomLevel", "ds.skiplist.SkipList.randomLevel");
                    r.fact("heights", heights(s));
                }, v -> checkHeights(v.run().skiplist(KEY), v))
                .step(r -> {
                    RespValue rank = r.call("ZRANK", KEY, "gus");
                    SkipListSnapshot s = r.skiplist(KEY);
                    r.view(new View(View.Kind.SKIPLIST, r.engine(), r.db(), KEY, "gus"));
                    Walk w = rankWalk(s, 70, "gus");
                    r.caption("l05.s3.path", w.hops, w.rank);
                    r.caption("l05.s3.rank", w.rank, LessonRun.integer(rank));
                    r.caption("l05.s3.why");
                    r.cite("t_zset.c", "zslGetRank", "ds.skiplist.SkipList.getRank");
                    r.fact("rank", LessonRun.integer(rank));
                    r.fact("heights", heights(s));
                }, v -> {
                    SkipListSnapshot s = v.run().skiplist(KEY);
                    checkHeights(s, v);
                    if (s != null) v.expect("ZRANK gus", v.fact("rank"), rankWalk(s, 70, "gus").rank - 1);
                })
                .step(r -> {
                    RespValue range = r.call("ZRANGEBYSCORE", KEY, "35", "75");
                    SkipListSnapshot s = r.skiplist(KEY);
                    r.view(View.Kind.SKIPLIST, KEY);
                    Range w = rangeWalk(s, 35, 75);
                    r.caption("l05.s4.descent", s.level(), w.first, w.descentHops);
                    r.caption("l05.s4.walk", w.members, w.stopper == null ? Text.of("l05.s4.end") : w.stopper);
                    r.caption("l05.s4.why");
                    r.cite("t_zset.c", "zslFirstInRange", "ds.skiplist.SkipList.firstInRange");
                    r.cite("t_zset.c", "zrangeGenericCommand", "command.zset.ZrangeCommands.zrangeGeneric");
                    r.fact("range", LessonRun.strings(range));
                    r.fact("heights", heights(s));
                }, v -> {
                    SkipListSnapshot s = v.run().skiplist(KEY);
                    checkHeights(s, v);
                    if (s != null) v.expect("ZRANGEBYSCORE 35 75", v.fact("range"), rangeWalk(s, 35, 75).members);
                })
                .step(r -> {
                    SkipListSnapshot before = r.skiplist(KEY);
                    int idx = indexOf(before, "cy");
                    int h = before.nodes().get(idx).height();
                    List<String> preds = new ArrayList<>();
                    for (int i = 0; i < h; i++) preds.add(predecessor(before, idx, i));
                    r.call("ZREM", KEY, "cy");
                    SkipListSnapshot s = r.skiplist(KEY);
                    r.view(View.Kind.SKIPLIST, KEY);
                    r.caption("l05.s5.relink", h, preds, Math.max(0, before.level() - h), before.length(), s.length());
                    r.caption("l05.s5.dict");
                    r.cite("t_zset.c", "zslDeleteNode", "ds.skiplist.SkipList.deleteNode");
                    r.fact("heights", heights(s));
                }, v -> {
                    SkipListSnapshot s = v.run().skiplist(KEY);
                    checkHeights(s, v);
                    v.expectTrue("cy removed", s != null && indexOf(s, "cy") < 0);
                })
                .build();
    }

    /** member:height for every node, in order: what a step's picture shows. */
    static List<String> heights(SkipListSnapshot s) {
        List<String> out = new ArrayList<>();
        if (s != null) for (SkipListSnapshot.NodeView n : s.nodes()) out.add(LessonRun.str(n.member()) + ":" + n.height());
        return out;
    }

    private static void checkHeights(SkipListSnapshot s, io.glassbox.course.Verifier v) {
        v.expect("skiplist " + KEY, v.fact("heights"), heights(s));
        if (s != null) v.expectTrue("spans add up to the ranks", spansConsistent(s));
    }

    /** Every link's span is the distance in ranks it jumps (the header's spans included). */
    static boolean spansConsistent(SkipListSnapshot s) {
        int n = s.nodes().size();
        for (int i = 0; i < s.level(); i++) {
            int from = -1;
            while (true) {
                int to = next(s, from, i);
                long span = from < 0 ? s.headerSpans()[i] : s.nodes().get(from).spans()[i];
                long expected = to < 0 ? n - (from + 1) : to - from;
                if (to >= 0 && span != expected) return false;
                if (to < 0) break;
                from = to;
            }
        }
        return true;
    }

    /** The index of the node after {@code from} (-1 for the header) at level {@code i}, or -1. */
    static int next(SkipListSnapshot s, int from, int i) {
        for (int k = from + 1; k < s.nodes().size(); k++) if (s.nodes().get(k).height() > i) return k;
        return -1;
    }

    static int indexOf(SkipListSnapshot s, String member) {
        for (int k = 0; k < s.nodes().size(); k++) if (Arrays.equals(s.nodes().get(k).member(), LessonRun.bytes(member))) return k;
        return -1;
    }

    private static String name(SkipListSnapshot s, int idx) {
        return idx < 0 ? "header" : LessonRun.str(s.nodes().get(idx).member());
    }

    /** The node whose level-{@code i} link points at node {@code idx}. */
    private static String predecessor(SkipListSnapshot s, int idx, int i) {
        int p = -1;
        for (int k = next(s, -1, i); k >= 0 && k < idx; k = next(s, k, i)) p = k;
        return "L" + i + " " + name(s, p);
    }

    record Walk(List<Text> hops, long rank) {}

    /** zslGetRank on the snapshot: from the header's top level, right while the next node sorts at or before the target, else down. */
    static Walk rankWalk(SkipListSnapshot s, double score, String member) {
        List<Text> hops = new ArrayList<>();
        int x = -1;
        long rank = 0;
        byte[] target = LessonRun.bytes(member);
        for (int i = s.level() - 1; i >= 0; i--) {
            int nx;
            while ((nx = next(s, x, i)) >= 0 && atOrBefore(s.nodes().get(nx), score, target)) {
                long span = x < 0 ? s.headerSpans()[i] : s.nodes().get(x).spans()[i];
                hops.add(Text.of("l05.hop", i, name(s, x), name(s, nx), span));
                rank += span;
                x = nx;
            }
        }
        return new Walk(hops, rank);
    }

    private static boolean atOrBefore(SkipListSnapshot.NodeView n, double score, byte[] member) {
        return n.score() < score || (n.score() == score && Arrays.compareUnsigned(n.member(), member) <= 0);
    }

    record Range(String first, int descentHops, List<String> members, String stopper) {}

    /** zslFirstInRange (the descent to the last node below min) then the level-0 walk while score <= max. */
    static Range rangeWalk(SkipListSnapshot s, double min, double max) {
        int x = -1, hops = 0;
        for (int i = s.level() - 1; i >= 0; i--) {
            int nx;
            while ((nx = next(s, x, i)) >= 0 && s.nodes().get(nx).score() < min) {
                x = nx;
                hops++;
            }
        }
        List<String> members = new ArrayList<>();
        int k = next(s, x, 0);
        String first = k < 0 ? "-" : name(s, k);
        for (; k >= 0 && s.nodes().get(k).score() <= max; k = next(s, k, 0)) members.add(name(s, k));
        return new Range(first, hops, members, k < 0 ? null : name(s, k));
    }
}
