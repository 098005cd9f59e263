package io.glassbox.command.server;

import io.glassbox.db.RedisObject;
import io.glassbox.db.StringObjects;
import io.glassbox.util.RedisNumbers;

import java.util.Arrays;

/**
 * How many bytes a value would take in an RDB file ({@code rdbSavedObjectLen} of {@code rdb.c}),
 * the {@code serializedlength} of DEBUG OBJECT. There is no RDB writer yet, so this computes the
 * length the way {@code rdbSaveStringObject} would write the value: small integers as 2, 3 or 5
 * bytes ({@code rdbEncodeInteger}), other strings as a length prefix of 1, 2, 5 or 9 bytes
 * ({@code rdbSaveLen}) plus the bytes.
 *
 * <p>Known difference: Redis LZF-compresses strings longer than 20 bytes when that saves at least
 * 4 bytes ({@code rdbcompression yes}); such strings show a smaller length in Redis.
 */
final class RdbLength {
    private RdbLength() {}

    static long savedObjectLen(RedisObject o) {
        if (o.type != RedisObject.TYPE_STRING) throw new IllegalStateException("no RDB length for " + o.typeName() + " yet");
        if (o.encoding == RedisObject.ENC_INT) {
            long v = (Long) o.value;
            int enc = encodedIntegerLen(v);
            if (enc > 0) return enc;
            return rawStringLen(RedisNumbers.ll2string(v));
        }
        return rawStringLen(StringObjects.bytes(o));
    }

    /** rdbEncodeInteger: 2, 3 or 5 bytes for an int8/int16/int32, 0 if the value does not fit. */
    static int encodedIntegerLen(long v) {
        if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) return 2;
        if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) return 3;
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) return 5;
        return 0;
    }

    /** rdbSaveRawString without compression: integer-looking short strings are saved as integers. */
    static long rawStringLen(byte[] s) {
        if (s.length <= 11) {
            long[] out = new long[1];
            if (RedisNumbers.string2ll(s, out) && Arrays.equals(RedisNumbers.ll2string(out[0]), s)) {
                int enc = encodedIntegerLen(out[0]);
                if (enc > 0) return enc;
            }
        }
        return saveLenLen(s.length) + s.length;
    }

    /** rdbSaveLen: the size of a length prefix. */
    static int saveLenLen(long len) {
        if (len < (1 << 6)) return 1;
        if (len < (1 << 14)) return 2;
        if (len <= 0xFFFFFFFFL) return 5;
        return 9;
    }
}
