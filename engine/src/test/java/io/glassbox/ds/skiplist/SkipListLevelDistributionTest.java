package io.glassbox.ds.skiplist;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A million inserts build towers whose heights follow p = 1/4: of the nodes that reach level k,
 * about a quarter also reach level k+1 (zslRandomLevel's promise, and why a search visits about
 * 4 nodes per level on average).
 */
@Tag("unit")
class SkipListLevelDistributionTest {
    @Test
    void aMillionInsertsGiveAQuarterPerLevel() {
        Random r = new Random(2026);
        SkipList zsl = new SkipList(() -> r.nextInt() & SkipList.RAND_MAX);
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            zsl.insert(r.nextDouble(), ("m" + i).getBytes(StandardCharsets.US_ASCII));
        }
        assertEquals(n, zsl.length());
        long[] atLeast = new long[SkipList.MAXLEVEL + 2];
        int nodes = 0;
        for (SkipList.Node x = zsl.first(); x != null; x = x.next()) {
            for (int l = 1; l <= x.height(); l++) atLeast[l]++;
            nodes++;
        }
        assertEquals(n, nodes);
        for (int level = 1; level <= 5; level++) {
            double ratio = atLeast[level + 1] / (double) atLeast[level];
            assertEquals(0.25, ratio, 0.02, "share of level-" + level + " nodes that reach level " + (level + 1));
        }
        assertTrue(zsl.level() >= 9 && zsl.level() <= 14, "a million nodes need about log4(1e6) = 10 levels, got " + zsl.level());
    }
}
