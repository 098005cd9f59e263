package io.glassbox.db;

import io.glassbox.ds.dict.Dict;
import io.glassbox.ds.dict.DictEntry;
import io.glassbox.ds.dict.DictIterator;
import io.glassbox.ds.dict.DictType;
import io.glassbox.ds.listpack.Listpack;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * The hash type's operations, whatever the encoding: the {@code hashType*} half of Redis's
 * {@code t_hash.c}. The commands ({@code io.glassbox.command.hash}) use only these.
 *
 * <h2>Two encodings</h2>
 * A hash starts as a {@code listpack}: fields and values alternate in one contiguous buffer
 * ({@code field, value, field, value ...}), in insertion order. Finding a field is a linear walk
 * over the fields (lpFind with skip 1), but for a few dozen entries that walk over one cache-friendly
 * buffer beats a hash table's pointer chasing, and costs a fraction of the memory: no dictEntry per
 * field, integers stored in as little as one byte.
 *
 * <p>Once the hash is too big for that to pay, it becomes a {@code hashtable}: a
 * {@link Dict}{@code <byte[], byte[]>} from field to value, O(1) per field. "Too big" is either
 * bound of the configuration:
 * <ul>
 *   <li>more than {@code hash-max-listpack-entries} fields (default 512): the linear walk got long;</li>
 *   <li>a field or a value longer than {@code hash-max-listpack-value} bytes (default 64): the
 *       buffer would be rewritten (memmove) around a big string on every insert.</li>
 * </ul>
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>A listpack hash has an even number of entries; no field appears twice.</li>
 *   <li>Conversion goes one way only, listpack to hashtable ({@link #hashTypeConvert}); deleting
 *       fields never converts back, as in Redis 7.0.</li>
 *   <li>The length check is made <em>before</em> writing long strings ({@link #hashTypeTryConversion},
 *       so a big value never enters a listpack) and the count check <em>after</em> an insert
 *       ({@link #hashTypeSet}), exactly where Redis makes them, so OBJECT ENCODING agrees with Redis
 *       after every command.</li>
 *   <li>A hash in the keyspace is never empty: the command that removes the last field deletes the key.</li>
 * </ul>
 */
public final class HashObjects {
    private HashObjects() {}

    /**
     * The two thresholds, read from the configuration by the command that needs them
     * ({@code server.hash_max_listpack_entries}, {@code server.hash_max_listpack_value}).
     */
    public record Limits(long maxListpackEntries, long maxListpackValue) {
        /** Redis's defaults (512 entries, 64 bytes). */
        public static final Limits DEFAULT = new Limits(512, 64);
    }

    /**
     * Redis never lets a listpack grow past 1 GB (LISTPACK_MAX_SAFETY_SIZE, lpSafeToAdd): a
     * listpack's 32-bit total length must not overflow, with room to spare.
     */
    public static final long LISTPACK_MAX_SAFETY_SIZE = 1L << 30;

    /** A new, empty hash, listpack-encoded (createHashObject). */
    public static RedisObject createHashObject() {
        return new RedisObject(RedisObject.TYPE_HASH, RedisObject.ENC_LISTPACK, new Listpack());
    }

    @SuppressWarnings("unchecked")
    private static Dict<byte[], byte[]> dict(RedisObject o) { return (Dict<byte[], byte[]>) o.value; }

    private static Listpack lp(RedisObject o) { return (Listpack) o.value; }

    private static boolean isListpack(RedisObject o) { return o.encoding == RedisObject.ENC_LISTPACK; }

    /**
     * Before a command writes argv[start..end] into {@code o}, converts it to a hashtable if any of
     * those strings is longer than {@code hash-max-listpack-value}, or if together they would push
     * the listpack past {@link #LISTPACK_MAX_SAFETY_SIZE} (hashTypeTryConversion). The entry count
     * is checked after the insert instead, by {@link #hashTypeSet}. O(end-start).
     */
    public static void hashTypeTryConversion(RedisObject o, List<byte[]> argv, int start, int end, Limits limits) {
        if (!isListpack(o)) return;
        long sum = 0;
        for (int i = start; i <= end; i++) {
            long len = argv.get(i).length;
            if (len > limits.maxListpackValue()) {
                hashTypeConvert(o, RedisObject.ENC_HT);
                return;
            }
            sum += len;
        }
        if (lp(o).bytes() + sum > LISTPACK_MAX_SAFETY_SIZE) hashTypeConvert(o, RedisObject.ENC_HT);
    }

    /** The number of fields (hashTypeLength). O(1) for a hashtable; a listpack caches its count. */
    public static long hashTypeLength(RedisObject o) {
        return isListpack(o) ? lp(o).size() / 2 : dict(o).size();
    }

    /** The value of {@code field}, or null (hashTypeGetValue; integers in a listpack come back as text). */
    public static byte[] hashTypeGetValue(RedisObject o, byte[] field) {
        if (isListpack(o)) {
            Listpack lp = lp(o);
            int f = lp.first();
            if (f < 0) return null;
            f = lp.find(f, field, 1);
            return f < 0 ? null : lp.get(lp.next(f));
        }
        return dict(o).fetchValue(field);
    }

    /** Whether {@code field} is in the hash (hashTypeExists). */
    public static boolean hashTypeExists(RedisObject o, byte[] field) {
        return hashTypeGetValue(o, field) != null;
    }

    /** The length in bytes of the value of {@code field}, 0 if absent (hashTypeGetValueLength). */
    public static long hashTypeGetValueLength(RedisObject o, byte[] field) {
        byte[] v = hashTypeGetValue(o, field);
        return v == null ? 0 : v.length;
    }

    /**
     * Sets {@code field} to {@code value}; returns true if the field existed and was updated, false
     * if it was added (hashTypeSet). A listpack hash is first converted if the field or the value is
     * too long (for HINCRBY and HINCRBYFLOAT, whose new value was not checked up front) and after the
     * write if it has more than {@code hash-max-listpack-entries} fields (an update can find it over
     * a limit lowered since). A listpack update
     * replaces the value in place; an insert appends field and value at the tail. O(N) in a listpack,
     * O(1) in a hashtable.
     */
    public static boolean hashTypeSet(RedisObject o, byte[] field, byte[] value, Limits limits) {
        if (isListpack(o) && (field.length > limits.maxListpackValue() || value.length > limits.maxListpackValue())) {
            hashTypeConvert(o, RedisObject.ENC_HT);
        }
        if (isListpack(o)) {
            Listpack lp = lp(o);
            int f = lp.first();
            if (f >= 0) f = lp.find(f, field, 1);
            boolean update = f >= 0;
            if (update) {
                lp.replace(lp.next(f), value);
            } else {
                lp.append(field);
                lp.append(value);
            }
            // Checked after an update too: a CONFIG SET that lowered the limit converts a listpack
            // already over it at its next write, whatever that write is.
            if (hashTypeLength(o) > limits.maxListpackEntries()) hashTypeConvert(o, RedisObject.ENC_HT);
            return update;
        }
        Dict<byte[], byte[]> d = dict(o);
        DictEntry<byte[], byte[]> de = d.find(field);
        if (de != null) {
            de.setVal(value);
            return true;
        }
        d.add(field, value);
        return false;
    }

    /** Removes {@code field}; returns whether it was there (hashTypeDelete). Never converts back. */
    public static boolean hashTypeDelete(RedisObject o, byte[] field) {
        if (isListpack(o)) {
            Listpack lp = lp(o);
            int f = lp.first();
            if (f >= 0) f = lp.find(f, field, 1);
            if (f < 0) return false;
            lp.delete(lp.delete(f)); // the field, then the value that followed it
            return true;
        }
        // Redis shrinks the table afterwards if it became sparse (htNeedsResize / dictResize).
        boolean deleted = dict(o).delete(field);
        if (deleted) dict(o).tryShrink();
        return deleted;
    }

    /**
     * Visits every field and value: in insertion order for a listpack, in bucket order for a
     * hashtable (hashTypeIterator). The hash must not be modified during the walk.
     */
    public static void forEach(RedisObject o, BiConsumer<byte[], byte[]> fn) {
        if (isListpack(o)) {
            Listpack lp = lp(o);
            for (int f = lp.first(); f >= 0; ) {
                int v = lp.next(f);
                fn.accept(lp.get(f), lp.get(v));
                f = lp.next(v);
            }
            return;
        }
        DictIterator<byte[], byte[]> it = dict(o).iterator();
        try {
            for (DictEntry<byte[], byte[]> de = it.next(); de != null; de = it.next()) fn.accept(de.getKey(), de.getVal());
        } finally {
            it.release();
        }
    }

    /**
     * Converts a listpack hash to {@code enc}, which must be {@code hashtable} (hashTypeConvert,
     * hashTypeConvertListpack): a dict sized for all fields at once, then every pair added in listpack
     * order. Anything else is a programming error, as in Redis ("Unknown hash encoding"). O(N).
     */
    public static void hashTypeConvert(RedisObject o, byte enc) {
        if (!isListpack(o) || enc != RedisObject.ENC_HT) {
            throw new IllegalStateException("Unknown hash encoding conversion "
                    + o.encodingName() + " -> " + RedisObject.encodingName(enc));
        }
        Dict<byte[], byte[]> d = new Dict<>(DictType.BYTES);
        d.expand(hashTypeLength(o));
        forEach(o, (f, v) -> {
            if (!d.add(f, v)) throw new IllegalStateException("Listpack corruption detected: duplicate field");
        });
        o.value = d;
        o.encoding = RedisObject.ENC_HT;
    }

    /** A deep copy with the same encoding (hashTypeDup, for COPY). */
    public static RedisObject hashTypeDup(RedisObject o) {
        if (isListpack(o)) return new RedisObject(RedisObject.TYPE_HASH, RedisObject.ENC_LISTPACK, lp(o).copy());
        Dict<byte[], byte[]> src = dict(o);
        Dict<byte[], byte[]> d = new Dict<>(DictType.BYTES);
        d.expand(src.size());
        forEach(o, (f, v) -> d.add(f.clone(), v.clone()));
        return new RedisObject(RedisObject.TYPE_HASH, RedisObject.ENC_HT, d);
    }
}
