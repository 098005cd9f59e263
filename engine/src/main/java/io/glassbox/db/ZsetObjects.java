package io.glassbox.db;

import io.glassbox.ds.dict.Dict;
import io.glassbox.ds.dict.DictEntry;
import io.glassbox.ds.dict.DictIterator;
import io.glassbox.ds.dict.DictType;
import io.glassbox.ds.listpack.Listpack;
import io.glassbox.ds.skiplist.LexRangeSpec;
import io.glassbox.ds.skiplist.RangeSpec;
import io.glassbox.ds.skiplist.SkipList;
import io.glassbox.util.RedisNumbers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sorted-set values in their two encodings, the type-level half of Redis's {@code t_zset.c}
 * (the {@code zzl*} listpack functions, {@code zsetAdd}, {@code zsetDel}, {@code zsetRank},
 * {@code zsetConvert}).
 *
 * <p><b>listpack</b>: member, score, member, score... in score order (ties by member bytes). A
 * score that is an integral double ({@link RedisNumbers#double2ll}) is stored as an integer entry,
 * any other as its {@link RedisNumbers#d2string} text; reading it back gives the same double,
 * except that {@code -0} comes back as {@code 0}. Every operation is O(n), which is fine because
 * the listpack is small by construction.
 *
 * <p><b>skiplist</b>: a {@link Zset}, a dict member to score (ZSCORE in O(1)) plus a
 * {@link SkipList} over the same members (ranges and ranks in O(log n)).
 *
 * <p>A listpack becomes a skiplist when an insert would take it past
 * {@code zset-max-listpack-entries} entries or adds a member longer than
 * {@code zset-max-listpack-value} bytes (checked <em>before</em> the insert, as zsetAdd does).
 * Redis 7.0 never converts back on deletion; only the commands that build a new set
 * (ZUNIONSTORE and friends) call {@link #convertToListpackIfNeeded}.
 */
public final class ZsetObjects {
    private ZsetObjects() {}

    /** The skiplist encoding's pair of structures, Redis's {@code zset} struct. */
    public static final class Zset {
        /**
         * Member to its skiplist node, whose {@code score} is the member's score: Redis's dict
         * value is a pointer to the node's score field, so a score lives in one place and an
         * update allocates nothing for the dict.
         */
        public final Dict<byte[], SkipList.Node> dict = new Dict<>(DictType.BYTES);
        public final SkipList zsl = new SkipList();

        /** Adds a member known to be absent, to both structures; the dict keeps {@code ele} as its key. */
        public void insert(byte[] ele, double score) {
            dict.add(ele, zsl.insert(score, ele));
        }

        /** The member's score, or null if absent. */
        public Double score(byte[] ele) {
            SkipList.Node n = dict.fetchValue(ele);
            return n == null ? null : n.score();
        }
    }

    /** A member with its score, as range queries return them. */
    public record Entry(byte[] ele, double score) {}

    /** Input flags of zsetAdd (ZADD_IN_*). */
    public static final int IN_INCR = 1, IN_NX = 2, IN_XX = 4, IN_GT = 8, IN_LT = 16;
    /** Output flags of zsetAdd (ZADD_OUT_*). */
    public static final int OUT_NOP = 1, OUT_NAN = 2, OUT_ADDED = 4, OUT_UPDATED = 8;

    /** The two thresholds, read from the config by the caller once per command. */
    public record Limits(long maxEntries, long maxValue) {}

    public static RedisObject createListpack() {
        return new RedisObject(RedisObject.TYPE_ZSET, RedisObject.ENC_LISTPACK, new Listpack());
    }

    public static RedisObject createSkiplist() {
        return new RedisObject(RedisObject.TYPE_ZSET, RedisObject.ENC_SKIPLIST, new Zset());
    }

    /** zaddGenericCommand's choice for a new key: skiplist at once if the first member can never fit. */
    public static RedisObject createFor(Limits l, int firstMemberLen) {
        return l.maxEntries() == 0 || l.maxValue() < firstMemberLen ? createSkiplist() : createListpack();
    }

    public static long length(RedisObject o) {
        return o.encoding == RedisObject.ENC_LISTPACK ? ((Listpack) o.value).size() / 2 : ((Zset) o.value).zsl.length();
    }

    // ---------------------------------------------------------------- listpack helpers (zzl*)

    /** zzlGetScore: an integer entry is the score itself, a string entry is parsed as strtod would. */
    static double lpScore(Listpack lp, int sptr) {
        if (lp.isInt(sptr)) return lp.getInt(sptr);
        return parseStoredScore(lp.get(sptr));
    }

    private static double parseStoredScore(byte[] b) {
        String s = new String(b, StandardCharsets.US_ASCII);
        switch (s) {
            case "inf": return Double.POSITIVE_INFINITY;
            case "-inf": return Double.NEGATIVE_INFINITY;
            default: return Double.parseDouble(s);
        }
    }

    /** How a score is written into a listpack (zzlInsertAt): integer when integral, else d2string. */
    static byte[] lpScoreBytes(double score) {
        long[] ll = new long[1];
        return RedisNumbers.double2ll(score, ll) ? RedisNumbers.ll2string(ll[0]) : RedisNumbers.d2string(score);
    }

    /** zzlFind: the position of member ele, or -1. */
    static int lpFind(Listpack lp, byte[] ele) {
        for (int p = lp.first(); p >= 0; p = lp.next(lp.next(p))) {
            if (lp.eq(p, ele)) return p;
        }
        return -1;
    }

    /** zzlInsert: puts (ele, score) before the first entry that sorts after it. */
    static void lpInsert(Listpack lp, byte[] ele, double score) {
        for (int p = lp.first(); p >= 0; p = lp.next(lp.next(p))) {
            int sp = lp.next(p);
            double s = lpScore(lp, sp);
            if (s > score || (s == score && Arrays.compareUnsigned(lp.get(p), ele) > 0)) {
                int np = lp.insertBefore(p, ele);
                lp.insertAfter(np, lpScoreBytes(score));
                return;
            }
        }
        lp.append(ele);
        lp.append(lpScoreBytes(score));
    }

    /** zzlDelete: removes the pair starting at p. */
    static void lpDeletePair(Listpack lp, int p) {
        lp.delete(p);
        lp.delete(p);
    }

    /** Every pair in order; O(n). */
    public static List<Entry> all(RedisObject o) {
        List<Entry> out = new ArrayList<>((int) length(o));
        if (o.encoding == RedisObject.ENC_LISTPACK) {
            Listpack lp = (Listpack) o.value;
            for (int p = lp.first(); p >= 0; p = lp.next(lp.next(p))) out.add(new Entry(lp.get(p), lpScore(lp, lp.next(p))));
        } else {
            for (SkipList.Node n = ((Zset) o.value).zsl.first(); n != null; n = n.next()) out.add(new Entry(n.ele(), n.score()));
        }
        return out;
    }

    // ---------------------------------------------------------------- conversions

    /** zsetConvert: rebuilds the value in the other encoding, keeping order and scores. O(n). */
    public static void convert(RedisObject o, byte encoding) {
        if (o.encoding == encoding) return;
        if (encoding == RedisObject.ENC_SKIPLIST) {
            Listpack lp = (Listpack) o.value;
            Zset zs = new Zset();
            for (int p = lp.first(); p >= 0; p = lp.next(lp.next(p))) {
                byte[] ele = lp.get(p);
                double score = lpScore(lp, lp.next(p));
                zs.insert(ele, score);
            }
            o.value = zs;
        } else {
            Listpack lp = new Listpack();
            for (SkipList.Node n = ((Zset) o.value).zsl.first(); n != null; n = n.next()) {
                lp.append(n.ele());
                lp.append(lpScoreBytes(n.score()));
            }
            o.value = lp;
        }
        o.encoding = encoding;
    }

    /**
     * zsetConvertToListpackIfNeeded: a freshly built skiplist set goes compact when it fits:
     * few enough members, none too long, and all of them together far below the listpack's
     * 1 GB safety limit (lpSafeToAdd).
     */
    public static void convertToListpackIfNeeded(RedisObject o, long maxelelen, long totelelen, Limits l) {
        if (o.encoding == RedisObject.ENC_LISTPACK) return;
        if (((Zset) o.value).zsl.length() <= l.maxEntries() && maxelelen <= l.maxValue()
                && totelelen <= HashObjects.LISTPACK_MAX_SAFETY_SIZE) {
            convert(o, RedisObject.ENC_LISTPACK);
        }
    }

    // ---------------------------------------------------------------- single members

    /** zsetScore: the member's score or null. */
    public static Double score(RedisObject o, byte[] ele) {
        if (o.encoding == RedisObject.ENC_LISTPACK) {
            Listpack lp = (Listpack) o.value;
            int p = lpFind(lp, ele);
            return p < 0 ? null : lpScore(lp, lp.next(p));
        }
        return ((Zset) o.value).score(ele);
    }

    /**
     * zsetAdd: adds or updates one member under the ZADD flags; returns the OUT_* flags, with the
     * resulting score in newscore[0] unless the result is OUT_NOP or OUT_NAN. May convert the
     * listpack to a skiplist first (see the class comment).
     */
    public static int add(RedisObject o, double score, byte[] ele, int flags, double[] newscore, Limits l) {
        boolean incr = (flags & IN_INCR) != 0, nx = (flags & IN_NX) != 0, xx = (flags & IN_XX) != 0;
        boolean gt = (flags & IN_GT) != 0, lt = (flags & IN_LT) != 0;
        if (Double.isNaN(score)) return OUT_NAN;
        if (o.encoding == RedisObject.ENC_LISTPACK) {
            Listpack lp = (Listpack) o.value;
            int p = lpFind(lp, ele);
            if (p >= 0) {
                if (nx) return OUT_NOP;
                double cur = lpScore(lp, lp.next(p));
                if (incr) {
                    score += cur;
                    if (Double.isNaN(score)) return OUT_NAN;
                }
                if ((lt && score >= cur) || (gt && score <= cur)) return OUT_NOP;
                newscore[0] = score;
                if (score != cur) {
                    lpDeletePair(lp, p);
                    lpInsert(lp, ele, score);
                    return OUT_UPDATED;
                }
                return 0;
            } else if (!xx) {
                if (lp.size() / 2 + 1 > l.maxEntries() || ele.length > l.maxValue()
                        || lp.bytes() + ele.length > HashObjects.LISTPACK_MAX_SAFETY_SIZE) { // lpSafeToAdd
                    convert(o, RedisObject.ENC_SKIPLIST);
                } else {
                    lpInsert(lp, ele, score);
                    newscore[0] = score;
                    return OUT_ADDED;
                }
            } else {
                return OUT_NOP;
            }
        }
        Zset zs = (Zset) o.value;
        DictEntry<byte[], SkipList.Node> de = zs.dict.find(ele);
        if (de != null) {
            if (nx) return OUT_NOP;
            double cur = de.getVal().score();
            if (incr) {
                score += cur;
                if (Double.isNaN(score)) return OUT_NAN;
            }
            if ((lt && score >= cur) || (gt && score <= cur)) return OUT_NOP;
            newscore[0] = score;
            if (score != cur) {
                // Redis points the dict at the score of the node zslUpdateScore returns, which is
                // a new node when the member moved; ours keeps the node object, so the entry
                // stands (and an old-generation entry is not written, which young GCs would rescan)
                SkipList.Node moved = zs.zsl.updateScore(cur, de.getKey(), score);
                if (moved != de.getVal()) de.setVal(moved);
                return OUT_UPDATED;
            }
            return 0;
        } else if (!xx) {
            zs.insert(ele.clone(), score);
            newscore[0] = score;
            return OUT_ADDED;
        }
        return OUT_NOP;
    }

    /** zsetDel: removes a member; false if absent. The caller deletes the key if it became empty. */
    public static boolean delete(RedisObject o, byte[] ele) {
        if (o.encoding == RedisObject.ENC_LISTPACK) {
            Listpack lp = (Listpack) o.value;
            int p = lpFind(lp, ele);
            if (p < 0) return false;
            lpDeletePair(lp, p);
            return true;
        }
        Zset zs = (Zset) o.value;
        DictEntry<byte[], SkipList.Node> de = zs.dict.unlink(ele);
        if (de == null) return false;
        zs.zsl.delete(de.getVal().score(), de.getKey());
        if (zs.dict.needsResize()) zs.dict.resize();
        return true;
    }

    /** zsetRank: 0-based rank from the low (or, reversed, the high) end, or -1 if absent. */
    public static long rank(RedisObject o, byte[] ele, boolean reverse) {
        long llen = length(o);
        if (o.encoding == RedisObject.ENC_LISTPACK) {
            Listpack lp = (Listpack) o.value;
            long rank = 1;
            for (int p = lp.first(); p >= 0; p = lp.next(lp.next(p)), rank++) {
                if (lp.eq(p, ele)) return reverse ? llen - rank : rank - 1;
            }
            return -1;
        }
        Zset zs = (Zset) o.value;
        Double score = zs.score(ele);
        if (score == null) return -1;
        long rank = zs.zsl.getRank(score, ele);
        return reverse ? llen - rank : rank - 1;
    }

    // ---------------------------------------------------------------- ranges

    /** Ranks start..end (0-based, already clamped to the set), forward or from the top. */
    public static List<Entry> rangeByRank(RedisObject o, long start, long end, boolean reverse) {
        List<Entry> out = new ArrayList<>();
        long n = end - start + 1;
        if (o.encoding == RedisObject.ENC_LISTPACK) {
            List<Entry> a = all(o);
            long llen = a.size();
            for (long i = 0; i < n; i++) out.add(a.get((int) (reverse ? llen - 1 - start - i : start + i)));
            return out;
        }
        SkipList zsl = ((Zset) o.value).zsl;
        SkipList.Node x = reverse ? zsl.getElementByRank(zsl.length() - start) : zsl.getElementByRank(start + 1);
        for (long i = 0; i < n && x != null; i++) {
            out.add(new Entry(x.ele(), x.score()));
            x = reverse ? x.prev() : x.next();
        }
        return out;
    }

    /** Members with a score in range, skipping offset of them (negative: none) and stopping after limit (negative: all). */
    public static List<Entry> rangeByScore(RedisObject o, RangeSpec r, boolean reverse, long offset, long limit) {
        return rangeGeneric(o, new Bounds() {
            public boolean aboveMin(Entry e) { return r.gteMin(e.score()); }
            public boolean belowMax(Entry e) { return r.lteMax(e.score()); }
        }, reverse, offset, limit, reverse ? zsl -> zsl.lastInRange(r) : zsl -> zsl.firstInRange(r));
    }

    /** Like {@link #rangeByScore} for a member-string range. */
    public static List<Entry> rangeByLex(RedisObject o, LexRangeSpec r, boolean reverse, long offset, long limit) {
        if (o.encoding == RedisObject.ENC_LISTPACK && !r.nonEmpty()) return new ArrayList<>();
        return rangeGeneric(o, new Bounds() {
            public boolean aboveMin(Entry e) { return r.gteMin(e.ele()); }
            public boolean belowMax(Entry e) { return r.lteMax(e.ele()); }
        }, reverse, offset, limit, reverse ? zsl -> zsl.lastInLexRange(r) : zsl -> zsl.firstInLexRange(r));
    }

    /** The two ends of a score or lex range, as tests on an element. */
    private interface Bounds {
        boolean aboveMin(Entry e);

        boolean belowMax(Entry e);
    }

    /**
     * The walk shared by ZRANGEBYSCORE and ZRANGEBYLEX (genericZrangebyscoreCommand and
     * genericZrangebylexCommand in Redis, two copies of the same loop there): find the first element
     * in range from the chosen end, skip {@code offset}, then collect until the range or
     * {@code limit} ends. A listpack (at most zset-max-listpack-entries members) is scanned.
     */
    private static List<Entry> rangeGeneric(RedisObject o, Bounds b, boolean reverse, long offset, long limit,
                                             java.util.function.Function<SkipList, SkipList.Node> firstInRange) {
        List<Entry> out = new ArrayList<>();
        if (o.encoding == RedisObject.ENC_LISTPACK) {
            List<Entry> a = all(o);
            if (reverse) java.util.Collections.reverse(a);
            for (Entry e : a) {
                if (!(reverse ? b.belowMax(e) : b.aboveMin(e))) continue;
                if (!(reverse ? b.aboveMin(e) : b.belowMax(e))) break;
                if (offset != 0) { if (offset > 0) offset--; continue; }
                if (limit == 0) break;
                out.add(e);
                limit--;
            }
            return out;
        }
        SkipList.Node x = firstInRange.apply(((Zset) o.value).zsl);
        while (x != null && offset != 0) { if (offset > 0) offset--; x = reverse ? x.prev() : x.next(); }
        while (x != null && limit != 0) {
            Entry e = new Entry(x.ele(), x.score());
            if (!(reverse ? b.aboveMin(e) : b.belowMax(e))) break;
            out.add(e);
            limit--;
            x = reverse ? x.prev() : x.next();
        }
        return out;
    }

    /** ZCOUNT: members in the score range; O(log n) on a skiplist through ranks. */
    public static long countInRange(RedisObject o, RangeSpec r) {
        if (o.encoding == RedisObject.ENC_LISTPACK) return rangeByScore(o, r, false, 0, -1).size();
        Zset zs = (Zset) o.value;
        SkipList.Node first = zs.zsl.firstInRange(r);
        if (first == null) return 0;
        long rank = zs.zsl.getRank(first.score(), first.ele());
        long count = zs.zsl.length() - (rank - 1);
        SkipList.Node last = zs.zsl.lastInRange(r);
        if (last != null) count -= zs.zsl.length() - zs.zsl.getRank(last.score(), last.ele());
        return count;
    }

    /** ZLEXCOUNT. */
    public static long countInLexRange(RedisObject o, LexRangeSpec r) {
        if (o.encoding == RedisObject.ENC_LISTPACK) return rangeByLex(o, r, false, 0, -1).size();
        Zset zs = (Zset) o.value;
        SkipList.Node first = zs.zsl.firstInLexRange(r);
        if (first == null) return 0;
        long rank = zs.zsl.getRank(first.score(), first.ele());
        long count = zs.zsl.length() - (rank - 1);
        SkipList.Node last = zs.zsl.lastInLexRange(r);
        if (last != null) count -= zs.zsl.length() - zs.zsl.getRank(last.score(), last.ele());
        return count;
    }

    /** ZREMRANGEBYRANK over 0-based clamped ranks. */
    public static long deleteRangeByRank(RedisObject o, long start, long end) {
        if (o.encoding == RedisObject.ENC_LISTPACK) {
            ((Listpack) o.value).deleteRange(2 * start, 2 * (end - start + 1));
            return end - start + 1;
        }
        Zset zs = (Zset) o.value;
        long n = zs.zsl.deleteRangeByRank(start + 1, end + 1, zs.dict::delete);
        if (zs.dict.needsResize()) zs.dict.resize();
        return n;
    }

    /** ZREMRANGEBYSCORE. */
    public static long deleteRangeByScore(RedisObject o, RangeSpec r) {
        if (o.encoding == RedisObject.ENC_LISTPACK) {
            Listpack lp = (Listpack) o.value;
            long n = 0;
            int p = lp.first();
            while (p >= 0) {
                double s = lpScore(lp, lp.next(p));
                if (r.gteMin(s)) {
                    if (!r.lteMax(s)) break;
                    lp.delete(p);
                    p = lp.delete(p);
                    n++;
                } else {
                    p = lp.next(lp.next(p));
                }
            }
            return n;
        }
        Zset zs = (Zset) o.value;
        long n = zs.zsl.deleteRangeByScore(r, zs.dict::delete);
        if (zs.dict.needsResize()) zs.dict.resize();
        return n;
    }

    /** ZREMRANGEBYLEX. */
    public static long deleteRangeByLex(RedisObject o, LexRangeSpec r) {
        if (o.encoding == RedisObject.ENC_LISTPACK) {
            Listpack lp = (Listpack) o.value;
            long n = 0;
            if (!r.nonEmpty()) return 0;
            int p = lp.first();
            while (p >= 0) {
                byte[] e = lp.get(p);
                if (r.gteMin(e)) {
                    if (!r.lteMax(e)) break;
                    lp.delete(p);
                    p = lp.delete(p);
                    n++;
                } else {
                    p = lp.next(lp.next(p));
                }
            }
            return n;
        }
        Zset zs = (Zset) o.value;
        long n = zs.zsl.deleteRangeByLex(r, zs.dict::delete);
        if (zs.dict.needsResize()) zs.dict.resize();
        return n;
    }

    /** zsetDup (COPY): same encoding, nothing shared. */
    public static RedisObject dup(RedisObject o) {
        if (o.encoding == RedisObject.ENC_LISTPACK) {
            return new RedisObject(RedisObject.TYPE_ZSET, RedisObject.ENC_LISTPACK, ((Listpack) o.value).copy());
        }
        RedisObject d = createSkiplist();
        Zset zs = (Zset) d.value;
        for (SkipList.Node n = ((Zset) o.value).zsl.first(); n != null; n = n.next()) {
            zs.insert(n.ele().clone(), n.score());
        }
        return d;
    }

    /** A dict iterator over a skiplist set's members (for ZSCAN and ZRANDMEMBER). */
    static DictIterator<byte[], SkipList.Node> iterator(RedisObject o) { return ((Zset) o.value).dict.iterator(); }
}
