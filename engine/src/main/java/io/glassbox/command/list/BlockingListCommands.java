package io.glassbox.command.list;

import io.glassbox.server.Notify;
import io.glassbox.command.CommandTable;
import io.glassbox.db.ListObjects;
import io.glassbox.db.RedisDb;
import io.glassbox.db.RedisObject;
import io.glassbox.server.Blocking;
import io.glassbox.server.Client;
import io.glassbox.server.Propagation;
import io.glassbox.util.RedisNumbers;

import java.util.ArrayList;
import java.util.List;

import static io.glassbox.command.list.ListCommands.LIST_HEAD;
import static io.glassbox.command.list.ListCommands.LIST_TAIL;

/**
 * The blocking list commands: BLPOP, BRPOP, BLMPOP, BLMOVE, BRPOPLPUSH (Redis 7.0 {@code t_list.c}).
 *
 * <p>With data present each behaves like its non-blocking twin. Otherwise the client is parked in
 * {@link Blocking} with a {@link Blocking.KeyServer} that does what serveClientBlockedOnList does
 * when a push makes the key ready: pop for the receiver, reply, and for BLMOVE push to the
 * destination. The timeout is in seconds (a float); 0 waits forever; when it passes, the reply is
 * a null array, for every one of these commands.
 */
public final class BlockingListCommands {
    private BlockingListCommands() {}

    static void register(CommandTable t) {
        t.bind("blpop", c -> blockingPopGenericCommand(c, keysBeforeTimeout(c), LIST_HEAD, c.argc() - 1, -1));
        t.bind("brpop", c -> blockingPopGenericCommand(c, keysBeforeTimeout(c), LIST_TAIL, c.argc() - 1, -1));
        t.bind("blmpop", c -> ListCommands.lmpopGenericCommand(c, 2, true));
        t.bind("blmove", BlockingListCommands::blmove);
        t.bind("brpoplpush", BlockingListCommands::brpoplpush);
    }

    private static List<byte[]> keysBeforeTimeout(Client c) {
        List<byte[]> keys = new ArrayList<>(c.argc() - 2);
        for (int i = 1; i < c.argc() - 1; i++) keys.add(c.arg(i));
        return keys;
    }

    /**
     * Parses a timeout in seconds into an absolute unix ms deadline, 0 for none
     * (getTimeoutFromObjectOrReply with UNIT_SECONDS, Redis 7.0); null after replying the error.
     * The product with 1000 is truncated to an integer as C's cast does on x86: a value beyond the
     * range of a long (inf, 1e300) becomes LLONG_MIN, so Redis 7.0 calls it negative.
     */
    public static Long getTimeout(Client c, int i) {
        double[] out = new double[1];
        if (!RedisNumbers.string2d(c.arg(i), out) || Double.isNaN(out[0])) {
            c.addError("timeout is not a float or out of range");
            return null;
        }
        double ms = out[0] * 1000.0;
        long tval = ms >= 0x1p63 || ms < -0x1p63 ? Long.MIN_VALUE : (long) ms;
        if (tval < 0) {
            c.addError("timeout is negative");
            return null;
        }
        if (tval > 0) tval += c.server().clock().millis();
        return tval;
    }

    /**
     * BLPOP, BRPOP and BLMPOP (blockingPopGenericCommand): serve from the first non-empty key, else
     * block on all of them. count is -1 for BLPOP/BRPOP (reply [key, element]) or the BLMPOP count
     * (reply [key, [elements]]).
     */
    static void blockingPopGenericCommand(Client c, List<byte[]> keys, boolean where, int timeoutIdx, long count) {
        Long timeout = getTimeout(c, timeoutIdx);
        if (timeout == null) return;
        RedisDb db = c.db();
        for (byte[] key : keys) {
            RedisObject o = db.lookupKeyWrite(key);
            if (o == null) continue;
            if (ListCommands.wrongType(c, o)) return;
            if (ListObjects.length(o) == 0) continue;
            if (count != -1) {
                ListCommands.listPopRangeAndReplyWithKey(c, db, o, key, where, count);
                return;
            }
            byte[] value = ListObjects.quicklist(o).pop(where);
            c.addArrayLen(2);
            c.addBulk(key);
            c.addBulk(value);
            Notify.event(c, Notify.LIST, where == LIST_HEAD ? "lpop" : "rpop", key);
            ListCommands.listElementsRemoved(c, db, key, o, 1);
            c.rewriteCommandVector(where == LIST_HEAD ? Propagation.LPOP : Propagation.RPOP, key); // BLPOP replays as LPOP
            return;
        }
        if (c.denyBlocking) { // inside MULTI or a script: answer as a timeout would
            c.addNullArray();
            return;
        }
        final long cnt = count;
        c.server().blocking().blockForKeys(c, Blocking.BLOCKED_LIST, keys, timeout,
                (receiver, key, o) -> servePop(receiver, key, o, where, cnt));
    }

    /** serveClientBlockedOnList for BLPOP/BRPOP/BLMPOP; true if the key was deleted. */
    private static boolean servePop(Client receiver, byte[] key, RedisObject o, boolean where, long count) {
        RedisDb db = receiver.db();
        if (count != -1) return ListCommands.listPopRangeAndReplyWithKey(receiver, db, o, key, where, count);
        byte[] value = ListObjects.quicklist(o).pop(where);
        receiver.addArrayLen(2);
        receiver.addBulk(key);
        receiver.addBulk(value);
        ListCommands.dirty(receiver, 1);
        Notify.event(receiver, Notify.LIST, where == LIST_HEAD ? "lpop" : "rpop", key);
        receiver.alsoPropagate(where == LIST_HEAD ? Propagation.LPOP : Propagation.RPOP, key);
        return deleteIfEmpty(receiver, db, key, o);
    }

    /** The end of serveClientBlockedOnList: no signalModifiedKey, the push already signalled. */
    private static boolean deleteIfEmpty(Client receiver, RedisDb db, byte[] key, RedisObject o) {
        if (ListObjects.length(o) == 0) {
            db.dbDelete(key);
            Notify.event(receiver, Notify.GENERIC, "del", key);
            return true;
        }
        return false;
    }

    static void blmove(Client c) {
        Boolean from = ListCommands.getListPosition(c, 3);
        if (from == null) return;
        Boolean to = ListCommands.getListPosition(c, 4);
        if (to == null) return;
        Long timeout = getTimeout(c, 5);
        if (timeout == null) return;
        blmoveGenericCommand(c, from, to, timeout, false);
        if (c.argc() == 6) c.rewriteCommandVector(Propagation.LMOVE, c.arg(1), c.arg(2), c.arg(3), c.arg(4)); // replays as LMOVE
    }

    static void brpoplpush(Client c) {
        Long timeout = getTimeout(c, 3);
        if (timeout == null) return;
        blmoveGenericCommand(c, LIST_TAIL, LIST_HEAD, timeout, true);
        if (c.argc() == 4) c.rewriteCommandVector(Propagation.RPOPLPUSH, c.arg(1), c.arg(2)); // replays as RPOPLPUSH
    }

    /** BLMOVE / BRPOPLPUSH (blmoveGenericCommand): LMOVE if the source has data, else block on it. */
    static void blmoveGenericCommand(Client c, boolean wherefrom, boolean whereto, long timeout, boolean rpoplpush) {
        RedisObject src = c.db().lookupKeyWrite(c.arg(1));
        if (ListCommands.wrongType(c, src)) return;
        if (src != null) {
            ListCommands.lmoveGenericCommand(c, wherefrom, whereto);
            return;
        }
        if (c.denyBlocking) { // Blocking against an empty list in MULTI returns immediately
            c.addNull();
            return;
        }
        byte[] dstkey = c.arg(2).clone();
        c.server().blocking().blockForKeys(c, Blocking.BLOCKED_LIST, List.of(c.arg(1)), timeout,
                (receiver, key, o) -> serveMove(receiver, key, o, dstkey, wherefrom, whereto, rpoplpush));
    }

    /** serveClientBlockedOnList for BLMOVE: a destination of the wrong type gets the receiver an error. */
    private static byte[] side(boolean where) { return where == LIST_HEAD ? Propagation.LEFT : Propagation.RIGHT; }

    private static boolean serveMove(Client receiver, byte[] key, RedisObject o, byte[] dstkey, boolean wherefrom, boolean whereto,
                                     boolean rpoplpush) {
        RedisDb db = receiver.db();
        RedisObject dstobj = db.lookupKeyWrite(dstkey);
        if (!(dstobj != null && ListCommands.wrongType(receiver, dstobj))) {
            byte[] value = ListObjects.quicklist(o).pop(wherefrom);
            ListCommands.lmoveHandlePush(receiver, dstkey, dstobj, value, whereto);
            ListCommands.dirty(receiver, 1);
            Notify.event(receiver, Notify.LIST, wherefrom == LIST_HEAD ? "lpop" : "rpop", key);
            if (rpoplpush) receiver.alsoPropagate(Propagation.RPOPLPUSH, key, dstkey);
            else receiver.alsoPropagate(Propagation.LMOVE, key, dstkey, side(wherefrom), side(whereto));
        }
        return deleteIfEmpty(receiver, db, key, o);
    }
}
