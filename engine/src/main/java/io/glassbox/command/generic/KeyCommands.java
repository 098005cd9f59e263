package io.glassbox.command.generic;

import io.glassbox.server.Notify;
import io.glassbox.command.CommandTable;
import io.glassbox.db.RedisDb;
import io.glassbox.db.RedisObject;
import io.glassbox.ds.dict.DictEntry;
import io.glassbox.ds.dict.DictIterator;
import io.glassbox.server.Client;
import io.glassbox.util.Glob;
import io.glassbox.util.RedisNumbers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The type-agnostic key commands: the "Type agnostic commands operating on the key space" of
 * Redis's {@code db.c} (DEL, UNLINK, EXISTS, TYPE, RENAME, RENAMENX, MOVE, COPY, KEYS, SCAN,
 * RANDOMKEY) and TOUCH from {@code expire.c}.
 *
 * <p>They work on keys whatever the value's type, so they see the keyspace as Redis does: a dict
 * from key to value plus a second dict from key to expire time. Moving a key (RENAME, MOVE, COPY)
 * therefore means moving both entries. Which lookup a command uses matters and follows Redis:
 * reads that use the value (TOUCH, COPY) refresh its LRU clock, questions about the key (EXISTS,
 * TYPE) do not, and every lookup first deletes the key if it has expired.
 *
 * <p>{@link #register} also registers the other families of this package (expire, OBJECT,
 * databases), so the command list in {@code Commands} names the package once.
 */
public final class KeyCommands {
    private KeyCommands() {}

    public static void register(CommandTable t) {
        t.bind("del", c -> delGeneric(c, c.server().settings().lazyfreeLazyUserDel));
        t.bind("unlink", c -> delGeneric(c, true));
        t.bind("exists", KeyCommands::exists);
        t.bind("type", KeyCommands::type);
        t.bind("rename", c -> renameGeneric(c, false));
        t.bind("renamenx", c -> renameGeneric(c, true));
        t.bind("move", KeyCommands::move);
        t.bind("copy", KeyCommands::copy);
        t.bind("keys", KeyCommands::keys);
        t.bind("scan", KeyCommands::scan);
        t.bind("randomkey", KeyCommands::randomkey);
        t.bind("touch", KeyCommands::touch);
        ExpireCommands.register(t);
        ObjectCommands.register(t);
        DatabaseCommands.register(t);
    }

    /**
     * DEL and UNLINK (delGenericCommand): replies with how many of the keys existed. A key past its
     * TTL is expired first, so it does not count. With {@code lazy} (UNLINK, DEL with
     * lazyfree-lazy-user-del) a big value goes to the lazy-free thread ({@code db/LazyFree}).
     */
    static void delGeneric(Client c, boolean lazy) {
        RedisDb db = c.db();
        long deleted = 0;
        for (int j = 1; j < c.argc(); j++) {
            byte[] key = c.arg(j);
            db.expireIfNeeded(key);
            if (lazy ? db.dbAsyncDelete(key) : db.dbSyncDelete(key)) {
                c.server().keyspace().stats.dirty++;
                Notify.event(c, Notify.GENERIC, "del", key);
                deleted++;
            }
        }
        c.addLong(deleted);
    }

    /** EXISTS key [key ...]: how many of the keys exist, a key named twice counting twice. Does not touch. */
    static void exists(Client c) {
        RedisDb db = c.db();
        long count = 0;
        for (int j = 1; j < c.argc(); j++) {
            if (db.lookupKeyReadNoTouch(c.arg(j)) != null) count++;
        }
        c.addLong(count);
    }

    /** TYPE key: the type name as a status reply, "none" for a missing key (getObjectTypeName). */
    static void type(Client c) {
        RedisObject o = c.db().lookupKeyReadNoTouch(c.arg(1));
        c.addStatus(o == null ? "none" : o.typeName());
    }

    /**
     * RENAME and RENAMENX (renameGenericCommand). The value object moves to the new name with its
     * TTL; an existing destination is deleted first (RENAME) or makes the command a no-op
     * (RENAMENX replies 0). Renaming a key to itself succeeds if the key exists.
     */
    static void renameGeneric(Client c, boolean nx) {
        RedisDb db = c.db();
        byte[] src = c.arg(1), dst = c.arg(2);
        boolean samekey = Arrays.equals(src, dst);
        RedisObject o = db.lookupKeyWrite(src);
        if (o == null) { c.addError("no such key"); return; }
        if (samekey) {
            if (nx) c.addLong(0); else c.addOk();
            return;
        }
        long expire = db.getExpire(src);
        if (db.lookupKeyWrite(dst) != null) {
            if (nx) { c.addLong(0); return; }
            db.dbDelete(dst);
        }
        db.dbAdd(dst, o);
        if (expire != -1) db.setExpire(dst, expire);
        db.dbSyncDelete(src); // the value lives on under dst: never hand it to the lazy-free thread
        c.server().keyspace().stats.dirty++;
        Notify.event(c, Notify.GENERIC, "rename_from", src);
        Notify.event(c, Notify.GENERIC, "rename_to", dst);
        if (nx) c.addLong(1); else c.addOk();
    }

    /**
     * MOVE key db (moveCommand): moves the key and its TTL to another database, unless the
     * destination already has that key (reply 0).
     */
    static void move(Client c) {
        if (c.server().cluster().enabled()) { c.addError("MOVE is not allowed in cluster mode"); return; }
        RedisDb src = c.db();
        int[] dbid = new int[1];
        if (!getIntOrReply(c, c.arg(2), dbid, null)) return;
        if (dbid[0] < 0 || dbid[0] >= c.server().keyspace().databases()) {
            c.addError("DB index is out of range");
            return;
        }
        RedisDb dst = c.server().keyspace().db(dbid[0]);
        if (src == dst) { c.addError("source and destination objects are the same"); return; }
        byte[] key = c.arg(1);
        RedisObject o = src.lookupKeyWrite(key);
        if (o == null) { c.addLong(0); return; }
        long expire = src.getExpire(key);
        if (dst.lookupKeyWrite(key) != null) { c.addLong(0); return; }
        dst.dbAdd(key, o);
        if (expire != -1) dst.setExpire(key, expire);
        src.dbSyncDelete(key); // the value lives on in dst: never hand it to the lazy-free thread
        c.server().keyspace().stats.dirty++;
        c.server().notifier().keyspaceEvent(Notify.GENERIC, "move_from", key, src.id);
        c.server().notifier().keyspaceEvent(Notify.GENERIC, "move_to", key, dst.id);
        c.addLong(1);
    }

    /**
     * COPY source destination [DB n] [REPLACE] (copyCommand): adds a deep copy of the value (see
     * {@link RedisObject#dup}) with the same TTL under the new name, in this or another database.
     * Without REPLACE an existing destination makes it reply 0.
     */
    static void copy(Client c) {
        RedisDb src = c.db(), dst = c.db();
        boolean replace = false;
        for (int j = 3; j < c.argc(); j++) {
            int additional = c.argc() - j - 1;
            if (c.argIs(j, "replace")) {
                replace = true;
            } else if (c.argIs(j, "db") && additional >= 1) {
                int[] dbid = new int[1];
                if (!getIntOrReply(c, c.arg(j + 1), dbid, null)) return;
                if (dbid[0] < 0 || dbid[0] >= c.server().keyspace().databases()) {
                    c.addError("DB index is out of range");
                    return;
                }
                dst = c.server().keyspace().db(dbid[0]);
                j++;
            } else {
                c.addErrorSyntax();
                return;
            }
        }
        byte[] key = c.arg(1), newkey = c.arg(2);
        if (src == dst && Arrays.equals(key, newkey)) {
            c.addError("source and destination objects are the same");
            return;
        }
        RedisObject o = src.lookupKeyRead(key);
        if (o == null) { c.addLong(0); return; }
        long expire = src.getExpire(key);
        boolean delete = false;
        if (dst.lookupKeyWrite(newkey) != null) {
            if (!replace) { c.addLong(0); return; }
            delete = true;
        }
        RedisObject newobj = o.dup();
        if (delete) dst.dbDelete(newkey);
        dst.dbAdd(newkey, newobj);
        if (expire != -1) dst.setExpire(newkey, expire);
        c.server().keyspace().stats.dirty++;
        c.server().notifier().keyspaceEvent(Notify.GENERIC, "copy_to", newkey, dst.id);
        c.addLong(1);
    }

    /**
     * KEYS pattern (keysCommand): every key matching the glob pattern, in dict order. Walks the
     * whole dict in one go, O(N) in the number of keys, which is why SCAN exists. Keys past their
     * TTL are left out but not deleted (the walk must not change the dict it walks).
     */
    static void keys(Client c) {
        RedisDb db = c.db();
        byte[] pattern = c.arg(1);
        boolean allkeys = pattern.length == 1 && pattern[0] == '*';
        List<byte[]> out = new ArrayList<>();
        try (DictIterator<byte[], RedisObject> it = db.dict().safeIterator()) {
            DictEntry<byte[], RedisObject> de;
            while ((de = it.next()) != null) {
                byte[] key = de.getKey();
                if ((allkeys || Glob.match(pattern, key, false)) && !db.keyIsExpired(key)) out.add(key);
            }
        }
        c.addArrayLen(out.size());
        for (byte[] k : out) {
            c.addBulk(k);
            if (c.closeAsap()) break; // over the output buffer limit: the rest would be dropped anyway
        }
    }

    /**
     * Parses a SCAN cursor as C's strtoul does (parseScanCursorOrReply): an unsigned 64-bit
     * decimal, with an optional sign ("-1" is 2^64-1), no leading space, nothing after the digits.
     * An empty string is cursor 0, as strtoul reads it. Returns false after replying "invalid cursor".
     */
    public static boolean parseScanCursorOrReply(Client c, byte[] s, long[] cursor) {
        int i = 0;
        boolean negative = false;
        if (s.length > 0 && (s[0] == '+' || s[0] == '-')) { negative = s[0] == '-'; i = 1; }
        if (i == s.length) {
            if (s.length == 0) { cursor[0] = 0; return true; } // strtoul("") = 0 with nothing left over
            c.addError("invalid cursor");                      // a lone sign: no digits to read
            return false;
        }
        long v = 0;
        for (; i < s.length; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) { c.addError("invalid cursor"); return false; }
            // v * 10 + d must stay below 2^64 (ERANGE otherwise)
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L, 10)) > 0) { c.addError("invalid cursor"); return false; }
            long t = v * 10;
            if (Long.compareUnsigned(t + d, t) < 0) { c.addError("invalid cursor"); return false; }
            v = t + d;
        }
        cursor[0] = negative ? -v : v;
        return true;
    }

    /** SCAN cursor [MATCH pattern] [COUNT count] [TYPE type] (scanCommand). */
    static void scan(Client c) {
        long[] cursor = new long[1];
        if (!parseScanCursorOrReply(c, c.arg(1), cursor)) return;
        scanGeneric(c, cursor[0]);
    }

    /**
     * The keyspace part of scanGenericCommand. One call walks dict buckets from the cursor until
     * it has collected COUNT keys (before filtering) or the walk wraps to 0, and gives up after
     * COUNT*10 buckets so that a sparse table cannot block the server. Then it filters by pattern,
     * by type and by TTL (an expired key is deleted here, not returned). The reply is the next
     * cursor and the keys; the client is done when the cursor comes back 0. Because the cursor
     * counts in reverse binary ({@link io.glassbox.ds.dict.Dict#scan}), a key present for the
     * whole scan is returned at least once even if the dict grows, shrinks or rehashes meanwhile.
     */
    static void scanGeneric(Client c, long cursor) {
        ScanOptions opts = ScanOptions.parseOrReply(c, 2, true);
        if (opts == null) return;
        long count = opts.count();
        byte[] typename = opts.type();

        RedisDb db = c.db();
        List<byte[]> keys = new ArrayList<>();
        long maxIterations = count * 10;
        do {
            cursor = db.scan(cursor, keys::add);
        } while (cursor != 0 && maxIterations-- != 0 && keys.size() < count);

        List<byte[]> reply = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            if (!opts.matches(key)) continue;
            if (typename != null) {
                RedisObject o = db.lookupKeyReadNoTouch(key);
                if (!equalsIgnoreCase(o == null ? "none" : o.typeName(), typename)) continue;
            }
            if (db.expireIfNeeded(key)) continue;
            reply.add(key);
        }
        c.addArrayLen(2);
        c.addBulkLong(cursor);
        c.addArrayLen(reply.size());
        for (byte[] k : reply) c.addBulk(k);
    }

    /** ASCII case-insensitive comparison of a type name with an argument (C's strcasecmp). */
    private static boolean equalsIgnoreCase(String name, byte[] arg) {
        if (name.length() != arg.length) return false;
        for (int i = 0; i < arg.length; i++) {
            int a = arg[i];
            if (a >= 'A' && a <= 'Z') a += 32;
            if (a != name.charAt(i)) return false;
        }
        return true;
    }

    /** RANDOMKEY: a random key that has not expired, or nil if the database is empty (dbRandomKey). */
    static void randomkey(Client c) {
        byte[] key = c.db().randomKey();
        if (key == null) c.addNull(); else c.addBulk(key);
    }

    /** TOUCH key [key ...] (touchCommand): refreshes the keys' LRU clocks; replies how many exist. */
    static void touch(Client c) {
        RedisDb db = c.db();
        long touched = 0;
        for (int j = 1; j < c.argc(); j++) {
            if (db.lookupKeyRead(c.arg(j)) != null) touched++;
        }
        c.addLong(touched);
    }

    /**
     * Reads a C int argument (getIntFromObjectOrReply): a canonical 64-bit integer in int range.
     * On failure replies {@code msg} if given, else Redis's standard texts, and returns false.
     */
    static boolean getIntOrReply(Client c, byte[] arg, int[] out, String msg) {
        long[] v = new long[1];
        if (!RedisNumbers.string2ll(arg, v)) {
            c.addError(msg != null ? msg : "value is not an integer or out of range");
            return false;
        }
        if (v[0] < Integer.MIN_VALUE || v[0] > Integer.MAX_VALUE) {
            c.addError(msg != null ? msg : "value is out of range, value must between "
                    + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE);
            return false;
        }
        out[0] = (int) v[0];
        return true;
    }
}
