package io.glassbox.command.zset;

import io.glassbox.server.Notify;
import io.glassbox.command.generic.ScanOptions;
import io.glassbox.command.CommandTable;
import io.glassbox.command.generic.KeyCommands;
import io.glassbox.command.list.BlockingListCommands;
import io.glassbox.db.RedisDb;
import io.glassbox.db.RedisObject;
import io.glassbox.db.ZsetObjects;
import io.glassbox.db.ZsetObjects.Entry;
import io.glassbox.ds.dict.Dict;
import io.glassbox.ds.dict.DictEntry;
import io.glassbox.ds.skiplist.SkipList;
import io.glassbox.ds.listpack.Listpack;
import io.glassbox.server.Blocking;
import io.glassbox.server.Client;
import io.glassbox.server.Propagation;
import io.glassbox.util.RedisNumbers;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static io.glassbox.command.zset.ZsetArgs.addScore;
import static io.glassbox.command.zset.ZsetArgs.isZsetOrNull;

/**
 * Sorted-set commands that work on single members (t_zset.c): ZADD and ZINCRBY, ZREM, ZCARD,
 * ZSCORE, ZMSCORE, ZRANK, ZREVRANK, ZPOPMIN, ZPOPMAX, ZMPOP and their blocking forms BZPOPMIN,
 * BZPOPMAX, BZMPOP, ZRANDMEMBER, ZSCAN. The family registers
 * the range and set-operation commands too.
 */
public final class ZsetCommands {
    private ZsetCommands() {}

    public static void register(CommandTable t) {
        t.bind("zadd", c -> zaddGeneric(c, 0));
        t.bind("zincrby", c -> zaddGeneric(c, ZsetObjects.IN_INCR));
        t.bind("zrem", ZsetCommands::zrem);
        t.bind("zcard", ZsetCommands::zcard);
        t.bind("zscore", ZsetCommands::zscore);
        t.bind("zmscore", ZsetCommands::zmscore);
        t.bind("zrank", c -> zrankGeneric(c, false));
        t.bind("zrevrank", c -> zrankGeneric(c, true));
        t.bind("zpopmin", c -> zpopMinMax(c, false));
        t.bind("zpopmax", c -> zpopMinMax(c, true));
        t.bind("zmpop", ZsetCommands::zmpop, ZsetCommands::zmpopKeys);
        t.bind("bzpopmin", c -> bzpopMinMax(c, false));
        t.bind("bzpopmax", c -> bzpopMinMax(c, true));
        t.bind("bzmpop", c -> zmpopGeneric(c, 2, true), ZsetCommands::bzmpopKeys);
        t.bind("zrandmember", ZsetCommands::zrandmember);
        t.bind("zscan", ZsetCommands::zscan);
        ZrangeCommands.register(t);
        ZsetSetOps.register(t);
    }

    // ---------------------------------------------------------------- ZADD / ZINCRBY

    /**
     * zaddGenericCommand: options first (NX XX GT LT CH INCR, in any order, until the first
     * argument that is none of them), then score/member pairs. Every score is parsed before the
     * key is touched, so a bad float changes nothing. ZINCRBY is ZADD with INCR.
     */
    static void zaddGeneric(Client c, int flags) {
        int scoreidx = 2;
        boolean ch = false;
        while (scoreidx < c.argc()) {
            if (c.argIs(scoreidx, "nx")) flags |= ZsetObjects.IN_NX;
            else if (c.argIs(scoreidx, "xx")) flags |= ZsetObjects.IN_XX;
            else if (c.argIs(scoreidx, "ch")) ch = true;
            else if (c.argIs(scoreidx, "incr")) flags |= ZsetObjects.IN_INCR;
            else if (c.argIs(scoreidx, "gt")) flags |= ZsetObjects.IN_GT;
            else if (c.argIs(scoreidx, "lt")) flags |= ZsetObjects.IN_LT;
            else break;
            scoreidx++;
        }
        boolean incr = (flags & ZsetObjects.IN_INCR) != 0, nx = (flags & ZsetObjects.IN_NX) != 0;
        boolean xx = (flags & ZsetObjects.IN_XX) != 0, gt = (flags & ZsetObjects.IN_GT) != 0, lt = (flags & ZsetObjects.IN_LT) != 0;
        int elements = c.argc() - scoreidx;
        if (elements % 2 != 0 || elements == 0) { c.addErrorSyntax(); return; }
        elements /= 2;
        if (nx && xx) { c.addError("XX and NX options at the same time are not compatible"); return; }
        if ((gt && nx) || (lt && nx) || (gt && lt)) {
            c.addError("GT, LT, and/or NX options at the same time are not compatible");
            return;
        }
        if (incr && elements > 1) { c.addError("INCR option supports a single increment-element pair"); return; }
        double[] scores = new double[elements];
        for (int j = 0; j < elements; j++) {
            Double d = ZsetArgs.doubleOrReply(c, c.arg(scoreidx + j * 2), null);
            if (d == null) return;
            scores[j] = d;
        }

        byte[] key = c.arg(1);
        RedisDb db = c.db();
        RedisObject zobj = db.lookupKeyWrite(key);
        if (!isZsetOrNull(c, zobj)) return;
        ZsetObjects.Limits limits = ZsetArgs.limits(c);
        long added = 0, updated = 0, processed = 0;
        double score = 0;
        if (zobj == null) {
            if (xx) { replyZadd(c, incr, ch, 0, 0, 0, 0); return; }
            zobj = ZsetObjects.createFor(limits, c.arg(scoreidx + 1).length);
            db.dbAdd(key, zobj);
        }
        // zsetAdd's out-parameter for the resulting score: only the last one is replied, and scores[0]
        // is read before anything is written to it, so the scores array doubles as it (one
        // allocation per ZADD instead of two).
        double[] newscore = scores;
        boolean nan = false;
        for (int j = 0; j < elements; j++) {
            int out = ZsetObjects.add(zobj, scores[j], c.arg(scoreidx + 1 + j * 2), flags, newscore, limits);
            if ((out & ZsetObjects.OUT_NAN) != 0) { nan = true; break; }
            if ((out & ZsetObjects.OUT_ADDED) != 0) added++;
            if ((out & ZsetObjects.OUT_UPDATED) != 0) updated++;
            if ((out & ZsetObjects.OUT_NOP) == 0) processed++;
            score = newscore[0];
        }
        c.server().keyspace().stats.dirty += added + updated;
        if (nan) c.addError("resulting score is not a number (NaN)");
        else replyZadd(c, incr, ch, added, updated, processed, score);
        if (added > 0 || updated > 0) {
            db.signalModifiedKey(key);
            Notify.event(c, Notify.ZSET, incr ? "zincr" : "zadd", key);
        }
    }

    private static void replyZadd(Client c, boolean incr, boolean ch, long added, long updated, long processed, double score) {
        if (incr) {
            if (processed > 0) addScore(c, score); else c.addNull();
        } else {
            c.addLong(ch ? added + updated : added);
        }
    }

    // ---------------------------------------------------------------- simple reads and ZREM

    /** ZREM: removes the members that exist; deletes the key when the set empties. */
    static void zrem(Client c) {
        byte[] key = c.arg(1);
        RedisObject o = c.db().lookupKeyWrite(key);
        if (o == null) { c.addLong(0); return; }
        if (!isZsetOrNull(c, o)) return;
        long deleted = 0;
        boolean keyremoved = false;
        for (int j = 2; j < c.argc(); j++) {
            if (ZsetObjects.delete(o, c.arg(j))) {
                deleted++;
                if (ZsetObjects.length(o) == 0) { c.db().dbDelete(key); keyremoved = true; break; }
            }
        }
        if (deleted > 0) {
            Notify.event(c, Notify.ZSET, "zrem", key);
            if (keyremoved) Notify.event(c, Notify.GENERIC, "del", key);
            c.db().signalModifiedKey(key);
            c.server().keyspace().stats.dirty += deleted;
        }
        c.addLong(deleted);
    }

    static void zcard(Client c) {
        RedisObject o = c.db().lookupKeyRead(c.arg(1));
        if (o == null) { c.addLong(0); return; }
        if (!isZsetOrNull(c, o)) return;
        c.addLong(ZsetObjects.length(o));
    }

    static void zscore(Client c) {
        RedisObject o = c.db().lookupKeyRead(c.arg(1));
        if (o == null) { c.addNull(); return; }
        if (!isZsetOrNull(c, o)) return;
        Double s = ZsetObjects.score(o, c.arg(2));
        if (s == null) c.addNull(); else addScore(c, s);
    }

    /** ZMSCORE: one score or null per member; a missing key answers all nulls. */
    static void zmscore(Client c) {
        RedisObject o = c.db().lookupKeyRead(c.arg(1));
        if (!isZsetOrNull(c, o)) return;
        c.addArrayLen(c.argc() - 2);
        for (int j = 2; j < c.argc(); j++) {
            Double s = o == null ? null : ZsetObjects.score(o, c.arg(j));
            if (s == null) c.addNull(); else addScore(c, s);
        }
    }

    /** ZRANK / ZREVRANK (zrankGenericCommand): the 0-based position, or null. */
    static void zrankGeneric(Client c, boolean reverse) {
        RedisObject o = c.db().lookupKeyRead(c.arg(1));
        if (o == null) { c.addNull(); return; }
        if (!isZsetOrNull(c, o)) return;
        long rank = ZsetObjects.rank(o, c.arg(2), reverse);
        if (rank < 0) c.addNull(); else c.addLong(rank);
    }

    // ---------------------------------------------------------------- ZPOPMIN / ZPOPMAX

    /**
     * ZPOPMIN/ZPOPMAX key [count] (zpopMinMaxCommand): removes and returns up to count members
     * from the low or high end. Without count the reply is a flat [member, score]; with count, a
     * flat array in RESP2 and [member, score] pairs in RESP3.
     */
    static void zpopMinMax(Client c, boolean max) {
        if (c.argc() > 3) { c.addErrorSyntax(); return; }
        long count = -1;
        if (c.argc() == 3) {
            Long n = ZsetArgs.positiveLongOrReply(c, c.arg(2), null);
            if (n == null) return;
            count = n;
        }
        genericZpop(c, List.of(c.arg(1)), max, false, count, count != -1 && c.resp3(), false);
    }

    /**
     * ZMPOP numkeys key [key ...] MIN|MAX [COUNT count] (zmpopGenericCommand, non-blocking): pops
     * from the first non-empty set among the keys; the reply names the key and nests the pairs,
     * or is a null array when every key is empty.
     */
    static void zmpop(Client c) { zmpopGeneric(c, 1, false); }

    /** zmpopGenericCommand: ZMPOP has numkeys at argv[1]; BZMPOP has the timeout there and numkeys at argv[2]. */
    static void zmpopGeneric(Client c, int numkeysIdx, boolean block) {
        long[] out = new long[1];
        if (!RedisNumbers.string2ll(c.arg(numkeysIdx), out) || out[0] < 1) { c.addError("numkeys should be greater than 0"); return; }
        long numkeys = out[0];
        long whereIdx = numkeysIdx + numkeys + 1;
        if (whereIdx >= c.argc()) { c.addErrorSyntax(); return; }
        boolean max;
        if (c.argIs((int) whereIdx, "min")) max = false;
        else if (c.argIs((int) whereIdx, "max")) max = true;
        else { c.addErrorSyntax(); return; }
        long count = -1;
        for (int j = (int) whereIdx + 1; j < c.argc(); j++) {
            int moreargs = c.argc() - 1 - j;
            if (count == -1 && c.argIs(j, "count") && moreargs > 0) {
                j++;
                if (!RedisNumbers.string2ll(c.arg(j), out) || out[0] < 1) { c.addError("count should be greater than 0"); return; }
                count = out[0];
            } else {
                c.addErrorSyntax();
                return;
            }
        }
        if (count == -1) count = 1;
        List<byte[]> keys = new ArrayList<>(c.argv.subList(numkeysIdx + 1, (int) (numkeysIdx + 1 + numkeys)));
        if (block) blockingGenericZpop(c, keys, max, 1, count, true, true);
        else genericZpop(c, keys, max, true, count, true, true);
    }

    /**
     * genericZpopCommand: pops from the first existing key among {@code keys} (a key of another
     * type stops the search with WRONGTYPE). count -1 means "no count given". The reply shapes
     * are Redis's: [member, score] flat (ZPOPMIN) or as pairs (ZPOPMIN with count in RESP3);
     * with the key in front, flat (BZPOPMIN: [key, member, score]) or nested (ZMPOP, BZMPOP:
     * [key, [[member, score], ...]]). Returns true if the popped key was deleted (it emptied).
     */
    static boolean genericZpop(Client c, List<byte[]> keys, boolean max, boolean emitkey, long count,
                               boolean nested, boolean nilWhenEmpty) {
        if (count == -1) count = 1;
        RedisObject o = null;
        byte[] key = null;
        for (byte[] k : keys) {
            key = k;
            o = c.db().lookupKeyWrite(key);
            if (o == null) continue;
            if (!isZsetOrNull(c, o)) return false;
            break;
        }
        if (o == null) {
            if (nilWhenEmpty) c.addNullArray(); else c.addEmptyArray();
            return false;
        }
        // ZPOPMIN key 0: checked after the type, as Redis does (a string key still gets WRONGTYPE).
        if (count == 0) { c.addEmptyArray(); return false; }
        long llen = ZsetObjects.length(o);
        long n = Math.min(count, llen);
        List<Entry> popped = ZsetObjects.rangeByRank(o, 0, n - 1, max);
        for (Entry e : popped) ZsetObjects.delete(o, e.ele());
        if (emitkey && nested) {
            c.addArrayLen(2);
            c.addBulk(key);
            c.addArrayLen(n);
        } else if (emitkey) {
            c.addArrayLen(2 * n + 1);
            c.addBulk(key);
        } else {
            c.addArrayLen(nested ? n : 2 * n);
        }
        // Redis 7.0 notifies while popping the first element, after the reply's headers: a client
        // subscribed to its own events in RESP3 gets the pushes inside the reply array (genericZpopCommand).
        Notify.event(c, Notify.ZSET, max ? "zpopmax" : "zpopmin", key);
        for (Entry e : popped) {
            if (nested) c.addArrayLen(2);
            c.addBulk(e.ele());
            addScore(c, e.score());
        }
        boolean deleted = ZsetObjects.length(o) == 0;
        if (deleted) { c.db().dbDelete(key); Notify.event(c, Notify.GENERIC, "del", key); }
        c.db().signalModifiedKey(key);
        c.server().keyspace().stats.dirty += n;
        if (emitkey) {
            // BZPOPMIN replicates as ZPOPMIN key; ZMPOP/BZMPOP as ZPOPMIN key count (the count popped)
            byte[] name = max ? Propagation.ZPOPMAX : Propagation.ZPOPMIN;
            if (nested) c.alsoPropagate(name, key, Propagation.number(n));
            else c.alsoPropagate(name, key);
            c.preventCommandPropagation();
        }
        return deleted;
    }

    // ---------------------------------------------------------------- BZPOPMIN / BZPOPMAX / BZMPOP

    /** BZPOPMIN/BZPOPMAX key [key ...] timeout. */
    static void bzpopMinMax(Client c, boolean max) {
        List<byte[]> keys = new ArrayList<>(c.argv.subList(1, c.argc() - 1));
        blockingGenericZpop(c, keys, max, c.argc() - 1, -1, false, false);
    }

    /**
     * blockingGenericZpopCommand: like the non-blocking pop when one of the keys holds a sorted
     * set; otherwise the client waits (Blocking, BLOCKED_ZSET) until a ZADD creates one of the
     * keys or the timeout passes (then a null array). Inside MULTI it answers as a timeout would.
     */
    static void blockingGenericZpop(Client c, List<byte[]> keys, boolean max, int timeoutIdx, long count,
                                    boolean nested, boolean nilWhenEmpty) {
        Long timeout = BlockingListCommands.getTimeout(c, timeoutIdx);
        if (timeout == null) return;
        for (byte[] key : keys) {
            RedisObject o = c.db().lookupKeyWrite(key);
            if (o == null) continue;
            if (!isZsetOrNull(c, o)) return;
            if (ZsetObjects.length(o) == 0) continue;
            genericZpop(c, List.of(key), max, true, count, nested, nilWhenEmpty);
            return;
        }
        if (c.denyBlocking) { c.addNullArray(); return; }
        c.server().blocking().blockForKeys(c, Blocking.BLOCKED_ZSET, keys, timeout,
                (receiver, key, o) -> genericZpop(receiver, List.of(key), max, true, count, nested, nested));
    }

    /** zmpop's key finder: numkeys at argv[1], the keys after it. */
    static int[] zmpopKeys(List<byte[]> argv) { return numkeysKeys(argv, 1); }

    /** bzmpop's key finder: the timeout, then numkeys at argv[2] and the keys. */
    static int[] bzmpopKeys(List<byte[]> argv) { return numkeysKeys(argv, 2); }

    private static int[] numkeysKeys(List<byte[]> argv, int idx) {
        long[] n = new long[1];
        if (argv.size() <= idx || !RedisNumbers.string2ll(argv.get(idx), n) || n[0] < 1 || n[0] > argv.size() - idx - 1) return new int[0];
        int[] keys = new int[(int) n[0]];
        for (int i = 0; i < keys.length; i++) keys[i] = idx + 1 + i;
        return keys;
    }

    // ---------------------------------------------------------------- ZRANDMEMBER

    /**
     * ZRANDMEMBER key [count [WITHSCORES]] (zrandmemberCommand / zrandmemberWithCountCommand).
     * A negative count may repeat members; a positive one returns distinct members, the whole set
     * when count reaches its size.
     */
    static void zrandmember(Client c) {
        if (c.argc() >= 3) { zrandmemberWithCount(c); return; }
        RedisObject o = c.db().lookupKeyRead(c.arg(1));
        if (o == null) { c.addNull(); return; }
        if (!isZsetOrNull(c, o)) return;
        List<Entry> all = ZsetObjects.all(o);
        c.addBulk(all.get(ThreadLocalRandom.current().nextInt(all.size())).ele());
    }

    private static void zrandmemberWithCount(Client c) {
        long[] out = new long[1];
        if (!RedisNumbers.string2ll(c.arg(2), out)) { c.addErrorNotInteger(); return; }
        long l = out[0];
        if (l == Long.MIN_VALUE) {
            c.addError("value is out of range, value must between -9223372036854775807 and 9223372036854775807");
            return;
        }
        if (c.argc() > 4 || (c.argc() == 4 && !c.argIs(3, "withscores"))) { c.addErrorSyntax(); return; }
        boolean withscores = c.argc() == 4;
        if (withscores && (l < -Long.MAX_VALUE / 2 || l > Long.MAX_VALUE / 2)) { c.addError("value is out of range"); return; }
        RedisObject o = c.db().lookupKeyRead(c.arg(1));
        if (o == null) { c.addEmptyArray(); return; }
        if (!isZsetOrNull(c, o)) return;
        if (l == 0) { c.addEmptyArray(); return; }
        List<Entry> all = ZsetObjects.all(o);
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        List<Entry> pick = new ArrayList<>();
        if (l < 0) {
            // repetitions allowed: stream the samples, and stop once the output buffer limit closes
            // the client (zrandmemberWithCountCommand checks CLIENT_CLOSE_ASAP): -l may be huge
            long count = -l;
            c.addArrayLen(withscores && !c.resp3() ? count * 2 : count);
            while (count-- > 0 && !c.closeAsap()) {
                Entry e = all.get(rnd.nextInt(all.size()));
                if (withscores && c.resp3()) c.addArrayLen(2);
                c.addBulk(e.ele());
                if (withscores) ZsetArgs.addScore(c, e.score());
            }
            return;
        } else if (l >= all.size()) {
            pick = all;
        } else {
            // a partial Fisher-Yates shuffle: the first l slots become a uniform sample
            List<Entry> a = new ArrayList<>(all);
            for (int i = 0; i < l; i++) {
                int j = i + rnd.nextInt(a.size() - i);
                Entry t = a.get(i); a.set(i, a.get(j)); a.set(j, t);
                pick.add(a.get(i));
            }
        }
        ZsetArgs.addEntries(c, pick, withscores);
    }

    // ---------------------------------------------------------------- ZSCAN

    /**
     * ZSCAN key cursor [MATCH pattern] [COUNT count] (scanGenericCommand on a sorted set). A
     * listpack is small, so it comes back whole with cursor 0 and its scores as stored; a
     * skiplist set is scanned through its dict like the keyspace, scores as d2string text.
     */
    static void zscan(Client c) {
        long[] cursor = new long[1];
        if (!KeyCommands.parseScanCursorOrReply(c, c.arg(2), cursor)) return;
        RedisObject o = c.db().lookupKeyRead(c.arg(1));
        if (o == null) { ScanOptions.replyEmpty(c); return; }
        if (!isZsetOrNull(c, o)) return;
        ScanOptions opts = ScanOptions.parseOrReply(c, 3, false);
        if (opts == null) return;
        long count = opts.count();
        List<byte[]> items = new ArrayList<>();
        long next = 0;
        if (o.encoding == RedisObject.ENC_LISTPACK) {
            Listpack lp = (Listpack) o.value;
            for (int p = lp.first(); p >= 0; p = lp.next(lp.next(p))) {
                items.add(lp.get(p));
                items.add(lp.get(lp.next(p)));
            }
        } else {
            Dict<byte[], SkipList.Node> dict = ((ZsetObjects.Zset) o.value).dict;
            long maxIterations = count * 10;
            long cur = cursor[0];
            do {
                cur = dict.scan(cur, (DictEntry<byte[], SkipList.Node> de) -> {
                    items.add(de.getKey());
                    items.add(RedisNumbers.d2string(de.getVal().score()));
                });
            } while (cur != 0 && maxIterations-- != 0 && items.size() / 2 < count);
            next = cur;
        }
        opts.reply(c, next, items, 2);
    }
}
