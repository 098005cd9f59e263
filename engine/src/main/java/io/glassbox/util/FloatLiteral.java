package io.glassbox.util;

import java.math.BigInteger;

/**
 * The grammar of C's {@code strtod()} / {@code strtold()} as Redis uses them in
 * {@code string2d()} and {@code string2ld()}: the whole input must be one literal, with no leading
 * space (Redis checks {@code isspace(s[0])} because strtod itself would skip it) and nothing after
 * it (Redis checks that strtod's end pointer reached the end).
 *
 * <pre>
 *   literal  := [+-] ( decimal | hex | "inf" | "infinity" )      (inf/nan in any case)
 *   decimal  := digits [ "." [digits] ] | "." digits,  then optional [eE] [+-] digits
 *   hex      := "0" [xX] hexdigits with optional ".", then optional [pP] [+-] digits
 * </pre>
 * NaN ({@code "nan"}, {@code "nan(...)"}) is part of strtod's grammar but Redis rejects the
 * result, so the scanner rejects it directly. A dangling exponent ({@code "1e"}) is rejected
 * too: strtod would stop before the {@code 'e'} and leave a trailing byte.
 */
final class FloatLiteral {

    /** Exponents beyond this are saturated; they are far outside every format's range anyway. */
    private static final long EXP_LIMIT = 1_000_000_000L;

    boolean negative;
    boolean infinite;
    boolean hex;
    /** Whether any significand digit is non-zero (a zero literal never reports underflow). */
    boolean nonZero;
    private byte[] b;
    private int digitsStart;
    private int digitsEnd;
    private int fractionDigits;
    /** The explicit exponent after 'e' or 'p', saturated to +-EXP_LIMIT. */
    private long exponent;

    /** Scans {@code len} bytes at {@code off}; {@code null} if they are not exactly one literal. */
    static FloatLiteral scan(byte[] b, int off, int len) {
        if (len == 0) {
            return null;
        }
        FloatLiteral lit = new FloatLiteral();
        lit.b = b;
        int end = off + len;
        int p = off;
        if (b[p] == '+' || b[p] == '-') {
            lit.negative = b[p] == '-';
            p++;
        }
        if (matchesIgnoreCase(b, p, end, "inf")) {
            int rest = end - (p + 3);
            if (rest == 0 || (rest == 5 && matchesIgnoreCase(b, p + 3, end, "inity"))) {
                lit.infinite = true;
                return lit;
            }
            return null;
        }
        int base = 10;
        if (end - p >= 2 && b[p] == '0' && (b[p + 1] == 'x' || b[p + 1] == 'X')) {
            lit.hex = true;
            base = 16;
            p += 2;
        }
        lit.digitsStart = p;
        int digits = 0;
        boolean point = false;
        while (p < end) {
            int d = digit(b[p], base);
            if (d >= 0) {
                digits++;
                if (d != 0) {
                    lit.nonZero = true;
                }
                if (point) {
                    lit.fractionDigits++;
                }
            } else if (b[p] == '.' && !point) {
                point = true;
            } else {
                break;
            }
            p++;
        }
        lit.digitsEnd = p;
        if (digits == 0) {
            return null; // "", ".", "-", "0x" (strtod would stop after the "0")
        }
        if (p < end && (lit.hex ? (b[p] == 'p' || b[p] == 'P') : (b[p] == 'e' || b[p] == 'E'))) {
            p++;
            boolean expNegative = false;
            if (p < end && (b[p] == '+' || b[p] == '-')) {
                expNegative = b[p] == '-';
                p++;
            }
            if (p == end) {
                return null;
            }
            long e = 0;
            while (p < end && b[p] >= '0' && b[p] <= '9') {
                e = Math.min(e * 10 + (b[p] - '0'), EXP_LIMIT);
                p++;
            }
            lit.exponent = expNegative ? -e : e;
        }
        return p == end ? lit : null;
    }

    /** All significand digits, the point removed, as an integer. */
    BigInteger mantissa() {
        StringBuilder sb = new StringBuilder(digitsEnd - digitsStart);
        for (int i = digitsStart; i < digitsEnd; i++) {
            if (b[i] != '.') {
                sb.append((char) b[i]);
            }
        }
        return new BigInteger(sb.toString(), hex ? 16 : 10);
    }

    /**
     * The literal's magnitude rounded to {@code fmt}: {@code null} on overflow, a zero
     * significand on underflow. A decimal literal is the fraction
     * {@code mantissa * 10^k}, a hexadecimal one {@code mantissa * 2^k}.
     */
    BinaryFloat toBinary(BinaryFloat.Format fmt) {
        BigInteger m = mantissa();
        if (hex) {
            return BinaryFloat.round(m, BigInteger.ONE, exponent - 4L * fractionDigits, fmt);
        }
        long k = exponent - fractionDigits;
        // log10 of the value is about k + digits; keep 10^|k| from growing without bound.
        long digits = m.signum() == 0 ? 0 : m.toString().length();
        long maxDecimal = (long) Math.ceil(fmt.maxExp() * Math.log10(2)) + 2;
        long minDecimal = (long) Math.floor(fmt.minExp() * Math.log10(2)) - 2;
        if (m.signum() != 0 && k + digits > maxDecimal) {
            return null;
        }
        if (m.signum() == 0 || k + digits < minDecimal) {
            return new BinaryFloat(BigInteger.ZERO, 0);
        }
        if (k >= 0) {
            return BinaryFloat.round(m.multiply(BigInteger.TEN.pow((int) k)), BigInteger.ONE, 0, fmt);
        }
        return BinaryFloat.round(m, BigInteger.TEN.pow((int) -k), 0, fmt);
    }

    private static int digit(byte c, int base) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (base == 16) {
            if (c >= 'a' && c <= 'f') {
                return c - 'a' + 10;
            }
            if (c >= 'A' && c <= 'F') {
                return c - 'A' + 10;
            }
        }
        return -1;
    }

    private static boolean matchesIgnoreCase(byte[] b, int p, int end, String word) {
        if (end - p < word.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            int c = b[p + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
