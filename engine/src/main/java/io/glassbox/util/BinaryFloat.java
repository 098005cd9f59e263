package io.glassbox.util;

import java.math.BigInteger;

/**
 * A finite binary floating-point value {@code mant * 2^exp} rounded to a given format, and the one
 * rounding routine every conversion here goes through: round to nearest, ties to even, with
 * gradual underflow (subnormals), which is what glibc's {@code strtod()} / {@code strtold()} do
 * and what the x87 FPU does on every addition.
 *
 * <p>Doing it once with {@link BigInteger}s, exactly, is slow but leaves no room for double
 * rounding: the value is known exactly until the single rounding step.
 */
final class BinaryFloat {

    /**
     * A binary format: {@code precision} significand bits, the exponent of the smallest
     * subnormal's last bit ({@code minExp}) and the power of two no finite value reaches
     * ({@code maxExp}).
     */
    record Format(int precision, int minExp, int maxExp) {
    }

    /** IEEE 754 binary64, C's {@code double}: 53 bits, down to 2^-1074, below 2^1024. */
    static final Format DOUBLE = new Format(53, -1074, 1024);

    /**
     * x87 80-bit extended, C's {@code long double} on x86-64 Linux: 64 significand bits (the
     * integer bit is explicit), 15-bit exponent, down to 2^-16445, below 2^16384.
     */
    static final Format EXTENDED = new Format(64, -16445, 16384);

    /** Significand, {@code 0 <= mant < 2^precision}; zero after total underflow. */
    final BigInteger mant;
    /** Power of two of the significand's last bit. */
    final long exp;

    BinaryFloat(BigInteger mant, long exp) {
        this.mant = mant;
        this.exp = exp;
    }

    /**
     * Rounds the exact non-negative value {@code num / den * 2^exp2} to {@code fmt}.
     *
     * @return the rounded value (its {@code mant} is zero if it underflowed), or {@code null}
     *     if it overflowed: the caller turns that into infinity or into strtod's ERANGE
     */
    static BinaryFloat round(BigInteger num, BigInteger den, long exp2, Format fmt) {
        if (num.signum() == 0) {
            return new BinaryFloat(BigInteger.ZERO, 0);
        }
        // Quick range guards so absurd exponents never reach a BigInteger shift.
        long approxTop = exp2 + num.bitLength() - den.bitLength(); // log2(value) within +-1
        if (approxTop > fmt.maxExp() + 1) {
            return null;
        }
        if (approxTop < fmt.minExp() - 2) {
            return new BinaryFloat(BigInteger.ZERO, 0); // below half the smallest subnormal
        }
        // Scale so the integer quotient q carries at least precision+2 bits; the remainder of
        // the division only matters as a "sticky" bit (is anything left below q?).
        int s = fmt.precision() + 3 - (num.bitLength() - den.bitLength());
        BigInteger[] qr = s >= 0
                ? num.shiftLeft(s).divideAndRemainder(den)
                : num.divideAndRemainder(den.shiftLeft(-s));
        BigInteger q = qr[0];
        boolean sticky = qr[1].signum() != 0;
        long ex = exp2 - s; // exponent of q's last bit
        int bits = q.bitLength();
        long lsb = Math.max(ex + bits - fmt.precision(), fmt.minExp()); // the kept last bit
        int shift = (int) Math.min(lsb - ex, Integer.MAX_VALUE); // >= 3 by construction
        BigInteger m = q.shiftRight(shift);
        boolean half = q.testBit(shift - 1);
        boolean below = sticky || (q.getLowestSetBit() < shift - 1);
        if (half && (below || m.testBit(0))) {
            m = m.add(BigInteger.ONE); // round half to even
            if (m.bitLength() > fmt.precision()) {
                m = m.shiftRight(1);
                lsb++;
            }
        }
        if (lsb + m.bitLength() > fmt.maxExp()) {
            return null;
        }
        return new BinaryFloat(m, lsb);
    }

    /** The value as a Java double; exact, for values already rounded to {@link #DOUBLE}. */
    double toDouble() {
        return Math.scalb(mant.doubleValue(), (int) exp);
    }
}
