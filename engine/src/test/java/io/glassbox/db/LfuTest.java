package io.glassbox.db;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The LFU counter of evict.c: its logarithmic increment, its decay over minutes, the 16-bit minute wrap. */
@Tag("unit")
class LfuTest {
    /** A coin that always shows {@code r}: makes LFULogIncr's probability visible. */
    private static RandomGenerator fixed(double r) {
        return new RandomGenerator() {
            @Override public long nextLong() { throw new UnsupportedOperationException(); }
            @Override public double nextDouble() { return r; }
        };
    }

    @Test
    void aCounterAtOrBelowTheInitialValueAlwaysClimbs() {
        // baseval 0: p = 1/(0*factor+1) = 1, so even the unluckiest draw increments
        assertEquals(6, Lfu.logIncr(5, 10, fixed(0.999999)));
        assertEquals(1, Lfu.logIncr(0, 10, fixed(0.999999)));
    }

    @Test
    void aboveTheInitialValueTheChanceIsOneOverBasevalTimesFactorPlusOne() {
        // counter 6: baseval 1, factor 10: p = 1/11 ≈ 0.0909
        assertEquals(7, Lfu.logIncr(6, 10, fixed(0.09)));
        assertEquals(6, Lfu.logIncr(6, 10, fixed(0.091)));
        // factor 0: every hit counts
        assertEquals(101, Lfu.logIncr(100, 0, fixed(0.99)));
    }

    @Test
    void theCounterSaturatesAt255() {
        assertEquals(255, Lfu.logIncr(255, 0, fixed(0.0)));
    }

    @Test
    void hitsAreCountedLogarithmically() {
        // redis.conf's table for lfu-log-factor 10: 100 hits -> 10, 1000 -> 18, 100K -> 142, 1M -> 255
        RandomGenerator rnd = new SplittableRandom(42);
        int c = Lfu.INIT_VAL;
        for (int i = 0; i < 1000; i++) c = Lfu.logIncr(c, 10, rnd);
        assertTrue(c >= 14 && c <= 24, "1000 hits: " + c);
        for (int i = 0; i < 99_000; i++) c = Lfu.logIncr(c, 10, rnd);
        assertTrue(c >= 120 && c <= 165, "100K hits: " + c);
    }

    @Test
    void decayTakesOnePerDecayTimeElapsed() {
        int lru = (100 << 8) | 20;
        assertEquals(20, Lfu.decrAndReturn(lru, 1, 100));
        assertEquals(17, Lfu.decrAndReturn(lru, 1, 103));
        assertEquals(19, Lfu.decrAndReturn(lru, 2, 103));  // 3 minutes / 2 = one period
        assertEquals(20, Lfu.decrAndReturn(lru, 0, 50_000)); // lfu-decay-time 0: never decays
        assertEquals(0, Lfu.decrAndReturn(lru, 1, 200));     // more periods than counter: 0, not negative
    }

    @Test
    void theMinuteClockWrapsOnce() {
        assertEquals(10, Lfu.timeElapsed(65530, 5));
        assertEquals(3, Lfu.timeElapsed(7, 10));
        assertEquals(65535 & (60_000_000L / 60_000), Lfu.timeInMinutes(60_000_000L));
        assertEquals(0, Lfu.timeInMinutes(65536L * 60_000));
    }

    @Test
    void updateStampsTheMinuteAndCountsTheAccess() {
        int lru = Lfu.initial(1000);
        assertEquals(Lfu.INIT_VAL, lru & 0xFF);
        int after = Lfu.updateLfu(lru, 1, 10, 1004, fixed(0.5));
        // 4 minutes took 4 off (5 -> 1), the access put one back (p = 1 below LFU_INIT_VAL)
        assertEquals(2, after & 0xFF);
        assertEquals(1004, after >>> 8);
    }
}
