package io.glassbox.ds.dict;

import static io.glassbox.ds.dict.DictTestSupport.BYTES;
import static io.glassbox.ds.dict.DictTestSupport.IDENTITY;
import static io.glassbox.ds.dict.DictTestSupport.finishRehash;
import static io.glassbox.ds.dict.DictTestSupport.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** dictScan: the reverse-binary cursor and its guarantee across resizes. */
@Tag("unit")
class DictScanTest {

    static String str(byte[] k) {
        return new String(k, StandardCharsets.US_ASCII);
    }

    @Test
    void cursorVisitsBucketsInReverseBinaryOrder() {
        Dict<Long, Long> d = new Dict<>(IDENTITY);
        for (long k = 0; k < 16; k++) d.add(k, k);
        finishRehash(d);
        assertEquals(16, d.buckets());
        List<Long> order = new ArrayList<>();
        long cursor = 0;
        do {
            cursor = d.scan(cursor, de -> order.add(de.getKey()));
        } while (cursor != 0);
        // Identity hash: key k sits in bucket k, so the keys spell the bucket order.
        assertEquals(List.of(0L, 8L, 4L, 12L, 2L, 10L, 6L, 14L, 1L, 9L, 5L, 13L, 3L, 11L, 7L, 15L), order);
    }

    @Test
    void stableTableReturnsEveryKeyExactlyOnce() {
        Dict<byte[], Integer> d = new Dict<>(BYTES);
        for (int i = 0; i < 1000; i++) d.add(key(i), i);
        finishRehash(d);
        Map<Integer, Integer> counts = new HashMap<>();
        long cursor = 0;
        do {
            cursor = d.scan(cursor, de -> counts.merge(de.getVal(), 1, Integer::sum));
        } while (cursor != 0);
        assertEquals(1000, counts.size());
        assertTrue(counts.values().stream().allMatch(c -> c == 1));
    }

    @Test
    void growingBetweenCallsMissesNothing() {
        Dict<Long, Long> d = new Dict<>(IDENTITY);
        for (long k = 0; k < 16; k++) d.add(k, k);
        finishRehash(d);
        Set<Long> seen = new HashSet<>();
        long cursor = 0;
        for (int i = 0; i < 3; i++) cursor = d.scan(cursor, de -> seen.add(de.getKey())); // 0, 8, 4
        for (long k = 16; k < 32; k++) d.add(k, k); // grow to 32 (and 64) between two calls
        finishRehash(d);
        do {
            cursor = d.scan(cursor, de -> seen.add(de.getKey()));
        } while (cursor != 0);
        for (long k = 0; k < 16; k++) assertTrue(seen.contains(k), "key " + k);
    }

    @Test
    void shrinkingBetweenCallsMissesNothing() {
        Dict<Long, Long> d = new Dict<>(IDENTITY);
        for (long k = 0; k < 64; k++) d.add(k, k);
        finishRehash(d);
        Set<Long> seen = new HashSet<>();
        long cursor = 0;
        for (int i = 0; i < 20; i++) cursor = d.scan(cursor, de -> seen.add(de.getKey()));
        for (long k = 4; k < 64; k++) d.delete(k); // keys 0..3 stay for the whole scan
        assertTrue(d.tryShrink());
        finishRehash(d);
        assertEquals(4, d.buckets());
        do {
            cursor = d.scan(cursor, de -> seen.add(de.getKey()));
        } while (cursor != 0);
        for (long k = 0; k < 4; k++) assertTrue(seen.contains(k), "key " + k);
    }

    /**
     * The SCAN guarantee under churn: between scan calls the dict grows, rehashes a little,
     * shrinks and rehashes again, so calls land on a single table and on both tables mid-rehash,
     * in both directions. Every key present from start to end must be reported.
     */
    @Test
    void keysPresentForTheWholeScanAreReturnedAcrossExpandAndShrink() {
        for (long seed = 1; seed <= 20; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            Dict<byte[], Integer> d = new Dict<>(BYTES);
            Set<String> stable = new HashSet<>();
            for (int i = 0; i < 300; i++) {
                d.add(key(i), i);
                stable.add(str(key(i)));
            }
            finishRehash(d);

            Set<String> seen = new HashSet<>();
            int next = 1_000_000;
            List<byte[]> transient_ = new ArrayList<>();
            boolean sawRehashingScan = false;
            long cursor = 0;
            int call = 0;
            do {
                sawRehashingScan |= d.isRehashing();
                cursor = d.scan(cursor, de -> seen.add(str(de.getKey())));
                call++;
                if (call < 40) { // growth phase: add transient keys, a few rehash steps happen
                    for (int j = rnd.nextInt(1, 150); j > 0; j--) {
                        byte[] k = key(next++);
                        d.add(k, 0);
                        transient_.add(k);
                    }
                } else if (!transient_.isEmpty()) { // shrink phase: remove them, then shrink
                    for (int j = rnd.nextInt(1, 400); j > 0 && !transient_.isEmpty(); j--) {
                        d.delete(transient_.remove(transient_.size() - 1));
                    }
                    d.tryShrink();
                } else {
                    d.tryShrink();
                }
                if (rnd.nextInt(4) == 0) d.rehash(rnd.nextInt(1, 20));
            } while (cursor != 0);

            for (String k : stable) assertTrue(seen.contains(k), "seed " + seed + " missed " + k);
            assertTrue(sawRehashingScan, "seed " + seed + ": the scenario should scan mid-rehash");
        }
    }

    @Test
    void scanPausesRehashingSoTheCallbackMayFind() {
        Dict<byte[], Integer> d = new Dict<>(BYTES);
        for (int i = 0; i < 64; i++) d.add(key(i), i);
        finishRehash(d);
        d.add(key(64), 64);
        int idx = d.rehashIdx();
        d.scan(0, de -> {
            d.find(de.getKey());
            assertEquals(idx, d.rehashIdx());
        });
        assertEquals(0, d.pauseRehash());
    }
}
