package io.glassbox.command.string;

import io.glassbox.server.Notify;
import io.glassbox.command.CommandTable;
import io.glassbox.db.RedisDb;
import io.glassbox.db.RedisObject;
import io.glassbox.db.Sds;
import io.glassbox.db.StringObjects;
import io.glassbox.server.Client;
import io.glassbox.server.Propagation;
import io.glassbox.util.LongDouble;
import io.glassbox.util.RedisNumbers;


/**
 * The string commands: Redis's {@code t_string.c}.
 *
 * <p>A string value is bytes, stored as {@code int}, {@code embstr} or {@code raw} (see
 * {@link StringObjects}). Commands that change a value in place (APPEND, SETRANGE) make it
 * {@code raw} and owned by its key ({@link Sds}, with room to grow), counters (INCR and friends)
 * leave it {@code int}, as Redis does; OBJECT ENCODING shows the difference.
 */
public final class StringCommands {
    private StringCommands() {}

    /** Strings may not grow past 512 MB (checkStringLength; proto-max-bulk-len does not change it). */
    static final long MAX_STRING_LENGTH = 512L * 1024 * 1024;

    public static void register(CommandTable t) {
        t.bind("get", StringCommands::get);
        t.bind("set", StringCommands::set);
        t.bind("setnx", StringCommands::setnx);
        t.bind("setex", c -> setexGeneric(c, 1000, "setex"));
        t.bind("psetex", c -> setexGeneric(c, 1, "psetex"));
        t.bind("getset", StringCommands::getset);
        t.bind("getdel", StringCommands::getdel);
        t.bind("getex", StringCommands::getex);
        t.bind("mget", StringCommands::mget);
        t.bind("mset", c -> msetGeneric(c, false));
        t.bind("msetnx", c -> msetGeneric(c, true));
        t.bind("append", StringCommands::append);
        t.bind("strlen", StringCommands::strlen);
        t.bind("incr", c -> incrDecr(c, 1));
        t.bind("decr", c -> incrDecr(c, -1));
        t.bind("incrby", StringCommands::incrby);
        t.bind("decrby", StringCommands::decrby);
        t.bind("incrbyfloat", StringCommands::incrbyfloat);
        t.bind("getrange", StringCommands::getrange);
        t.bind("substr", StringCommands::getrange);
        t.bind("setrange", StringCommands::setrange);
        t.bind("lcs", Lcs::lcs);
    }

    /** The string at key for reading, or null; replies WRONGTYPE and returns null for other types. */
    static RedisObject lookupString(Client c, RedisObject o) {
        if (o != null && o.type != RedisObject.TYPE_STRING) {
            c.addErrorWrongType();
            return null;
        }
        return o;
    }

    static void get(Client c) {
        RedisObject o = c.db().lookupKeyRead(c.arg(1));
        if (o == null) { c.addNull(); return; }
        if (o.type != RedisObject.TYPE_STRING) { c.addErrorWrongType(); return; }
        c.addBulk(StringObjects.bytes(o));
    }

    // ---------------------------------------------------------------- SET and its options

    private static final int OBJ_NX = 1, OBJ_XX = 2, OBJ_KEEPTTL = 4, OBJ_GET = 8, OBJ_EX = 16, OBJ_PX = 32,
            OBJ_EXAT = 64, OBJ_PXAT = 128, OBJ_PERSIST = 256;

    /** Parsed SET/GETEX options (parseExtendedStringArgumentsOrReply). */
    private static final class Extended {
        int flags;
        byte[] expire;
        int unitMs; // 1000 for seconds, 1 for milliseconds
    }

    /**
     * Parses the options of SET (isSet) or GETEX from argv[from..]; replies "syntax error" and
     * returns null on a bad combination, as Redis does.
     */
    private static Extended parseExtended(Client c, int from, boolean isSet) {
        Extended e = new Extended();
        e.unitMs = 1000;
        for (int j = from; j < c.argc(); j++) {
            boolean hasNext = j + 1 < c.argc();
            int f = e.flags;
            if (isSet && c.argIs(j, "nx") && (f & (OBJ_XX)) == 0) {
                e.flags |= OBJ_NX;
            } else if (isSet && c.argIs(j, "xx") && (f & OBJ_NX) == 0) {
                e.flags |= OBJ_XX;
            } else if (isSet && c.argIs(j, "get")) {
                e.flags |= OBJ_GET;
            } else if (isSet && c.argIs(j, "keepttl") && (f & (OBJ_PERSIST | OBJ_EX | OBJ_EXAT | OBJ_PX | OBJ_PXAT)) == 0) {
                e.flags |= OBJ_KEEPTTL;
            } else if (!isSet && c.argIs(j, "persist") && (f & (OBJ_EX | OBJ_EXAT | OBJ_PX | OBJ_PXAT | OBJ_KEEPTTL)) == 0) {
                e.flags |= OBJ_PERSIST;
            } else if (c.argIs(j, "ex") && (f & (OBJ_KEEPTTL | OBJ_PERSIST | OBJ_EXAT | OBJ_PX | OBJ_PXAT)) == 0 && hasNext) {
                e.flags |= OBJ_EX; e.unitMs = 1000; e.expire = c.arg(++j);
            } else if (c.argIs(j, "px") && (f & (OBJ_KEEPTTL | OBJ_PERSIST | OBJ_EX | OBJ_EXAT | OBJ_PXAT)) == 0 && hasNext) {
                e.flags |= OBJ_PX; e.unitMs = 1; e.expire = c.arg(++j);
            } else if (c.argIs(j, "exat") && (f & (OBJ_KEEPTTL | OBJ_PERSIST | OBJ_EX | OBJ_PX | OBJ_PXAT)) == 0 && hasNext) {
                e.flags |= OBJ_EXAT; e.unitMs = 1000; e.expire = c.arg(++j);
            } else if (c.argIs(j, "pxat") && (f & (OBJ_KEEPTTL | OBJ_PERSIST | OBJ_EX | OBJ_EXAT | OBJ_PX)) == 0 && hasNext) {
                e.flags |= OBJ_PXAT; e.unitMs = 1; e.expire = c.arg(++j);
            } else {
                c.addErrorSyntax();
                return null;
            }
        }
        return e;
    }

    /**
     * Turns an EX/PX/EXAT/PXAT argument into an absolute unix time in ms (getExpireMillisecondsOrReply).
     * Returns Long.MIN_VALUE after replying with an error.
     */
    private static long expireAt(Client c, Extended e, String cmdName) {
        long[] out = new long[1];
        if (!RedisNumbers.string2ll(e.expire, out)) { c.addErrorNotInteger(); return Long.MIN_VALUE; }
        long v = out[0];
        if (v <= 0 || (e.unitMs == 1000 && v > Long.MAX_VALUE / 1000)) {
            c.addError("invalid expire time in '" + cmdName + "' command");
            return Long.MIN_VALUE;
        }
        v *= e.unitMs;
        if ((e.flags & (OBJ_EX | OBJ_PX)) != 0) {
            long now = c.server().keyspace().commandTime();
            if (v > Long.MAX_VALUE - now) {
                c.addError("invalid expire time in '" + cmdName + "' command");
                return Long.MIN_VALUE;
            }
            v += now;
        }
        return v;
    }

    static void set(Client c) {
        Extended e = parseExtended(c, 3, true);
        if (e == null) return;
        setGeneric(c, e.flags, c.arg(1), c.arg(2), e, "set");
    }

    /** The heart of SET, SETNX, SETEX and PSETEX (setGenericCommand). */
    private static void setGeneric(Client c, int flags, byte[] key, byte[] value, Extended e, String cmdName) {
        long when = -1;
        if (e != null && e.expire != null) {
            when = expireAt(c, e, cmdName);
            if (when == Long.MIN_VALUE) return;
        }
        RedisDb db = c.db();
        RedisObject old = null;
        if ((flags & OBJ_GET) != 0) {
            old = db.lookupKeyRead(key);
            if (old != null && old.type != RedisObject.TYPE_STRING) { c.addErrorWrongType(); return; }
        }
        boolean exists = (flags & OBJ_GET) != 0 ? old != null : db.lookupKeyWrite(key) != null;
        // SET ... GET replies the old value before writing (getGenericCommand comes first in Redis),
        // so a client subscribed to its own keyspace events gets the reply before the events.
        if ((flags & OBJ_GET) != 0) {
            if (old == null) c.addNull(); else c.addBulk(StringObjects.bytes(old));
        }
        if (((flags & OBJ_NX) != 0 && exists) || ((flags & OBJ_XX) != 0 && !exists)) {
            if ((flags & OBJ_GET) == 0) c.addNull();
            return;
        }
        db.setKey(key, StringObjects.create(value), (flags & OBJ_KEEPTTL) != 0);
        c.server().keyspace().stats.dirty++;
        Notify.event(c, Notify.STRING, "set", key);
        if (when >= 0) {
            db.setExpire(key, when);
            Notify.event(c, Notify.GENERIC, "expire", key);
            // propagate as SET key value PXAT <absolute ms>: a replay must not restart the clock
            c.rewriteCommandVector(Propagation.SET, key, value, Propagation.PXAT, Propagation.number(when));
        }
        if ((flags & OBJ_GET) == 0) c.addOk();
    }

    static void setnx(Client c) {
        RedisDb db = c.db();
        if (db.lookupKeyWrite(c.arg(1)) != null) { c.addLong(0); return; }
        db.setKey(c.arg(1), StringObjects.create(c.arg(2)), false);
        c.server().keyspace().stats.dirty++;
        Notify.event(c, Notify.STRING, "set", c.arg(1));
        c.addLong(1);
    }

    private static void setexGeneric(Client c, int unitMs, String name) {
        Extended e = new Extended();
        e.flags = unitMs == 1000 ? OBJ_EX : OBJ_PX;
        e.unitMs = unitMs;
        e.expire = c.arg(2);
        setGeneric(c, e.flags, c.arg(1), c.arg(3), e, name);
    }

    static void getset(Client c) {
        RedisObject o = c.db().lookupKeyRead(c.arg(1));
        if (o != null && o.type != RedisObject.TYPE_STRING) { c.addErrorWrongType(); return; }
        if (o == null) c.addNull(); else c.addBulk(StringObjects.bytes(o));
        c.db().setKey(c.arg(1), StringObjects.create(c.arg(2)), false);
        c.server().keyspace().stats.dirty++;
        Notify.event(c, Notify.STRING, "set", c.arg(1));
        c.rewriteCommandArgument(0, Propagation.SET); // propagate as SET
    }

    static void getdel(Client c) {
        RedisObject o = c.db().lookupKeyRead(c.arg(1));
        if (o == null) { c.addNull(); return; }
        if (o.type != RedisObject.TYPE_STRING) { c.addErrorWrongType(); return; }
        c.addBulk(StringObjects.bytes(o));
        if (c.server().settings().lazyfreeLazyUserDel) c.db().dbAsyncDelete(c.arg(1));
        else c.db().dbSyncDelete(c.arg(1));
        c.server().keyspace().stats.dirty++;
        Notify.event(c, Notify.GENERIC, "del", c.arg(1));
        c.rewriteCommandVector(c.server().settings().lazyfreeLazyUserDel ? Propagation.UNLINK : Propagation.DEL, c.arg(1));
    }

    static void getex(Client c) {
        Extended e = parseExtended(c, 2, false);
        if (e == null) return;
        RedisDb db = c.db();
        byte[] key = c.arg(1);
        RedisObject o = db.lookupKeyRead(key);
        if (o == null) { c.addNull(); return; }
        if (o.type != RedisObject.TYPE_STRING) { c.addErrorWrongType(); return; }
        long when = -1;
        if (e.expire != null) {
            when = expireAt(c, e, "getex");
            if (when == Long.MIN_VALUE) return;
        }
        c.addBulk(StringObjects.bytes(o));
        if (when >= 0 && when <= c.server().keyspace().commandTime() && !c.server().keyspace().isLoading()) {
            // A deadline already past deletes the key, as Redis's checkAlreadyExpired.
            if (c.server().settings().lazyfreeLazyExpire) db.dbAsyncDelete(key);
            else db.dbSyncDelete(key);
            c.server().keyspace().stats.dirty++;
            Notify.event(c, Notify.GENERIC, "del", key);
            c.rewriteCommandVector(c.server().settings().lazyfreeLazyExpire ? Propagation.UNLINK : Propagation.DEL, key);
        } else if (when >= 0) {
            db.setExpire(key, when);
            db.signalModifiedKey(key);
            c.server().keyspace().stats.dirty++;
            Notify.event(c, Notify.GENERIC, "expire", key);
            c.rewriteCommandVector(Propagation.PEXPIREAT, key, Propagation.number(when));
        } else if ((e.flags & OBJ_PERSIST) != 0) {
            if (db.removeExpire(key)) {
                db.signalModifiedKey(key);
                c.server().keyspace().stats.dirty++;
                Notify.event(c, Notify.GENERIC, "persist", key);
                c.rewriteCommandVector(Propagation.PERSIST, key);
            }
        }
    }

    static void mget(Client c) {
        c.addArrayLen(c.argc() - 1);
        RedisDb db = c.db();
        for (int j = 1; j < c.argc(); j++) {
            RedisObject o = db.lookupKeyRead(c.arg(j));
            if (o == null || o.type != RedisObject.TYPE_STRING) c.addNull();
            else c.addBulk(StringObjects.bytes(o));
        }
    }

    private static void msetGeneric(Client c, boolean nx) {
        if (c.argc() % 2 == 0) { c.addErrorArity(); return; }
        RedisDb db = c.db();
        if (nx) {
            for (int j = 1; j < c.argc(); j += 2) {
                if (db.lookupKeyWrite(c.arg(j)) != null) { c.addLong(0); return; }
            }
        }
        for (int j = 1; j < c.argc(); j += 2) {
            db.setKey(c.arg(j), StringObjects.create(c.arg(j + 1)), false);
            Notify.event(c, Notify.STRING, "set", c.arg(j));
        }
        c.server().keyspace().stats.dirty += (c.argc() - 1) / 2;
        if (nx) c.addLong(1); else c.addOk();
    }

    static void append(Client c) {
        RedisDb db = c.db();
        byte[] key = c.arg(1);
        RedisObject o = db.lookupKeyWrite(key);
        long totlen;
        if (o == null) {
            db.dbAdd(key, StringObjects.create(c.arg(2)));
            totlen = c.arg(2).length;
        } else {
            if (o.type != RedisObject.TYPE_STRING) { c.addErrorWrongType(); return; }
            byte[] add = c.arg(2);
            if (StringObjects.length(o) + add.length > MAX_STRING_LENGTH) {
                c.addError("string exceeds maximum allowed size (proto-max-bulk-len)");
                return;
            }
            // sdscatlen into the object's own buffer: amortised O(1) per byte, as in Redis
            Sds s = StringObjects.mutable(o, 0);
            s.append(add);
            totlen = s.len;
            db.signalModifiedKey(key);
        }
        c.server().keyspace().stats.dirty++;
        Notify.event(c, Notify.STRING, "append", key);
        c.addLong(totlen);
    }

    static void strlen(Client c) {
        RedisObject o = c.db().lookupKeyRead(c.arg(1));
        if (o == null) { c.addLong(0); return; }
        if (o.type != RedisObject.TYPE_STRING) { c.addErrorWrongType(); return; }
        c.addLong(StringObjects.length(o));
    }

    // ---------------------------------------------------------------- counters

    private static void incrDecr(Client c, long by) {
        incrDecrGeneric(c, by);
    }

    static void incrby(Client c) {
        long[] out = new long[1];
        if (!RedisNumbers.string2ll(c.arg(2), out)) { c.addErrorNotInteger(); return; }
        incrDecrGeneric(c, out[0]);
    }

    static void decrby(Client c) {
        long[] out = new long[1];
        if (!RedisNumbers.string2ll(c.arg(2), out)) { c.addErrorNotInteger(); return; }
        if (out[0] == Long.MIN_VALUE) { c.addError("decrement would overflow"); return; }
        incrDecrGeneric(c, -out[0]);
    }

    /** INCR, DECR, INCRBY, DECRBY (incrDecrCommand): the value must be a canonical 64-bit integer. */
    private static void incrDecrGeneric(Client c, long incr) {
        RedisDb db = c.db();
        byte[] key = c.arg(1);
        RedisObject o = db.lookupKeyWrite(key);
        long value = 0;
        if (o != null) {
            if (o.type != RedisObject.TYPE_STRING) { c.addErrorWrongType(); return; }
            if (o.encoding == RedisObject.ENC_INT) {
                value = (Long) o.value;
            } else {
                long[] out = new long[1];
                if (!RedisNumbers.string2ll(StringObjects.bytes(o), out)) { c.addErrorNotInteger(); return; }
                value = out[0];
            }
        }
        if ((incr < 0 && value < 0 && incr < Long.MIN_VALUE - value)
                || (incr > 0 && value > 0 && incr > Long.MAX_VALUE - value)) {
            c.addError("increment or decrement would overflow");
            return;
        }
        value += incr;
        if (o != null && o.encoding == RedisObject.ENC_INT && !o.shared
                && (value < 0 || value >= RedisNumbers.SHARED_INTEGERS)) {
            o.value = value; // update in place, as Redis does for unshared ints that stay unshared
            db.signalModifiedKey(key);
        } else if (o != null) {
            db.dbOverwrite(key, RedisObject.integer(value));
            db.signalModifiedKey(key);
        } else {
            db.dbAdd(key, RedisObject.integer(value));
        }
        c.server().keyspace().stats.dirty++;
        Notify.event(c, Notify.STRING, "incrby", key);
        c.addLong(value);
    }

    /**
     * INCRBYFLOAT: computed in C's 80-bit long double and printed with 17 significant digits
     * after the point, trailing zeros trimmed (ld2string LD_STR_HUMAN), so the digits match Redis.
     */
    static void incrbyfloat(Client c) {
        RedisDb db = c.db();
        byte[] key = c.arg(1);
        RedisObject o = db.lookupKeyWrite(key);
        LongDouble value = LongDouble.ZERO;
        LongDouble[] out = new LongDouble[1];
        if (o != null) {
            if (o.type != RedisObject.TYPE_STRING) { c.addErrorWrongType(); return; }
            if (!LongDouble.string2ld(StringObjects.bytes(o), out)) { c.addErrorNotFloat(); return; }
            value = out[0];
        }
        if (!LongDouble.string2ld(c.arg(2), out)) { c.addErrorNotFloat(); return; }
        LongDouble sum = value.add(out[0]);
        if (sum.isNaN() || sum.isInfinite()) { c.addError("increment would produce NaN or Infinity"); return; }
        byte[] text = sum.ld2string(LongDouble.Ld2StringMode.HUMAN);
        RedisObject n = StringObjects.create(text);
        if (o != null) { db.dbOverwrite(key, n); db.signalModifiedKey(key); }
        else db.dbAdd(key, n);
        c.server().keyspace().stats.dirty++;
        Notify.event(c, Notify.STRING, "incrbyfloat", key);
        c.addBulk(text);
        // propagate the result, not the increment: float formatting must not differ on replay
        c.rewriteCommandVector(Propagation.SET, key, text, Propagation.KEEPTTL);
    }

    // ---------------------------------------------------------------- ranges

    static void getrange(Client c) {
        long[] out = new long[1];
        if (!RedisNumbers.string2ll(c.arg(2), out)) { c.addErrorNotInteger(); return; }
        long start = out[0];
        if (!RedisNumbers.string2ll(c.arg(3), out)) { c.addErrorNotInteger(); return; }
        long end = out[0];
        RedisObject o = c.db().lookupKeyRead(c.arg(1));
        if (o == null) { c.addBulk(new byte[0]); return; }
        if (o.type != RedisObject.TYPE_STRING) { c.addErrorWrongType(); return; }
        byte[] s = StringObjects.buffer(o); // a growing bitmap is read where it is, not trimmed
        long len = StringObjects.length(o);
        // Convert negative indexes; an empty result if both are negative and start > end.
        if (start < 0 && end < 0 && start > end) { c.addBulk(new byte[0]); return; }
        if (start < 0) start = len + start;
        if (end < 0) end = len + end;
        if (start < 0) start = 0;
        if (end < 0) end = 0;
        if (end >= len) end = len - 1;
        if (start > end || len == 0) { c.addBulk(new byte[0]); return; }
        c.addBulk(s, (int) start, (int) (end - start + 1));
    }

    static void setrange(Client c) {
        RedisDb db = c.db();
        byte[] key = c.arg(1);
        long[] out = new long[1];
        if (!RedisNumbers.string2ll(c.arg(2), out)) { c.addErrorNotInteger(); return; }
        long offset = out[0];
        if (offset < 0) { c.addError("offset is out of range"); return; }
        byte[] value = c.arg(3);
        RedisObject o = db.lookupKeyWrite(key);
        if (o == null) {
            if (value.length == 0) { c.addLong(0); return; }
            if (offset > MAX_STRING_LENGTH - value.length) { c.addError("string exceeds maximum allowed size (proto-max-bulk-len)"); return; }
            byte[] n = new byte[(int) (offset + value.length)];
            System.arraycopy(value, 0, n, (int) offset, value.length);
            db.dbAdd(key, StringObjects.rawMutable(n)); // a fresh array: the key owns it
            c.server().keyspace().stats.dirty++;
            Notify.event(c, Notify.STRING, "setrange", key);
            c.addLong(n.length);
            return;
        }
        if (o.type != RedisObject.TYPE_STRING) { c.addErrorWrongType(); return; }
        if (value.length == 0) { c.addLong(StringObjects.length(o)); return; }
        if (offset > MAX_STRING_LENGTH - value.length) { c.addError("string exceeds maximum allowed size (proto-max-bulk-len)"); return; }
        // sdsgrowzero + memcpy into the object's own buffer
        Sds s = StringObjects.mutable(o, (int) (offset + value.length));
        System.arraycopy(value, 0, s.buf, (int) offset, value.length);
        db.signalModifiedKey(key);
        c.server().keyspace().stats.dirty++;
        Notify.event(c, Notify.STRING, "setrange", key);
        c.addLong(s.len);
    }
}
