package io.glassbox.scripting;

import io.glassbox.ds.lzf.Lzf;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * FUNCTION DUMP's payload, the same bytes Redis 7.0 writes: for each library the RDB opcode
 * {@code RDB_OPCODE_FUNCTION2} (245) and the library's code as an RDB string (LZF-compressed when
 * longer than 20 bytes and compression saves at least 4 bytes, as {@code rdbSaveRawString} does),
 * then the RDB version as two little-endian bytes (10 for 7.0) and a CRC64 of everything before
 * it, little-endian ({@code createDumpPayload} in cluster.c, {@code rdbSaveFunctions} in rdb.c).
 *
 * <p>A small encoder of the one RDB record functions need, written before the RDB writer landed;
 * the checksum is the RDB code's {@code Crc64}. RDB files carry the same records ({@code RdbFile.writeFunctions}).
 */
final class FunctionsDump {
    private FunctionsDump() {}

    static final int RDB_OPCODE_FUNCTION2 = 245;
    static final int RDB_VERSION = 10;
    private static final int RDB_ENC_LZF = 3;

    static byte[] dump(List<byte[]> libraryCodes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] code : libraryCodes) {
            out.write(RDB_OPCODE_FUNCTION2);
            saveRawString(out, code);
        }
        out.write(RDB_VERSION & 0xff);
        out.write((RDB_VERSION >> 8) & 0xff);
        long crc = crc64(0, out.toByteArray());
        for (int i = 0; i < 8; i++) out.write((int) (crc >>> (8 * i)) & 0xff);
        return out.toByteArray();
    }

    /**
     * verifyDumpPayload + rdbFunctionLoad: the library codes in a payload, or null if its version
     * or checksum is wrong or its body is not a sequence of FUNCTION2 records.
     */
    static List<byte[]> parse(byte[] payload) {
        if (payload.length < 10) return null;
        int footer = payload.length - 10;
        int version = (payload[footer] & 0xff) | (payload[footer + 1] & 0xff) << 8;
        if (version > RDB_VERSION) return null;
        long crc = 0;
        for (int i = 0; i < 8; i++) crc |= (long) (payload[footer + 2 + i] & 0xff) << (8 * i);
        byte[] body = java.util.Arrays.copyOf(payload, footer + 2);
        if (crc64(0, body) != crc) return null;
        List<byte[]> codes = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < footer) {
            if ((payload[pos[0]++] & 0xff) != RDB_OPCODE_FUNCTION2) return null;
            byte[] code = loadString(payload, pos, footer);
            if (code == null) return null;
            codes.add(code);
        }
        return codes;
    }

    private static void saveRawString(ByteArrayOutputStream out, byte[] s) {
        if (s.length > 20) {
            byte[] compressed = new byte[s.length - 4];
            int n = s.length - 4 > 0 ? Lzf.compress(s, s.length, compressed) : 0;
            if (n > 0) {
                out.write(0xC0 | RDB_ENC_LZF);
                saveLen(out, n);
                saveLen(out, s.length);
                out.write(compressed, 0, n);
                return;
            }
        }
        saveLen(out, s.length);
        out.write(s, 0, s.length);
    }

    /** rdbSaveLen: 6-bit, 14-bit, 32-bit or 64-bit big-endian lengths. */
    private static void saveLen(ByteArrayOutputStream out, long len) {
        if (len < (1 << 6)) {
            out.write((int) len);
        } else if (len < (1 << 14)) {
            out.write((int) (0x40 | (len >> 8)));
            out.write((int) (len & 0xff));
        } else if (len <= 0xffffffffL) {
            out.write(0x80);
            for (int i = 3; i >= 0; i--) out.write((int) (len >>> (8 * i)) & 0xff);
        } else {
            out.write(0x81);
            for (int i = 7; i >= 0; i--) out.write((int) (len >>> (8 * i)) & 0xff);
        }
    }

    /** rdbLoadLen; returns -1 for an encoded-string marker (with the encoding in enc[0]), -2 if truncated. */
    private static long loadLen(byte[] b, int[] pos, int end, int[] enc) {
        if (pos[0] >= end) return -2;
        int first = b[pos[0]++] & 0xff;
        int type = first >> 6;
        if (type == 0) return first & 0x3f;
        if (type == 1) {
            if (pos[0] >= end) return -2;
            return ((long) (first & 0x3f) << 8) | (b[pos[0]++] & 0xff);
        }
        if (type == 3) { enc[0] = first & 0x3f; return -1; }
        int n = first == 0x80 ? 4 : first == 0x81 ? 8 : -1;
        if (n < 0 || pos[0] + n > end) return -2;
        long v = 0;
        for (int i = 0; i < n; i++) v = (v << 8) | (b[pos[0]++] & 0xff);
        return v;
    }

    private static byte[] loadString(byte[] b, int[] pos, int end) {
        int[] enc = new int[1];
        long len = loadLen(b, pos, end, enc);
        if (len == -1) {
            if (enc[0] != RDB_ENC_LZF) return null;
            long clen = loadLen(b, pos, end, enc);
            long ulen = loadLen(b, pos, end, enc);
            if (clen < 0 || ulen < 0 || pos[0] + clen > end || ulen > Integer.MAX_VALUE) return null;
            byte[] in = java.util.Arrays.copyOfRange(b, pos[0], pos[0] + (int) clen);
            pos[0] += (int) clen;
            byte[] outBuf = new byte[(int) ulen];
            if (Lzf.decompress(in, in.length, outBuf) != ulen) return null;
            return outBuf;
        }
        if (len < 0 || pos[0] + len > end) return null;
        byte[] s = java.util.Arrays.copyOfRange(b, pos[0], pos[0] + (int) len);
        pos[0] += (int) len;
        return s;
    }

    /** Redis's CRC-64/Jones (crc64.c), shared with the RDB code. */
    static long crc64(long crc, byte[] b) {
        return io.glassbox.persistence.rdb.Crc64.update(crc, b, 0, b.length);
    }
}
