package io.glassbox.ds.skiplist;

/**
 * A score interval, Redis's {@code zrangespec}: {@code min}/{@code max} with a flag each saying
 * whether the bound is exclusive (written {@code (1.5} on the command line).
 */
public record RangeSpec(double min, double max, boolean minex, boolean maxex) {
    /** zslValueGteMin: value lies at or above (or strictly above, if exclusive) the minimum. */
    public boolean gteMin(double value) { return minex ? value > min : value >= min; }

    /** zslValueLteMax. */
    public boolean lteMax(double value) { return maxex ? value < max : value <= max; }

    /** False when no value can satisfy the range (min above max, or an exclusive empty point). */
    public boolean nonEmpty() { return !(min > max || (min == max && (minex || maxex))); }
}
