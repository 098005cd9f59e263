package io.glassbox.util;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HdrHistogram arithmetic INFO latencystats and LATENCY HISTOGRAM rely on. */
@Tag("unit")
class LatencyHistogramTest {

    @Test
    void smallValuesAreExactAndLargeOnesKeepTwoSignificantDigits() {
        // below 256 every value has its own slot
        assertEquals(200, LatencyHistogram.highestEquivalentValue(200));
        // 1000 ns: bucket of width 4 (512..1023 is split into 128 slots of 4)
        assertEquals(1003, LatencyHistogram.highestEquivalentValue(1000));
        // 1 s: slots of 2^22 ns, well within 1% of the value
        long v = 1_000_000_000L;
        long h = LatencyHistogram.highestEquivalentValue(v);
        assertTrue(h >= v && h - v < v / 100, "highest " + h);
    }

    @Test
    void percentilesReadTheCountsInOrder() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < 99; i++) h.record(100);
        h.record(5_000_000);
        assertEquals(100, h.totalCount());
        assertEquals(100, h.valueAtPercentile(50));
        assertEquals(100, h.valueAtPercentile(99));
        assertEquals(LatencyHistogram.highestEquivalentValue(5_000_000), h.valueAtPercentile(99.9));
        assertEquals(LatencyHistogram.highestEquivalentValue(5_000_000), h.valueAtPercentile(100));
    }

    @Test
    void valuesAreClampedToOneNanosecondAndOneSecond() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(0);
        h.record(5_000_000_000L);
        assertEquals(1, h.valueAtPercentile(50));
        assertEquals(LatencyHistogram.highestEquivalentValue(1_000_000_000L), h.valueAtPercentile(100));
    }

    @Test
    void theLogIterationReportsDoublingBucketsFrom1024Ns() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(500);        // under the first level: reported at the 1024 ns step
        h.record(3_000);      // the 4096 ns step
        h.record(3_000);
        h.record(100_000);    // the 131072 ns step
        List<long[]> steps = new ArrayList<>();
        long[] prev = {0};
        h.forEachLogStep(1024, 2, (highest, cumulative) -> {
            if (cumulative > prev[0]) steps.add(new long[] {highest / 1000, cumulative});
            prev[0] = cumulative;
        });
        assertEquals(3, steps.size(), () -> steps.stream().map(java.util.Arrays::toString).toList().toString());
        assertEquals(1, steps.get(0)[0]);
        assertEquals(1, steps.get(0)[1]);
        assertEquals(4, steps.get(1)[0]);
        assertEquals(3, steps.get(1)[1]);
        assertEquals(132, steps.get(2)[0]);
        assertEquals(4, steps.get(2)[1]);
    }
}
