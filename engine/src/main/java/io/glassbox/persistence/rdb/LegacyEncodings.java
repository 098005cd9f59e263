package io.glassbox.persistence.rdb;

import io.glassbox.util.RedisNumbers;

import java.util.ArrayList;
import java.util.List;

/**
 * Readers for the two compact layouts Redis no longer writes but still loads: the
 * <em>ziplist</em> (lists, hashes and sorted sets before 7.0, and the nodes of RDB_TYPE_LIST_QUICKLIST)
 * and the <em>zipmap</em> (hashes before 2.6). On load Redis converts both to listpacks
 * ({@code ziplistValidateIntegrity}, {@code zipmapValidateIntegrity}, then
 * {@code lpConvertFromZiplist}-like copies); here they are decoded to their elements, which the
 * loader puts into today's encodings.
 *
 * <p>Both decoders check every length against the blob's size and throw
 * {@link IllegalArgumentException} on the first inconsistency: a corrupt blob never reads out of
 * bounds or yields a half value.
 */
final class LegacyEncodings {
    private LegacyEncodings() {}

    /**
     * The entries of a ziplist ({@code ziplist.c}): header {@code zlbytes u32, zltail u32, zllen u16},
     * entries {@code prevlen (1 or 5 bytes), encoding, data}, end byte 0xFF. Integers come back as
     * their text.
     */
    static List<byte[]> ziplistEntries(byte[] zl) {
        if (zl.length < 11) throw new IllegalArgumentException("ziplist too short");
        long zlbytes = le(zl, 0, 4);
        if (zlbytes != zl.length) throw new IllegalArgumentException("ziplist length mismatch");
        if ((zl[zl.length - 1] & 0xff) != 0xFF) throw new IllegalArgumentException("ziplist without end mark");
        int declared = (int) le(zl, 8, 2);
        // ziplistValidateIntegrity: zltail inside the allocation, and (below) the last entry's start
        long zltail = le(zl, 4, 4);
        if (zltail > zl.length - 1) throw new IllegalArgumentException("ziplist tail offset out of range");
        List<byte[]> out = new ArrayList<>();
        int p = 10, prevEntryLen = 0, lastStart = -1;
        while (true) {
            if (p >= zl.length) throw new IllegalArgumentException("ziplist entry out of range");
            if ((zl[p] & 0xff) == 0xFF) break;
            int start = p;
            lastStart = start;
            int prevlen = zl[p] & 0xff;
            if (prevlen == 0xFE) {
                need(zl, p, 5);
                prevlen = (int) le(zl, p + 1, 4);
                p += 5;
            } else {
                p += 1;
            }
            if (prevlen != prevEntryLen) throw new IllegalArgumentException("ziplist prevlen mismatch");
            need(zl, p, 1);
            int enc = zl[p] & 0xff;
            byte[] value;
            switch (enc >> 6) {
                case 0 -> { // 00pppppp: string up to 63 bytes
                    int len = enc & 0x3f;
                    p += 1;
                    value = slice(zl, p, len);
                    p += len;
                }
                case 1 -> { // 01pppppp qqqqqqqq: up to 16383, big-endian
                    need(zl, p, 2);
                    int len = ((enc & 0x3f) << 8) | (zl[p + 1] & 0xff);
                    p += 2;
                    value = slice(zl, p, len);
                    p += len;
                }
                case 2 -> { // 10000000 + 4 bytes big-endian
                    need(zl, p, 5);
                    long len = ((zl[p + 1] & 0xffL) << 24) | ((zl[p + 2] & 0xff) << 16) | ((zl[p + 3] & 0xff) << 8) | (zl[p + 4] & 0xff);
                    p += 5;
                    if (len > zl.length) throw new IllegalArgumentException("ziplist string out of range");
                    value = slice(zl, p, (int) len);
                    p += (int) len;
                }
                default -> {
                    p += 1;
                    long v;
                    if (enc == 0xC0) { v = (short) le(zl, need(zl, p, 2), 2); p += 2; }
                    else if (enc == 0xD0) { v = (int) le(zl, need(zl, p, 4), 4); p += 4; }
                    else if (enc == 0xE0) { v = le(zl, need(zl, p, 8), 8); p += 8; }
                    else if (enc == 0xF0) { v = (le(zl, need(zl, p, 3), 3) << 40) >> 40; p += 3; }
                    else if (enc == 0xFE) { v = (byte) zl[need(zl, p, 1)]; p += 1; }
                    else if (enc >= 0xF1 && enc <= 0xFD) v = (enc & 0x0f) - 1;
                    else throw new IllegalArgumentException("invalid ziplist encoding " + enc);
                    value = RedisNumbers.ll2string(v);
                }
            }
            prevEntryLen = p - start;
            out.add(value);
        }
        if (p != zl.length - 1) throw new IllegalArgumentException("ziplist end mark before the end");
        if (lastStart >= 0 && lastStart != zltail) throw new IllegalArgumentException("ziplist tail offset is not the last entry");
        if (declared != 0xFFFF && declared != out.size()) throw new IllegalArgumentException("ziplist count mismatch");
        return out;
    }

    /**
     * The field/value pairs of a zipmap ({@code zipmap.c}): {@code zmlen u8}, then
     * {@code len field len free value free-bytes}, end byte 0xFF. Lengths are one byte, or 254
     * followed by a 4-byte little-endian length.
     */
    static List<byte[]> zipmapEntries(byte[] zm) {
        if (zm.length < 2) throw new IllegalArgumentException("zipmap too short");
        List<byte[]> out = new ArrayList<>();
        int p = 1;
        while (true) {
            need(zm, p, 1);
            if ((zm[p] & 0xff) == 0xFF) break;
            int[] lenAndSize = zipmapLen(zm, p);
            p += lenAndSize[1];
            out.add(slice(zm, p, lenAndSize[0]));
            p += lenAndSize[0];
            lenAndSize = zipmapLen(zm, p);
            p += lenAndSize[1];
            need(zm, p, 1);
            int free = zm[p] & 0xff;
            p += 1;
            out.add(slice(zm, p, lenAndSize[0]));
            p += lenAndSize[0] + free;
        }
        if (p != zm.length - 1) throw new IllegalArgumentException("zipmap end mark before the end");
        return out;
    }

    private static int[] zipmapLen(byte[] zm, int p) {
        need(zm, p, 1);
        int b = zm[p] & 0xff;
        if (b < 254) return new int[]{b, 1};
        if (b == 254) {
            need(zm, p, 5);
            long len = le(zm, p + 1, 4);
            if (len > zm.length) throw new IllegalArgumentException("zipmap length out of range");
            return new int[]{(int) len, 5};
        }
        throw new IllegalArgumentException("invalid zipmap length");
    }

    private static int need(byte[] b, int p, int n) {
        if (p < 0 || p + n > b.length) throw new IllegalArgumentException("entry out of range");
        return p;
    }

    private static byte[] slice(byte[] b, int p, int len) {
        if (len < 0 || p + len > b.length - 1) throw new IllegalArgumentException("string out of range");
        byte[] out = new byte[len];
        System.arraycopy(b, p, out, 0, len);
        return out;
    }

    private static long le(byte[] b, int off, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) v = (v << 8) | (b[off + i] & 0xff);
        return v;
    }
}
