package io.glassbox.util;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Number parsing and formatting exactly as Redis 7.0 does it; the integer and double half of
 * Redis's {@code src/util.c} ({@code string2ll}, {@code ll2string}, {@code string2d},
 * {@code d2string}) plus the {@code "%.17g"} text that {@code addReplyDouble()} in
 * {@code networking.c} puts on the wire. The long double half ({@code string2ld},
 * {@code ld2string}, used by INCRBYFLOAT) lives in {@link LongDouble}.
 *
 * <h2>Why Redis is strict about integers</h2>
 * A string value that looks like an integer is stored as a machine integer (the
 * {@code OBJ_ENCODING_INT} encoding, or an integer entry in a listpack or intset), and the text is
 * thrown away. When the value is read back, Redis prints the integer again. That is only honest if
 * printing gives back the very bytes the client sent, so {@link #string2ll} accepts exactly the
 * strings that {@link #ll2string} produces: no {@code '+'}, no leading zeros, no {@code "-0"}, no
 * spaces, nothing beyond the range of a signed 64-bit integer. {@code "007"} stays a string;
 * {@code "7"} becomes the number 7.
 *
 * <h2>Hot-path API without allocation</h2>
 * Redis's C functions return a success flag and write the value through a pointer. We keep that
 * shape: {@code string2ll(bytes, off, len, out)} returns {@code false} for "not an integer" and
 * otherwise stores the value in {@code out[0]}. A caller reuses one {@code long[1]} (per client or
 * per command), so parsing every argument of every command allocates nothing, and there is no
 * sentinel value stolen from the range of valid numbers (every {@code long} is a valid result,
 * {@code Long.MIN_VALUE} included). As in C, {@code out} may be {@code null} to only ask
 * "is it an integer?", which {@link #isLong(byte[])} spells out. {@link #string2d} follows the
 * same pattern with a {@code double[1]}.
 *
 * <h2>Why doubles print as 1.1000000000000001</h2>
 * Redis 7.0 replies with a double's value formatted by {@code printf("%.17g")}: 17 significant
 * digits are always enough to read back the identical double, but they also show the binary
 * approximation ({@code ZADD z 1.1 a} then {@code ZSCORE z a} answers
 * {@code "1.1000000000000001"}). Redis 7.2 switched to the shortest round-trip form. Java's
 * {@code String.format("%.17g", 1.1)} gives {@code "1.1000000000000000"}: it pads the shortest
 * digits with zeros instead of printing the exact binary value, and it keeps trailing zeros
 * ({@code 3.0000000000000000} where C prints {@code 3}). So {@link #replyDouble} applies C's rule
 * to the double's exact decimal expansion ({@code new BigDecimal(double)}).
 */
public final class RedisNumbers {

    /**
     * {@code LONG_STR_SIZE}: 21 bytes hold any {@code long} ("-9223372036854775808" is 20) plus
     * C's terminating NUL; {@code string2ll} rejects anything this long or longer up front.
     */
    public static final int LONG_STR_SIZE = 21;

    /**
     * {@code OBJ_SHARED_INTEGERS}: Redis keeps ready-made objects for 0..9999 so the most common
     * integers are never allocated. We keep their decimal bytes for the same reason: every
     * integer reply (every {@code :n} of INCR, LLEN, DEL...) needs them.
     */
    public static final int SHARED_INTEGERS = 10000;

    private static final byte[][] SHARED = new byte[SHARED_INTEGERS][];

    static {
        for (int i = 0; i < SHARED_INTEGERS; i++) {
            SHARED[i] = Integer.toString(i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    private RedisNumbers() {
    }

    // ---------------------------------------------------------------------------------------
    // Integers
    // ---------------------------------------------------------------------------------------

    /**
     * {@code string2ll()}: parses {@code len} bytes at {@code off} as a signed 64-bit integer,
     * accepting exactly the canonical decimal form (see the class comment for why). Work is one
     * pass over at most 20 bytes.
     *
     * @param out if not {@code null}, receives the value in {@code out[0]} on success
     * @return whether the bytes are a canonical integer
     */
    public static boolean string2ll(byte[] b, int off, int len, long[] out) {
        // A string of zero length or excessive length is not a valid number.
        if (len == 0 || len >= LONG_STR_SIZE) {
            return false;
        }
        int p = off;
        int end = off + len;
        // Special case: first and only digit is 0.
        if (len == 1 && b[p] == '0') {
            if (out != null) {
                out[0] = 0;
            }
            return true;
        }
        boolean negative = false;
        if (b[p] == '-') {
            negative = true;
            p++;
            if (p == end) {
                return false; // only a minus sign
            }
        }
        // The first digit must be 1-9: this is what rules out "007", "-0" and "+7".
        if (b[p] < '1' || b[p] > '9') {
            return false;
        }
        // Accumulate as a negative number: the negative range is one larger, so
        // Long.MIN_VALUE parses without the unsigned arithmetic the C code uses.
        long v = -(b[p++] - '0');
        while (p < end) {
            int d = b[p] - '0';
            if (d < 0 || d > 9) {
                return false; // not all bytes were digits
            }
            if (v < Long.MIN_VALUE / 10) {
                return false; // overflow
            }
            v *= 10;
            if (v < Long.MIN_VALUE + d) {
                return false; // overflow
            }
            v -= d;
            p++;
        }
        if (!negative) {
            if (v == Long.MIN_VALUE) {
                return false; // 9223372036854775808 does not fit
            }
            v = -v;
        }
        if (out != null) {
            out[0] = v;
        }
        return true;
    }

    /** {@link #string2ll(byte[], int, int, long[])} over a whole array. */
    public static boolean string2ll(byte[] b, long[] out) {
        return string2ll(b, 0, b.length, out);
    }

    /**
     * Whether the bytes are a canonical integer, the test Redis makes before choosing the int
     * encoding for a string value ({@code tryObjectEncoding()}).
     */
    public static boolean isLong(byte[] b) {
        return string2ll(b, 0, b.length, null);
    }

    /**
     * {@code digits10()}: how many decimal digits {@code v} has ({@code v >= 0}, Long's range read
     * as unsigned is not needed here). Lets {@link #ll2string} size its array exactly.
     */
    public static int digits10(long v) {
        int n = 1;
        long p = 10;
        while (n < 19 && v >= p) {
            n++;
            p *= 10;
        }
        return n;
    }

    /**
     * {@code ll2string()}: the canonical decimal bytes of {@code v}, the inverse of
     * {@link #string2ll}. Values 0..9999 come from a shared table and must not be modified by
     * the caller (like Redis's shared integer objects, which are never written either).
     */
    public static byte[] ll2string(long v) {
        if (v >= 0 && v < SHARED_INTEGERS) {
            return SHARED[(int) v];
        }
        byte[] dst = new byte[v < 0 ? 1 + digits10Negative(v) : digits10(v)];
        ll2string(v, dst, 0);
        return dst;
    }

    /**
     * {@code ll2string()} into a caller's buffer (e.g. a reply buffer), returning the number of
     * bytes written; at most 20. Digits are produced right to left from the negated value so
     * {@code Long.MIN_VALUE} needs no special case.
     */
    public static int ll2string(long v, byte[] dst, int off) {
        int len = v < 0 ? 1 + digits10Negative(v) : digits10(v);
        long n = v < 0 ? v : -v; // work in the negative range
        int p = off + len;
        do {
            dst[--p] = (byte) ('0' - (n % 10));
            n /= 10;
        } while (n != 0);
        if (v < 0) {
            dst[--p] = '-';
        }
        return len;
    }

    private static int digits10Negative(long v) {
        // Count digits of a negative number without negating it (MIN_VALUE has no positive twin).
        int n = 1;
        while (v <= -10) {
            v /= 10;
            n++;
        }
        return n;
    }

    // ---------------------------------------------------------------------------------------
    // Doubles
    // ---------------------------------------------------------------------------------------

    /**
     * {@code string2d()} / {@code getDoubleFromObject()}: parses a score or a float argument
     * with C's {@code strtod()} grammar and Redis's extra checks. Accepted: an optional sign,
     * decimal digits with an optional point and exponent ({@code "1e10"}, {@code ".5"},
     * {@code "5."}), C99 hexadecimal floats ({@code "0x1p-2"}), and {@code inf} /
     * {@code infinity} in any case. Rejected: the empty string, a leading space (strtod would skip
     * it, Redis refuses), any trailing byte, NaN in every spelling, and a finite literal that
     * overflows to infinity or underflows all the way to zero ({@code errno == ERANGE}); a literal
     * that lands on a subnormal is kept.
     *
     * @param out if not {@code null}, receives the value in {@code out[0]} on success
     */
    public static boolean string2d(byte[] b, int off, int len, double[] out) {
        if (simpleDecimal(b, off, len, out)) return true;
        FloatLiteral lit = FloatLiteral.scan(b, off, len);
        if (lit == null) {
            return false;
        }
        double v;
        if (lit.infinite) {
            v = Double.POSITIVE_INFINITY;
        } else if (lit.hex) {
            BinaryFloat f = lit.toBinary(BinaryFloat.DOUBLE);
            if (f == null) {
                return false; // overflow
            }
            v = f.toDouble();
        } else {
            // The grammar has been checked, and Java's parser rounds correctly like glibc's.
            v = Double.parseDouble(new String(b, off, len, java.nio.charset.StandardCharsets.US_ASCII));
            v = Math.abs(v);
        }
        if (Double.isInfinite(v) && !lit.infinite) {
            return false; // ERANGE overflow
        }
        if (v == 0 && lit.nonZero) {
            return false; // ERANGE underflow to zero
        }
        if (out != null) {
            out[0] = lit.negative ? -v : v;
        }
        return true;
    }

    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
            1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    /**
     * The common case of {@link #string2d}, without allocating: a short plain decimal such as
     * {@code "42"}, {@code "-1.5"} or {@code "0.25"} (at most 17 bytes, no exponent). Its digits form
     * an integer below 2^53 and its scale is at most 10^16, both exact as doubles, so one division
     * rounds correctly (Clinger's fast path) and gives what strtod gives. Returns false for
     * anything else, which the full scanner then accepts or rejects.
     */
    private static boolean simpleDecimal(byte[] b, int off, int len, double[] out) {
        if (len == 0 || len > 17) return false;
        int p = off, end = off + len;
        boolean negative = b[p] == '-';
        if (negative || b[p] == '+') p++;
        long digits = 0;
        int ndigits = 0, fraction = -1;
        for (; p < end; p++) {
            int ch = b[p];
            if (ch >= '0' && ch <= '9') {
                digits = digits * 10 + (ch - '0');
                ndigits++;
                if (fraction >= 0) fraction++;
            } else if (ch == '.' && fraction < 0) {
                fraction = 0;
            } else {
                return false;
            }
        }
        if (ndigits == 0 || digits > (1L << 53)) return false;
        double v = fraction <= 0 ? (double) digits : (double) digits / POW10[fraction];
        if (out != null) out[0] = negative ? -v : v;
        return true;
    }

    /** {@link #string2d(byte[], int, int, double[])} over a whole array. */
    public static boolean string2d(byte[] b, double[] out) {
        return string2d(b, 0, b.length, out);
    }

    /**
     * {@code double2ll()} (util.h, new in 7.0): whether {@code d} is an integer that a
     * {@code long} holds without loss, within +-{@code LLONG_MAX/2}. A sorted set in listpack
     * form uses it to store such scores as integer entries, which are smaller; a side effect a
     * learner can see is that a score of {@code -0} comes back from ZSCORE as {@code "0"}.
     *
     * @param out if not {@code null}, receives the integer in {@code out[0]} on success
     */
    public static boolean double2ll(double d, long[] out) {
        if (d < (double) (-Long.MAX_VALUE / 2) || d > (double) (Long.MAX_VALUE / 2)) {
            return false;
        }
        if (Double.isNaN(d)) {
            return false; // in C, NaN slips through the range test and fails ll == d
        }
        long ll = (long) d;
        if (ll == d) {
            if (out != null) {
                out[0] = ll;
            }
            return true;
        }
        return false;
    }

    /**
     * The text {@code addReplyDouble()} sends in Redis 7.0: {@code "inf"} / {@code "-inf"} for
     * the infinities (spelled out because some libcs print them differently), otherwise C's
     * {@code "%.17g"}. This is what ZSCORE, ZINCRBY, ZADD INCR and WITHSCORES reply.
     */
    public static byte[] replyDouble(double d) {
        if (Double.isNaN(d)) {
            // Commands never reply NaN; glibc would print the sign bit, so do the same.
            return ascii(Double.doubleToRawLongBits(d) < 0 ? "-nan" : "nan");
        }
        if (Double.isInfinite(d)) {
            return ascii(d > 0 ? "inf" : "-inf");
        }
        return ascii(formatDouble(d, 17));
    }

    /**
     * {@code d2string()}: a double as Redis stores it in text (e.g. a score inside a listpack,
     * or a rewritten AOF argument). Integral values strictly between -(2^52-1) and 2^52 take the
     * faster {@code ll2string} path (same text as %.17g would give), everything else is
     * {@code "%.17g"}.
     * NaN prints as {@code "nan"}, and zero keeps its sign ({@code "-0"}).
     */
    public static byte[] d2string(double value) {
        if (Double.isNaN(value)) {
            return ascii("nan");
        } else if (Double.isInfinite(value)) {
            return ascii(value < 0 ? "-inf" : "inf");
        } else if (value == 0) {
            return ascii(1.0 / value < 0 ? "-0" : "0");
        }
        double min = -4503599627370495d; // -(2^52-1)
        double max = 4503599627370496d; // 2^52
        if (value > min && value < max && value == (double) (long) value) {
            return ll2string((long) value);
        }
        return ascii(formatDouble(value, 17));
    }

    /**
     * C's {@code printf("%.{precision}g", d)} for a finite double, computed on the double's exact
     * decimal expansion, rounded half-even like glibc. Integers below 10^15 take a shortcut:
     * they have at most 15 digits, so %.17g prints them unchanged.
     */
    public static String formatDouble(double d, int precision) {
        boolean negative = (Double.doubleToRawLongBits(d) < 0); // keeps the sign of -0
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            // Fast path: an integer with at most 15 digits prints as itself under %.17g.
            long l = (long) d;
            return (negative && l == 0 ? "-" : "") + l;
        }
        return (negative ? "-" : "") + formatG(new BigDecimal(Math.abs(d)), precision);
    }

    /**
     * C's {@code %.{P}g} applied to an exact non-negative decimal: round to P significant digits;
     * if the decimal exponent X of the result satisfies {@code -4 <= X < P} print it plainly
     * with {@code P-1-X} decimals, otherwise as {@code d.ddde+XX}; then drop trailing zeros and a
     * bare decimal point (no {@code '#'} flag). Shared with {@link LongDouble} for {@code %.17Lg}.
     */
    static String formatG(BigDecimal abs, int precision) {
        if (abs.signum() == 0) {
            return "0";
        }
        BigDecimal r = abs.round(new MathContext(precision, RoundingMode.HALF_EVEN));
        int x = r.precision() - r.scale() - 1;
        if (x >= -4 && x < precision) {
            return stripFraction(r.setScale(precision - 1 - x, RoundingMode.UNNECESSARY).toPlainString());
        }
        String digits = r.unscaledValue().toString();
        int z = digits.length();
        while (z > 1 && digits.charAt(z - 1) == '0') {
            z--;
        }
        StringBuilder sb = new StringBuilder(z + 6);
        sb.append(digits.charAt(0));
        if (z > 1) {
            sb.append('.').append(digits, 1, z);
        }
        sb.append('e').append(x < 0 ? '-' : '+');
        int ax = Math.abs(x);
        if (ax < 10) {
            sb.append('0');
        }
        return sb.append(ax).toString();
    }

    /** Removes trailing zeros after a decimal point, and the point itself if nothing is left. */
    static String stripFraction(String s) {
        if (s.indexOf('.') < 0) {
            return s;
        }
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        return s.substring(0, end);
    }

    static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
