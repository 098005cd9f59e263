package io.glassbox.util;

/**
 * A small HdrHistogram with Redis's parameters (deps/hdr_histogram, as server.c's
 * {@code updateCommandLatencyHistogram} creates it): values in nanoseconds from 1 to 10^9
 * ({@code LATENCY_HISTOGRAM_MIN_VALUE}, {@code _MAX_VALUE}), 2 significant digits
 * ({@code LATENCY_HISTOGRAM_PRECISION}). Recording is O(1) and allocation-free.
 *
 * <p>How an HDR histogram buckets: values are grouped by their power of two (the bucket), and
 * each bucket is split into 128 sub-buckets of equal width (the first bucket into 256), so every
 * value is kept to within 1/128 of itself: two significant decimal digits at any magnitude. The
 * counts of all buckets live in one array of (23 + 1) * 128 longs; bucket {@code b}'s upper half
 * starts at index {@code (b + 1) * 128}. The few formulas below are HdrHistogram's
 * ({@code get_bucket_index}, {@code counts_index}, {@code value_from_index},
 * {@code highest_equivalent_value}), written again here rather than adding a dependency; the
 * percentile query and the logarithmic iteration (LATENCY HISTOGRAM's buckets) follow
 * {@code hdr_value_at_percentile} and {@code hdr_iter_log_init(iter, h, 1024, 2)}.
 *
 * <p>One per command, written and read on the command thread only.
 */
public final class LatencyHistogram {
    public static final long MIN_VALUE = 1, MAX_VALUE = 1_000_000_000L;

    /** ceil(log2(2 * 10^2)) = 8: 256 sub-buckets give 2 significant digits. */
    private static final int SUB_BUCKET_COUNT_MAGNITUDE = 8;
    private static final int SUB_BUCKET_HALF_COUNT_MAGNITUDE = SUB_BUCKET_COUNT_MAGNITUDE - 1;
    private static final int SUB_BUCKET_COUNT = 1 << SUB_BUCKET_COUNT_MAGNITUDE;
    private static final int SUB_BUCKET_HALF_COUNT = SUB_BUCKET_COUNT / 2;
    private static final long SUB_BUCKET_MASK = SUB_BUCKET_COUNT - 1;
    /** unit_magnitude: floor(log2(MIN_VALUE)) = 0. */
    private static final int UNIT_MAGNITUDE = 0;
    private static final int BUCKET_COUNT = bucketsNeeded();
    private static final int COUNTS_LEN = (BUCKET_COUNT + 1) * SUB_BUCKET_HALF_COUNT;

    private final long[] counts = new long[COUNTS_LEN];
    private long totalCount;

    private static int bucketsNeeded() {
        long smallestUntrackable = (long) SUB_BUCKET_COUNT << UNIT_MAGNITUDE;
        int buckets = 1;
        while (smallestUntrackable <= MAX_VALUE) {
            smallestUntrackable <<= 1;
            buckets++;
        }
        return buckets;
    }

    /** Records one value in ns, clamped to [MIN_VALUE, MAX_VALUE] (updateCommandLatencyHistogram). */
    public void record(long nanos) {
        long v = Math.max(MIN_VALUE, Math.min(MAX_VALUE, nanos));
        counts[countsIndexFor(v)]++;
        totalCount++;
    }

    public long totalCount() { return totalCount; }

    private static int bucketIndex(long v) {
        return 64 - Long.numberOfLeadingZeros(v | SUB_BUCKET_MASK) - (UNIT_MAGNITUDE + SUB_BUCKET_HALF_COUNT_MAGNITUDE + 1);
    }

    private static int subBucketIndex(long v, int bucket) {
        return (int) (v >>> (bucket + UNIT_MAGNITUDE));
    }

    private static int countsIndexFor(long v) {
        int b = bucketIndex(v);
        int sb = subBucketIndex(v, b);
        return ((b + 1) << SUB_BUCKET_HALF_COUNT_MAGNITUDE) + (sb - SUB_BUCKET_HALF_COUNT);
    }

    /** hdr_value_at_index: the lowest value counted at {@code index}. */
    private static long valueAtIndex(int index) {
        int b = (index >> SUB_BUCKET_HALF_COUNT_MAGNITUDE) - 1;
        int sb = (index & (SUB_BUCKET_HALF_COUNT - 1)) + SUB_BUCKET_HALF_COUNT;
        if (b < 0) {
            sb -= SUB_BUCKET_HALF_COUNT;
            b = 0;
        }
        return (long) sb << (b + UNIT_MAGNITUDE);
    }

    private static long lowestEquivalentValue(long v) {
        int b = bucketIndex(v);
        return (long) subBucketIndex(v, b) << (b + UNIT_MAGNITUDE);
    }

    private static long sizeOfEquivalentValueRange(long v) {
        int b = bucketIndex(v);
        int sb = subBucketIndex(v, b);
        return 1L << (UNIT_MAGNITUDE + (sb >= SUB_BUCKET_COUNT ? b + 1 : b));
    }

    /** highest_equivalent_value: the largest value counted in the same slot as {@code v}. */
    static long highestEquivalentValue(long v) {
        return lowestEquivalentValue(v) + sizeOfEquivalentValueRange(v) - 1;
    }

    /** hdr_value_at_percentile: the value below which {@code percentile}% of the recorded values fall. */
    public long valueAtPercentile(double percentile) {
        double p = Math.min(percentile, 100.0);
        long countAt = (long) ((p / 100) * totalCount + 0.5);
        countAt = Math.max(countAt, 1);
        long sum = 0;
        long value = 0;
        for (int i = 0; i < COUNTS_LEN; i++) {
            sum += counts[i];
            if (sum >= countAt) {
                value = valueAtIndex(i);
                break;
            }
        }
        return percentile == 0.0 ? lowestEquivalentValue(value) : highestEquivalentValue(value);
    }

    /** One step of the logarithmic iteration: the slot's highest value and the count up to it. */
    @FunctionalInterface
    public interface LogStep {
        void accept(long highestEquivalentValue, long cumulativeCount);
    }

    /**
     * hdr_iter_log_init(iter, h, firstBucket, base) and its hdr_iter_next loop: one step per
     * reporting level (firstBucket, firstBucket*base, ...) until every count was passed, each with
     * the highest value of the last slot reached and the cumulative count so far.
     */
    public void forEachLogStep(long firstBucket, int base, LogStep step) {
        int index = -1;
        long cumulative = 0, value = 0, highest = 0;
        long level = firstBucket;
        long levelLowest = lowestEquivalentValue(level);
        while (true) {
            boolean hasNext = cumulative < totalCount;
            boolean beyond = index < COUNTS_LEN && valueAtIndex(index + 1) > levelLowest;
            if (!hasNext && !beyond) return;
            boolean moved = true;
            while (true) {
                if (value >= levelLowest) {
                    level *= base;
                    levelLowest = lowestEquivalentValue(level);
                    break;
                }
                index++;
                if (index >= COUNTS_LEN) { moved = false; break; }
                cumulative += counts[index];
                value = valueAtIndex(index);
                highest = highestEquivalentValue(value);
            }
            step.accept(highest, cumulative);
            if (!moved) return;
        }
    }
}
