package io.glassbox.db;

import io.glassbox.db.HashObjects.Limits;
import io.glassbox.ds.dict.Dict;
import io.glassbox.ds.listpack.Listpack;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.glassbox.testkit.Args.latin1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("unit")
class HashObjectsTest {
    private static String s(byte[] b) { return new String(b, StandardCharsets.ISO_8859_1); }

    @Test
    void listpackBytesAreWhatRedisDumps() {
        // Real Redis 7.0.15: HSET h name glassbox n 42 neg -7; DUMP h ->
        // "\x10$$\x00\x00\x00\x06\x00\x84name\x05\x88glassbox\t\x81n\x02*\x01\x83neg\x04\xdf\xf9\x02\xff" + version + CRC:
        // type 16 (RDB_TYPE_HASH_LISTPACK), RDB string of 36 bytes = the listpack below.
        RedisObject h = HashObjects.createHashObject();
        for (String[] fv : new String[][] {{"name", "glassbox"}, {"n", "42"}, {"neg", "-7"}}) {
            HashObjects.hashTypeSet(h, latin1(fv[0]), latin1(fv[1]), Limits.DEFAULT);
        }
        byte[] expected = {36, 0, 0, 0, 6, 0,
                (byte) 0x84, 'n', 'a', 'm', 'e', 5,
                (byte) 0x88, 'g', 'l', 'a', 's', 's', 'b', 'o', 'x', 9,
                (byte) 0x81, 'n', 2,
                42, 1,
                (byte) 0x83, 'n', 'e', 'g', 4,
                (byte) 0xdf, (byte) 0xf9, 2,
                (byte) 0xff};
        assertEquals(RedisObject.ENC_LISTPACK, h.encoding);
        assertArrayEquals(expected, ((Listpack) h.value).toByteArray());
        assertEquals("42", s(HashObjects.hashTypeGetValue(h, latin1("n"))), "integers come back as their text");
    }

    @Test
    void updateInPlaceKeepsOrderAndInsertAppends() {
        RedisObject h = HashObjects.createHashObject();
        assertFalse(HashObjects.hashTypeSet(h, latin1("a"), latin1("1"), Limits.DEFAULT));
        assertFalse(HashObjects.hashTypeSet(h, latin1("b"), latin1("2"), Limits.DEFAULT));
        assertTrue(HashObjects.hashTypeSet(h, latin1("a"), latin1("one"), Limits.DEFAULT));
        List<String> seen = new ArrayList<>();
        HashObjects.forEach(h, (f, v) -> seen.add(s(f) + "=" + s(v)));
        assertEquals(List.of("a=one", "b=2"), seen);
        assertEquals(2, HashObjects.hashTypeLength(h));
    }

    @Test
    void convertsAfterTheInsertThatPassesTheEntryLimitAndNeverBack() {
        Limits limits = new Limits(3, 64);
        RedisObject h = HashObjects.createHashObject();
        for (int i = 0; i < 3; i++) HashObjects.hashTypeSet(h, latin1("f" + i), latin1("v" + i), limits);
        assertEquals(RedisObject.ENC_LISTPACK, h.encoding, "exactly at the limit: still a listpack");
        HashObjects.hashTypeSet(h, latin1("f0"), latin1("again"), limits);
        assertEquals(RedisObject.ENC_LISTPACK, h.encoding, "an update does not add an entry");
        HashObjects.hashTypeSet(h, latin1("f3"), latin1("v3"), limits);
        assertEquals(RedisObject.ENC_HT, h.encoding);
        assertInstanceOf(Dict.class, h.value);
        assertEquals("again", s(HashObjects.hashTypeGetValue(h, latin1("f0"))));
        for (int i = 0; i < 4; i++) assertTrue(HashObjects.hashTypeDelete(h, latin1("f" + i)));
        assertEquals(RedisObject.ENC_HT, h.encoding, "Redis 7.0 never converts back");
        assertEquals(0, HashObjects.hashTypeLength(h));
    }

    @Test
    void longStringsConvertBeforeTheyAreWritten() {
        Limits limits = new Limits(512, 4);
        RedisObject h = HashObjects.createHashObject();
        HashObjects.hashTypeTryConversion(h, List.of(latin1("hset"), latin1("k"), latin1("f"), latin1("1234")), 2, 3, limits);
        assertEquals(RedisObject.ENC_LISTPACK, h.encoding, "4 bytes is not more than 4");
        HashObjects.hashTypeTryConversion(h, List.of(latin1("hset"), latin1("k"), latin1("f"), latin1("12345")), 2, 3, limits);
        assertEquals(RedisObject.ENC_HT, h.encoding, "an empty hash converts too, before the write");

        RedisObject g = HashObjects.createHashObject();
        HashObjects.hashTypeSet(g, latin1("n"), latin1("1"), limits);
        HashObjects.hashTypeSet(g, latin1("n"), latin1("12345"), limits); // HINCRBY's path: no TryConversion first
        assertEquals(RedisObject.ENC_HT, g.encoding);
        assertEquals("12345", s(HashObjects.hashTypeGetValue(g, latin1("n"))));
    }

    @Test
    void bothEncodingsAgreeWithAMapUnderRandomOperations() {
        Random rnd = new Random(7);
        RedisObject small = HashObjects.createHashObject();
        RedisObject big = HashObjects.createHashObject();
        HashObjects.hashTypeConvert(big, RedisObject.ENC_HT);
        Limits never = new Limits(Long.MAX_VALUE, Long.MAX_VALUE);
        Map<String, String> model = new LinkedHashMap<>();
        for (int i = 0; i < 3000; i++) {
            String f = "f" + rnd.nextInt(60);
            if (rnd.nextInt(3) == 0) {
                boolean had = model.remove(f) != null;
                assertEquals(had, HashObjects.hashTypeDelete(small, latin1(f)));
                assertEquals(had, HashObjects.hashTypeDelete(big, latin1(f)));
            } else {
                String v = rnd.nextBoolean() ? Integer.toString(rnd.nextInt(100000) - 50000) : "v" + i;
                boolean had = model.put(f, v) != null;
                assertEquals(had, HashObjects.hashTypeSet(small, latin1(f), latin1(v), never));
                assertEquals(had, HashObjects.hashTypeSet(big, latin1(f), latin1(v), never));
            }
            assertEquals(model.size(), HashObjects.hashTypeLength(small));
            assertEquals(model.size(), HashObjects.hashTypeLength(big));
        }
        assertEquals(RedisObject.ENC_LISTPACK, small.encoding);
        assertEquals(model.size() * 2, ((Listpack) small.value).size(), "fields and values alternate");
        List<String> order = new ArrayList<>();
        HashObjects.forEach(small, (f, v) -> { order.add(s(f)); assertEquals(model.get(s(f)), s(v)); });
        assertEquals(model.size(), order.size());
        HashObjects.forEach(big, (f, v) -> assertEquals(model.get(s(f)), s(v)));
        for (String f : model.keySet()) {
            assertEquals(model.get(f).length(), HashObjects.hashTypeGetValueLength(small, latin1(f)));
            assertTrue(HashObjects.hashTypeExists(big, latin1(f)));
        }
        assertNull(HashObjects.hashTypeGetValue(small, latin1("absent")));
    }

    @Test
    void dupSharesNothing() {
        for (long entries : new long[] {512, 1}) {
            RedisObject h = HashObjects.createHashObject();
            Limits limits = new Limits(entries, 64);
            HashObjects.hashTypeSet(h, latin1("a"), latin1("1"), limits);
            HashObjects.hashTypeSet(h, latin1("b"), latin1("2"), limits);
            RedisObject copy = h.dup();
            assertEquals(h.encoding, copy.encoding);
            assertNotSame(h.value, copy.value);
            HashObjects.hashTypeSet(copy, latin1("a"), latin1("changed"), limits);
            assertEquals("1", s(HashObjects.hashTypeGetValue(h, latin1("a"))));
            assertEquals(2, HashObjects.hashTypeLength(copy));
        }
    }
}
