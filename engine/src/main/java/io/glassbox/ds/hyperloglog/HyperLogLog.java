package io.glassbox.ds.hyperloglog;

/**
 * One HyperLogLog string, read and written in place: Redis's {@code hyperloglog.c} without the
 * commands. The value is the exact byte layout Redis stores (see the package comment), so a key
 * written here reads the same in Redis and the other way round.
 *
 * <p>An instance wraps the string's bytes for one command; a sparse update may need a longer
 * array, and a promotion to dense a new one, so callers store {@link #bytes()} back afterwards.
 *
 * <p>Costs: a dense add is O(1); a sparse add walks the opcodes to the register, O(size) with
 * size at most {@code hll-sparse-max-bytes}; a count reads all 16384 registers once.
 */
public final class HyperLogLog {
    public static final int HLL_P = 14;
    /** The number of hash bits left for the pattern (64 - P). */
    public static final int HLL_Q = 64 - HLL_P;
    public static final int HLL_REGISTERS = 1 << HLL_P;
    static final int HLL_P_MASK = HLL_REGISTERS - 1;
    static final int HLL_BITS = 6;
    static final int HLL_REGISTER_MAX = (1 << HLL_BITS) - 1;
    public static final int HLL_HDR_SIZE = 16;
    public static final int HLL_DENSE_SIZE = HLL_HDR_SIZE + (HLL_REGISTERS * HLL_BITS + 7) / 8;
    public static final int HLL_DENSE = 0, HLL_SPARSE = 1;
    static final int HLL_MAX_ENCODING = 1;

    static final int HLL_SPARSE_VAL_MAX_VALUE = 32;
    static final int HLL_SPARSE_VAL_MAX_LEN = 4;
    static final int HLL_SPARSE_ZERO_MAX_LEN = 64;
    static final int HLL_SPARSE_XZERO_MAX_LEN = 16384;
    /** 0.5/ln(2), the estimator's constant for an infinite number of registers. */
    static final double HLL_ALPHA_INF = 0.721347520444481703680;

    private byte[] s;
    /** Writes go through this listener so the visualizer can show registers and conversions. */
    private final HllListener listener;

    /** An HLL over {@code bytes} that nobody watches (a read, a merge source). */
    public HyperLogLog(byte[] bytes) { this(bytes, HllListener.NONE); }

    /** An HLL whose writes {@code listener} hears: the engine's, which its hooks set while someone watches. */

    public HyperLogLog(byte[] bytes, HllListener listener) {
        this.s = bytes;
        this.listener = listener;
    }

    /** The string's bytes now (a new array after a resize or a promotion). */
    public byte[] bytes() { return s; }

    public int encoding() { return s[4]; }

    // ---------------------------------------------------------------- creation and validity

    /** createHLLObject: an empty sparse HLL, "HYLL", sparse, and XZERO opcodes covering every register. */
    public static byte[] createSparse() {
        int sparselen = HLL_HDR_SIZE + ((HLL_REGISTERS + (HLL_SPARSE_XZERO_MAX_LEN - 1)) / HLL_SPARSE_XZERO_MAX_LEN) * 2;
        byte[] s = new byte[sparselen];
        s[0] = 'H'; s[1] = 'Y'; s[2] = 'L'; s[3] = 'L';
        s[4] = HLL_SPARSE;
        int p = HLL_HDR_SIZE, aux = HLL_REGISTERS;
        while (aux > 0) {
            int xzero = Math.min(HLL_SPARSE_XZERO_MAX_LEN, aux);
            xzeroSet(s, p, xzero);
            p += 2;
            aux -= xzero;
        }
        return s;
    }

    /**
     * The checks of isHLLObjectOrReply: the magic, a known encoding, and for dense the exact size.
     * A sparse HLL's opcodes are only checked when read (a corrupt one is an INVALIDOBJ error then).
     */
    public static boolean looksValid(byte[] s) {
        if (s.length < HLL_HDR_SIZE) return false;
        if (s[0] != 'H' || s[1] != 'Y' || s[2] != 'L' || s[3] != 'L') return false;
        if ((s[4] & 0xff) > HLL_MAX_ENCODING) return false;
        return s[4] != HLL_DENSE || s.length == HLL_DENSE_SIZE;
    }

    // ---------------------------------------------------------------- the cached cardinality

    /** HLL_VALID_CACHE: the top bit of the cached count's last byte is clear. */
    public boolean validCache() { return (s[15] & 0x80) == 0; }

    /** HLL_INVALIDATE_CACHE. */
    public void invalidateCache() { s[15] |= (byte) 0x80; }

    public long cachedCard() {
        long card = 0;
        for (int i = 7; i >= 0; i--) card = (card << 8) | (s[8 + i] & 0xff);
        return card;
    }

    public void setCachedCard(long card) {
        for (int i = 0; i < 8; i++) s[8 + i] = (byte) (card >>> (8 * i));
    }

    // ---------------------------------------------------------------- hashing

    /** MurmurHash64A as Redis has it (MurmurHash2, 64-bit, reading 8-byte words little endian). */
    public static long murmurHash64A(byte[] key, int seed) {
        final long m = 0xc6a4a7935bd1e995L;
        final int r = 47;
        int len = key.length;
        long h = (seed & 0xffffffffL) ^ (len * m);
        int end = len - (len & 7);
        for (int i = 0; i < end; i += 8) {
            long k = (key[i] & 0xffL) | (key[i + 1] & 0xffL) << 8 | (key[i + 2] & 0xffL) << 16 | (key[i + 3] & 0xffL) << 24
                    | (key[i + 4] & 0xffL) << 32 | (key[i + 5] & 0xffL) << 40 | (key[i + 6] & 0xffL) << 48
                    | (key[i + 7] & 0xffL) << 56;
            k *= m;
            k ^= k >>> r;
            k *= m;
            h ^= k;
            h *= m;
        }
        switch (len & 7) {
            case 7: h ^= (key[end + 6] & 0xffL) << 48; // fall through
            case 6: h ^= (key[end + 5] & 0xffL) << 40; // fall through
            case 5: h ^= (key[end + 4] & 0xffL) << 32; // fall through
            case 4: h ^= (key[end + 3] & 0xffL) << 24; // fall through
            case 3: h ^= (key[end + 2] & 0xffL) << 16; // fall through
            case 2: h ^= (key[end + 1] & 0xffL) << 8; // fall through
            case 1: h ^= key[end] & 0xffL; h *= m; // fall through
            default: break;
        }
        h ^= h >>> r;
        h *= m;
        h ^= h >>> r;
        return h;
    }

    /**
     * hllPatLen: the register an element goes to ({@code regp[0]}, the hash's low 14 bits) and the
     * length of the "000...1" pattern in the remaining 50 bits, 1 to 51.
     */
    public static int hllPatLen(byte[] ele, int[] regp) {
        long hash = murmurHash64A(ele, 0xadc83b19);
        int index = (int) (hash & HLL_P_MASK);
        hash >>>= HLL_P;
        hash |= 1L << HLL_Q; // the loop ends, and count stays <= Q+1
        int count = 1 + Long.numberOfTrailingZeros(hash);
        regp[0] = index;
        return count;
    }

    // ---------------------------------------------------------------- dense

    /** HLL_DENSE_GET_REGISTER: the 6-bit register {@code regnum} of a dense register array at {@code off}. */
    static int denseGetRegister(byte[] p, int off, int regnum) {
        int b = off + regnum * HLL_BITS / 8;
        int fb = regnum * HLL_BITS & 7;
        int b0 = p[b] & 0xff;
        int b1 = b + 1 < p.length ? p[b + 1] & 0xff : 0; // Redis reads the sds terminator here
        return ((b0 >> fb) | (b1 << (8 - fb))) & HLL_REGISTER_MAX;
    }

    /** HLL_DENSE_SET_REGISTER. */
    static void denseSetRegister(byte[] p, int off, int regnum, int val) {
        int b = off + regnum * HLL_BITS / 8;
        int fb = regnum * HLL_BITS & 7;
        int fb8 = 8 - fb;
        p[b] = (byte) ((p[b] & ~(HLL_REGISTER_MAX << fb)) | (val << fb));
        if (b + 1 < p.length) {
            p[b + 1] = (byte) ((p[b + 1] & ~(HLL_REGISTER_MAX >> fb8)) | (val >> fb8));
        }
    }

    /** The register's value, whatever the encoding (for PFDEBUG and the visualizer). Dense only. */
    public int getRegister(int regnum) { return denseGetRegister(s, HLL_HDR_SIZE, regnum); }

    /** Sets a dense register to any value (PFSELFTEST's check of the register macros). */
    public void setRegisterForTest(int regnum, int val) { denseSetRegister(s, HLL_HDR_SIZE, regnum, val); }

    /** hllDenseSet: raises register {@code index} to {@code count}; 1 if it changed. */
    int denseSet(int index, int count) {
        int old = denseGetRegister(s, HLL_HDR_SIZE, index);
        if (count > old) {
            denseSetRegister(s, HLL_HDR_SIZE, index, count);
            listener.registerSet(index, old, count, HLL_DENSE);
            return 1;
        }
        return 0;
    }

    // ---------------------------------------------------------------- sparse opcodes

    static boolean isZero(byte b) { return (b & 0xc0) == 0; }
    static boolean isXzero(byte b) { return (b & 0xc0) == 0x40; }
    static boolean isVal(byte b) { return (b & 0x80) != 0; }
    static int zeroLen(byte b) { return (b & 0x3f) + 1; }
    static int xzeroLen(byte[] s, int p) { return (((s[p] & 0x3f) << 8) | (s[p + 1] & 0xff)) + 1; }
    static int valValue(byte b) { return ((b >> 2) & 0x1f) + 1; }
    static int valLen(byte b) { return (b & 0x3) + 1; }
    static byte valOp(int val, int len) { return (byte) (((val - 1) << 2 | (len - 1)) | 0x80); }
    static byte zeroOp(int len) { return (byte) (len - 1); }
    static void xzeroSet(byte[] s, int p, int len) {
        int l = len - 1;
        s[p] = (byte) ((l >> 8) | 0x40);
        s[p + 1] = (byte) (l & 0xff);
    }

    /**
     * hllSparseToDense: rewrites a sparse HLL as dense, keeping the header (and so the cached
     * count). False if the opcodes do not cover exactly 16384 registers: a corrupt HLL.
     */
    public boolean sparseToDense() {
        if (s[4] == HLL_DENSE) return true;
        byte[] dense = new byte[HLL_DENSE_SIZE];
        System.arraycopy(s, 0, dense, 0, HLL_HDR_SIZE);
        dense[4] = HLL_DENSE;
        int idx = 0, p = HLL_HDR_SIZE;
        while (p < s.length) {
            byte op = s[p];
            if (isZero(op)) { idx += zeroLen(op); p++; }
            else if (isXzero(op)) {
                if (p + 1 >= s.length) { idx = -1; break; }
                idx += xzeroLen(s, p); p += 2;
            } else {
                int runlen = valLen(op), regval = valValue(op);
                if (runlen + idx > HLL_REGISTERS) break; // overflow
                while (runlen-- > 0) denseSetRegister(dense, HLL_HDR_SIZE, idx++, regval);
                p++;
            }
        }
        if (idx != HLL_REGISTERS) return false;
        s = dense;
        listener.promoted(s.length);
        return true;
    }

    /**
     * hllSparseSet: raises register {@code index} to {@code count} in a sparse HLL. Returns 1 if
     * it changed, 0 if not, -1 for a corrupt HLL. Promotes to dense when {@code count} exceeds 32
     * or the split would grow the string past {@code sparseMaxBytes}.
     *
     * <p>The opcode covering the register is found by a walk from the start; it is then replaced
     * by up to three opcodes (for example XZERO - VAL - XZERO), and adjacent VALs of the same value
     * are merged again, looking at most five opcodes from the one before.
     */
    int sparseSet(int index, int count, long sparseMaxBytes) {
        if (count > HLL_SPARSE_VAL_MAX_VALUE) return promote(index, count);
        int p = HLL_HDR_SIZE, end = s.length;
        int first = 0, prev = -1, span = 0;
        while (p < end) {
            int oplen = 1;
            byte op = s[p];
            if (isZero(op)) span = zeroLen(op);
            else if (isVal(op)) span = valLen(op);
            else {
                if (p + 1 >= end) return -1;
                span = xzeroLen(s, p);
                oplen = 2;
            }
            if (index <= first + span - 1) break; // this opcode covers the register
            prev = p;
            p += oplen;
            first += span;
        }
        if (span == 0 || p >= end) return -1; // invalid format
        byte op = s[p];
        int next = isXzero(op) ? p + 2 : p + 1;
        if (next >= end) next = -1;
        boolean isZero = false, isXzero = false, isVal = false;
        int runlen;
        if (isZero(op)) { isZero = true; runlen = zeroLen(op); }
        else if (isXzero(op)) { isXzero = true; runlen = xzeroLen(s, p); }
        else { isVal = true; runlen = valLen(op); }

        boolean updated = false;
        if (isVal) {
            int oldcount = valValue(op);
            if (oldcount >= count) return 0; // case A: already as large
            if (runlen == 1) { s[p] = valOp(count, 1); updated = true; } // case B
        }
        if (!updated && isZero && runlen == 1) { s[p] = valOp(count, 1); updated = true; } // case C

        if (!updated) {
            // Case D: split the opcode into up to three (the worst is XZERO-VAL-XZERO, 5 bytes).
            byte[] seq = new byte[5];
            int n = 0;
            int last = first + span - 1;
            if (isZero || isXzero) {
                if (index != first) {
                    int len = index - first;
                    if (len > HLL_SPARSE_ZERO_MAX_LEN) { xzeroSet(seq, n, len); n += 2; }
                    else seq[n++] = zeroOp(len);
                }
                seq[n++] = valOp(count, 1);
                if (index != last) {
                    int len = last - index;
                    if (len > HLL_SPARSE_ZERO_MAX_LEN) { xzeroSet(seq, n, len); n += 2; }
                    else seq[n++] = zeroOp(len);
                }
            } else {
                int curval = valValue(op);
                if (index != first) seq[n++] = valOp(curval, index - first);
                seq[n++] = valOp(count, 1);
                if (index != last) seq[n++] = valOp(curval, last - index);
            }
            int oldlen = isXzero ? 2 : 1;
            int deltalen = n - oldlen;
            if (deltalen > 0 && (long) s.length + deltalen > sparseMaxBytes) return promote(index, count);
            byte[] ns = deltalen == 0 ? s : new byte[s.length + deltalen];
            if (ns != s) System.arraycopy(s, 0, ns, 0, p);
            if (next >= 0 && deltalen != 0) System.arraycopy(s, next, ns, next + deltalen, end - next);
            System.arraycopy(seq, 0, ns, p, n);
            s = ns;
            end += deltalen;
        }
        listener.registerSet(index, isVal ? valValue(op) : 0, count, HLL_SPARSE);

        // Step 4: merge adjacent VAL opcodes with the same value, from the previous opcode on.
        p = prev >= 0 ? prev : HLL_HDR_SIZE;
        int scanlen = 5;
        while (p < end && scanlen-- > 0) {
            if (isXzero(s[p])) { p += 2; continue; }
            if (isZero(s[p])) { p++; continue; }
            if (p + 1 < end && isVal(s[p + 1])) {
                int v1 = valValue(s[p]), v2 = valValue(s[p + 1]);
                if (v1 == v2) {
                    int len = valLen(s[p]) + valLen(s[p + 1]);
                    if (len <= HLL_SPARSE_VAL_MAX_LEN) {
                        s[p + 1] = valOp(v1, len);
                        byte[] ns = new byte[end - 1];
                        System.arraycopy(s, 0, ns, 0, p);
                        System.arraycopy(s, p + 1, ns, p, end - p - 1);
                        s = ns;
                        end--;
                        continue; // try to merge the merged value with the next one
                    }
                }
            }
            p++;
        }
        invalidateCache();
        return 1;
    }

    /** The promote label of hllSparseSet: go dense, then set the register there (it must change). */
    private int promote(int index, int count) {
        if (!sparseToDense()) return -1;
        return denseSet(index, count);
    }

    // ---------------------------------------------------------------- add, merge, count

    /** hllAdd: adds one element; 1 if a register changed, 0 if not, -1 for a corrupt HLL. */
    public int add(byte[] ele, long sparseMaxBytes) {
        int[] index = new int[1];
        int count = hllPatLen(ele, index);
        return set(index[0], count, sparseMaxBytes);
    }

    /** Raises one register in whichever encoding the HLL has (hllDenseSet / hllSparseSet). */
    public int set(int index, int count, long sparseMaxBytes) {
        switch (s[4]) {
            case HLL_DENSE: return denseSet(index, count);
            case HLL_SPARSE: return sparseSet(index, count, sparseMaxBytes);
            default: return -1;
        }
    }

    /**
     * hllMerge: max[i] = MAX(max[i], register i) for every register. False if a sparse HLL's
     * opcodes do not cover exactly 16384 registers.
     */
    public boolean mergeInto(byte[] max) {
        if (s[4] == HLL_DENSE) {
            for (int i = 0; i < HLL_REGISTERS; i++) {
                int val = denseGetRegister(s, HLL_HDR_SIZE, i);
                if (val > max[i]) max[i] = (byte) val;
            }
            return true;
        }
        int i = 0, p = HLL_HDR_SIZE;
        while (p < s.length) {
            byte op = s[p];
            if (isZero(op)) { i += zeroLen(op); p++; }
            else if (isXzero(op)) {
                if (p + 1 >= s.length) return false;
                i += xzeroLen(s, p); p += 2;
            } else {
                int runlen = valLen(op), regval = valValue(op);
                if (runlen + i > HLL_REGISTERS) break; // overflow
                while (runlen-- > 0) {
                    if (regval > max[i]) max[i] = (byte) regval;
                    i++;
                }
                p++;
            }
        }
        return i == HLL_REGISTERS;
    }

    /**
     * The histogram of register values (hllDenseRegHisto / hllSparseRegHisto), or null when a
     * sparse HLL does not cover exactly 16384 registers.
     */
    int[] regHisto() {
        int[] reghisto = new int[64];
        if (s[4] == HLL_DENSE) {
            for (int j = 0; j < HLL_REGISTERS; j++) reghisto[denseGetRegister(s, HLL_HDR_SIZE, j)]++;
            return reghisto;
        }
        int idx = 0, p = HLL_HDR_SIZE;
        while (p < s.length) {
            byte op = s[p];
            if (isZero(op)) { int r = zeroLen(op); idx += r; reghisto[0] += r; p++; }
            else if (isXzero(op)) {
                if (p + 1 >= s.length) return null;
                int r = xzeroLen(s, p); idx += r; reghisto[0] += r; p += 2;
            } else {
                int r = valLen(op);
                idx += r;
                reghisto[valValue(op)] += r;
                p++;
            }
        }
        return idx == HLL_REGISTERS ? reghisto : null;
    }

    /** The histogram of a raw array of 16384 one-byte registers (hllRawRegHisto, PFCOUNT of several keys). */
    public static int[] rawRegHisto(byte[] registers) {
        int[] reghisto = new int[64];
        for (int j = 0; j < HLL_REGISTERS; j++) reghisto[registers[j] & 63]++;
        return reghisto;
    }

    /** hllCount on this HLL's registers; -1 if it is corrupt. */
    public long count() {
        int[] h = regHisto();
        return h == null ? -1 : estimate(h);
    }

    /** hllSigma, from Ertl, "New cardinality estimation algorithms for HyperLogLog sketches". */
    static double hllSigma(double x) {
        if (x == 1.) return Double.POSITIVE_INFINITY;
        double zPrime;
        double y = 1;
        double z = x;
        do {
            x *= x;
            zPrime = z;
            z += x * y;
            y += y;
        } while (zPrime != z);
        return z;
    }

    /** hllTau, from the same paper. */
    static double hllTau(double x) {
        if (x == 0. || x == 1.) return 0.;
        double zPrime;
        double y = 1.0;
        double z = 1 - x;
        do {
            x = Math.sqrt(x);
            zPrime = z;
            y *= 0.5;
            double d = 1 - x;
            z -= d * d * y; // pow(1-x, 2), correctly rounded like glibc's pow
        } while (zPrime != z);
        return z / 3;
    }

    /**
     * The estimate from the register histogram (the end of hllCount): Ertl's improved estimator,
     * which needs no bias tables and no switch to linear counting for small cardinalities.
     */
    public static long estimate(int[] reghisto) {
        double m = HLL_REGISTERS;
        double z = m * hllTau((m - reghisto[HLL_Q + 1]) / m);
        for (int j = HLL_Q; j >= 1; --j) {
            z += reghisto[j];
            z *= 0.5;
        }
        z += m * hllSigma(reghisto[0] / m);
        double e = HLL_ALPHA_INF * m * m / z;
        // llroundl: half away from zero.
        long r = (long) e;
        if (e - r >= 0.5) r++;
        return r;
    }
}
