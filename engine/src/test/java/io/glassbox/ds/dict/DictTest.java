package io.glassbox.ds.dict;

import static io.glassbox.ds.dict.DictTestSupport.BYTES;
import static io.glassbox.ds.dict.DictTestSupport.IDENTITY;
import static io.glassbox.ds.dict.DictTestSupport.finishRehash;
import static io.glassbox.ds.dict.DictTestSupport.key;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The dict's life cycle: adds, lookups, growth, incremental rehashing, shrinking, iteration. */
@Tag("unit")
class DictTest {

    @Test
    void addFindReplaceDelete() {
        Dict<byte[], String> d = new Dict<>(BYTES);
        assertTrue(d.add(key(1), "one"));
        assertFalse(d.add(key(1), "uno"), "dictAdd fails when the key exists");
        assertEquals("one", d.fetchValue(key(1)), "keys compare by content, not identity");
        assertFalse(d.replace(key(1), "uno"), "replace of an existing key overwrites");
        assertEquals("uno", d.fetchValue(key(1)));
        assertTrue(d.replace(key(2), "two"), "replace of a missing key adds");

        DictEntry<byte[], String> e = d.addOrFind(key(3));
        assertNull(e.getVal());
        e.setVal("three");
        assertSame(e, d.addOrFind(key(3)));
        assertNull(d.addRaw(key(3)));

        DictEntry<byte[], String> unlinked = d.unlink(key(2));
        assertEquals("two", unlinked.getVal(), "unlink hands back the entry for lazy freeing");
        assertNull(d.find(key(2)));
        assertTrue(d.delete(key(1)));
        assertFalse(d.delete(key(1)));
        assertEquals(1, d.size());
    }

    @Test
    void peekValueFindsKeysInBothTablesWithoutARehashStep() {
        Dict<byte[], String> d = new Dict<>(BYTES);
        for (int i = 0; i < 5; i++) d.add(key(i), "v" + i); // the fifth add starts a rehash, keys 0-3 in ht[0]
        assertTrue(d.isRehashing());
        int idx = d.rehashIdx();
        for (int i = 0; i < 5; i++) assertEquals("v" + i, d.peekValue(key(i)), "found in ht[0] or ht[1]");
        assertNull(d.peekValue(key(9)));
        assertEquals(idx, d.rehashIdx(), "an observer's look leaves the cursor where it was");
        d.fetchValue(key(0));
        assertNotEquals(idx, d.rehashIdx(), "while dictFind takes its rehash step");
        assertNull(new Dict<byte[], String>(BYTES).peekValue(key(1)), "an empty dict has no table to look in");
    }

    @Test
    void emptyDictHasNoTableUntilTheFirstAdd() {
        Dict<byte[], String> d = new Dict<>(BYTES);
        assertEquals(0, d.buckets());
        assertNull(d.find(key(1)));
        d.add(key(1), "v");
        assertEquals(Dict.DICT_HT_INITIAL_SIZE, d.buckets());
        assertFalse(d.isRehashing(), "the first table is installed directly, nothing to move");
    }

    @Test
    void expandsAtLoadFactorOne() {
        Dict<byte[], String> d = new Dict<>(BYTES);
        for (int i = 0; i < 4; i++) d.add(key(i), "v");
        assertEquals(4, d.buckets());
        assertFalse(d.isRehashing(), "4 keys in 4 buckets: load factor 1 is still fine");

        d.add(key(4), "v"); // finds used >= size before inserting
        assertTrue(d.isRehashing());
        DictSnapshot<byte[]> s = d.snapshot();
        assertEquals(4, s.ht0().size());
        assertEquals(8, s.ht1().size(), "grows to the next power of two above used");
        assertEquals(4, s.ht0().used());
        assertEquals(1, s.ht1().used(), "while rehashing, new keys go to ht[1]");
        assertEquals(0, s.rehashIdx());
    }

    @Test
    void avoidPolicyGrowsOnlyPastTheForceRatio() {
        DictResizePolicy policy = DictResizePolicy.enabled();
        Dict<byte[], String> d = new Dict<>(BYTES, policy);
        d.add(key(0), "v"); // allocate the first table
        policy.avoid(); // a child process is saving
        for (int i = 1; i < 24; i++) d.add(key(i), "v");
        assertEquals(4, d.buckets());
        assertFalse(d.isRehashing(), "24 keys in 4 buckets: 24/4 = 6 only after this insert");

        d.add(key(24), "v"); // sees used/size = 24/4 = 6 > 5
        assertTrue(d.isRehashing());
        assertEquals(32, d.snapshot().ht1().size(), "smallest power of two above 25");
    }

    @Test
    void shrinksOnlyWhenAskedAndBelowTenPercent() {
        Dict<byte[], String> d = new Dict<>(BYTES);
        for (int i = 0; i < 100; i++) d.add(key(i), "v");
        finishRehash(d);
        assertEquals(128, d.buckets());

        for (int i = 13; i < 100; i++) d.delete(key(i));
        assertEquals(128, d.buckets(), "deleting never shrinks by itself");
        assertFalse(d.needsResize(), "13*100/128 = 10: not below HASHTABLE_MIN_FILL");

        d.delete(key(12));
        assertTrue(d.needsResize(), "12*100/128 = 9 < 10");
        d.resizePolicy().avoid();
        assertFalse(d.tryShrink(), "no shrinking while a child is saving");
        d.resizePolicy().enable();
        assertTrue(d.tryShrink());
        assertEquals(16, d.snapshot().ht1().size(), "smallest power of two holding 12 keys");
        finishRehash(d);
        assertEquals(16, d.buckets());
        for (int i = 0; i < 12; i++) assertNotNull(d.find(key(i)));
    }

    @Test
    void everyKeyStaysFindableAtEveryRehashStep() {
        Dict<byte[], Integer> d = new Dict<>(BYTES);
        for (int i = 0; i < 64; i++) d.add(key(i), i);
        finishRehash(d);
        d.add(key(64), 64); // 64 keys in 64 buckets: the 65th starts a resize to 128
        assertTrue(d.isRehashing());

        int lastIdx = d.rehashIdx();
        boolean more = true;
        int steps = 0;
        while (more) {
            DictSnapshot<byte[]> s = d.snapshot();
            assertEquals(65, s.ht0().used() + s.ht1().used(), "used counts sum to size");
            for (int b = 0; b < s.rehashIdx(); b++) {
                assertEquals(0, s.ht0().chainLength(b), "buckets below rehashIdx are drained");
            }
            d.pauseRehashing(); // look without moving anything
            for (int i = 0; i <= 64; i++) assertEquals(i, d.fetchValue(key(i)), "key " + i);
            d.resumeRehashing();

            more = d.rehash(1);
            steps++;
            if (more) {
                assertTrue(d.rehashIdx() > lastIdx, "rehashIdx only moves forward");
                lastIdx = d.rehashIdx();
            }
        }
        assertTrue(steps <= 64, "at most one step per ht[0] bucket");
        DictSnapshot<byte[]> end = d.snapshot();
        assertEquals(-1, end.rehashIdx());
        assertEquals(128, end.ht0().size(), "tables swapped: the new table is ht[0]");
        assertEquals(65, end.ht0().used());
        assertEquals(0, end.ht1().size());
        assertEquals(0, end.ht1().used());
    }

    @Test
    void ordinaryOperationsEachMoveOneBucket() {
        Dict<Long, Long> d = new Dict<>(IDENTITY);
        for (long k = 0; k < 64; k++) d.add(k, k);
        finishRehash(d);
        d.add(64L, 64L); // resize 64 -> 128 starts; every bucket of ht[0] holds one key
        assertEquals(0, d.rehashIdx());
        d.find(10L);
        assertEquals(1, d.rehashIdx(), "find did one rehash step");
        d.delete(10L);
        assertEquals(2, d.rehashIdx(), "delete did one rehash step");
        d.add(1000L, 0L);
        assertEquals(3, d.rehashIdx(), "add did one rehash step");
    }

    /** dictRehash's bound: a call visits at most n*10 empty buckets, then returns. */
    @Test
    void rehashStepVisitsAtMostTenEmptyBucketsPerStep() {
        Dict<Long, Long> d = new Dict<>(IDENTITY);
        for (long k = 0; k < 64; k++) d.add(k, k);
        finishRehash(d);
        for (long k = 1; k < 63; k++) d.delete(k); // only buckets 0 and 63 hold keys
        assertTrue(d.expand(128));

        List<String> events = new ArrayList<>();
        d.setListener(new DictListener() {
            @Override
            public void onRehashStep(int from, int moved, int after) {
                events.add("step " + from + " moved " + moved + " -> " + after);
            }

            @Override
            public void onRehashCompleted(int newSize) {
                events.add("completed " + newSize);
            }
        });

        assertTrue(d.rehash(1));
        assertEquals(1, d.rehashIdx(), "moved bucket 0");
        assertTrue(d.rehash(1));
        assertEquals(11, d.rehashIdx(), "skipped 10 empty buckets, moved nothing, gave up");
        assertTrue(d.rehash(2));
        assertEquals(31, d.rehashIdx(), "n=2 allows 20 empty visits");
        assertFalse(d.rehash(5), "32 empties then bucket 63: the rehash completes");
        assertEquals(List.of("step 0 moved 1 -> 1", "step 63 moved 1 -> 64", "completed 128"), events);
    }

    @Test
    void listenerSeesResizeStepsAndCompletion() {
        Dict<Long, Long> d = new Dict<>(IDENTITY);
        List<String> events = new ArrayList<>();
        d.setListener(new DictListener() {
            @Override
            public void onResizeStarted(int oldSize, int newSize, long used) {
                events.add("start " + oldSize + "->" + newSize + " used " + used);
            }

            @Override
            public void onRehashStep(int from, int moved, int after) {
                events.add("step " + from + " x" + moved);
            }

            @Override
            public void onRehashCompleted(int newSize) {
                events.add("done " + newSize);
            }
        });
        for (long k = 0; k < 5; k++) d.add(k, k);
        assertEquals(List.of("start 0->4 used 0", "done 4", "start 4->8 used 4"), events);
        events.clear();
        finishRehash(d);
        assertEquals(List.of("step 0 x1", "step 1 x1", "step 2 x1", "step 3 x1", "done 8"), events);
    }

    @Test
    void rehashMillisecondsWorksInBatchesOfHundredUntilTimeIsUp() {
        Dict<Long, Long> d = new Dict<>(IDENTITY);
        for (long k = 0; k < 4096; k++) d.add(k, k);
        finishRehash(d);
        assertTrue(d.expand(100_000));
        long[] now = {0};
        int steps = d.rehashMilliseconds(1, () -> now[0] += 2_000_000); // each read: +2ms
        assertEquals(100, steps, "one batch of 100, then the 1 ms budget is exceeded");
        assertEquals(100, d.rehashIdx(), "dense table: each step moved one bucket");

        d.pauseRehashing();
        assertEquals(0, d.rehashMilliseconds(1), "nothing while paused");
        d.resumeRehashing();
        while (d.rehashMilliseconds(100) > 0) { }
        assertFalse(d.isRehashing());
    }

    @Test
    void safeIteratorPausesRehashingAndAllowsDeletingTheCurrentEntry() {
        Dict<byte[], Integer> d = new Dict<>(BYTES);
        for (int i = 0; i < 64; i++) d.add(key(i), i);
        finishRehash(d);
        d.add(key(64), 64); // starts a resize 64 -> 128
        assertTrue(d.isRehashing());

        Set<Integer> seen = new HashSet<>();
        try (DictIterator<byte[], Integer> it = d.safeIterator()) {
            DictEntry<byte[], Integer> de = it.next();
            int idx = d.rehashIdx();
            assertEquals(1, d.pauseRehash());
            while (de != null) {
                assertTrue(seen.add(de.getVal()), "each entry once");
                assertNotNull(d.find(de.getKey())); // would be a rehash step if not paused
                assertTrue(d.delete(de.getKey()));
                assertEquals(idx, d.rehashIdx(), "no rehash step under a safe iterator");
                de = it.next();
            }
        }
        assertEquals(65, seen.size());
        assertEquals(0, d.size());
        assertEquals(0, d.pauseRehash(), "released at the end");
    }

    @Test
    void unsafeIteratorDetectsModification() {
        Dict<byte[], Integer> d = new Dict<>(BYTES);
        for (int i = 0; i < 10; i++) d.add(key(i), i);

        int n = 0;
        try (DictIterator<byte[], Integer> it = d.iterator()) {
            while (it.next() != null) n++;
        }
        assertEquals(10, n, "untouched: iterates and releases quietly");

        DictIterator<byte[], Integer> it = d.iterator();
        it.next();
        d.add(key(100), 100);
        assertThrows(ConcurrentModificationException.class, it::release);
    }

    @Test
    void clearEmptiesAndCallsBackEvery65536Buckets() {
        Dict<Long, Long> d = new Dict<>(IDENTITY);
        for (long k = 0; k < 200_000; k++) d.add(k, k);
        finishRehash(d);
        assertEquals(262_144, d.buckets());
        int[] calls = {0};
        d.clear(() -> calls[0]++);
        assertEquals(4, calls[0], "at buckets 0, 65536, 131072 and 196608");
        assertEquals(0, d.size());
        assertEquals(0, d.buckets());
        assertTrue(d.add(1L, 1L), "usable again");
    }

    @Test
    void caseInsensitiveTypeForCommandNames() {
        Dict<byte[], String> commands = new Dict<>(DictType.BYTES_NOCASE);
        commands.add("GET".getBytes(US_ASCII), "getCommand");
        commands.add("client|no-evict".getBytes(US_ASCII), "clientNoEvict");
        assertEquals("getCommand", commands.fetchValue("get".getBytes(US_ASCII)));
        assertEquals("getCommand", commands.fetchValue("gEt".getBytes(US_ASCII)));
        assertEquals("clientNoEvict", commands.fetchValue("CLIENT|NO-EVICT".getBytes(US_ASCII)));
        assertFalse(commands.add("Get".getBytes(US_ASCII), "dup"));
        assertArrayEquals("GET".getBytes(US_ASCII),
                commands.find("get".getBytes(US_ASCII)).getKey(), "the stored key keeps its case");
    }

    @Test
    void snapshotWithKeysShowsChainsHeadFirst() {
        Dict<Long, Long> d = new Dict<>(IDENTITY);
        d.add(1L, 0L);
        d.add(5L, 0L); // same bucket as 1 in a 4-bucket table, pushed at the head
        DictSnapshot<Long> s = d.snapshotWithKeys();
        assertEquals(List.of(5L, 1L), s.ht0().bucketKeys().get(1));
        assertEquals(2, s.ht0().chainLength(1));
        assertEquals(2, s.size());
    }
}
