package io.glassbox.db;

import io.glassbox.util.RedisNumbers;

/**
 * Creating and reading string values with Redis's encodings ({@code object.c}).
 *
 * <p>{@link #create} is Redis's {@code tryObjectEncoding} applied to a new value: bytes that are
 * the canonical text of a 64-bit integer (at most 20 characters, "123" but not "0123" or "+1")
 * become the {@code int} encoding, other values of at most 44 bytes {@code embstr}, longer ones
 * {@code raw}. Because only canonical integer text is converted, reading the value back gives
 * exactly the bytes that were written.
 *
 * <p>A string's payload is a {@code Long} ({@code int}), a plain {@code byte[]} that is never
 * written in place (it may be shared, see {@link Sds}), or an {@link Sds} that its object owns
 * and that APPEND, SETRANGE, SETBIT, BITFIELD and the HLL commands write into. Read it through
 * {@link #bytes}, {@link #buffer} and {@link #length}, never by casting {@code value}.
 */
public final class StringObjects {
    private StringObjects() {}

    public static RedisObject create(byte[] value) {
        if (value.length <= 20) {
            long[] out = new long[1];
            if (RedisNumbers.string2ll(value, out)) return RedisObject.integer(out[0]);
        }
        return RedisObject.string(value);
    }

    /** A value built by APPEND or SETRANGE: always {@code raw}, as Redis makes it (dbUnshareStringValue). */
    public static RedisObject raw(byte[] value) {
        return new RedisObject(RedisObject.TYPE_STRING, RedisObject.ENC_RAW, value);
    }

    /**
     * The bytes of a string object, whatever its encoding, as an array of exactly the string's
     * length. Read it and let it go: for a string that is written in place ({@link Sds}) this is
     * the object's own buffer (trimmed of its spare room first), which the next write changes.
     * Hot read paths that do not need the exact length use {@link #buffer} and {@link #length}.
     */
    public static byte[] bytes(RedisObject o) {
        if (o.encoding == RedisObject.ENC_INT) return RedisNumbers.ll2string((Long) o.value);
        if (o.value instanceof Sds s) return s.exact();
        return (byte[]) o.value;
    }

    /**
     * An array whose first {@link #length} bytes are the string (it may be longer: an
     * {@link Sds}'s spare room), without trimming or copying; for reads such as GETBIT, BITCOUNT
     * or GETRANGE on a bitmap that keeps growing.
     */
    public static byte[] buffer(RedisObject o) {
        if (o.encoding == RedisObject.ENC_INT) return RedisNumbers.ll2string((Long) o.value);
        if (o.value instanceof Sds s) return s.buf;
        return (byte[]) o.value;
    }

    /** The string's length in bytes (STRLEN), without materialising an int's text. */
    public static long length(RedisObject o) {
        if (o.encoding == RedisObject.ENC_INT) return RedisNumbers.ll2string((Long) o.value).length;
        if (o.value instanceof Sds s) return s.len;
        return ((byte[]) o.value).length;
    }

    /**
     * dbUnshareStringValue: the string becomes {@code raw} and owned by {@code o} as an {@link Sds}
     * that the caller may write into, copying the bytes once if they were a plain (possibly
     * shared) array or an integer. Grown with zeros to at least {@code minLen} bytes.
     */
    public static Sds mutable(RedisObject o, int minLen) {
        Sds s;
        if (o.value instanceof Sds owned) {
            s = owned;
        } else {
            s = new Sds(bytes(o).clone()); // the only copy: from now on the key owns its bytes
            o.value = s;
        }
        o.encoding = RedisObject.ENC_RAW;
        s.growZero(minLen);
        return s;
    }

    /** A new raw string that commands will write into (SETBIT on a missing key, PFADD's new HLL). */
    public static RedisObject rawMutable(byte[] value) {
        return new RedisObject(RedisObject.TYPE_STRING, RedisObject.ENC_RAW, new Sds(value));
    }
}
