package io.glassbox.util;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * C's {@code long double} as Redis on x86-64 Linux sees it: the x87 80-bit extended format, with
 * a 64-bit significand, a 15-bit exponent and round-half-even. INCRBYFLOAT and HINCRBYFLOAT
 * compute in it ({@code incrbyfloatCommand()} in {@code t_string.c},
 * {@code hincrbyfloatCommand()} in {@code t_hash.c}):
 * <pre>
 *   value = string2ld(current) ; incr = string2ld(argument)      // else "value is not a valid float"
 *   value += incr                                                 // one x87 addition
 *   if (isnan(value) || isinf(value)) "increment would produce NaN or Infinity"
 *   reply and store ld2string(value, LD_STR_HUMAN)                // "%.17Lf", trailing zeros cut
 * </pre>
 *
 * <h2>Why emulate it instead of using double</h2>
 * The 11 extra significand bits change the answers users see. {@code SET k 3} then
 * {@code INCRBYFLOAT k 1.1} gives {@code "4.1"}: the sum carries 64 bits, and printing it with 17
 * decimals rounds the error away; had Redis added doubles, {@code "%.17f"} would show
 * {@code 4.09999999999999964}. And {@code "%.17Lf"} is fixed-point: {@code 1e300} prints with all
 * 301 integer digits, exactly as the binary value spells them, while {@code 1e-20} prints as
 * {@code "0"}.
 *
 * <h2>How</h2>
 * A value is kept exactly as {@code mant * 2^exp} with {@link BigInteger}s and every operation
 * rounds once, through {@link BinaryFloat#round}, to the extended format. This is slow (each step
 * allocates) but exact; INCRBYFLOAT is not a hot path, and correctness is the lesson. Instances
 * are immutable.
 */
public final class LongDouble {

    /** {@code ld2string_mode} in util.h. */
    public enum Ld2StringMode {
        /** {@code LD_STR_AUTO}: {@code "%.17Lg"}. */
        AUTO,
        /** {@code LD_STR_HUMAN}: {@code "%.17Lf"} with trailing zeros and {@code "-0"} cleaned up. */
        HUMAN
    }

    /**
     * {@code MAX_LONG_DOUBLE_CHARS}: Redis parses long doubles from a 5 KiB stack buffer, so
     * {@code string2ld} rejects inputs of this length or more.
     */
    public static final int MAX_LONG_DOUBLE_CHARS = 5 * 1024;

    public static final LongDouble ZERO = new LongDouble(false, Kind.FINITE, BigInteger.ZERO, 0);

    private enum Kind { FINITE, INFINITE, NAN }

    private final boolean negative;
    private final Kind kind;
    /** Significand, below 2^64; zero for a (signed) zero. */
    private final BigInteger mant;
    private final long exp;

    private LongDouble(boolean negative, Kind kind, BigInteger mant, long exp) {
        this.negative = negative;
        this.kind = kind;
        this.mant = mant;
        this.exp = exp;
    }

    private static LongDouble of(boolean negative, BinaryFloat f) {
        return f == null
                ? new LongDouble(negative, Kind.INFINITE, BigInteger.ZERO, 0)
                : new LongDouble(negative, Kind.FINITE, f.mant, f.exp);
    }

    /**
     * {@code (long double)v}, how Redis reads an int-encoded string in
     * {@code getLongDoubleFromObject()}; exact, since 64 significand bits hold any {@code long}.
     */
    public static LongDouble fromLong(long v) {
        BigInteger m = BigInteger.valueOf(v).abs();
        return new LongDouble(v < 0, Kind.FINITE, m, 0);
    }

    /**
     * {@code string2ld()}: parses a long double with {@code strtold()}'s grammar (see
     * {@link FloatLiteral}) and Redis's checks: not empty, at most {@value #MAX_LONG_DOUBLE_CHARS}
     * - 1 bytes, no leading space, no trailing bytes, not NaN, and no overflow or total underflow
     * of a finite literal ({@code errno == ERANGE}). {@code "inf"} is accepted; the addition
     * then fails instead.
     *
     * @param out if not {@code null}, receives the value in {@code out[0]} on success
     * @return whether Redis would accept the bytes ("ERR value is not a valid float" otherwise)
     */
    public static boolean string2ld(byte[] b, int off, int len, LongDouble[] out) {
        if (len == 0 || len >= MAX_LONG_DOUBLE_CHARS) {
            return false;
        }
        FloatLiteral lit = FloatLiteral.scan(b, off, len);
        if (lit == null) {
            return false;
        }
        LongDouble v;
        if (lit.infinite) {
            v = new LongDouble(lit.negative, Kind.INFINITE, BigInteger.ZERO, 0);
        } else {
            BinaryFloat f = lit.toBinary(BinaryFloat.EXTENDED);
            if (f == null || (f.mant.signum() == 0 && lit.nonZero)) {
                return false; // ERANGE: overflow, or underflow to zero
            }
            v = of(lit.negative, f);
        }
        if (out != null) {
            out[0] = v;
        }
        return true;
    }

    /** {@link #string2ld(byte[], int, int, LongDouble[])} over a whole array. */
    public static boolean string2ld(byte[] b, LongDouble[] out) {
        return string2ld(b, 0, b.length, out);
    }

    /**
     * {@code this + other} as one x87 {@code fadd}: the exact sum rounded once to 64 bits, half
     * to even. An exact zero sum is {@code +0} unless both operands were {@code -0}; infinities
     * of opposite sign give NaN.
     */
    public LongDouble add(LongDouble other) {
        if (kind == Kind.NAN || other.kind == Kind.NAN) {
            return new LongDouble(false, Kind.NAN, BigInteger.ZERO, 0);
        }
        if (kind == Kind.INFINITE || other.kind == Kind.INFINITE) {
            if (kind == Kind.INFINITE && other.kind == Kind.INFINITE && negative != other.negative) {
                return new LongDouble(false, Kind.NAN, BigInteger.ZERO, 0);
            }
            return kind == Kind.INFINITE ? this : other;
        }
        long e = Math.min(exp, other.exp);
        BigInteger a = signed().shiftLeft((int) (exp - e));
        BigInteger b = other.signed().shiftLeft((int) (other.exp - e));
        BigInteger sum = a.add(b);
        if (sum.signum() == 0) {
            return new LongDouble(negative && other.negative, Kind.FINITE, BigInteger.ZERO, 0);
        }
        return of(sum.signum() < 0, BinaryFloat.round(sum.abs(), BigInteger.ONE, e, BinaryFloat.EXTENDED));
    }

    private BigInteger signed() {
        return negative ? mant.negate() : mant;
    }

    public boolean isNaN() {
        return kind == Kind.NAN;
    }

    public boolean isInfinite() {
        return kind == Kind.INFINITE;
    }

    /** Whether the sign bit is set (true for {@code -0} as well). */
    public boolean isNegative() {
        return negative;
    }

    /** The exact value of a finite long double, every binary digit expressed in decimal. */
    public BigDecimal toBigDecimal() {
        if (kind != Kind.FINITE) {
            throw new ArithmeticException("not finite: " + this);
        }
        BigDecimal abs = exp >= 0
                ? new BigDecimal(mant.shiftLeft((int) exp))
                : new BigDecimal(mant.multiply(BigInteger.valueOf(5).pow((int) -exp)), (int) -exp);
        return negative ? abs.negate() : abs;
    }

    /**
     * {@code ld2string()}: the text Redis stores and replies. Infinities are spelled
     * {@code "inf"} / {@code "-inf"}; NaN is printed as glibc does ({@code "nan"} / {@code "-nan"}),
     * though Redis never lets one reach a reply.
     * <ul>
     *   <li>{@link Ld2StringMode#HUMAN}: {@code "%.17Lf"}, then trailing zeros after the point and
     *       a bare point removed, and {@code "-0"} rewritten to {@code "0"}. Seventeen decimals
     *       are enough that most short decimal inputs come back exactly as typed.</li>
     *   <li>{@link Ld2StringMode#AUTO}: {@code "%.17Lg"}.</li>
     * </ul>
     */
    public byte[] ld2string(Ld2StringMode mode) {
        return RedisNumbers.ascii(format(mode));
    }

    private String format(Ld2StringMode mode) {
        if (kind == Kind.NAN) {
            return negative ? "-nan" : "nan";
        }
        if (kind == Kind.INFINITE) {
            return negative ? "-inf" : "inf";
        }
        BigDecimal abs = toBigDecimal().abs();
        String sign = negative ? "-" : "";
        if (mode == Ld2StringMode.AUTO) {
            return sign + RedisNumbers.formatG(abs, 17);
        }
        // "%.17Lf": the exact value rounded half-even (glibc) to 17 decimals. C keeps the sign
        // even when the digits round to zero, e.g. "-0.00000000000000000".
        String s = RedisNumbers.stripFraction(sign + abs.setScale(17, RoundingMode.HALF_EVEN).toPlainString());
        return s.equals("-0") ? "0" : s;
    }

    /** {@code ld2string(value, LD_STR_HUMAN)}, the INCRBYFLOAT reply text. */
    @Override
    public String toString() {
        return format(Ld2StringMode.HUMAN);
    }

    /** Value equality (a zero's sign counts, as it does for {@code ld2string}'s input). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LongDouble l) || l.kind != kind || l.negative != negative) {
            return false;
        }
        return kind != Kind.FINITE || toBigDecimal().compareTo(l.toBigDecimal()) == 0;
    }

    @Override
    public int hashCode() {
        return kind != Kind.FINITE ? kind.hashCode() + (negative ? 1 : 0)
                : toBigDecimal().stripTrailingZeros().hashCode();
    }
}
