package io.glassbox.ds.dict;

import static io.glassbox.ds.dict.DictTestSupport.IDENTITY;
import static io.glassbox.ds.dict.DictTestSupport.finishRehash;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * DEBUG HTSTATS text. Expected strings were captured from redis-server 7.0.15
 * ({@code DEBUG HTSTATS 0}); the identity-hash keys rebuild the same bucket layouts.
 */
@Tag("unit")
class DictStatsTest {

    @Test
    void emptyDict() {
        assertEquals("[Dictionary HT]\n"
                + "Hash table 0 stats (main hash table):\n"
                + "No stats available for empty dictionaries\n",
                DictStats.debugHtStats("[Dictionary HT]", new Dict<>(IDENTITY)));
    }

    @Test
    void twoKeysInFourBuckets() {
        Dict<Long, Long> d = new Dict<>(IDENTITY);
        d.add(0L, 0L);
        d.add(1L, 0L);
        assertEquals("[Dictionary HT]\n"
                + "Hash table 0 stats (main hash table):\n"
                + " table size: 4\n"
                + " number of elements: 2\n"
                + " different slots: 2\n"
                + " max chain length: 1\n"
                + " avg chain length (counted): 1.00\n"
                + " avg chain length (computed): 1.00\n"
                + " Chain length distribution:\n"
                + "   0: 2 (50.00%)\n"
                + "   1: 2 (50.00%)\n",
                DictStats.debugHtStats("[Dictionary HT]", d));
    }

    /** 40 keys in 64 buckets; note 2/64 = 3.125% printed as 3.12 (C rounds half to even). */
    @Test
    void fortyKeysWithChainsUpToThree() {
        Dict<Long, Long> d = new Dict<>(IDENTITY);
        for (long k = 0; k < 24; k++) d.add(k, k);                    // 24 single chains
        for (long k = 24; k < 29; k++) { d.add(k, k); d.add(k + 64, k); } // 5 chains of 2
        for (long k = 29; k < 31; k++) { d.add(k, k); d.add(k + 64, k); d.add(k + 128, k); } // 2 of 3
        finishRehash(d);
        assertEquals("Hash table 0 stats (main hash table):\n"
                + " table size: 64\n"
                + " number of elements: 40\n"
                + " different slots: 31\n"
                + " max chain length: 3\n"
                + " avg chain length (counted): 1.29\n"
                + " avg chain length (computed): 1.29\n"
                + " Chain length distribution:\n"
                + "   0: 33 (51.56%)\n"
                + "   1: 24 (37.50%)\n"
                + "   2: 5 (7.81%)\n"
                + "   3: 2 (3.12%)\n",
                DictStats.getStats(d));
    }

    @Test
    void rehashingDictShowsTheTargetTable() {
        Dict<Long, Long> d = new Dict<>(IDENTITY);
        for (long k : new long[] {0, 1, 5, 2}) d.add(k, k); // bucket 1 holds 1 and 5
        d.add(11L, 11L); // 4 used in 4 buckets: resize to 8 starts, 11 goes to ht[1]
        d.rehash(1);     // moves bucket 0
        assertEquals("Hash table 0 stats (main hash table):\n"
                + " table size: 4\n"
                + " number of elements: 3\n"
                + " different slots: 2\n"
                + " max chain length: 2\n"
                + " avg chain length (counted): 1.50\n"
                + " avg chain length (computed): 1.50\n"
                + " Chain length distribution:\n"
                + "   0: 2 (50.00%)\n"
                + "   1: 1 (25.00%)\n"
                + "   2: 1 (25.00%)\n"
                + "Hash table 1 stats (rehashing target):\n"
                + " table size: 8\n"
                + " number of elements: 2\n"
                + " different slots: 2\n"
                + " max chain length: 1\n"
                + " avg chain length (counted): 1.00\n"
                + " avg chain length (computed): 1.00\n"
                + " Chain length distribution:\n"
                + "   0: 6 (75.00%)\n"
                + "   1: 2 (25.00%)\n",
                DictStats.getStats(d));
    }

    @Test
    void formatsLikeCPrintfOfAFloat() {
        assertEquals("1.12", DictStats.f2(1.125f), "exact tie rounds to even");
        assertEquals("0.38", DictStats.f2(0.375f));
        assertEquals("33.33", DictStats.f2((float) 1 / 3 * 100));
    }

    @Test
    void truncatedToTheBufferLikeDebugC() {
        Dict<Long, Long> d = new Dict<>(IDENTITY);
        d.add(0L, 0L);
        assertEquals(DictStats.getStats(d).substring(0, 9), DictStats.getStats(d, 10));
    }
}
