package io.glassbox.ds.listpack;

import io.glassbox.util.RedisNumbers;

import java.util.Arrays;

/**
 * A listpack (see the package comment) in a growable byte array. Positions are byte offsets of
 * entries, like the {@code unsigned char *p} cursors of Redis's API: {@link #first}, {@link #next},
 * {@link #prev}, {@link #seek}; {@code -1} means "no entry".
 *
 * <p>Values are byte strings; a value that is the canonical text of a 64-bit integer is stored as
 * an integer (lpEncodeGetType / lpStringToInt64) and read back as the same text.
 */
public final class Listpack {
    public static final int HDR_SIZE = 6;
    public static final int EOF = 0xFF;

    // Encodings (listpack.c LP_ENCODING_*)
    private static final int ENC_7BIT_UINT = 0x00, ENC_7BIT_UINT_MASK = 0x80;
    private static final int ENC_6BIT_STR = 0x80, ENC_6BIT_STR_MASK = 0xC0;
    private static final int ENC_13BIT_INT = 0xC0, ENC_13BIT_INT_MASK = 0xE0;
    private static final int ENC_12BIT_STR = 0xE0, ENC_12BIT_STR_MASK = 0xF0;
    private static final int ENC_16BIT_INT = 0xF1, ENC_24BIT_INT = 0xF2, ENC_32BIT_INT = 0xF3, ENC_64BIT_INT = 0xF4;
    private static final int ENC_32BIT_STR = 0xF0;
    /** Redis stores numElements as u16; 65535 means "unknown, count them". */
    private static final int NUMELE_UNKNOWN = 65535;

    private byte[] buf;
    private int used; // == total bytes

    public Listpack() {
        buf = new byte[16];
        used = HDR_SIZE + 1;
        buf[HDR_SIZE] = (byte) EOF;
        writeHeader(0);
    }

    private Listpack(byte[] bytes) {
        buf = bytes;
        used = bytes.length;
    }

    /** Wraps bytes in Redis's layout (from RDB or DUMP); null if they are not a valid listpack. */
    public static Listpack fromBytes(byte[] bytes) {
        if (bytes.length < HDR_SIZE + 1) return null;
        Listpack lp = new Listpack(bytes.clone());
        if (lp.u32(0) != bytes.length || (bytes[bytes.length - 1] & 0xff) != EOF) return null;
        // walk every entry to validate encodings and back-lengths (lpValidateIntegrity, deep)
        int p = HDR_SIZE, count = 0;
        while (p < bytes.length - 1) {
            int len = lp.entrySizeOrMinus1(p);
            if (len < 0 || p + len > bytes.length - 1) return null;
            int enc = lp.encodedSize(p);
            int backlen = lp.readBacklen(p + len - 1);
            if (backlen != enc) return null;
            p += len;
            count++;
        }
        int declared = lp.u16(4);
        if (declared != NUMELE_UNKNOWN && declared != count) return null;
        return lp;
    }

    /**
     * Wraps bytes after only the header checks of lpValidateIntegrity with deep=0 (the total size
     * matches, the last byte is EOF): what Redis accepts from a RESTORE or a file with
     * {@code sanitize-dump-payload no}. The entries are not walked, so a later read may meet a
     * corrupt one; every read is bounds-checked and every walk moves strictly, so it then throws
     * (an internal error of the command) and never loops.
     */
    public static Listpack fromBytesShallow(byte[] bytes) {
        if (bytes.length < HDR_SIZE + 1) return null;
        Listpack lp = new Listpack(bytes.clone());
        if (lp.u32(0) != bytes.length || (bytes[bytes.length - 1] & 0xff) != EOF) return null;
        return lp;
    }

    /** A listpack entry that a shallow check let through is corrupt where Redis asserts it is valid. */
    public static final class AssertionFailure extends RuntimeException {
        AssertionFailure(String message) { super(message); }
    }

    /**
     * lpFirst's lpAssertValidEntry: the first entry's encoding, its extent inside the listpack and
     * its back-length agree, else {@link AssertionFailure} (a crash in Redis, an internal error of
     * the command here). A no-op on an empty listpack.
     */
    public void assertValidFirst() {
        if (first() < 0) return;
        int len = entrySizeOrMinus1(HDR_SIZE);
        if (len < 0 || HDR_SIZE + len > used - 1 || readBacklen(HDR_SIZE + len - 1) != encodedSize(HDR_SIZE)) {
            throw new AssertionFailure("lpAssertValidEntry: the listpack's first entry is corrupt");
        }
    }

    /** The listpack's bytes exactly as Redis lays them out (for RDB, DUMP, the visualizer). */
    public byte[] toByteArray() { return Arrays.copyOf(buf, used); }

    public Listpack copy() { return new Listpack(toByteArray()); }

    /** Total bytes (lpBytes). */
    public int bytes() { return used; }

    /** Bytes the buffer holds, used or not (zmalloc_size of the listpack): what it costs in memory. */
    public int allocated() { return buf.length; }

    /** Number of entries (lpLength). */
    public int size() {
        int n = u16(4);
        if (n != NUMELE_UNKNOWN) return n;
        int count = 0;
        for (int p = first(); p >= 0; p = next(p)) count++;
        return count;
    }

    // ---------------------------------------------------------------- navigation

    public int first() { return (buf[HDR_SIZE] & 0xff) == EOF ? -1 : HDR_SIZE; }

    public int last() {
        if (used == HDR_SIZE + 1) return -1;
        return prevOf(used - 1);
    }

    public int next(int p) {
        int n = p + entrySize(p);
        // lpNext's lpAssertValidEntry: a listpack taken with a shallow check (sanitize-dump-payload
        // no) may hold an entry whose size is invalid, runs past the end or disagrees with its
        // back-length; fail (Redis asserts) instead of looping on it or reading garbage
        if (n <= p || n >= used) throw new AssertionFailure("listpack entry at " + p + " is corrupt");
        if ((buf[n] & 0xff) == EOF) return -1;
        int len = entrySizeOrMinus1(n);
        if (len < 0 || n + len > used - 1 || readBacklen(n + len - 1) != encodedSize(n)) {
            throw new AssertionFailure("listpack entry at " + n + " is corrupt");
        }
        return n;
    }

    public int prev(int p) {
        if (p == HDR_SIZE) return -1;
        return prevOf(p);
    }

    /** The entry before the byte at {@code p} (an entry start or the EOF byte). */
    private int prevOf(int p) {
        int backlen = readBacklen(p - 1);
        int backlenSize = backlenSize(backlen);
        int prev = p - backlen - backlenSize;
        if (prev < HDR_SIZE) throw new AssertionFailure("listpack back-length before " + p + " is corrupt");
        return prev;
    }

    /** The entry at {@code index} (negative counts from the tail), or -1 (lpSeek). */
    public int seek(long index) {
        int n = size();
        if (index < 0) index = n + index;
        if (index < 0 || index >= n) return -1;
        if (index > n / 2) {
            int p = last();
            for (long i = n - 1; i > index; i--) p = prev(p);
            return p;
        }
        int p = first();
        for (long i = 0; i < index; i++) p = next(p);
        return p;
    }

    // ---------------------------------------------------------------- reading

    /** True if the entry at p holds an integer encoding. */
    public boolean isInt(int p) {
        int b = buf[p] & 0xff;
        return (b & ENC_7BIT_UINT_MASK) == ENC_7BIT_UINT || (b & ENC_13BIT_INT_MASK) == ENC_13BIT_INT
                || b == ENC_16BIT_INT || b == ENC_24BIT_INT || b == ENC_32BIT_INT || b == ENC_64BIT_INT;
    }

    /** The integer stored at p; only valid if {@link #isInt}. */
    public long getInt(int p) {
        int b = buf[p] & 0xff;
        if ((b & ENC_7BIT_UINT_MASK) == ENC_7BIT_UINT) return b & 0x7f;
        if ((b & ENC_13BIT_INT_MASK) == ENC_13BIT_INT) {
            long v = ((b & 0x1f) << 8) | (buf[p + 1] & 0xff);
            return v >= 1 << 12 ? v - (1 << 13) : v;
        }
        switch (b) {
            case ENC_16BIT_INT: return (short) ((buf[p + 1] & 0xff) | (buf[p + 2] & 0xff) << 8);
            case ENC_24BIT_INT: {
                int v = (buf[p + 1] & 0xff) | (buf[p + 2] & 0xff) << 8 | (buf[p + 3] & 0xff) << 16;
                return (v << 8) >> 8;
            }
            case ENC_32BIT_INT: return u32signed(p + 1);
            case ENC_64BIT_INT: {
                long v = 0;
                for (int i = 7; i >= 0; i--) v = (v << 8) | (buf[p + 1 + i] & 0xff);
                return v;
            }
            default: throw new IllegalStateException("not an integer entry at " + p);
        }
    }

    /** The value at p as bytes (integers as their decimal text), lpGet. */
    public byte[] get(int p) {
        if (isInt(p)) return RedisNumbers.ll2string(getInt(p));
        int b = buf[p] & 0xff;
        int off, len;
        if ((b & ENC_6BIT_STR_MASK) == ENC_6BIT_STR) { len = b & 0x3f; off = p + 1; }
        else if ((b & ENC_12BIT_STR_MASK) == ENC_12BIT_STR) { len = ((b & 0x0f) << 8) | (buf[p + 1] & 0xff); off = p + 2; }
        else { len = (int) u32(p + 1); off = p + 5; }
        return Arrays.copyOfRange(buf, off, off + len);
    }

    /** True if the entry at p equals the value (lpCompare), comparing integers numerically when both are. */
    public boolean eq(int p, byte[] value) {
        if (isInt(p)) {
            long[] out = new long[1];
            return value.length <= 20 && RedisNumbers.string2ll(value, out) && out[0] == getInt(p);
        }
        int b = buf[p] & 0xff;
        int off, len;
        if ((b & ENC_6BIT_STR_MASK) == ENC_6BIT_STR) { len = b & 0x3f; off = p + 1; }
        else if ((b & ENC_12BIT_STR_MASK) == ENC_12BIT_STR) { len = ((b & 0x0f) << 8) | (buf[p + 1] & 0xff); off = p + 2; }
        else { len = (int) u32(p + 1); off = p + 5; }
        return Arrays.equals(buf, off, off + len, value, 0, value.length);
    }

    /**
     * Finds the first entry equal to value starting at p, looking at every (skip+1)-th entry
     * (lpFind: skip=1 walks only the keys of a field/value listpack). Returns -1 if none.
     */
    public int find(int p, byte[] value, int skip) {
        int skipCount = 0;
        while (p >= 0) {
            if (skipCount == 0) {
                if (eq(p, value)) return p;
                skipCount = skip;
            } else {
                skipCount--;
            }
            p = next(p);
        }
        return -1;
    }

    // ---------------------------------------------------------------- writing

    public void append(byte[] value) { insertAt(used - 1, encode(value)); }

    public void prepend(byte[] value) { insertAt(HDR_SIZE, encode(value)); }

    /** Inserts before the entry at p; returns the new entry's position. */
    public int insertBefore(int p, byte[] value) { return insertAt(p, encode(value)); }

    /** Inserts after the entry at p; returns the new entry's position. */
    public int insertAfter(int p, byte[] value) { return insertAt(p + entrySize(p), encode(value)); }

    /** Replaces the entry at p with value; returns its position. */
    public int replace(int p, byte[] value) {
        byte[] e = encode(value);
        int old = entrySize(p);
        splice(p, old, e);
        return p;
    }

    /** Deletes the entry at p; returns the position of the entry that followed it, or -1. */
    public int delete(int p) {
        splice(p, entrySize(p), null);
        writeHeader(adjustCount(-1));
        return (buf[p] & 0xff) == EOF ? -1 : p;
    }

    /** Deletes count entries from index on (lpDeleteRange). */
    public void deleteRange(long index, long count) {
        int p = seek(index);
        for (long i = 0; i < count && p >= 0; i++) p = delete(p);
    }

    private int insertAt(int at, byte[] entry) {
        splice(at, 0, entry);
        writeHeader(adjustCount(1));
        return at;
    }

    private int adjustCount(int delta) {
        int n = u16(4);
        if (n == NUMELE_UNKNOWN) return NUMELE_UNKNOWN;
        n += delta;
        return n >= NUMELE_UNKNOWN ? NUMELE_UNKNOWN : n;
    }

    /** Replaces {@code removeLen} bytes at {@code at} with {@code insert}. */
    private void splice(int at, int removeLen, byte[] insert) {
        int insLen = insert == null ? 0 : insert.length;
        int newUsed = used - removeLen + insLen;
        if (newUsed > buf.length) buf = Arrays.copyOf(buf, Math.max(newUsed, buf.length * 2));
        System.arraycopy(buf, at + removeLen, buf, at + insLen, used - at - removeLen);
        if (insLen > 0) System.arraycopy(insert, 0, buf, at, insLen);
        used = newUsed;
        if (buf.length > 64 && used < buf.length / 4) buf = Arrays.copyOf(buf, Math.max(16, used * 2));
        writeTotal();
    }

    private void writeHeader(int count) {
        writeTotal();
        buf[4] = (byte) count;
        buf[5] = (byte) (count >>> 8);
    }

    private void writeTotal() {
        buf[0] = (byte) used;
        buf[1] = (byte) (used >>> 8);
        buf[2] = (byte) (used >>> 16);
        buf[3] = (byte) (used >>> 24);
    }

    /**
     * Encodes a value as an entry (encoding, data, backlen), choosing the smallest integer encoding
     * when the bytes are a canonical integer (lpEncodeGetType), else a string encoding by length.
     */
    static byte[] encode(byte[] v) {
        long[] out = new long[1];
        if (v.length <= 20 && RedisNumbers.string2ll(v, out)) return encodeInt(out[0]);
        int len = v.length;
        byte[] e;
        int hdr;
        if (len < 64) {
            hdr = 1;
            e = new byte[1 + len + backlenSize(1 + len)];
            e[0] = (byte) (ENC_6BIT_STR | len);
        } else if (len < 4096) {
            hdr = 2;
            e = new byte[2 + len + backlenSize(2 + len)];
            e[0] = (byte) (ENC_12BIT_STR | (len >>> 8));
            e[1] = (byte) len;
        } else {
            hdr = 5;
            e = new byte[5 + len + backlenSize(5 + len)];
            e[0] = (byte) ENC_32BIT_STR;
            e[1] = (byte) len; e[2] = (byte) (len >>> 8); e[3] = (byte) (len >>> 16); e[4] = (byte) (len >>> 24);
        }
        System.arraycopy(v, 0, e, hdr, len);
        writeBacklen(e, hdr + len, hdr + len);
        return e;
    }

    static byte[] encodeInt(long v) {
        byte[] data;
        if (v >= 0 && v <= 127) {
            data = new byte[]{(byte) v};
        } else if (v >= -4096 && v <= 4095) {
            long u = v < 0 ? (1 << 13) + v : v;
            data = new byte[]{(byte) ((u >>> 8) | ENC_13BIT_INT), (byte) u};
        } else if (v >= -32768 && v <= 32767) {
            data = new byte[]{(byte) ENC_16BIT_INT, (byte) v, (byte) (v >>> 8)};
        } else if (v >= -8388608 && v <= 8388607) {
            data = new byte[]{(byte) ENC_24BIT_INT, (byte) v, (byte) (v >>> 8), (byte) (v >>> 16)};
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            data = new byte[]{(byte) ENC_32BIT_INT, (byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
        } else {
            data = new byte[9];
            data[0] = (byte) ENC_64BIT_INT;
            for (int i = 0; i < 8; i++) data[1 + i] = (byte) (v >>> (8 * i));
        }
        byte[] e = Arrays.copyOf(data, data.length + backlenSize(data.length));
        writeBacklen(e, data.length, data.length);
        return e;
    }

    /** Bytes the backlen of an entry whose encoding+data is {@code l} bytes takes (lpEncodeBacklen). */
    static int backlenSize(int l) {
        if (l <= 127) return 1;
        if (l < 16383) return 2;
        if (l < 2097151) return 3;
        if (l < 268435455) return 4;
        return 5;
    }

    /**
     * Writes the backlen: the length in 7-bit groups, most significant group first, so that read
     * from its last byte backwards it decodes; every byte but the first read has the high bit set.
     */
    private static void writeBacklen(byte[] e, int at, int l) {
        int n = backlenSize(l);
        switch (n) {
            case 1: e[at] = (byte) l; break;
            case 2: e[at] = (byte) (l >>> 7); e[at + 1] = (byte) ((l & 127) | 128); break;
            case 3: e[at] = (byte) (l >>> 14); e[at + 1] = (byte) (((l >>> 7) & 127) | 128); e[at + 2] = (byte) ((l & 127) | 128); break;
            case 4: e[at] = (byte) (l >>> 21); e[at + 1] = (byte) (((l >>> 14) & 127) | 128); e[at + 2] = (byte) (((l >>> 7) & 127) | 128); e[at + 3] = (byte) ((l & 127) | 128); break;
            default: e[at] = (byte) (l >>> 28); e[at + 1] = (byte) (((l >>> 21) & 127) | 128); e[at + 2] = (byte) (((l >>> 14) & 127) | 128); e[at + 3] = (byte) (((l >>> 7) & 127) | 128); e[at + 4] = (byte) ((l & 127) | 128);
        }
    }

    /** Decodes a backlen ending at byte {@code p} (lpDecodeBacklen). */
    private int readBacklen(int p) {
        int val = 0, shift = 0;
        do {
            val |= (buf[p] & 127) << shift;
            if ((buf[p] & 128) == 0) break;
            shift += 7;
            p--;
        } while (shift <= 28);
        return val;
    }

    /** Encoding+data size of the entry at p (lpCurrentEncodedSizeUnsafe). */
    private int encodedSize(int p) {
        int b = buf[p] & 0xff;
        if ((b & ENC_7BIT_UINT_MASK) == ENC_7BIT_UINT) return 1;
        if ((b & ENC_6BIT_STR_MASK) == ENC_6BIT_STR) return 1 + (b & 0x3f);
        if ((b & ENC_13BIT_INT_MASK) == ENC_13BIT_INT) return 2;
        if ((b & ENC_12BIT_STR_MASK) == ENC_12BIT_STR) return 2 + (((b & 0x0f) << 8) | (buf[p + 1] & 0xff));
        switch (b) {
            case ENC_16BIT_INT: return 3;
            case ENC_24BIT_INT: return 4;
            case ENC_32BIT_INT: return 5;
            case ENC_64BIT_INT: return 9;
            case ENC_32BIT_STR: return 5 + (int) u32(p + 1);
            default: return -1;
        }
    }

    private int entrySize(int p) {
        int enc = encodedSize(p);
        if (enc < 0) throw new AssertionFailure("listpack entry at " + p + " has an invalid encoding");
        return enc + backlenSize(enc);
    }

    private int entrySizeOrMinus1(int p) {
        int enc = encodedSize(p);
        if (enc < 0 || p + enc >= used) return -1;
        return enc + backlenSize(enc);
    }

    private int u16(int at) { return (buf[at] & 0xff) | (buf[at + 1] & 0xff) << 8; }

    private long u32(int at) {
        return (buf[at] & 0xffL) | (buf[at + 1] & 0xffL) << 8 | (buf[at + 2] & 0xffL) << 16 | (buf[at + 3] & 0xffL) << 24;
    }

    private long u32signed(int at) { return (int) u32(at); }

    // ---------------------------------------------------------------- debugging

    /**
     * lpRepr: a description of every entry, as DEBUG LISTPACK writes it to the log. For each entry
     * its index, offset, the sizes of its three parts (encoding header, payload, backlen), its raw
     * bytes, and its value as a string (cut at 40 bytes). Java has no addresses, so where Redis
     * prints {@code addr} the offset alone locates the entry. O(total bytes).
     */
    public String repr() {
        StringBuilder sb = new StringBuilder();
        sb.append("{total bytes ").append(used).append("} {num entries ").append(size()).append("}\n");
        int index = 0;
        for (int p = first(); p >= 0; p = next(p)) {
            int encoded = encodedSize(p);
            int hdr = headerSize(p);
            int back = backlenSize(encoded);
            sb.append("{\n");
            sb.append(String.format("\tindex: %2d,%n\toffset: %1d,%n\thdr+entrylen+backlen: %2d,%n\thdrlen: %3d,%n\tbacklen: %2d,%n\tpayload: %1d%n",
                    index, p, encoded + back, hdr, back, encoded - hdr));
            sb.append("\tbytes: ");
            for (int i = 0; i < encoded + back; i++) sb.append(String.format("%02x|", buf[p + i] & 0xff));
            sb.append("\n\t[str]");
            byte[] v = get(p);
            if (v.length > 40) {
                sb.append(new String(v, 0, 40, java.nio.charset.StandardCharsets.ISO_8859_1)).append("...");
            } else {
                sb.append(new String(v, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
            sb.append("\n}\n");
            index++;
        }
        sb.append("{end}\n");
        return sb.toString();
    }

    /** Bytes of the encoding header of the entry at p, before its payload (lpCurrentEncodedSizeBytes). */
    private int headerSize(int p) {
        int b = buf[p] & 0xff;
        if ((b & ENC_7BIT_UINT_MASK) == ENC_7BIT_UINT || (b & ENC_6BIT_STR_MASK) == ENC_6BIT_STR) return 1;
        if ((b & ENC_13BIT_INT_MASK) == ENC_13BIT_INT || (b & ENC_12BIT_STR_MASK) == ENC_12BIT_STR) return 2;
        if (b == ENC_32BIT_STR) return 5;
        return 1; // 16/24/32/64-bit integers: one byte of encoding, the rest is payload
    }
}
