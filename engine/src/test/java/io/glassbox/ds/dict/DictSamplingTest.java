package io.glassbox.ds.dict;

import static io.glassbox.ds.dict.DictTestSupport.BYTES;
import static io.glassbox.ds.dict.DictTestSupport.finishRehash;
import static io.glassbox.ds.dict.DictTestSupport.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** dictGetRandomKey, dictGetSomeKeys, dictGetFairRandomKey: what eviction and expiry sample. */
@Tag("unit")
class DictSamplingTest {

    static Dict<byte[], Integer> dict(int n) {
        Dict<byte[], Integer> d = new Dict<>(BYTES);
        d.setRandom(new SplittableRandom(7));
        for (int i = 0; i < n; i++) d.add(key(i), i);
        return d;
    }

    @Test
    void emptyDictHasNoRandomEntry() {
        Dict<byte[], Integer> d = dict(0);
        assertNull(d.randomEntry());
        assertNull(d.fairRandomEntry());
        assertEquals(List.of(), d.someEntries(5));
    }

    @Test
    void randomEntryReturnsExistingKeysAndEventuallyAllOfThem() {
        Dict<byte[], Integer> d = dict(10);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            DictEntry<byte[], Integer> de = d.randomEntry();
            assertSame(de, d.find(de.getKey()), "a live entry of this dict");
            seen.add(de.getVal());
        }
        assertEquals(10, seen.size());
    }

    @Test
    void randomEntryWhileRehashingOnlyPicksLiveEntries() {
        Dict<byte[], Integer> d = dict(64);
        finishRehash(d);
        d.add(key(64), 64); // rehash 64 -> 128 starts
        for (int i = 0; i < 50 && d.isRehashing(); i++) {
            d.pauseRehashing();
            DictEntry<byte[], Integer> de = d.randomEntry();
            assertSame(de, d.find(de.getKey()));
            d.resumeRehashing();
            d.rehash(1);
        }
    }

    @Test
    void someEntriesReturnsRequestedCountOfDistinctLiveEntries() {
        Dict<byte[], Integer> d = dict(1000);
        for (int round = 0; round < 100; round++) {
            List<DictEntry<byte[], Integer>> sample = d.someEntries(16);
            assertEquals(16, sample.size());
            Set<Integer> distinct = new HashSet<>();
            for (DictEntry<byte[], Integer> de : sample) {
                assertSame(de, d.find(de.getKey()));
                distinct.add(de.getVal());
            }
            assertEquals(16, distinct.size());
        }
        assertEquals(3, dict(3).someEntries(16).size(), "never more than the dict holds");
    }

    @Test
    void someEntriesWorksMidRehashInBothDirections() {
        Dict<byte[], Integer> d = dict(1000);
        finishRehash(d);
        for (int i = 100; i < 1000; i++) d.delete(key(i));
        assertTrue(d.tryShrink()); // 1024 -> 128 buckets, rehashing
        DictEntry<byte[], Integer>[] des = newArray(20);
        int n = d.someEntries(des, 20);
        assertTrue(n > 0);
        for (int i = 0; i < n; i++) assertSame(des[i], d.find(des[i].getKey()));
    }

    @Test
    void fairRandomEntryReturnsExistingKeys() {
        Dict<byte[], Integer> d = dict(100);
        for (int i = 0; i < 200; i++) {
            DictEntry<byte[], Integer> de = d.fairRandomEntry();
            assertSame(de, d.find(de.getKey()));
        }
    }

    @SuppressWarnings("unchecked")
    static DictEntry<byte[], Integer>[] newArray(int n) {
        return (DictEntry<byte[], Integer>[]) new DictEntry[n];
    }

    /**
     * Dict.sample, what the memory account measures a written collection with: real entries, as
     * many as asked, and no side effect (the rehash does not move), also deep into a rehash where
     * ht[0]'s first buckets are all empty (an iterator from bucket 0 walked them on every write).
     */
    @Test
    void sampleReadsWithoutSideEffectsEvenMidRehash() {
        Dict<byte[], Integer> d = new Dict<>(BYTES);
        for (int i = 0; i < 4096; i++) d.add(key(i), i);
        d.add(key(4096), 4096); // past the load factor: a rehash starts
        assertTrue(d.isRehashing());
        for (int i = 0; i < 1500; i++) d.find(key(i)); // each lookup moves a bucket
        assertTrue(d.isRehashing());
        int idx = d.rehashIdx();
        for (long seed : new long[]{0, 1, 4097, 123456789}) {
            Set<Integer> seen = new HashSet<>();
            int n = d.sample(16, seed, de -> {
                assertEquals(de.getVal(), d.peekValue(de.getKey()), "a real entry of the dict");
                seen.add(de.getVal());
            });
            assertEquals(16, n);
            assertEquals(16, seen.size(), "distinct entries");
            assertEquals(idx, d.rehashIdx(), "sampling does not rehash");
        }
        assertEquals(0, new Dict<byte[], Integer>(BYTES).sample(16, 0, de -> { }));
    }
}
