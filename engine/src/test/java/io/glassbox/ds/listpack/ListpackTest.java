package io.glassbox.ds.listpack;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.glassbox.testkit.Args.latin1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("unit")
class ListpackTest {
    @Test
    void sameBytesAsRedisForHsetAOneBMinus300() {
        // From real Redis 7.0: HSET h a 1 b -300; DUMP h -> the listpack inside the payload.
        Listpack lp = new Listpack();
        lp.append(latin1("a"));
        lp.append(latin1("1"));
        lp.append(latin1("b"));
        lp.append(latin1("-300"));
        byte[] expected = {0x12, 0, 0, 0, 4, 0, (byte) 0x81, 'a', 2, 1, 1, (byte) 0x81, 'b', 2, (byte) 0xde, (byte) 0xd4, 2, (byte) 0xff};
        assertArrayEquals(expected, lp.toByteArray());
    }

    @Test
    void everyEncodingRoundTripsForwardAndBackward() {
        List<byte[]> values = new ArrayList<>();
        for (String s : new String[]{"0", "127", "128", "-1", "4095", "-4096", "32767", "-32768", "8388607", "-8388608",
                "2147483647", "-2147483648", "9223372036854775807", "-9223372036854775808", "007", "+1", "", "x"}) {
            values.add(latin1(s));
        }
        values.add("y".repeat(63).getBytes());
        values.add("y".repeat(64).getBytes());
        values.add("z".repeat(200).getBytes());   // two-byte backlen
        values.add("w".repeat(4095).getBytes());
        values.add("v".repeat(20000).getBytes()); // 32-bit string length, three-byte backlen
        Listpack lp = new Listpack();
        for (byte[] v : values) lp.append(v);
        assertEquals(values.size(), lp.size());
        int i = 0;
        for (int p = lp.first(); p >= 0; p = lp.next(p)) assertArrayEquals(values.get(i++), lp.get(p));
        assertEquals(values.size(), i);
        i = values.size();
        for (int p = lp.last(); p >= 0; p = lp.prev(p)) assertArrayEquals(values.get(--i), lp.get(p));
        assertEquals(0, i);
        assertTrue(lp.isInt(lp.seek(0)));
        assertFalse(lp.isInt(lp.seek(14)), "\"007\" is not canonical, so it stays a string");
        assertNotNull(Listpack.fromBytes(lp.toByteArray()), "a listpack we wrote passes validation");
    }

    @Test
    void insertDeleteFindAndSeek() {
        Listpack lp = new Listpack();
        Random rnd = new Random(7);
        List<String> model = new ArrayList<>();
        for (int step = 0; step < 2000; step++) {
            int op = rnd.nextInt(3);
            if (op < 2 || model.isEmpty()) {
                String v = rnd.nextBoolean() ? Integer.toString(rnd.nextInt(100000) - 50000) : "s" + rnd.nextInt(1000);
                int at = model.isEmpty() ? 0 : rnd.nextInt(model.size() + 1);
                if (at == model.size()) lp.append(latin1(v)); else lp.insertBefore(lp.seek(at), latin1(v));
                model.add(at, v);
            } else {
                int at = rnd.nextInt(model.size());
                lp.delete(lp.seek(at));
                model.remove(at);
            }
        }
        assertEquals(model.size(), lp.size());
        for (int i = 0; i < model.size(); i++) assertArrayEquals(latin1(model.get(i)), lp.get(lp.seek(i)));
        assertArrayEquals(latin1(model.get(model.size() - 1)), lp.get(lp.seek(-1)));
        assertEquals(-1, lp.seek(model.size()));
        String needle = model.get(model.size() / 2);
        assertEquals(model.indexOf(needle), indexOf(lp, lp.find(lp.first(), latin1(needle), 0)));
    }

    private static int indexOf(Listpack lp, int pos) {
        int i = 0;
        for (int p = lp.first(); p >= 0; p = lp.next(p), i++) if (p == pos) return i;
        return -1;
    }

    @Test
    void corruptBytesAreRejected() {
        Listpack lp = new Listpack();
        lp.append(latin1("hello"));
        byte[] bytes = lp.toByteArray();
        bytes[bytes.length - 2] = 9; // wrong backlen
        assertNull(Listpack.fromBytes(bytes));
        assertNull(Listpack.fromBytes(new byte[]{1, 2, 3}));
    }
}
