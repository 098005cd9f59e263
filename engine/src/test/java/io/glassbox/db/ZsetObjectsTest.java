package io.glassbox.db;

import io.glassbox.ds.listpack.Listpack;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static io.glassbox.testkit.Args.b;
import static org.junit.jupiter.api.Assertions.*;

/** The two encodings of a sorted set and the conversions between them (t_zset.c zzl*, zsetAdd, zsetConvert). */
@Tag("unit")
class ZsetObjectsTest {
    static final ZsetObjects.Limits DEFAULT = new ZsetObjects.Limits(128, 64);

    static RedisObject zadd(ZsetObjects.Limits l, Object... scoreMember) {
        RedisObject o = ZsetObjects.createFor(l, ((String) scoreMember[1]).length());
        for (int i = 0; i < scoreMember.length; i += 2) {
            ZsetObjects.add(o, ((Number) scoreMember[i]).doubleValue(), b((String) scoreMember[i + 1]), 0, new double[1], l);
        }
        return o;
    }

    /**
     * {@code ZADD dz 1 a 2.5 b -0 c} on redis-server 7.0, then {@code DUMP dz}: type byte 0x11
     * (RDB_TYPE_ZSET_LISTPACK), length 0x19, then the listpack. Integral scores are integer
     * entries (-0 became the integer 0), 2.5 is the string "2.5".
     */
    @Test
    void listpackBytesMatchRedisDump() {
        RedisObject o = zadd(DEFAULT, 1, "a", 2.5, "b", -0.0, "c");
        assertEquals(RedisObject.ENC_LISTPACK, o.encoding);
        byte[] fromRedis = HexFormat.of().parseHex("19000000060081630200018161020101816202833" + "22e3504ff");
        assertArrayEquals(fromRedis, ((Listpack) o.value).toByteArray());
        assertEquals(0.0, ZsetObjects.score(o, b("c")));
        assertEquals(1 / 0.0, 1 / ZsetObjects.score(o, b("c")), "-0 is read back as +0, as ZSCORE shows");
    }

    @Test
    void convertsToSkiplistBeforeTheInsertThatWouldOverflow() {
        ZsetObjects.Limits l = new ZsetObjects.Limits(3, 5);
        RedisObject o = zadd(l, 1, "a", 2, "b", 3, "c");
        assertEquals(RedisObject.ENC_LISTPACK, o.encoding);
        ZsetObjects.add(o, 4, b("d"), 0, new double[1], l);
        assertEquals(RedisObject.ENC_SKIPLIST, o.encoding);
        assertEquals(4, ZsetObjects.length(o));
        assertEquals(3, ZsetObjects.rank(o, b("d"), false));
        // deleting never converts back (Redis 7.0)
        ZsetObjects.delete(o, b("a"));
        ZsetObjects.delete(o, b("b"));
        assertEquals(RedisObject.ENC_SKIPLIST, o.encoding);
        // a member longer than zset-max-listpack-value converts too
        RedisObject v = zadd(l, 1, "abcde");
        ZsetObjects.add(v, 2, b("abcdef"), 0, new double[1], l);
        assertEquals(RedisObject.ENC_SKIPLIST, v.encoding);
        // but ZUNIONSTORE-built sets go back when they fit
        ZsetObjects.convertToListpackIfNeeded(o, 1, 2, l);
        assertEquals(RedisObject.ENC_LISTPACK, o.encoding);
        assertEquals(2, ZsetObjects.length(o));
    }

    @Test
    void addHonoursNxXxGtLtAndIncr() {
        RedisObject o = zadd(DEFAULT, 5, "a");
        double[] ns = new double[1];
        assertEquals(ZsetObjects.OUT_NOP, ZsetObjects.add(o, 1, b("a"), ZsetObjects.IN_NX, ns, DEFAULT));
        assertEquals(ZsetObjects.OUT_NOP, ZsetObjects.add(o, 1, b("z"), ZsetObjects.IN_XX, ns, DEFAULT));
        assertEquals(ZsetObjects.OUT_NOP, ZsetObjects.add(o, 1, b("a"), ZsetObjects.IN_GT, ns, DEFAULT));
        assertEquals(ZsetObjects.OUT_UPDATED, ZsetObjects.add(o, 1, b("a"), ZsetObjects.IN_LT, ns, DEFAULT));
        assertEquals(ZsetObjects.OUT_UPDATED, ZsetObjects.add(o, 2.5, b("a"), ZsetObjects.IN_INCR, ns, DEFAULT));
        assertEquals(3.5, ns[0]);
        ZsetObjects.add(o, Double.POSITIVE_INFINITY, b("a"), 0, ns, DEFAULT);
        assertEquals(ZsetObjects.OUT_NAN, ZsetObjects.add(o, Double.NEGATIVE_INFINITY, b("a"), ZsetObjects.IN_INCR, ns, DEFAULT));
    }

    @Test
    void dupSharesNothing() {
        for (long entries : new long[]{128, 0}) {
            ZsetObjects.Limits l = new ZsetObjects.Limits(entries, 64);
            RedisObject o = zadd(l, 1, "a", 2, "b");
            RedisObject d = o.dup();
            assertEquals(o.encoding, d.encoding);
            ZsetObjects.delete(d, b("a"));
            assertEquals(2, ZsetObjects.length(o));
            assertEquals(1, ZsetObjects.length(d));
        }
    }

    @Test
    void convertsToASkiplistOnTheInsertThatPassesTheEntryLimit() {
        ZsetObjects.Limits l = new ZsetObjects.Limits(1, 64);
        RedisObject o = zadd(l, 1, "a");
        assertEquals(RedisObject.ENC_LISTPACK, o.encoding, "exactly at the limit: still a listpack");
        ZsetObjects.add(o, 2, b("b"), 0, new double[1], l);
        assertEquals(RedisObject.ENC_SKIPLIST, o.encoding);
        ZsetObjects.add(o, 3, b("c"), 0, new double[1], l);
        assertEquals(3, ZsetObjects.length(o));
    }

    /**
     * redis-benchmark's ZADD workload in miniature: members moved to random scores again and again.
     * A moved member keeps its skiplist node, so the dict must still lead to the node that holds the
     * member's score, and walking the skiplist must give the scores the dict gives, in order.
     */
    @Test
    void scoreUpdatesKeepTheDictAndTheSkiplistInStep() {
        java.util.Random r = new java.util.Random(7);
        RedisObject o = ZsetObjects.createSkiplist();
        java.util.Map<String, Double> model = new java.util.HashMap<>();
        double[] ns = new double[1];
        for (int step = 0; step < 20_000; step++) {
            String m = "element:" + r.nextInt(500);
            double score = r.nextInt(1000);
            int out = ZsetObjects.add(o, score, b(m), 0, ns, DEFAULT);
            Double old = model.put(m, score);
            assertEquals(old == null ? ZsetObjects.OUT_ADDED : old == score ? 0 : ZsetObjects.OUT_UPDATED, out);
        }
        ZsetObjects.Zset zs = (ZsetObjects.Zset) o.value;
        assertEquals(model.size(), zs.zsl.length());
        long rank = 0;
        double prev = Double.NEGATIVE_INFINITY;
        for (io.glassbox.ds.skiplist.SkipList.Node n = zs.zsl.first(); n != null; n = n.next()) {
            String m = new String(n.ele(), StandardCharsets.UTF_8);
            assertEquals(model.get(m), n.score(), m);
            assertSame(n, zs.dict.fetchValue(n.ele()), "the dict leads to the member's node");
            assertTrue(n.score() >= prev);
            prev = n.score();
            assertEquals(rank++, ZsetObjects.rank(o, n.ele(), false));
        }
    }
}
