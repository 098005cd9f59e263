package io.glassbox.command.zset;

import io.glassbox.server.Notify;
import io.glassbox.command.CommandTable;
import io.glassbox.db.RedisDb;
import io.glassbox.db.RedisObject;
import io.glassbox.db.ZsetObjects;
import io.glassbox.db.ZsetObjects.Entry;
import io.glassbox.ds.skiplist.LexRangeSpec;
import io.glassbox.ds.skiplist.RangeSpec;
import io.glassbox.server.Client;

import java.util.List;

import static io.glassbox.command.zset.ZsetArgs.isZsetOrNull;

/**
 * The ZRANGE family (zrangeGenericCommand in t_zset.c) and the other range commands: ZCOUNT,
 * ZLEXCOUNT, ZREMRANGEBYRANK, ZREMRANGEBYSCORE, ZREMRANGEBYLEX.
 *
 * <p>Since 6.2 one parser serves ZRANGE with BYSCORE/BYLEX/REV/LIMIT, the seven older
 * commands (which fix the range type and direction in advance, so the matching option becomes
 * a syntax error) and ZRANGESTORE (same ranges, result written into a key). The range is
 * collected first, then either replied or stored: Redis's {@code zrange_result_handler}.
 *
 * <p>Bounds: by rank O(log n + m) on a skiplist (the start node is found through spans); by
 * score or lex O(log n + offset + m); on a listpack O(n).
 */
public final class ZrangeCommands {
    private ZrangeCommands() {}

    enum RangeType { AUTO, RANK, SCORE, LEX }

    static void register(CommandTable t) {
        t.bind("zrange", c -> zrangeGeneric(c, 1, false, RangeType.AUTO, 0));
        t.bind("zrangestore", c -> zrangeGeneric(c, 2, true, RangeType.AUTO, 0));
        t.bind("zrevrange", c -> zrangeGeneric(c, 1, false, RangeType.RANK, -1));
        t.bind("zrangebyscore", c -> zrangeGeneric(c, 1, false, RangeType.SCORE, 1));
        t.bind("zrevrangebyscore", c -> zrangeGeneric(c, 1, false, RangeType.SCORE, -1));
        t.bind("zrangebylex", c -> zrangeGeneric(c, 1, false, RangeType.LEX, 1));
        t.bind("zrevrangebylex", c -> zrangeGeneric(c, 1, false, RangeType.LEX, -1));
        t.bind("zcount", ZrangeCommands::zcount);
        t.bind("zlexcount", ZrangeCommands::zlexcount);
        t.bind("zremrangebyrank", c -> zremrangeGeneric(c, RangeType.RANK));
        t.bind("zremrangebyscore", c -> zremrangeGeneric(c, RangeType.SCORE));
        t.bind("zremrangebylex", c -> zremrangeGeneric(c, RangeType.LEX));
    }

    static final String NOT_FLOAT = "min or max is not a float";
    static final String NOT_LEX = "min or max not valid string range item";

    /**
     * zrangeGenericCommand. {@code direction}: 0 = not fixed (REV allowed), 1 forward, -1 reverse.
     * Arguments start at argv[argcStart]: key, min, max, then options.
     */
    static void zrangeGeneric(Client c, int argcStart, boolean store, RangeType rangetype, int direction) {
        byte[] key = c.arg(argcStart);
        int minidx = argcStart + 1, maxidx = argcStart + 2;
        boolean withscores = false;
        long offset = 0, limit = -1;
        boolean limitGiven = false;
        for (int j = argcStart + 3; j < c.argc(); j++) {
            int leftargs = c.argc() - j - 1;
            if (!store && c.argIs(j, "withscores")) {
                withscores = true;
            } else if (c.argIs(j, "limit") && leftargs >= 2) {
                Long o = ZsetArgs.longOrReply(c, c.arg(j + 1));
                if (o == null) return;
                Long l = ZsetArgs.longOrReply(c, c.arg(j + 2));
                if (l == null) return;
                offset = o;
                limit = l;
                limitGiven = true;
                j += 2;
            } else if (direction == 0 && c.argIs(j, "rev")) {
                direction = -1;
            } else if (rangetype == RangeType.AUTO && c.argIs(j, "bylex")) {
                rangetype = RangeType.LEX;
            } else if (rangetype == RangeType.AUTO && c.argIs(j, "byscore")) {
                rangetype = RangeType.SCORE;
            } else {
                c.addErrorSyntax();
                return;
            }
        }
        if (direction == 0) direction = 1;
        if (rangetype == RangeType.AUTO) rangetype = RangeType.RANK;
        boolean reverse = direction < 0;
        // Redis tests opt_limit != -1, so "LIMIT 0 -1" passes as no limit at all
        if (limitGiven && limit != -1 && rangetype == RangeType.RANK) {
            c.addError("syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
            return;
        }
        if (withscores && rangetype == RangeType.LEX) {
            c.addError("syntax error, WITHSCORES not supported in combination with BYLEX");
            return;
        }
        if (reverse && rangetype != RangeType.RANK) { int t = maxidx; maxidx = minidx; minidx = t; }

        long start = 0, end = 0;
        RangeSpec range = null;
        LexRangeSpec lex = null;
        switch (rangetype) {
            case SCORE:
                range = ZsetArgs.parseRange(c.arg(minidx), c.arg(maxidx));
                if (range == null) { c.addError(NOT_FLOAT); return; }
                break;
            case LEX:
                lex = LexRangeSpec.parse(c.arg(minidx), c.arg(maxidx));
                if (lex == null) { c.addError(NOT_LEX); return; }
                break;
            default: {
                Long s = ZsetArgs.longOrReply(c, c.arg(minidx));
                if (s == null) return;
                Long e = ZsetArgs.longOrReply(c, c.arg(maxidx));
                if (e == null) return;
                start = s;
                end = e;
            }
        }

        RedisObject zobj = c.db().lookupKeyRead(key);
        if (zobj == null) {
            if (store) finishStore(c, c.arg(1), List.of(), -1);
            else c.addEmptyArray();
            return;
        }
        if (!isZsetOrNull(c, zobj)) return;

        List<Entry> result;
        switch (rangetype) {
            case SCORE:
                result = offset > 0 && offset >= ZsetObjects.length(zobj) ? List.of()
                        : ZsetObjects.rangeByScore(zobj, range, reverse, offset, limit);
                break;
            case LEX:
                result = offset > 0 && offset >= ZsetObjects.length(zobj) ? List.of()
                        : ZsetObjects.rangeByLex(zobj, lex, reverse, offset, limit);
                break;
            default: {
                long llen = ZsetObjects.length(zobj);
                if (start < 0) start = llen + start;
                if (end < 0) end = llen + end;
                if (start < 0) start = 0;
                if (start > end || start >= llen) result = List.of();
                else result = ZsetObjects.rangeByRank(zobj, start, Math.min(end, llen - 1), reverse);
            }
        }
        if (store) finishStore(c, c.arg(1), result, rangetype == RangeType.SCORE || rangetype == RangeType.LEX ? -1 : result.size());
        else ZsetArgs.addEntries(c, result, withscores);
    }

    /**
     * zrangeResultBeginStore + zrangeResultFinalizeStore: a non-empty result replaces the
     * destination; an empty one deletes it. A rank range knows its length before it emits
     * anything ({@code length}), and a destination longer than zset-max-listpack-entries starts
     * as a skiplist; a score or lex range does not ({@code length} -1), so its destination starts
     * as a listpack and zsetAdd converts it as it grows, like any ZADD. The difference shows:
     * a listpack stores a score as d2string writes it, which turns -0 into 0.
     */
    private static void finishStore(Client c, byte[] dstkey, List<Entry> result, long length) {
        RedisDb db = c.db();
        if (!result.isEmpty()) {
            ZsetObjects.Limits limits = ZsetArgs.limits(c);
            RedisObject dst = length > limits.maxEntries() ? ZsetObjects.createSkiplist() : ZsetObjects.createListpack();
            double[] ns = new double[1];
            for (Entry e : result) ZsetObjects.add(dst, e.score(), e.ele(), 0, ns, limits);
            db.setKey(dstkey, dst, false);
            c.addLong(result.size());
            Notify.event(c, Notify.ZSET, "zrangestore", dstkey);
            c.server().keyspace().stats.dirty++;
        } else {
            c.addLong(0);
            if (db.dbDelete(dstkey)) {
                db.signalModifiedKey(dstkey);
                Notify.event(c, Notify.GENERIC, "del", dstkey);
                c.server().keyspace().stats.dirty++;
            }
        }
    }

    /** ZCOUNT key min max. */
    static void zcount(Client c) {
        RangeSpec r = ZsetArgs.parseRange(c.arg(2), c.arg(3));
        if (r == null) { c.addError(NOT_FLOAT); return; }
        RedisObject o = c.db().lookupKeyRead(c.arg(1));
        if (o == null) { c.addLong(0); return; }
        if (!isZsetOrNull(c, o)) return;
        c.addLong(ZsetObjects.countInRange(o, r));
    }

    /** ZLEXCOUNT key min max. */
    static void zlexcount(Client c) {
        LexRangeSpec r = LexRangeSpec.parse(c.arg(2), c.arg(3));
        if (r == null) { c.addError(NOT_LEX); return; }
        RedisObject o = c.db().lookupKeyRead(c.arg(1));
        if (o == null) { c.addLong(0); return; }
        if (!isZsetOrNull(c, o)) return;
        c.addLong(ZsetObjects.countInLexRange(o, r));
    }

    /** zremrangeGenericCommand: parse the range, then delete it; the key goes when the set empties. */
    static void zremrangeGeneric(Client c, RangeType type) {
        byte[] key = c.arg(1);
        long start = 0, end = 0;
        RangeSpec range = null;
        LexRangeSpec lex = null;
        if (type == RangeType.RANK) {
            Long s = ZsetArgs.longOrReply(c, c.arg(2));
            if (s == null) return;
            Long e = ZsetArgs.longOrReply(c, c.arg(3));
            if (e == null) return;
            start = s;
            end = e;
        } else if (type == RangeType.SCORE) {
            range = ZsetArgs.parseRange(c.arg(2), c.arg(3));
            if (range == null) { c.addError(NOT_FLOAT); return; }
        } else {
            lex = LexRangeSpec.parse(c.arg(2), c.arg(3));
            if (lex == null) { c.addError(NOT_LEX); return; }
        }
        RedisDb db = c.db();
        RedisObject o = db.lookupKeyWrite(key);
        if (o == null) { c.addLong(0); return; }
        if (!isZsetOrNull(c, o)) return;
        long deleted;
        if (type == RangeType.RANK) {
            long llen = ZsetObjects.length(o);
            if (start < 0) start = llen + start;
            if (end < 0) end = llen + end;
            if (start < 0) start = 0;
            if (start > end || start >= llen) { c.addLong(0); return; }
            if (end >= llen) end = llen - 1;
            deleted = ZsetObjects.deleteRangeByRank(o, start, end);
        } else if (type == RangeType.SCORE) {
            deleted = ZsetObjects.deleteRangeByScore(o, range);
        } else {
            deleted = ZsetObjects.deleteRangeByLex(o, lex);
        }
        boolean keyremoved = ZsetObjects.length(o) == 0;
        if (keyremoved) db.dbDelete(key);
        if (deleted > 0) {
            db.signalModifiedKey(key);
            Notify.event(c, Notify.ZSET, type == RangeType.RANK ? "zremrangebyrank"
                    : type == RangeType.SCORE ? "zremrangebyscore" : "zremrangebylex", key);
            if (keyremoved) Notify.event(c, Notify.GENERIC, "del", key);
        }
        c.server().keyspace().stats.dirty += deleted;
        c.addLong(deleted);
    }
}
