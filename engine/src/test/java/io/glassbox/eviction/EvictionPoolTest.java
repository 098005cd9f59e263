package io.glassbox.eviction;

import io.glassbox.db.Keyspace;
import io.glassbox.db.RedisDb;
import io.glassbox.db.RedisObject;
import io.glassbox.util.ManualClock;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** evictionPoolPopulate's ordered insertion and scoring. */
@Tag("unit")
class EvictionPoolTest {
    private static byte[] b(String s) { return s.getBytes(StandardCharsets.US_ASCII); }

    private static List<String> keys(EvictionPool p) {
        List<String> out = new ArrayList<>();
        for (byte[] k : p.key) if (k != null) out.add(new String(k, StandardCharsets.US_ASCII));
        return out;
    }

    @Test
    void entriesAreKeptInAscendingScoreOrder() {
        EvictionPool p = new EvictionPool();
        p.insert(0, b("b"), 20);
        p.insert(0, b("c"), 30);
        p.insert(0, b("a"), 10);
        p.insert(0, b("bb"), 25);
        assertEquals(List.of("a", "b", "bb", "c"), keys(p));
        assertEquals(4, p.size());
    }

    @Test
    void aFullPoolDropsItsWorstForABetterKeyAndRefusesAWorseOne() {
        EvictionPool p = new EvictionPool();
        for (int i = 0; i < EvictionPool.SIZE; i++) p.insert(0, b("k" + i), 100 + i * 10);
        assertEquals(-1, p.insert(0, b("worse"), 50), "worse than the worst of a full pool");
        int at = p.insert(0, b("better"), 1000);
        assertEquals(EvictionPool.SIZE - 1, at, "the best goes rightmost");
        assertEquals("k1", keys(p).get(0), "k0, the worst, was pushed out");
        assertArrayEquals(b("better"), p.key[EvictionPool.SIZE - 1]);
    }

    @Test
    void scoresCompareUnsignedAsRedisUnsignedLongLong() {
        EvictionPool p = new EvictionPool();
        p.insert(0, b("near"), Long.MAX_VALUE - 5);
        p.insert(0, b("max"), -1L); // ULLONG_MAX: the best possible score
        assertEquals(List.of("near", "max"), keys(p));
    }

    @Test
    void theKeyIsCopiedSoTheEntryOutlivesTheKey() {
        EvictionPool p = new EvictionPool();
        byte[] k = b("key");
        p.insert(3, k, 1);
        k[0] = 'X';
        assertArrayEquals(b("key"), p.key[0]);
        assertEquals(3, p.dbid[0]);
        p.clear(0);
        assertNull(p.key[0]);
    }

    @Test
    void populateScoresByIdleTimeUnderLruAndByInverseFrequencyUnderLfu() {
        ManualClock clock = new ManualClock(1_700_000_000_000L);
        Keyspace ks = new Keyspace(1, clock);
        RedisDb db = ks.db(0);
        ks.startCommand();
        for (int i = 0; i < 8; i++) {
            db.dbAdd(b("k" + i), RedisObject.string(b("v")));
            clock.advance(1000); // each key is one second younger than the one before
            ks.startCommand();
        }
        EvictionPool p = new EvictionPool();
        List<Long> seen = new ArrayList<>();
        int n = p.populate(0, db.dict(), db.dict(), Policies.ALLKEYS_LRU, 100, ks, (d, k, s, slot) -> seen.add(s));
        assertEquals(8, n);
        assertEquals(List.of("k7", "k6", "k5", "k4", "k3", "k2", "k1", "k0"), keys(p), "oldest rightmost");
        assertEquals(8000, p.idle[7], "k0 was stamped 8 s before the clock now");

        ks.setAccessPolicy(Keyspace.POLICY_FLAG_LFU | Keyspace.POLICY_FLAG_ALLKEYS, 10, 1, true);
        for (int i = 0; i < 8; i++) db.dict().fetchValue(b("k" + i)).lru = (ks.lfuMinutes() << 8) | (10 + i);
        EvictionPool q = new EvictionPool();
        q.populate(0, db.dict(), db.dict(), Policies.ALLKEYS_LFU, 100, ks, null);
        assertEquals("k0", keys(q).get(7), "the least frequently used is the best candidate");
        assertEquals(255 - 10, q.idle[7]);
    }
}
