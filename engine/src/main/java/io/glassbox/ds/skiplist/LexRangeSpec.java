package io.glassbox.ds.skiplist;

import java.util.Arrays;

/**
 * A range of member strings, Redis's {@code zlexrangespec}, as written in ZRANGEBYLEX:
 * {@code [a} inclusive, {@code (a} exclusive, {@code -} below every string, {@code +} above.
 * Lex ranges are only meaningful when all members have the same score (then the skiplist is
 * ordered by member bytes alone).
 *
 * <p>{@link #MIN} and {@link #MAX} are sentinels compared by identity, like Redis's
 * {@code shared.minstring} / {@code shared.maxstring}.
 */
public record LexRangeSpec(byte[] min, byte[] max, boolean minex, boolean maxex) {
    public static final byte[] MIN = new byte[0];
    public static final byte[] MAX = new byte[0];

    /**
     * zslParseLexRangeItem + zslParseLexRange: null when an item does not start with
     * {@code [ ( + -} (or {@code +}/{@code -} carry more bytes).
     */
    public static LexRangeSpec parse(byte[] min, byte[] max) {
        Object[] a = item(min), b = item(max);
        if (a == null || b == null) return null;
        return new LexRangeSpec((byte[]) a[0], (byte[]) b[0], (Boolean) a[1], (Boolean) b[1]);
    }

    private static Object[] item(byte[] s) {
        if (s.length == 0) return null;
        switch (s[0]) {
            case '+': return s.length == 1 ? new Object[]{MAX, true} : null;
            case '-': return s.length == 1 ? new Object[]{MIN, true} : null;
            case '(': return new Object[]{Arrays.copyOfRange(s, 1, s.length), true};
            case '[': return new Object[]{Arrays.copyOfRange(s, 1, s.length), false};
            default: return null;
        }
    }

    /** sdscmplex: compares with the sentinels taken into account. */
    public static int cmplex(byte[] a, byte[] b) {
        if (a == b) return 0;
        if (a == MIN || b == MAX) return -1;
        if (a == MAX || b == MIN) return 1;
        return Arrays.compareUnsigned(a, b);
    }

    /** zslLexValueGteMin. */
    public boolean gteMin(byte[] value) { return minex ? cmplex(value, min) > 0 : cmplex(value, min) >= 0; }

    /** zslLexValueLteMax. */
    public boolean lteMax(byte[] value) { return maxex ? cmplex(value, max) < 0 : cmplex(value, max) <= 0; }

    /** False when no string can satisfy the range. */
    public boolean nonEmpty() {
        int cmp = cmplex(min, max);
        return !(cmp > 0 || (cmp == 0 && (minex || maxex)));
    }
}
