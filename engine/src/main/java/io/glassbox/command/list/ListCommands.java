package io.glassbox.command.list;

import io.glassbox.server.Notify;
import io.glassbox.command.CommandTable;
import io.glassbox.db.ListObjects;
import io.glassbox.db.RedisDb;
import io.glassbox.db.RedisObject;
import io.glassbox.ds.quicklist.Quicklist;
import io.glassbox.ds.quicklist.QuicklistIterator;
import io.glassbox.ds.quicklist.QuicklistEntry;
import io.glassbox.server.Client;
import io.glassbox.server.Propagation;
import io.glassbox.util.RedisNumbers;

import java.util.ArrayList;
import java.util.List;

/**
 * The non-blocking list commands: Redis 7.0's {@code t_list.c}.
 *
 * <p>{@code LIST_HEAD} is the left end (LPUSH, LPOP), {@code LIST_TAIL} the right. Positions that
 * commands take are element indexes, negative ones counting from the tail (-1 is the last).
 * Commands that look for an element (LINSERT, LREM, LPOS) walk the quicklist with an iterator, so
 * they cost O(N); index access (LINDEX, LSET) skips whole nodes and costs O(nodes).
 */
public final class ListCommands {
    private ListCommands() {}

    static final boolean LIST_HEAD = true, LIST_TAIL = false;

    public static void register(CommandTable t) {
        t.bind("lpush", c -> pushGenericCommand(c, LIST_HEAD, false));
        t.bind("rpush", c -> pushGenericCommand(c, LIST_TAIL, false));
        t.bind("lpushx", c -> pushGenericCommand(c, LIST_HEAD, true));
        t.bind("rpushx", c -> pushGenericCommand(c, LIST_TAIL, true));
        t.bind("lpop", c -> popGenericCommand(c, LIST_HEAD));
        t.bind("rpop", c -> popGenericCommand(c, LIST_TAIL));
        t.bind("llen", ListCommands::llen);
        t.bind("lrange", ListCommands::lrange);
        t.bind("lindex", ListCommands::lindex);
        t.bind("lset", ListCommands::lset);
        t.bind("linsert", ListCommands::linsert);
        t.bind("lrem", ListCommands::lrem);
        t.bind("ltrim", ListCommands::ltrim);
        t.bind("lpos", ListCommands::lpos);
        t.bind("lmove", ListCommands::lmove);
        t.bind("rpoplpush", c -> lmoveGenericCommand(c, LIST_TAIL, LIST_HEAD));
        t.bind("lmpop", c -> lmpopGenericCommand(c, 1, false));
        BlockingListCommands.register(t);
    }

    // ---------------------------------------------------------------- helpers

    /** checkType: true (and WRONGTYPE replied) if o exists and is not a list. */
    static boolean wrongType(Client c, RedisObject o) {
        if (o != null && o.type != RedisObject.TYPE_LIST) {
            c.addErrorWrongType();
            return true;
        }
        return false;
    }

    static Quicklist ql(RedisObject o) { return ListObjects.quicklist(o); }

    /** getLongFromObjectOrReply; null after replying the error. */
    static Long getLong(Client c, int i, String msg) {
        long[] out = new long[1];
        if (!RedisNumbers.string2ll(c.arg(i), out)) {
            c.addError(msg != null ? msg : "value is not an integer or out of range");
            return null;
        }
        return out[0];
    }

    /** getRangeLongFromObjectOrReply. */
    static Long getRangeLong(Client c, int i, long min, long max, String msg) {
        Long v = getLong(c, i, msg);
        if (v == null) return null;
        if (v < min || v > max) {
            c.addError(msg != null ? msg : "value is out of range, value must between " + min + " and " + max);
            return null;
        }
        return v;
    }

    /** getPositiveLongFromObjectOrReply. */
    static Long getPositiveLong(Client c, int i, String msg) {
        return getRangeLong(c, i, 0, Long.MAX_VALUE, msg != null ? msg : "value is out of range, must be positive");
    }

    /** getListPositionFromObjectOrReply: LEFT or RIGHT; null after a syntax error. */
    static Boolean getListPosition(Client c, int i) {
        if (c.argIs(i, "right")) return LIST_TAIL;
        if (c.argIs(i, "left")) return LIST_HEAD;
        c.addErrorSyntax();
        return null;
    }

    /** A new list with the current list-max-listpack-size and list-compress-depth. */
    static RedisObject createList(Client c) {
        return c.server().keyspace().encodings().createList();
    }

    static void dirty(Client c, long n) { c.server().keyspace().stats.dirty += n; }

    /** Replies elements [start, end] (already clamped by the caller or not), head to tail or reversed (addListRangeReply). */
    static void addListRangeReply(Client c, RedisObject o, long start, long end, boolean reverse) {
        long llen = ListObjects.length(o);
        if (start < 0) start = llen + start;
        if (end < 0) end = llen + end;
        if (start < 0) start = 0;
        if (start > end || start >= llen) {
            c.addEmptyArray();
            return;
        }
        if (end >= llen) end = llen - 1;
        long rangelen = end - start + 1;
        c.addArrayLen(rangelen);
        Quicklist q = ql(o);
        QuicklistIterator it = q.iteratorAt(reverse ? Quicklist.AL_START_TAIL : Quicklist.AL_START_HEAD, reverse ? end : start);
        QuicklistEntry e = new QuicklistEntry();
        while (rangelen-- > 0) {
            it.next(e);
            Long iv = e.intValue();
            if (iv != null) c.addBulkLong(iv);
            else c.addBulk(e.value());
        }
        it.release();
    }

    /**
     * After popping count elements (listElementsRemoved): delete the key if the list is empty,
     * signal the change, count the writes. Returns true if the key was deleted.
     */
    static boolean listElementsRemoved(Client c, RedisDb db, byte[] key, RedisObject o, long count) {
        boolean deleted = false;
        if (ListObjects.length(o) == 0) {
            db.dbDelete(key);
            Notify.event(c, Notify.GENERIC, "del", key);
            deleted = true;
        }
        db.signalModifiedKey(key);
        dirty(c, count);
        return deleted;
    }

    /** Pops up to count elements from one end and replies [key, [elements]] (listPopRangeAndReplyWithKey). */
    static boolean listPopRangeAndReplyWithKey(Client c, RedisDb db, RedisObject o, byte[] key, boolean where, long count) {
        long llen = ListObjects.length(o);
        long rangelen = Math.min(count, llen);
        long rangestart = where == LIST_HEAD ? 0 : -rangelen;
        long rangeend = where == LIST_HEAD ? rangelen - 1 : -1;
        c.addArrayLen(2);
        c.addBulk(key);
        addListRangeReply(c, o, rangestart, rangeend, where != LIST_HEAD);
        ql(o).delRange(rangestart, rangelen);
        Notify.event(c, Notify.LIST, where == LIST_HEAD ? "lpop" : "rpop", key);
        // LMPOP/BLMPOP replicate as [LR]POP key count, the count actually popped
        c.alsoPropagate(where == LIST_HEAD ? Propagation.LPOP : Propagation.RPOP, key, Propagation.number(rangelen));
        c.preventCommandPropagation();
        return listElementsRemoved(c, db, key, o, rangelen);
    }

    // ---------------------------------------------------------------- push / pop

    /** LPUSH, RPUSH, LPUSHX, RPUSHX (pushGenericCommand): creates the list unless xx. */
    static void pushGenericCommand(Client c, boolean where, boolean xx) {
        RedisDb db = c.db();
        byte[] key = c.arg(1);
        RedisObject o = db.lookupKeyWrite(key);
        if (wrongType(c, o)) return;
        if (o == null) {
            if (xx) {
                c.addLong(0);
                return;
            }
            o = createList(c);
            db.dbAdd(key, o);
        }
        Quicklist q = ql(o);
        for (int j = 2; j < c.argc(); j++) {
            q.push(c.arg(j), where);
            dirty(c, 1);
        }
        c.addLong(q.count());
        db.signalModifiedKey(key);
        Notify.event(c, Notify.LIST, where == LIST_HEAD ? "lpush" : "rpush", key);
    }

    /** LPOP/RPOP key [count] (popGenericCommand). */
    static void popGenericCommand(Client c, boolean where) {
        boolean hascount = c.argc() == 3;
        long count = 0;
        if (c.argc() > 3) {
            c.addErrorArity();
            return;
        } else if (hascount) {
            Long v = getPositiveLong(c, 2, null);
            if (v == null) return;
            count = v;
        }
        RedisDb db = c.db();
        byte[] key = c.arg(1);
        RedisObject o = db.lookupKeyWrite(key);
        if (o == null) {
            if (hascount) c.addNullArray();
            else c.addNull();
            return;
        }
        if (wrongType(c, o)) return;
        if (hascount && count == 0) {
            c.addEmptyArray();
            return;
        }
        if (!hascount) {
            byte[] v = ql(o).pop(where);
            c.addBulk(v);
            Notify.event(c, Notify.LIST, where == LIST_HEAD ? "lpop" : "rpop", key);
            listElementsRemoved(c, db, key, o, 1);
        } else {
            long llen = ListObjects.length(o);
            long rangelen = Math.min(count, llen);
            long rangestart = where == LIST_HEAD ? 0 : -rangelen;
            long rangeend = where == LIST_HEAD ? rangelen - 1 : -1;
            addListRangeReply(c, o, rangestart, rangeend, where != LIST_HEAD);
            ql(o).delRange(rangestart, rangelen);
            Notify.event(c, Notify.LIST, where == LIST_HEAD ? "lpop" : "rpop", key);
            listElementsRemoved(c, db, key, o, rangelen);
        }
    }

    static void llen(Client c) {
        RedisObject o = c.db().lookupKeyRead(c.arg(1));
        if (o == null) {
            c.addLong(0);
            return;
        }
        if (wrongType(c, o)) return;
        c.addLong(ListObjects.length(o));
    }

    static void lrange(Client c) {
        Long start = getLong(c, 2, null);
        if (start == null) return;
        Long end = getLong(c, 3, null);
        if (end == null) return;
        RedisObject o = c.db().lookupKeyRead(c.arg(1));
        if (o == null) {
            c.addEmptyArray();
            return;
        }
        if (wrongType(c, o)) return;
        addListRangeReply(c, o, start, end, false);
    }

    static void lindex(Client c) {
        RedisObject o = c.db().lookupKeyRead(c.arg(1));
        if (o == null) {
            c.addNull();
            return;
        }
        if (wrongType(c, o)) return;
        Long index = getLong(c, 2, null);
        if (index == null) return;
        QuicklistIterator it = ql(o).iteratorAt(Quicklist.AL_START_TAIL, index);
        if (it == null) {
            c.addNull();
            return;
        }
        QuicklistEntry e = new QuicklistEntry();
        it.next(e);
        Long iv = e.intValue();
        if (iv != null) c.addBulkLong(iv);
        else c.addBulk(e.value());
        it.release();
    }

    static void lset(Client c) {
        RedisDb db = c.db();
        byte[] key = c.arg(1);
        RedisObject o = db.lookupKeyWrite(key);
        if (o == null) {
            c.addError("no such key");
            return;
        }
        if (wrongType(c, o)) return;
        Long index = getLong(c, 2, null);
        if (index == null) return;
        if (!ql(o).replaceAtIndex(index, c.arg(3))) {
            c.addError("index out of range");
            return;
        }
        c.addOk();
        db.signalModifiedKey(key);
        dirty(c, 1);
        Notify.event(c, Notify.LIST, "lset", key);
    }

    /** LINSERT key BEFORE|AFTER pivot element: the first pivot from the head. */
    static void linsert(Client c) {
        boolean after;
        if (c.argIs(2, "after")) after = true;
        else if (c.argIs(2, "before")) after = false;
        else {
            c.addErrorSyntax();
            return;
        }
        RedisDb db = c.db();
        byte[] key = c.arg(1);
        RedisObject o = db.lookupKeyWrite(key);
        if (o == null) {
            c.addLong(0);
            return;
        }
        if (wrongType(c, o)) return;
        Quicklist q = ql(o);
        QuicklistIterator it = q.iterator(Quicklist.AL_START_HEAD);
        QuicklistEntry e = new QuicklistEntry();
        boolean inserted = false;
        byte[] pivot = c.arg(3);
        while (it.next(e)) {
            if (e.eq(pivot)) {
                if (after) q.insertAfter(it, e, c.arg(4));
                else q.insertBefore(it, e, c.arg(4));
                inserted = true;
                break;
            }
        }
        it.release();
        if (!inserted) {
            c.addLong(-1);
            return;
        }
        db.signalModifiedKey(key);
        dirty(c, 1);
        Notify.event(c, Notify.LIST, "linsert", key);
        c.addLong(q.count());
    }

    /** LREM key count element: count &gt; 0 from the head, &lt; 0 from the tail, 0 all. */
    static void lrem(Client c) {
        Long toremoveObj = getLong(c, 2, null);
        if (toremoveObj == null) return;
        long toremove = toremoveObj;
        RedisDb db = c.db();
        byte[] key = c.arg(1);
        RedisObject o = db.lookupKeyWrite(key);
        if (o == null) {
            c.addLong(0);
            return;
        }
        if (wrongType(c, o)) return;
        Quicklist q = ql(o);
        QuicklistIterator it;
        if (toremove < 0) {
            toremove = -toremove;
            it = q.iteratorAt(Quicklist.AL_START_TAIL, -1);
        } else {
            it = q.iteratorAt(Quicklist.AL_START_HEAD, 0);
        }
        byte[] obj = c.arg(3);
        long removed = 0;
        QuicklistEntry e = new QuicklistEntry();
        while (it.next(e)) {
            if (e.eq(obj)) {
                it.delEntry(e);
                dirty(c, 1);
                removed++;
                if (toremove != 0 && removed == toremove) break;
            }
        }
        it.release();
        if (removed > 0) Notify.event(c, Notify.LIST, "lrem", key);
        if (q.count() == 0 && db.dbDelete(key)) Notify.event(c, Notify.GENERIC, "del", key);
        if (removed > 0) db.signalModifiedKey(key);
        c.addLong(removed);
    }

    static void ltrim(Client c) {
        Long s = getLong(c, 2, null);
        if (s == null) return;
        Long en = getLong(c, 3, null);
        if (en == null) return;
        long start = s, end = en;
        RedisDb db = c.db();
        byte[] key = c.arg(1);
        RedisObject o = db.lookupKeyWrite(key);
        if (o == null) {
            c.addOk();
            return;
        }
        if (wrongType(c, o)) return;
        Quicklist q = ql(o);
        long llen = q.count();
        if (start < 0) start = llen + start;
        if (end < 0) end = llen + end;
        if (start < 0) start = 0;
        long ltrim, rtrim;
        if (start > end || start >= llen) {
            ltrim = llen;
            rtrim = 0;
        } else {
            if (end >= llen) end = llen - 1;
            ltrim = start;
            rtrim = llen - end - 1;
        }
        q.delRange(0, ltrim);
        q.delRange(-rtrim, rtrim);
        Notify.event(c, Notify.LIST, "ltrim", key);
        if (q.count() == 0) { db.dbDelete(key); Notify.event(c, Notify.GENERIC, "del", key); }
        db.signalModifiedKey(key);
        dirty(c, ltrim + rtrim);
        c.addOk();
    }

    /** LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]. */
    static void lpos(Client c) {
        byte[] ele = c.arg(2);
        boolean fromHead = true;
        long rank = 1, count = -1, maxlen = 0;
        for (int j = 3; j < c.argc(); j++) {
            int moreargs = c.argc() - 1 - j;
            if (c.argIs(j, "rank") && moreargs > 0) {
                j++;
                Long v = getLong(c, j, null);
                if (v == null) return;
                rank = v;
                if (rank == 0) {
                    c.addError("RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list");
                    return;
                }
            } else if (c.argIs(j, "count") && moreargs > 0) {
                j++;
                Long v = getPositiveLong(c, j, "COUNT can't be negative");
                if (v == null) return;
                count = v;
            } else if (c.argIs(j, "maxlen") && moreargs > 0) {
                j++;
                Long v = getPositiveLong(c, j, "MAXLEN can't be negative");
                if (v == null) return;
                maxlen = v;
            } else {
                c.addErrorSyntax();
                return;
            }
        }
        if (rank < 0) {
            // Redis 7.0 negates without a range check: -LLONG_MIN stays LLONG_MIN, so every match
            // is at or past that "rank", and COUNT's "matches - rank + 1" wraps negative and never
            // stops the scan. Java's long arithmetic wraps the same way; 7.2 rejects such a RANK.
            rank = -rank;
            fromHead = false;
        }
        RedisObject o = c.db().lookupKeyRead(c.arg(1));
        if (o == null) {
            if (count != -1) c.addEmptyArray();
            else c.addNull();
            return;
        }
        if (wrongType(c, o)) return;
        Quicklist q = ql(o);
        QuicklistIterator it = fromHead ? q.iteratorAt(Quicklist.AL_START_HEAD, 0) : q.iteratorAt(Quicklist.AL_START_TAIL, -1);
        long llen = q.count();
        long index = 0, matches = 0, matchindex = -1;
        List<Long> found = count != -1 ? new ArrayList<>() : null;
        QuicklistEntry e = new QuicklistEntry();
        while (it.next(e) && (maxlen == 0 || index < maxlen)) {
            if (e.eq(ele)) {
                matches++;
                matchindex = fromHead ? index : llen - index - 1;
                if (matches >= rank) {
                    if (found != null) {
                        found.add(matchindex);
                        if (count != 0 && matches - rank + 1 >= count) break;
                    } else {
                        break;
                    }
                }
            }
            index++;
            matchindex = -1;
        }
        it.release();
        if (found != null) {
            c.addArrayLen(found.size());
            for (long m : found) c.addLong(m);
        } else if (matchindex != -1) {
            c.addLong(matchindex);
        } else {
            c.addNull();
        }
    }

    // ---------------------------------------------------------------- LMOVE, LMPOP

    static void lmove(Client c) {
        Boolean from = getListPosition(c, 3);
        if (from == null) return;
        Boolean to = getListPosition(c, 4);
        if (to == null) return;
        lmoveGenericCommand(c, from, to);
    }

    /** Pushes a moved value to the destination, creating it if needed, and replies it (lmoveHandlePush). */
    static void lmoveHandlePush(Client c, byte[] dstkey, RedisObject dstobj, byte[] value, boolean where) {
        RedisDb db = c.db();
        if (dstobj == null) {
            dstobj = createList(c);
            db.dbAdd(dstkey, dstobj);
        }
        db.signalModifiedKey(dstkey);
        ql(dstobj).push(value, where);
        Notify.event(c, Notify.LIST, where == LIST_HEAD ? "lpush" : "rpush", dstkey);
        c.addBulk(value);
    }

    /** LMOVE / RPOPLPUSH (lmoveGenericCommand); the source may be the destination (rotation). */
    static void lmoveGenericCommand(Client c, boolean wherefrom, boolean whereto) {
        RedisDb db = c.db();
        byte[] src = c.arg(1), dst = c.arg(2);
        RedisObject sobj = db.lookupKeyWrite(src);
        if (sobj == null) {
            c.addNull();
            return;
        }
        if (wrongType(c, sobj)) return;
        if (ListObjects.length(sobj) == 0) {
            c.addNull();
            return;
        }
        RedisObject dobj = db.lookupKeyWrite(dst);
        if (wrongType(c, dobj)) return;
        byte[] value = ql(sobj).pop(wherefrom);
        lmoveHandlePush(c, dst, dobj, value, whereto);
        Notify.event(c, Notify.LIST, wherefrom == LIST_HEAD ? "lpop" : "rpop", src);
        if (ListObjects.length(sobj) == 0) { db.dbDelete(src); Notify.event(c, Notify.GENERIC, "del", src); }
        db.signalModifiedKey(src);
        dirty(c, 1);
    }

    /** LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count], and BLMPOP with a timeout first (lmpopGenericCommand). */
    static void lmpopGenericCommand(Client c, int numkeysIdx, boolean isBlock) {
        Long nk = getRangeLong(c, numkeysIdx, 1, Long.MAX_VALUE, "numkeys should be greater than 0");
        if (nk == null) return;
        long numkeys = nk;
        long whereIdx = numkeysIdx + numkeys + 1;
        if (numkeys > c.argc() || whereIdx >= c.argc()) {
            c.addErrorSyntax();
            return;
        }
        Boolean where = getListPosition(c, (int) whereIdx);
        if (where == null) return;
        long count = -1;
        for (int j = (int) whereIdx + 1; j < c.argc(); j++) {
            int moreargs = c.argc() - 1 - j;
            if (count == -1 && c.argIs(j, "count") && moreargs > 0) {
                j++;
                Long v = getRangeLong(c, j, 1, Long.MAX_VALUE, "count should be greater than 0");
                if (v == null) return;
                count = v;
            } else {
                c.addErrorSyntax();
                return;
            }
        }
        if (count == -1) count = 1;
        List<byte[]> keys = new ArrayList<>((int) numkeys);
        for (int i = 0; i < numkeys; i++) keys.add(c.arg(numkeysIdx + 1 + i));
        if (isBlock) {
            BlockingListCommands.blockingPopGenericCommand(c, keys, where, 1, count);
        } else {
            mpopGenericCommand(c, keys, where, count);
        }
    }

    /** Pops from the first non-empty list among keys (mpopGenericCommand). */
    static void mpopGenericCommand(Client c, List<byte[]> keys, boolean where, long count) {
        RedisDb db = c.db();
        for (byte[] key : keys) {
            RedisObject o = db.lookupKeyWrite(key);
            if (o == null) continue;
            if (wrongType(c, o)) return;
            if (ListObjects.length(o) == 0) continue;
            listPopRangeAndReplyWithKey(c, db, o, key, where, count);
            return;
        }
        c.addNullArray();
    }
}
