package io.glassbox.command.hash;

import io.glassbox.server.Notify;
import io.glassbox.command.CommandTable;
import io.glassbox.db.HashObjects;
import io.glassbox.db.HashObjects.Limits;
import io.glassbox.db.RedisDb;
import io.glassbox.db.RedisObject;
import io.glassbox.server.Client;
import io.glassbox.server.Propagation;
import io.glassbox.util.LongDouble;
import io.glassbox.util.RedisNumbers;


/**
 * The hash commands: the command half of Redis's {@code t_hash.c}.
 *
 * <p>Every command works through {@link HashObjects}, so none of them knows whether the hash is a
 * {@code listpack} or a {@code hashtable}; only the thresholds are read here, from the live
 * configuration, so that {@code CONFIG SET hash-max-listpack-entries} takes effect on the next
 * write, as in Redis. HRANDFIELD and HSCAN (in {@link HashRandomAndScan}) are the exceptions: how
 * they sample and walk is the encoding's business, as in Redis.
 *
 * <p>Writes follow Redis's order: parse the arguments, look the key up (creating an empty hash
 * if needed, {@code hashTypeLookupWriteOrCreate}), convert if the new strings are too long
 * ({@code hashTypeTryConversion}), write, then count the change in {@code dirty} and signal the
 * modified key. A command that removes the last field deletes the key.
 */
public final class HashCommands {
    private HashCommands() {}

    public static void register(CommandTable t) {
        t.bind("hset", c -> hsetGeneric(c, false));
        t.bind("hmset", c -> hsetGeneric(c, true));
        t.bind("hsetnx", HashCommands::hsetnx);
        t.bind("hget", HashCommands::hget);
        t.bind("hmget", HashCommands::hmget);
        t.bind("hdel", HashCommands::hdel);
        t.bind("hlen", HashCommands::hlen);
        t.bind("hstrlen", HashCommands::hstrlen);
        t.bind("hexists", HashCommands::hexists);
        t.bind("hgetall", c -> genericHgetall(c, true, true));
        t.bind("hkeys", c -> genericHgetall(c, true, false));
        t.bind("hvals", c -> genericHgetall(c, false, true));
        t.bind("hincrby", HashCommands::hincrby);
        t.bind("hincrbyfloat", HashCommands::hincrbyfloat);
        t.bind("hrandfield", HashRandomAndScan::hrandfield);
        t.bind("hscan", HashRandomAndScan::hscan);
    }

    /** The thresholds in force now ({@code hash-max-listpack-entries}, {@code hash-max-listpack-value}). */
    static Limits limits(Client c) {
        return c.server().keyspace().encodings().hash;
    }

    /**
     * The hash at key for reading; null if the key is missing, or after replying WRONGTYPE
     * (checkType) if it holds another type; {@code wrongType[0]} tells the two apart.
     */
    static RedisObject lookupHashRead(Client c, byte[] key, boolean[] wrongType) {
        RedisObject o = c.db().lookupKeyRead(key);
        if (o != null && o.type != RedisObject.TYPE_HASH) {
            c.addErrorWrongType();
            wrongType[0] = true;
            return null;
        }
        return o;
    }

    /**
     * The hash at key for writing, created empty (listpack) and added to the keyspace if missing;
     * null after replying WRONGTYPE (hashTypeLookupWriteOrCreate).
     */
    static RedisObject hashTypeLookupWriteOrCreate(Client c, byte[] key) {
        RedisDb db = c.db();
        RedisObject o = db.lookupKeyWrite(key);
        if (o != null) {
            if (o.type != RedisObject.TYPE_HASH) { c.addErrorWrongType(); return null; }
            return o;
        }
        o = HashObjects.createHashObject();
        db.dbAdd(key, o);
        return o;
    }

    private static void written(Client c, byte[] key, long changes, String event) {
        c.db().signalModifiedKey(key);
        c.server().keyspace().stats.dirty += changes;
        Notify.event(c, Notify.HASH, event, key);
    }

    // ---------------------------------------------------------------- writes

    /**
     * HSET key field value [field value ...] replies the number of fields added; HMSET (deprecated)
     * the same writes with +OK (hsetCommand). An odd number of field/value arguments is an arity
     * error naming the command. The length check covers all pairs before the first write; the
     * entry-count check runs after each insert, so a hash converts mid-command once it passes
     * {@code hash-max-listpack-entries}.
     */
    static void hsetGeneric(Client c, boolean hmset) {
        if (c.argc() % 2 == 1) { c.addErrorArity(); return; }
        byte[] key = c.arg(1);
        RedisObject o = hashTypeLookupWriteOrCreate(c, key);
        if (o == null) return;
        Limits limits = limits(c);
        HashObjects.hashTypeTryConversion(o, c.argv, 2, c.argc() - 1, limits);
        long created = 0;
        for (int i = 2; i < c.argc(); i += 2) {
            if (!HashObjects.hashTypeSet(o, c.arg(i), c.arg(i + 1), limits)) created++;
        }
        if (hmset) c.addOk();
        else c.addLong(created);
        written(c, key, (c.argc() - 2) / 2, "hset");
    }

    /** HSETNX key field value: 1 if the field was set, 0 if it already existed (hsetnxCommand). */
    static void hsetnx(Client c) {
        byte[] key = c.arg(1);
        RedisObject o = hashTypeLookupWriteOrCreate(c, key);
        if (o == null) return;
        if (HashObjects.hashTypeExists(o, c.arg(2))) { c.addLong(0); return; }
        Limits limits = limits(c);
        HashObjects.hashTypeTryConversion(o, c.argv, 2, 3, limits);
        HashObjects.hashTypeSet(o, c.arg(2), c.arg(3), limits);
        c.addLong(1);
        written(c, key, 1, "hset");
    }

    /** HDEL key field [field ...]: how many fields were removed; the key goes with the last one (hdelCommand). */
    static void hdel(Client c) {
        byte[] key = c.arg(1);
        RedisDb db = c.db();
        RedisObject o = db.lookupKeyWrite(key);
        if (o == null) { c.addLong(0); return; }
        if (o.type != RedisObject.TYPE_HASH) { c.addErrorWrongType(); return; }
        long deleted = 0;
        boolean keyremoved = false;
        for (int i = 2; i < c.argc(); i++) {
            if (HashObjects.hashTypeDelete(o, c.arg(i))) {
                deleted++;
                if (HashObjects.hashTypeLength(o) == 0) {
                    db.dbDelete(key);
                    keyremoved = true;
                    break;
                }
            }
        }
        if (deleted > 0) written(c, key, deleted, "hdel");
        if (keyremoved) Notify.event(c, Notify.GENERIC, "del", key);
        c.addLong(deleted);
    }

    /**
     * HINCRBY key field increment (hincrbyCommand): the field's value, 0 if absent, plus the
     * increment. The value must be the text of a 64-bit integer ("hash value is not an integer")
     * and the sum must fit ("increment or decrement would overflow"). The new value may still
     * convert the hash if it is longer than {@code hash-max-listpack-value}.
     */
    static void hincrby(Client c) {
        long[] out = new long[1];
        if (!RedisNumbers.string2ll(c.arg(3), out)) { c.addErrorNotInteger(); return; }
        long incr = out[0];
        byte[] key = c.arg(1);
        RedisObject o = hashTypeLookupWriteOrCreate(c, key);
        if (o == null) return;
        long value = 0;
        byte[] cur = HashObjects.hashTypeGetValue(o, c.arg(2));
        if (cur != null) {
            if (!RedisNumbers.string2ll(cur, out)) { c.addError("hash value is not an integer"); return; }
            value = out[0];
        }
        if ((incr < 0 && value < 0 && incr < Long.MIN_VALUE - value)
                || (incr > 0 && value > 0 && incr > Long.MAX_VALUE - value)) {
            c.addError("increment or decrement would overflow");
            return;
        }
        value += incr;
        HashObjects.hashTypeSet(o, c.arg(2), RedisNumbers.ll2string(value), limits(c));
        c.addLong(value);
        written(c, key, 1, "hincrby");
    }

    /**
     * HINCRBYFLOAT key field increment (hincrbyfloatCommand), in the x87 80-bit long double Redis
     * uses ({@link LongDouble}). The increment is checked first ("value is not a valid float",
     * then "value is NaN or Infinity"), then the current value ("hash value is not a float"), then
     * the sum ("increment would produce NaN or Infinity"). The result is stored and replied in
     * ld2string's human form (no exponent, trailing zeros trimmed).
     */
    static void hincrbyfloat(Client c) {
        LongDouble[] out = new LongDouble[1];
        if (!LongDouble.string2ld(c.arg(3), out)) { c.addErrorNotFloat(); return; }
        LongDouble incr = out[0];
        if (incr.isNaN() || incr.isInfinite()) { c.addError("value is NaN or Infinity"); return; }
        byte[] key = c.arg(1);
        RedisObject o = hashTypeLookupWriteOrCreate(c, key);
        if (o == null) return;
        LongDouble value = LongDouble.ZERO;
        byte[] cur = HashObjects.hashTypeGetValue(o, c.arg(2));
        if (cur != null) {
            if (!LongDouble.string2ld(cur, out)) { c.addError("hash value is not a float"); return; }
            value = out[0];
        }
        LongDouble sum = value.add(incr);
        if (sum.isNaN() || sum.isInfinite()) { c.addError("increment would produce NaN or Infinity"); return; }
        byte[] text = sum.ld2string(LongDouble.Ld2StringMode.HUMAN);
        HashObjects.hashTypeSet(o, c.arg(2), text, limits(c));
        c.addBulk(text);
        written(c, key, 1, "hincrbyfloat");
        // propagate the result, not the increment: float formatting must not differ on replay
        c.rewriteCommandVector(Propagation.HSET, key, c.arg(2), text);
    }

    // ---------------------------------------------------------------- reads

    static void hget(Client c) {
        boolean[] wrong = new boolean[1];
        RedisObject o = lookupHashRead(c, c.arg(1), wrong);
        if (wrong[0]) return;
        byte[] v = o == null ? null : HashObjects.hashTypeGetValue(o, c.arg(2));
        if (v == null) c.addNull();
        else c.addBulk(v);
    }

    /** HMGET key field [field ...]: an array with a null for each missing field, or all nulls for a missing key. */
    static void hmget(Client c) {
        boolean[] wrong = new boolean[1];
        RedisObject o = lookupHashRead(c, c.arg(1), wrong);
        if (wrong[0]) return;
        c.addArrayLen(c.argc() - 2);
        for (int i = 2; i < c.argc(); i++) {
            byte[] v = o == null ? null : HashObjects.hashTypeGetValue(o, c.arg(i));
            if (v == null) c.addNull();
            else c.addBulk(v);
        }
    }

    static void hlen(Client c) {
        boolean[] wrong = new boolean[1];
        RedisObject o = lookupHashRead(c, c.arg(1), wrong);
        if (wrong[0]) return;
        c.addLong(o == null ? 0 : HashObjects.hashTypeLength(o));
    }

    static void hstrlen(Client c) {
        boolean[] wrong = new boolean[1];
        RedisObject o = lookupHashRead(c, c.arg(1), wrong);
        if (wrong[0]) return;
        c.addLong(o == null ? 0 : HashObjects.hashTypeGetValueLength(o, c.arg(2)));
    }

    static void hexists(Client c) {
        boolean[] wrong = new boolean[1];
        RedisObject o = lookupHashRead(c, c.arg(1), wrong);
        if (wrong[0]) return;
        c.addLong(o != null && HashObjects.hashTypeExists(o, c.arg(2)) ? 1 : 0);
    }

    /**
     * HGETALL (a map in RESP3), HKEYS and HVALS (arrays) (genericHgetallCommand). A missing key is
     * an empty map for HGETALL and an empty array for the other two. The order is the encoding's:
     * insertion order for a listpack, bucket order for a hashtable.
     */
    static void genericHgetall(Client c, boolean keys, boolean values) {
        boolean[] wrong = new boolean[1];
        RedisObject o = lookupHashRead(c, c.arg(1), wrong);
        if (wrong[0]) return;
        long length = o == null ? 0 : HashObjects.hashTypeLength(o);
        if (keys && values) c.addMapLen(length);
        else c.addArrayLen(length);
        if (o == null) return;
        long[] count = new long[1];
        HashObjects.forEach(o, (f, v) -> {
            if (keys) c.addBulk(f);
            if (values) c.addBulk(v);
            count[0]++;
        });
        // serverAssert(count == length): a listpack taken unsanitized may declare more pairs than it
        // holds; the reply's announced length would then be a lie the client waits on forever
        if (count[0] != length) throw new IllegalStateException("hash length " + length + " but " + count[0] + " pairs walked");
    }
}
