package io.glassbox.command.zset;

import io.glassbox.server.Notify;
import io.glassbox.command.CommandTable;
import io.glassbox.db.RedisDb;
import io.glassbox.db.RedisObject;
import io.glassbox.db.SetObjects;
import io.glassbox.db.ZsetObjects;
import io.glassbox.db.ZsetObjects.Entry;
import io.glassbox.ds.dict.Dict;
import io.glassbox.ds.dict.DictEntry;
import io.glassbox.ds.dict.DictType;
import io.glassbox.ds.skiplist.SkipList;
import io.glassbox.server.Client;
import io.glassbox.util.RedisNumbers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static io.glassbox.command.zset.ZsetArgs.isZsetOrNull;

/**
 * ZUNION, ZINTER, ZDIFF, ZUNIONSTORE, ZINTERSTORE, ZDIFFSTORE and ZINTERCARD: Redis's
 * {@code zunionInterDiffGenericCommand}.
 *
 * <p>Inputs may be sorted sets or plain sets; a set member counts with score 1. Each input's
 * scores are multiplied by its WEIGHT, and scores of a member found in several inputs are
 * combined by AGGREGATE (SUM, the default, MIN or MAX). A sum of +inf and -inf, and a weight
 * times score that is NaN (0 * inf), count as 0, as in Redis.
 *
 * <p>Work: union O(N) over all input members plus O(M log M) to sort the result; intersection
 * walks the smallest input (inputs are sorted by size first) and looks each member up in the
 * others, O(N * K); difference O(N) of the first input times lookups in the others.
 *
 * <p>The result is built as a skiplist set and converted to a listpack at the end when it fits
 * (zsetConvertToListpackIfNeeded), which is why ZUNIONSTORE of big inputs can store a small
 * listpack.
 */
public final class ZsetSetOps {
    private ZsetSetOps() {}

    enum Op { UNION, INTER, DIFF }

    enum Aggregate { SUM, MIN, MAX }

    static void register(CommandTable t) {
        t.bind("zunion", c -> generic(c, null, 1, Op.UNION, false), ZsetSetOps::keysNoDst);
        t.bind("zinter", c -> generic(c, null, 1, Op.INTER, false), ZsetSetOps::keysNoDst);
        t.bind("zdiff", c -> generic(c, null, 1, Op.DIFF, false), ZsetSetOps::keysNoDst);
        t.bind("zintercard", c -> generic(c, null, 1, Op.INTER, true), ZsetSetOps::keysNoDst);
        t.bind("zunionstore", c -> generic(c, c.arg(1), 2, Op.UNION, false), ZsetSetOps::keysWithDst);
        t.bind("zinterstore", c -> generic(c, c.arg(1), 2, Op.INTER, false), ZsetSetOps::keysWithDst);
        t.bind("zdiffstore", c -> generic(c, c.arg(1), 2, Op.DIFF, false), ZsetSetOps::keysWithDst);
    }

    // ---------------------------------------------------------------- key finders (getkeys_proc)

    /** zunionInterDiffGetKeys: numkeys at argv[1], the keys after it. */
    static int[] keysNoDst(List<byte[]> argv) { return numkeysKeys(argv, 1, false); }

    /** zunionInterDiffStoreGetKeys: the destination, then numkeys at argv[2] and the keys. */
    static int[] keysWithDst(List<byte[]> argv) { return numkeysKeys(argv, 2, true); }

    private static int[] numkeysKeys(List<byte[]> argv, int numkeysIdx, boolean dst) {
        long[] n = new long[1];
        if (argv.size() <= numkeysIdx || !RedisNumbers.string2ll(argv.get(numkeysIdx), n)
                || n[0] < 1 || n[0] > argv.size() - numkeysIdx - 1) {
            return new int[0];
        }
        int count = (int) n[0];
        int[] keys = new int[count + (dst ? 1 : 0)];
        int k = 0;
        if (dst) keys[k++] = 1;
        for (int i = 0; i < count; i++) keys[k++] = numkeysIdx + 1 + i;
        return keys;
    }

    // ---------------------------------------------------------------- the command

    /** One input: Redis's zsetopsrc. A missing key is an empty input. */
    private record Source(RedisObject subject, double[] weight) {
        long length() {
            if (subject == null) return 0;
            if (subject.type == RedisObject.TYPE_ZSET) return ZsetObjects.length(subject);
            return SetObjects.size(subject);
        }

        List<Entry> entries() {
            if (subject == null) return List.of();
            if (subject.type == RedisObject.TYPE_ZSET) return ZsetObjects.all(subject);
            List<Entry> out = new ArrayList<>();
            try (SetObjects.Iter it = new SetObjects.Iter(subject)) {
                while (it.next()) out.add(new Entry(it.el.bytes(), 1.0));
            }
            return out;
        }

        /** zuiFind: the member's score in this input, or null. */
        Double find(byte[] ele) {
            if (subject == null) return null;
            if (subject.type == RedisObject.TYPE_ZSET) return ZsetObjects.score(subject, ele);
            return SetObjects.isMember(subject, ele) ? 1.0 : null;
        }
    }

    /** zunionInterAggregate. */
    private static double aggregate(double target, double val, Aggregate a) {
        switch (a) {
            case SUM: {
                double r = target + val;
                return Double.isNaN(r) ? 0.0 : r; // +inf + -inf
            }
            case MIN: return val < target ? val : target;
            default: return val > target ? val : target;
        }
    }

    static void generic(Client c, byte[] dstkey, int numkeysIndex, Op op, boolean cardinalityOnly) {
        Long setnumL = ZsetArgs.longOrReply(c, c.arg(numkeysIndex));
        if (setnumL == null) return;
        long setnum = setnumL;
        if (setnum < 1) {
            c.addError("at least 1 input key is needed for '" + c.cmd.name + "' command");
            return;
        }
        if (setnum > c.argc() - (numkeysIndex + 1)) { c.addErrorSyntax(); return; }

        RedisDb db = c.db();
        List<Source> src = new ArrayList<>();
        for (int i = 0, j = numkeysIndex + 1; i < setnum; i++, j++) {
            RedisObject obj = dstkey != null ? db.lookupKeyWrite(c.arg(j)) : db.lookupKeyRead(c.arg(j));
            if (obj != null && obj.type != RedisObject.TYPE_ZSET && obj.type != RedisObject.TYPE_SET) {
                c.addErrorWrongType();
                return;
            }
            src.add(new Source(obj, new double[]{1.0}));
        }

        Aggregate agg = Aggregate.SUM;
        boolean withscores = false;
        long limit = 0;
        int j = (int) (numkeysIndex + 1 + setnum);
        int remaining = c.argc() - j;
        while (remaining > 0) {
            if (op != Op.DIFF && !cardinalityOnly && remaining >= setnum + 1 && c.argIs(j, "weights")) {
                j++; remaining--;
                for (int i = 0; i < setnum; i++, j++, remaining--) {
                    Double w = ZsetArgs.doubleOrReply(c, c.arg(j), "weight value is not a float");
                    if (w == null) return;
                    src.get(i).weight()[0] = w;
                }
            } else if (op != Op.DIFF && !cardinalityOnly && remaining >= 2 && c.argIs(j, "aggregate")) {
                j++; remaining--;
                if (c.argIs(j, "sum")) agg = Aggregate.SUM;
                else if (c.argIs(j, "min")) agg = Aggregate.MIN;
                else if (c.argIs(j, "max")) agg = Aggregate.MAX;
                else { c.addErrorSyntax(); return; }
                j++; remaining--;
            } else if (remaining >= 1 && dstkey == null && !cardinalityOnly && c.argIs(j, "withscores")) {
                j++; remaining--;
                withscores = true;
            } else if (cardinalityOnly && remaining >= 2 && c.argIs(j, "limit")) {
                j++; remaining--;
                Long l = ZsetArgs.positiveLongOrReply(c, c.arg(j), "LIMIT can't be negative");
                if (l == null) return;
                limit = l;
                j++; remaining--;
            } else {
                c.addErrorSyntax();
                return;
            }
        }
        // smallest input first: intersection walks it; a stable sort like glibc's merge-based qsort
        if (op != Op.DIFF) src.sort(Comparator.comparingLong(Source::length));

        ZsetObjects.Zset dst = new ZsetObjects.Zset();
        long maxelelen = 0, totelelen = 0;
        long cardinality = 0;
        if (op == Op.INTER) {
            Source first = src.get(0);
            if (first.length() > 0) {
                for (Entry e : first.entries()) {
                    double score = first.weight()[0] * e.score();
                    if (Double.isNaN(score)) score = 0;
                    int k;
                    for (k = 1; k < setnum; k++) {
                        Source s = src.get(k);
                        Double v = s.subject() == first.subject() ? Double.valueOf(e.score()) : s.find(e.ele());
                        if (v == null) break;
                        score = aggregate(score, v * s.weight()[0], agg);
                    }
                    if (k == setnum && cardinalityOnly) {
                        cardinality++;
                        if (limit != 0 && cardinality >= limit) break;
                    } else if (k == setnum) {
                        byte[] ele = e.ele().clone();
                        dst.insert(ele, score);
                        maxelelen = Math.max(maxelelen, ele.length);
                    totelelen += ele.length;
                    }
                }
            }
        } else if (op == Op.UNION) {
            Dict<byte[], Double> acc = new Dict<>(DictType.BYTES);
            for (Source s : src) {
                for (Entry e : s.entries()) {
                    double score = s.weight()[0] * e.score();
                    if (Double.isNaN(score)) score = 0;
                    DictEntry<byte[], Double> de = acc.find(e.ele());
                    if (de == null) {
                        byte[] ele = e.ele().clone();
                        acc.add(ele, score);
                        maxelelen = Math.max(maxelelen, ele.length);
                    totelelen += ele.length;
                    } else {
                        de.setVal(aggregate(de.getVal(), score, agg));
                    }
                }
            }
            var it = acc.iterator();
            for (DictEntry<byte[], Double> de = it.next(); de != null; de = it.next()) {
                dst.insert(de.getKey(), de.getVal());
            }
            it.release();
        } else {
            // ZDIFF: members of the first input found in none of the others, with the first's score
            Source first = src.get(0);
            for (Entry e : first.entries()) {
                boolean found = false;
                for (int k = 1; k < setnum && !found; k++) {
                    Source s = src.get(k);
                    found = s.subject() == first.subject() ? s.subject() != null : s.find(e.ele()) != null;
                }
                if (!found) {
                    byte[] ele = e.ele().clone();
                    dst.insert(ele, e.score());
                    maxelelen = Math.max(maxelelen, ele.length);
                    totelelen += ele.length;
                }
            }
        }

        if (dstkey != null) {
            if (dst.zsl.length() > 0) {
                RedisObject dstobj = new RedisObject(RedisObject.TYPE_ZSET, RedisObject.ENC_SKIPLIST, dst);
                ZsetObjects.convertToListpackIfNeeded(dstobj, maxelelen, totelelen, ZsetArgs.limits(c));
                db.setKey(dstkey, dstobj, false);
                c.addLong(ZsetObjects.length(dstobj));
                Notify.event(c, Notify.ZSET, op == Op.UNION ? "zunionstore" : op == Op.INTER ? "zinterstore" : "zdiffstore", dstkey);
                c.server().keyspace().stats.dirty++;
            } else {
                c.addLong(0);
                if (db.dbDelete(dstkey)) {
                    db.signalModifiedKey(dstkey);
                    Notify.event(c, Notify.GENERIC, "del", dstkey);
                    c.server().keyspace().stats.dirty++;
                }
            }
        } else if (cardinalityOnly) {
            c.addLong(cardinality);
        } else {
            List<Entry> out = new ArrayList<>((int) dst.zsl.length());
            for (SkipList.Node n = dst.zsl.first(); n != null; n = n.next()) out.add(new Entry(n.ele(), n.score()));
            ZsetArgs.addEntries(c, out, withscores);
        }
    }
}
