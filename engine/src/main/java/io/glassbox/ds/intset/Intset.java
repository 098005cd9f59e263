package io.glassbox.ds.intset;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * A sorted set of distinct 64-bit integers in Redis's intset byte layout ({@code intset.c}):
 * {@code <encoding:u32 LE> <length:u32 LE> <values LE>}, see the package comment.
 *
 * <p>Invariants, checked by {@link #fromBytes}: the encoding is 2, 4 or 8; the values are strictly
 * ascending (so there are no duplicates); every value fits the encoding; the smallest encoding
 * that fits all values is <em>not</em> required, because the encoding never shrinks.
 *
 * <p>Bounds: {@link #find} is a binary search, O(log n). {@link #add} and {@link #remove} move
 * the tail of the array, O(n) bytes; an upgrade rewrites the whole array once, O(n). Redis
 * reallocates the blob to its exact size on every change ({@code intsetResize}); this class keeps
 * spare capacity instead and {@link #toByteArray()} cuts the blob to its exact size, which is
 * the same bytes.
 */
public final class Intset {
    /** {@code INTSET_ENC_INT16}, {@code INTSET_ENC_INT32}, {@code INTSET_ENC_INT64}: bytes per value. */
    public static final int INTSET_ENC_INT16 = 2, INTSET_ENC_INT32 = 4, INTSET_ENC_INT64 = 8;

    /** Size of the header: encoding and length, both u32. */
    public static final int HEADER_SIZE = 8;

    /** The blob: header, then {@code length} values of {@code encoding} bytes; may have spare room at the end. */
    private byte[] is;
    private int encoding;
    private int length;
    private IntsetListener listener = IntsetListener.NONE;

    /** {@code intsetNew}: an empty intset with 16-bit encoding. */
    public Intset() {
        this.is = new byte[HEADER_SIZE + 4 * INTSET_ENC_INT16];
        this.encoding = INTSET_ENC_INT16;
        this.length = 0;
        writeHeader();
    }

    private Intset(byte[] blob, int encoding, int length) {
        this.is = blob;
        this.encoding = encoding;
        this.length = length;
    }

    /** The installed listener ({@code NONE} by default), so an observer can tell whether it is already attached. */
    public IntsetListener listener() { return listener; }

    public void setListener(IntsetListener listener) {
        this.listener = listener == null ? IntsetListener.NONE : listener;
    }

    /** {@code _intsetValueEncoding}: the smallest width that holds {@code v}. */
    public static int valueEncoding(long v) {
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) return INTSET_ENC_INT64;
        if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) return INTSET_ENC_INT32;
        return INTSET_ENC_INT16;
    }

    /** Bytes per value: 2, 4 or 8. */
    public int encoding() { return encoding; }

    /** {@code intsetLen}: number of values. */
    public int length() { return length; }

    /** {@code intsetBlobLen}: size of the serialized intset in bytes. */
    public int blobLen() { return HEADER_SIZE + length * encoding; }

    // ------------------------------------------------------------------ raw access

    /** {@code _intsetGetEncoded}: the value at {@code pos} read with width {@code enc}. */
    private long getEncoded(int pos, int enc) {
        int off = HEADER_SIZE + pos * enc;
        switch (enc) {
            case INTSET_ENC_INT16: return (short) ((is[off] & 0xff) | (is[off + 1] << 8));
            case INTSET_ENC_INT32: return readIntLE(is, off);
            default: return (readIntLE(is, off) & 0xffffffffL) | ((long) readIntLE(is, off + 4) << 32);
        }
    }

    /** {@code _intsetSet}: writes {@code value} at {@code pos} with the current width. */
    private void set(int pos, long value) {
        int off = HEADER_SIZE + pos * encoding;
        for (int i = 0; i < encoding; i++) is[off + i] = (byte) (value >>> (8 * i));
    }

    private static int readIntLE(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    private static void writeIntLE(byte[] b, int off, int v) {
        b[off] = (byte) v; b[off + 1] = (byte) (v >>> 8); b[off + 2] = (byte) (v >>> 16); b[off + 3] = (byte) (v >>> 24);
    }

    private void writeHeader() {
        writeIntLE(is, 0, encoding);
        writeIntLE(is, 4, length);
    }

    /** {@code intsetResize}: room for {@code len} values at the current width (grows the buffer geometrically). */
    private void resize(int len) {
        long need = HEADER_SIZE + (long) len * encoding;
        if (need > Integer.MAX_VALUE - 8) throw new IllegalStateException("intset too large");
        if (need > is.length) is = Arrays.copyOf(is, (int) Math.max(need, Math.min(Integer.MAX_VALUE - 8L, is.length * 2L)));
    }

    /** {@code intsetMoveTail}: moves the values from {@code from} to the end so they start at {@code to}. */
    private void moveTail(int from, int to) {
        int bytes = (length - from) * encoding;
        System.arraycopy(is, HEADER_SIZE + from * encoding, is, HEADER_SIZE + to * encoding, bytes);
    }

    // ------------------------------------------------------------------ search

    /**
     * {@code intsetSearch}: the position of {@code value} if present ({@code >= 0}), else
     * {@code -(insertion point) - 1}. The ends are checked first, so appending ascending values
     * (the common case) costs O(1).
     */
    public int search(long value) {
        if (length == 0) return -1;
        // Check for the case where we know we cannot find the value, but do know the insert position.
        if (value > getEncoded(length - 1, encoding)) return -length - 1;
        if (value < getEncoded(0, encoding)) return -1;
        int min = 0, max = length - 1;
        while (max >= min) {
            int mid = (min + max) >>> 1;
            long cur = getEncoded(mid, encoding);
            if (value > cur) min = mid + 1;
            else if (value < cur) max = mid - 1;
            else return mid;
        }
        return -min - 1;
    }

    /** {@code intsetFind}: whether {@code value} is a member; O(1) rejection when it cannot fit the encoding. */
    public boolean find(long value) {
        return valueEncoding(value) <= encoding && search(value) >= 0;
    }

    /** {@code intsetGet}: the value at {@code pos} (0 = smallest). */
    public long get(int pos) {
        if (pos < 0 || pos >= length) throw new IndexOutOfBoundsException(pos);
        return getEncoded(pos, encoding);
    }

    /** {@code intsetMin} (the intset must not be empty). */
    public long min() { return get(0); }

    /** {@code intsetMax} (the intset must not be empty). */
    public long max() { return get(length - 1); }

    /** {@code intsetRandom}: a uniformly chosen member ({@code rand() % length}); the intset must not be empty. */
    public long random(RandomGenerator rnd) {
        if (length == 0) throw new IllegalStateException("random element of an empty intset");
        return getEncoded(rnd.nextInt(length), encoding);
    }

    /** {@link #random(RandomGenerator)} with the thread's generator. */
    public long random() { return random(ThreadLocalRandom.current()); }

    // ------------------------------------------------------------------ updates

    /**
     * {@code intsetAdd}: inserts {@code value}; false if it was already there. A value wider than
     * the encoding takes {@link #upgradeAndAdd}; otherwise the tail after the insertion point
     * moves up one slot. O(n).
     */
    public boolean add(long value) {
        int valenc = valueEncoding(value);
        if (valenc > encoding) {
            upgradeAndAdd(value, valenc);
            return true;
        }
        int pos = search(value);
        if (pos >= 0) return false;
        pos = -pos - 1;
        resize(length + 1);
        if (pos < length) moveTail(pos, pos + 1);
        set(pos, value);
        length++;
        writeHeader();
        return true;
    }

    /**
     * {@code intsetUpgradeAndAdd}: rewrites every value at width {@code newenc}, back to front so
     * nothing is overwritten before it is read, leaving one free slot for {@code value}. A value
     * too wide for the old encoding is either smaller than every member (it is negative) or
     * larger than every member, so it goes to the start or the end without a search.
     */
    private void upgradeAndAdd(long value, int newenc) {
        int curenc = encoding;
        int prepend = value < 0 ? 1 : 0;
        byte[] old = is;
        is = new byte[Math.max(HEADER_SIZE + (length + 1) * newenc, old.length)];
        byte[] cur = old;
        encoding = newenc;
        // Read from the old blob at the old width, write to the new one at the new width.
        for (int i = length - 1; i >= 0; i--) {
            int off = HEADER_SIZE + i * curenc;
            long v;
            switch (curenc) {
                case INTSET_ENC_INT16: v = (short) ((cur[off] & 0xff) | (cur[off + 1] << 8)); break;
                case INTSET_ENC_INT32: v = readIntLE(cur, off); break;
                default: v = (readIntLE(cur, off) & 0xffffffffL) | ((long) readIntLE(cur, off + 4) << 32);
            }
            set(i + prepend, v);
        }
        if (prepend == 1) set(0, value);
        else set(length, value);
        length++;
        writeHeader();
        listener.onUpgrade(curenc, newenc, value, length);
    }

    /** {@code intsetRemove}: deletes {@code value}; false if absent. The encoding never shrinks. O(n). */
    public boolean remove(long value) {
        if (valueEncoding(value) > encoding) return false;
        int pos = search(value);
        if (pos < 0) return false;
        if (pos < length - 1) moveTail(pos + 1, pos);
        length--;
        writeHeader();
        return true;
    }

    // ------------------------------------------------------------------ serialization

    /** The intset exactly as Redis stores it in memory and in RDB ({@code RDB_TYPE_SET_INTSET} payload). */
    public byte[] toByteArray() {
        return Arrays.copyOf(is, blobLen());
    }

    /**
     * Loads a blob after {@code intsetValidateIntegrity}: a known encoding, a size that matches the
     * length, at least one value (Redis never stores an empty set), and, when {@code deep}, values
     * in strictly ascending order. Throws {@link IllegalArgumentException} describing the first
     * violation. The blob is copied.
     */
    public static Intset fromBytes(byte[] blob, boolean deep) {
        if (blob.length < HEADER_SIZE) throw new IllegalArgumentException("intset shorter than its header");
        int enc = readIntLE(blob, 0);
        if (enc != INTSET_ENC_INT16 && enc != INTSET_ENC_INT32 && enc != INTSET_ENC_INT64) {
            throw new IllegalArgumentException("invalid intset encoding " + Integer.toUnsignedString(enc));
        }
        long count = readIntLE(blob, 4) & 0xffffffffL;
        if (HEADER_SIZE + count * enc != blob.length) {
            throw new IllegalArgumentException("intset length " + count + " does not match its size " + blob.length);
        }
        if (count == 0) throw new IllegalArgumentException("empty intset");
        Intset s = new Intset(blob.clone(), enc, (int) count);
        if (deep) {
            long prev = s.getEncoded(0, enc);
            for (int i = 1; i < count; i++) {
                long cur = s.getEncoded(i, enc);
                if (cur <= prev) throw new IllegalArgumentException("intset values not strictly ascending at " + i);
                prev = cur;
            }
        }
        return s;
    }

    /** A deep copy (setTypeDup for an intset copies the blob). */
    public Intset dup() {
        return new Intset(toByteArray(), encoding, length);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("intset(enc=").append(encoding).append(")[");
        for (int i = 0; i < length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(getEncoded(i, encoding));
        }
        return sb.append(']').toString();
    }
}
