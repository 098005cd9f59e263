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

    /** The bytes of a string object, whatever its encoding. */
    public static byte[] bytes(RedisObject o) {
        if (o.encoding == RedisObject.ENC_INT) return RedisNumbers.ll2string((Long) o.value);
        return (byte[]) o.value;
    }

    /** The string's length in bytes (STRLEN), without materialising an int's text. */
    public static long length(RedisObject o) {
        if (o.encoding == RedisObject.ENC_INT) return RedisNumbers.ll2string((Long) o.value).length;
        return ((byte[]) o.value).length;
    }
}
