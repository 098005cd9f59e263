package io.glassbox.command.generic;

import io.glassbox.server.Notify;
import io.glassbox.command.CommandTable;
import io.glassbox.db.Keyspace;
import io.glassbox.db.RedisDb;
import io.glassbox.server.Client;
import io.glassbox.server.Propagation;
import io.glassbox.util.RedisNumbers;

/**
 * The TTL commands: the "Expires Commands" of Redis's {@code expire.c} (EXPIRE, PEXPIRE,
 * EXPIREAT, PEXPIREAT, TTL, PTTL, EXPIRETIME, PEXPIRETIME, PERSIST).
 *
 * <p>A TTL is stored as an absolute unix time in milliseconds in the database's {@code expires}
 * dict; the four EXPIRE variants only differ in how they turn their argument into that time
 * (relative or absolute, seconds or milliseconds). A time already past deletes the key at once,
 * as if it had expired (checkAlreadyExpired), except on a replica or while loading, where the
 * master's DEL or the loader decides. The key itself is removed lazily when next looked up or by
 * the active expire cycle ({@code ActiveExpire}), and TTL/PTTL compute the remaining time against
 * the time the command started, so one command sees one "now".
 */
public final class ExpireCommands {
    private ExpireCommands() {}

    private static final int EXPIRE_NX = 1, EXPIRE_XX = 2, EXPIRE_GT = 4, EXPIRE_LT = 8;

    public static void register(CommandTable t) {
        t.bind("expire", c -> expireGeneric(c, true, 1000, "expire"));
        t.bind("pexpire", c -> expireGeneric(c, true, 1, "pexpire"));
        t.bind("expireat", c -> expireGeneric(c, false, 1000, "expireat"));
        t.bind("pexpireat", c -> expireGeneric(c, false, 1, "pexpireat"));
        t.bind("ttl", c -> ttlGeneric(c, false, false));
        t.bind("pttl", c -> ttlGeneric(c, true, false));
        t.bind("expiretime", c -> ttlGeneric(c, false, true));
        t.bind("pexpiretime", c -> ttlGeneric(c, true, true));
        t.bind("persist", ExpireCommands::persist);
    }

    /**
     * Parses NX, XX, GT, LT from argv[3..] (parseExtendedExpireArgumentsOrReply). Returns the flags,
     * or -1 after replying an error: an unknown word, NX with any other, or GT with LT.
     */
    static int parseExtendedExpireArgumentsOrReply(Client c) {
        int flags = 0;
        for (int j = 3; j < c.argc(); j++) {
            if (c.argIs(j, "nx")) flags |= EXPIRE_NX;
            else if (c.argIs(j, "xx")) flags |= EXPIRE_XX;
            else if (c.argIs(j, "gt")) flags |= EXPIRE_GT;
            else if (c.argIs(j, "lt")) flags |= EXPIRE_LT;
            else {
                c.addError("Unsupported option " + c.argString(j));
                return -1;
            }
        }
        if ((flags & EXPIRE_NX) != 0 && (flags & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT)) != 0) {
            c.addError("NX and XX, GT or LT options at the same time are not compatible");
            return -1;
        }
        if ((flags & EXPIRE_GT) != 0 && (flags & EXPIRE_LT) != 0) {
            c.addError("GT and LT options at the same time are not compatible");
            return -1;
        }
        return flags;
    }

    /**
     * EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT key time [NX|XX|GT|LT] (expireGenericCommand).
     * {@code relative}: the time counts from now; {@code unitMs}: 1000 for seconds, 1 for ms.
     * Negative times are allowed (they delete the key); only overflow of the conversion to
     * absolute milliseconds is an error. NX: only if the key has no TTL; XX: only if it has one;
     * GT/LT: only if the new time is later/earlier, where "no TTL" counts as infinitely late.
     * Replies 1 if the TTL was set (or the key deleted), 0 if the key is missing or a condition failed.
     */
    static void expireGeneric(Client c, boolean relative, int unitMs, String name) {
        byte[] key = c.arg(1);
        int flags = parseExtendedExpireArgumentsOrReply(c);
        if (flags < 0) return;
        long[] out = new long[1];
        if (!RedisNumbers.string2ll(c.arg(2), out)) { c.addErrorNotInteger(); return; }
        long when = out[0];
        Keyspace ks = c.server().keyspace();
        long basetime = relative ? ks.commandTime() : 0;
        if (unitMs == 1000) {
            if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
                c.addError("invalid expire time in '" + name + "' command");
                return;
            }
            when *= 1000;
        }
        if (when > Long.MAX_VALUE - basetime) {
            c.addError("invalid expire time in '" + name + "' command");
            return;
        }
        when += basetime;

        RedisDb db = c.db();
        if (db.lookupKeyWrite(key) == null) { c.addLong(0); return; }
        if (flags != 0) {
            long current = db.getExpire(key);
            if ((flags & EXPIRE_NX) != 0 && current != -1) { c.addLong(0); return; }
            if ((flags & EXPIRE_XX) != 0 && current == -1) { c.addLong(0); return; }
            if ((flags & EXPIRE_GT) != 0 && (when <= current || current == -1)) { c.addLong(0); return; }
            if ((flags & EXPIRE_LT) != 0 && current != -1 && when >= current) { c.addLong(0); return; }
        }
        if (checkAlreadyExpired(ks, when)) {
            if (c.server().settings().lazyfreeLazyExpire) db.dbAsyncDelete(key);
            else db.dbSyncDelete(key);
            ks.stats.dirty++;
            Notify.event(c, Notify.GENERIC, "del", key);
            c.addLong(1);
            c.rewriteCommandVector(c.server().settings().lazyfreeLazyExpire ? Propagation.UNLINK : Propagation.DEL, key);
        } else {
            db.setExpire(key, when);
            c.addLong(1); // Redis replies before it notifies here (and after, when the key is deleted)
            db.signalModifiedKey(key);
            ks.stats.dirty++;
            Notify.event(c, Notify.GENERIC, "expire", key);
            // propagate as PEXPIREAT key <absolute ms> [NX|XX|GT|LT]: a replay must not restart the clock
            if (!name.equals("pexpireat")) c.rewriteCommandArgument(0, Propagation.PEXPIREAT);
            if (relative || unitMs == 1000) c.rewriteCommandArgument(2, Propagation.number(when));
        }
    }

    /**
     * True if a TTL at {@code when} should delete the key now rather than be stored
     * (checkAlreadyExpired). Not while loading or on a replica: they keep the key with its past
     * TTL and wait for the explicit DEL, so their data stays equal to the master's.
     */
    public static boolean checkAlreadyExpired(Keyspace ks, long when) {
        return when <= ks.commandTime() && !ks.isLoading() && !ks.isReplica();
    }

    /**
     * TTL, PTTL, EXPIRETIME, PEXPIRETIME key (ttlGenericCommand): -2 if the key does not exist,
     * -1 if it has no TTL, else the time left ({@code abs}: the expire time itself) in seconds,
     * rounded to nearest, or milliseconds. Does not touch the key.
     */
    static void ttlGeneric(Client c, boolean ms, boolean abs) {
        RedisDb db = c.db();
        if (db.lookupKeyReadNoTouch(c.arg(1)) == null) { c.addLong(-2); return; }
        long expire = db.getExpire(c.arg(1));
        long ttl = -1;
        if (expire != -1) {
            ttl = abs ? expire : expire - c.server().keyspace().commandTime();
            if (ttl < 0) ttl = 0;
        }
        if (ttl == -1) c.addLong(-1);
        else c.addLong(ms ? ttl : (ttl + 500) / 1000);
    }

    /** PERSIST key (persistCommand): removes the TTL; 1 if there was one, else 0. */
    static void persist(Client c) {
        RedisDb db = c.db();
        byte[] key = c.arg(1);
        if (db.lookupKeyWrite(key) != null && db.removeExpire(key)) {
            db.signalModifiedKey(key);
            c.server().keyspace().stats.dirty++;
            Notify.event(c, Notify.GENERIC, "persist", key);
            c.addLong(1);
        } else {
            c.addLong(0);
        }
    }
}
