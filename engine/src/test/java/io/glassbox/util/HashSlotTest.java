package io.glassbox.util;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** keyHashSlot and crc16 as cluster.c and crc16.c define them, hash-tag rules included. */
@Tag("unit")
class HashSlotTest {
    private static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    private static int slot(String key) { return HashSlot.keyHashSlot(b(key)); }

    @Test
    void crc16IsXmodem() {
        // crc16.c's own test vector: "123456789" -> 0x31c3
        assertEquals(0x31C3, HashSlot.crc16(b("123456789"), 0, 9));
    }

    @Test
    void slotsOfPlainKeysAreCrc16Modulo16384() {
        assertEquals(12182, slot("foo")); // the slot redis-cli shows for "foo" in every cluster tutorial
        assertEquals(0, slot(""));
        assertEquals(HashSlot.crc16(b("somekey"), 0, 7) & 0x3FFF, slot("somekey"));
    }

    @Test
    void hashTagsHashOnlyTheTag() {
        assertEquals(slot("user1000"), slot("{user1000}.following"));
        assertEquals(slot("user1000"), slot("{user1000}.followers"));
        assertEquals(slot("bar"), slot("foo{bar}{zap}")); // the first tag only
        assertEquals(slot("{bar"), slot("foo{{bar}}zap")); // the first '{' and the first '}' after it
    }

    @Test
    void anEmptyOrUnclosedTagHashesTheWholeKey() {
        int whole = HashSlot.crc16(b("foo{}{bar}"), 0, 10) & 0x3FFF;
        assertEquals(whole, slot("foo{}{bar}"));
        assertEquals(HashSlot.crc16(b("foo{bar"), 0, 7) & 0x3FFF, slot("foo{bar"));
        assertNotEquals(slot("bar"), slot("foo{bar"));
    }
}
