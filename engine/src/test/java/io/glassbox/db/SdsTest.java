package io.glassbox.db;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static io.glassbox.testkit.Args.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sds: sdsMakeRoomFor's greedy growth, zeroed spare room, and the copy-once rule of StringObjects.mutable. */
@Tag("unit")
class SdsTest {
    @Test
    void appendsGrowGreedilySoAByteAtATimeReallocatesLogarithmically() {
        RedisObject o = StringObjects.create(b("x"));
        Sds s = StringObjects.mutable(o, 0);
        int reallocations = 0;
        byte[] last = s.buf;
        for (int i = 0; i < 100_000; i++) {
            s.append(new byte[]{'y'});
            if (s.buf != last) { reallocations++; last = s.buf; }
        }
        assertEquals(100_001, StringObjects.length(o));
        // doubling from 1 byte to 100 kB: about log2(100000) = 17 copies, not 100000
        assertTrue(reallocations <= 18, "reallocations: " + reallocations);
        assertEquals(RedisObject.ENC_RAW, o.encoding);
    }

    @Test
    void pastOneMegabyteTheRoomGrowsByOneMegabyte() {
        Sds s = StringObjects.mutable(StringObjects.create(b("")), 0);
        s.growZero(3 * Sds.SDS_MAX_PREALLOC);
        assertEquals(4 * Sds.SDS_MAX_PREALLOC, s.alloc());
        s.growZero(1000);
        assertEquals(3 * Sds.SDS_MAX_PREALLOC, s.len, "growZero never shrinks");
    }

    @Test
    void spareRoomIsZeroAndReadersSeeOnlyTheString() {
        RedisObject o = StringObjects.create(b("abc"));
        Sds s = StringObjects.mutable(o, 0);
        s.append(b("de"));
        assertTrue(s.alloc() > s.len);
        for (int i = s.len; i < s.alloc(); i++) assertEquals(0, s.buf[i]);
        assertSame(s.buf, StringObjects.buffer(o), "buffer() reads in place");
        assertArrayEquals(b("abcde"), StringObjects.bytes(o));
        assertEquals(5, StringObjects.bytes(o).length, "bytes() trims the spare room");
        s.growZero(8);
        assertArrayEquals(new byte[]{'a', 'b', 'c', 'd', 'e', 0, 0, 0}, StringObjects.bytes(o));
    }

    @Test
    void aSharedArrayIsCopiedOnceThenWrittenInPlace() {
        byte[] arg = b("hello world, a value longer than forty-four bytes!");
        RedisObject o = StringObjects.create(arg);
        assertSame(arg, StringObjects.bytes(o), "SET keeps the argument array");
        Sds s = StringObjects.mutable(o, 0);
        assertNotSame(arg, s.buf);
        s.buf[0] = 'H';
        assertEquals('h', arg[0], "the argument array is never written");
        assertSame(s, StringObjects.mutable(o, 0), "the second write reuses the key's own buffer");
        assertTrue(Arrays.equals(b("Hello world, a value longer than forty-four bytes!"), StringObjects.bytes(o)));
    }

    @Test
    void anIntegerBecomesARawStringWithItsText() {
        RedisObject o = StringObjects.create(b("12345"));
        assertEquals(RedisObject.ENC_INT, o.encoding);
        StringObjects.mutable(o, 0).append(b("6"));
        assertEquals(RedisObject.ENC_RAW, o.encoding);
        assertArrayEquals(b("123456"), StringObjects.bytes(o));
    }

    @Test
    void copyForCopyCommandSharesNothing() {
        RedisObject o = StringObjects.create(b("abc"));
        StringObjects.mutable(o, 0).append(b("d"));
        RedisObject d = o.dup();
        StringObjects.mutable(o, 0).buf[0] = 'z';
        assertArrayEquals(b("abcd"), StringObjects.bytes(d));
    }
}
