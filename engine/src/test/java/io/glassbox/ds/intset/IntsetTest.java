package io.glassbox.ds.intset;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("unit")
class IntsetTest {
    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
        return b;
    }

    private static Intset of(long... values) {
        Intset is = new Intset();
        for (long v : values) is.add(v);
        return is;
    }

    // The expected arrays are the intset inside real Redis 7.0's DUMP payload:
    // 0x0b (RDB_TYPE_SET_INTSET), then the RDB string length byte, then these bytes.

    @Test
    void sameBytesAsRedisForSadd321() {
        // SADD s 3 1 2; DUMP s -> 0b 0e | 02000000 03000000 0100 0200 0300
        assertArrayEquals(bytes(2, 0, 0, 0, 3, 0, 0, 0, 1, 0, 2, 0, 3, 0), of(3, 1, 2).toByteArray());
    }

    @Test
    void sameBytesAsRedisAfterUpgradeTo32Bits() {
        // SADD s2 1 100000; DUMP s2 -> 0b 10 | 04000000 02000000 01000000 a0860100
        assertArrayEquals(bytes(4, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0xa0, 0x86, 0x01, 0),
                of(1, 100000).toByteArray());
    }

    @Test
    void sameBytesAsRedisAfterUpgradeTo64BitsWithANegativeValuePrepended() {
        // SADD s3 1 -5000000000; DUMP s3 -> 0b 18 | 08000000 02000000 000efad5feffffff 0100000000000000
        assertArrayEquals(bytes(8, 0, 0, 0, 2, 0, 0, 0, 0, 0x0e, 0xfa, 0xd5, 0xfe, 0xff, 0xff, 0xff, 1, 0, 0, 0, 0, 0, 0, 0),
                of(1, -5000000000L).toByteArray());
    }

    @Test
    void emptyIntsetIsAHeaderWith16BitEncoding() {
        Intset is = new Intset();
        assertArrayEquals(bytes(2, 0, 0, 0, 0, 0, 0, 0), is.toByteArray());
        assertEquals(8, is.blobLen());
        assertFalse(is.find(0));
    }

    @Test
    void valueEncodingPicksTheSmallestWidth() {
        assertEquals(2, Intset.valueEncoding(32767));
        assertEquals(2, Intset.valueEncoding(-32768));
        assertEquals(4, Intset.valueEncoding(32768));
        assertEquals(4, Intset.valueEncoding(-32769));
        assertEquals(4, Intset.valueEncoding(Integer.MAX_VALUE));
        assertEquals(8, Intset.valueEncoding(Integer.MAX_VALUE + 1L));
        assertEquals(8, Intset.valueEncoding(Long.MIN_VALUE));
    }

    @Test
    void addKeepsValuesSortedAndDistinct() {
        Intset is = of(5, 1, 3);
        assertFalse(is.add(3));
        assertTrue(is.add(4));
        assertEquals(List.of(1L, 3L, 4L, 5L), values(is));
        assertEquals(2, is.encoding());
    }

    @Test
    void upgradeAppendsPositiveAndPrependsNegativeAndTellsTheListener() {
        List<String> events = new ArrayList<>();
        Intset is = of(-2, 7);
        is.setListener(new IntsetListener() {
            @Override
            public void onUpgrade(int o, int n, long v, int len) { events.add(o + "->" + n + " " + v + " len=" + len); }
        });
        is.add(40000);
        assertEquals(List.of(-2L, 7L, 40000L), values(is));
        is.add(-3000000000L);
        assertEquals(List.of(-3000000000L, -2L, 7L, 40000L), values(is));
        is.add(12); // fits: no event
        assertEquals(List.of("2->4 40000 len=3", "4->8 -3000000000 len=4"), events);
        assertEquals(8, is.encoding());
        assertEquals(8 + 5 * 8, is.blobLen());
    }

    @Test
    void removeMovesTheTailAndNeverShrinksTheEncoding() {
        Intset is = of(1, 2, 3, 100000);
        assertTrue(is.remove(100000));
        assertFalse(is.remove(100000));
        assertFalse(is.remove(Long.MAX_VALUE)); // wider than the encoding: cannot be there
        assertTrue(is.remove(1));
        assertEquals(List.of(2L, 3L), values(is));
        assertEquals(4, is.encoding());
        assertArrayEquals(bytes(4, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0), is.toByteArray());
    }

    @Test
    void searchReportsInsertionPoints() {
        Intset is = of(10, 20, 30);
        assertEquals(1, is.search(20));
        assertEquals(-1, is.search(5));
        assertEquals(-2, is.search(15));
        assertEquals(-4, is.search(31));
        assertEquals(-1, new Intset().search(1));
    }

    @Test
    void matchesATreeSetUnderRandomOperations() {
        Random r = new Random(42);
        Intset is = new Intset();
        TreeSet<Long> model = new TreeSet<>();
        for (int i = 0; i < 5000; i++) {
            long v = switch (r.nextInt(3)) {
                case 0 -> r.nextInt(200) - 100;
                case 1 -> r.nextInt(200000) - 100000;
                default -> r.nextLong() >> r.nextInt(40);
            };
            if (r.nextInt(3) == 0) assertEquals(model.remove(v), is.remove(v));
            else assertEquals(model.add(v), is.add(v));
            assertEquals(model.contains(v), is.find(v));
        }
        assertEquals(new ArrayList<>(model), values(is));
        Intset copy = Intset.fromBytes(is.toByteArray(), true);
        assertEquals(values(is), values(copy));
        assertTrue(model.contains(is.random(r)));
    }

    @Test
    void fromBytesValidatesLikeIntsetValidateIntegrity() {
        assertEquals(List.of(1L, 2L, 3L), values(Intset.fromBytes(bytes(2, 0, 0, 0, 3, 0, 0, 0, 1, 0, 2, 0, 3, 0), true)));
        assertThrows(IllegalArgumentException.class, () -> Intset.fromBytes(bytes(2, 0, 0), false));
        assertThrows(IllegalArgumentException.class, () -> Intset.fromBytes(bytes(3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0), false));
        assertThrows(IllegalArgumentException.class, () -> Intset.fromBytes(bytes(2, 0, 0, 0, 2, 0, 0, 0, 1, 0), false));
        assertThrows(IllegalArgumentException.class, () -> Intset.fromBytes(bytes(2, 0, 0, 0, 0, 0, 0, 0), false));
        // duplicates and disorder pass a shallow check, not a deep one
        byte[] unsorted = bytes(2, 0, 0, 0, 2, 0, 0, 0, 2, 0, 1, 0);
        Intset.fromBytes(unsorted, false);
        assertThrows(IllegalArgumentException.class, () -> Intset.fromBytes(unsorted, true));
        assertThrows(IllegalArgumentException.class, () -> Intset.fromBytes(bytes(2, 0, 0, 0, 2, 0, 0, 0, 1, 0, 1, 0), true));
    }

    @Test
    void dupSharesNothing() {
        Intset a = of(1, 2);
        Intset b = a.dup();
        b.add(3);
        assertEquals(List.of(1L, 2L), values(a));
        assertEquals(List.of(1L, 2L, 3L), values(b));
    }

    private static List<Long> values(Intset is) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < is.length(); i++) out.add(is.get(i));
        return out;
    }
}
