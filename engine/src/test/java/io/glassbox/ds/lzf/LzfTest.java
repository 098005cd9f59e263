package io.glassbox.ds.lzf;

import io.glassbox.ds.listpack.Listpack;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LZF round trips, and byte-for-byte agreement with the lzf_compress inside redis-server 7.0. */
@Tag("unit")
class LzfTest {

    /**
     * {@code redis-cli --no-raw DUMP q} after {@code CONFIG SET list-max-listpack-size 4},
     * {@code CONFIG SET list-compress-depth 1} and {@code RPUSH q element-number-000-padding-padding ...
     * element-number-011-padding-padding}: three packed nodes, each listpack stored LZF-compressed
     * (0xC3, compressed length, raw length, bytes) by rdbSaveRawString.
     */
    static final String REDIS_DUMP = "\\x12\\x03\\x02\\xc3@E@\\x97\\x1f\\x97\\x00\\x00\\x00\\x04\\x00\\xa2element-number-000-paddin\\x00g\\xc0\\a\\x00#\\xe0\\t#\\x001\\xc0\\x1b\\xc0\\a\\xe0\\n#\\x002\\xc0\\x1b\\xc0\\a\\xe0\\n#\\x003\\xc0\\x1b\\xc0\\a\\x01#\\xff\\x02\\xc3@E@\\x97\\x1f\\x97\\x00\\x00\\x00\\x04\\x00\\xa2element-number-004-paddin\\x00g\\xc0\\a\\x00#\\xe0\\t#\\x005\\xc0\\x1b\\xc0\\a\\xe0\\n#\\x006\\xc0\\x1b\\xc0\\a\\xe0\\n#\\x007\\xc0\\x1b\\xc0\\a\\x01#\\xff\\x02\\xc3@F@\\x97\\x1f\\x97\\x00\\x00\\x00\\x04\\x00\\xa2element-number-008-paddin\\x00g\\xc0\\a\\x00#\\xe0\\t#\\x009\\xc0\\x1b\\xc0\\a\\xe0\\t#\\x0110\\xc0\\x1b\\xc0\\a\\xe0\\n#\\x001\\xc0\\x1b\\xc0\\a\\x01#\\xff\\n\\x00\\x19\\xcb\\xe5\\x8azF\\xf4\\xfa";

    @Test
    void compressesTheListpacksExactlyAsRedisDoes() {
        byte[] dump = unescape(REDIS_DUMP);
        assertEquals(18, dump[0]); // RDB_TYPE_LIST_QUICKLIST_2
        assertEquals(3, dump[1]);  // nodes
        int p = 2;
        for (int node = 0; node < 3; node++) {
            assertEquals(2, dump[p++]);             // QUICKLIST_NODE_CONTAINER_PACKED
            assertEquals((byte) 0xC3, dump[p++]);   // RDB_ENC_LZF
            int clen = ((dump[p] & 0x3f) << 8) | (dump[p + 1] & 0xff); p += 2;
            int rawlen = ((dump[p] & 0x3f) << 8) | (dump[p + 1] & 0xff); p += 2;
            byte[] redisCompressed = Arrays.copyOfRange(dump, p, p + clen);
            p += clen;

            // what Glassbox's listpack holds for these four elements
            Listpack lp = new Listpack();
            for (int i = node * 4; i < node * 4 + 4; i++) lp.append(String.format("element-number-%03d-padding-padding", i).getBytes(StandardCharsets.US_ASCII));
            byte[] raw = lp.toByteArray();
            assertEquals(rawlen, raw.length);

            byte[] out = new byte[raw.length];
            int n = Lzf.compress(raw, raw.length, out);
            assertArrayEquals(redisCompressed, Arrays.copyOf(out, n), "node " + node);

            byte[] back = new byte[rawlen];
            assertEquals(rawlen, Lzf.decompress(redisCompressed, clen, back));
            assertArrayEquals(raw, back);
        }
    }

    @Test
    void roundTripsRandomAndRepetitiveData() {
        Random r = new Random(42);
        for (int t = 0; t < 300; t++) {
            int len = 1 + r.nextInt(5000);
            byte[] in = new byte[len];
            int alphabet = 1 + r.nextInt(t % 3 == 0 ? 256 : 4);
            for (int i = 0; i < len; i++) in[i] = (byte) r.nextInt(alphabet);
            byte[] out = new byte[len + len / 16 + 64];
            int n = Lzf.compress(in, len, out);
            assertTrue(n > 0);
            byte[] back = new byte[len];
            assertEquals(len, Lzf.decompress(out, n, back));
            assertArrayEquals(in, back);
        }
    }

    @Test
    void refusesWhenTheOutputDoesNotFit() {
        byte[] in = new byte[100];
        new Random(1).nextBytes(in);
        assertEquals(0, Lzf.compress(in, in.length, new byte[50])); // random bytes do not compress
        byte[] zeros = new byte[1000];
        byte[] out = new byte[1000];
        int n = Lzf.compress(zeros, zeros.length, out);
        assertTrue(n > 0 && n < 30, "a run compresses into a few back references: " + n);
        assertEquals(0, Lzf.compress(new byte[0], 0, out));
    }

    @Test
    void corruptInputDecompressesToNothing() {
        assertEquals(0, Lzf.decompress(new byte[]{(byte) 0x20, 0x05}, 2, new byte[10])); // reference before the start
        assertEquals(0, Lzf.decompress(new byte[]{5, 'a'}, 2, new byte[10]));             // literal run cut short
    }

    static byte[] unescape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch != '\\') { out.write(ch); continue; }
            char n = s.charAt(++i);
            switch (n) {
                case 'x' -> { out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16)); i += 2; }
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'a' -> out.write(7);
                case 'b' -> out.write('\b');
                default -> out.write(n);
            }
        }
        return out.toByteArray();
    }
}
