package io.glassbox.ds.lzf;

/**
 * liblzf's compressor and decompressor as Redis builds them ({@code lzf_c.c}: HLOG 16, VERY_FAST 1,
 * ULTRA_FAST 0, CHECK_INPUT 1).
 *
 * <p>The compressed stream is a sequence of control bytes:
 * <pre>
 *   000LLLLL  &lt;L+1 literal bytes&gt;                     a literal run of 1..32 bytes
 *   LLLooooo  oooooooo                                  a back reference, length L+2 (L = 1..6)
 *   111ooooo  LLLLLLLL  oooooooo                        a back reference, length L+9
 * </pre>
 * where the 13-bit {@code o} is the distance back minus one. Every step of either direction does
 * O(1) work per byte, so compressing or decompressing n bytes costs O(n).
 */
public final class Lzf {
    private Lzf() {}

    private static final int HLOG = 16;
    private static final int HSIZE = 1 << HLOG;
    private static final int MAX_LIT = 1 << 5;
    private static final int MAX_OFF = 1 << 13;
    private static final int MAX_REF = (1 << 8) + (1 << 3);

    /** The hash of the next three bytes (lzf_c.c's IDX for VERY_FAST). */
    private static int idx(int h) {
        return ((h >>> (3 * 8 - HLOG)) - h * 5) & (HSIZE - 1);
    }

    /**
     * Compresses {@code len} bytes of {@code in} into {@code out} (lzf_compress). Returns the
     * compressed length, or 0 if the result would not fit in {@code out.length} bytes (callers pass
     * a buffer as big as the input, so 0 means "not compressible"), or if {@code len} is 0.
     */
    public static int compress(byte[] in, int len, byte[] out) {
        int outLen = out.length;
        if (len == 0 || outLen == 0) return 0;
        // Positions of the last occurrence of each 3-byte hash; 0 doubles as "none", because
        // lzf_c.c never accepts a reference to the very first input byte (ref > in_data).
        int[] htab = new int[HSIZE];
        int ip = 0, op = 0;
        int inEnd = len;
        int lit = 0;
        op++; // start run
        int hval = ((in[0] & 0xff) << 8) | (len > 1 ? in[1] & 0xff : 0);
        while (ip < inEnd - 2) {
            hval = (hval << 8) | (in[ip + 2] & 0xff);
            int slot = idx(hval);
            int ref = htab[slot];
            htab[slot] = ip;
            int off;
            if (ref > 0 && ref < ip && (off = ip - ref - 1) < MAX_OFF
                    && in[ref + 2] == in[ip + 2] && in[ref] == in[ip] && in[ref + 1] == in[ip + 1]) {
                int l = 2;
                int maxlen = inEnd - ip - l;
                if (maxlen > MAX_REF) maxlen = MAX_REF;
                if (op + 3 + 1 >= outLen) {
                    if (op - (lit == 0 ? 1 : 0) + 3 + 1 >= outLen) return 0;
                }
                out[op - lit - 1] = (byte) (lit - 1); // stop run
                if (lit == 0) op--;                     // undo run if length is zero
                do {
                    l++;
                } while (l < maxlen && in[ref + l] == in[ip + l]);
                l -= 2; // l is now #octets - 1
                ip++;
                if (l < 7) {
                    out[op++] = (byte) ((off >>> 8) + (l << 5));
                } else {
                    out[op++] = (byte) ((off >>> 8) + (7 << 5));
                    out[op++] = (byte) (l - 7);
                }
                out[op++] = (byte) off;
                lit = 0;
                op++; // start run
                ip += l + 1;
                if (ip >= inEnd - 2) break;
                // VERY_FAST: hash the two positions before the new ip too
                ip -= 2;
                hval = ((in[ip] & 0xff) << 8) | (in[ip + 1] & 0xff);
                hval = (hval << 8) | (in[ip + 2] & 0xff);
                htab[idx(hval)] = ip;
                ip++;
                hval = (hval << 8) | (in[ip + 2] & 0xff);
                htab[idx(hval)] = ip;
                ip++;
            } else {
                if (op >= outLen) return 0;
                lit++;
                out[op++] = in[ip++];
                if (lit == MAX_LIT) {
                    out[op - lit - 1] = (byte) (lit - 1);
                    lit = 0;
                    op++;
                }
            }
        }
        if (op + 3 > outLen) return 0; // at most 3 bytes can be missing here
        while (ip < inEnd) {
            lit++;
            out[op++] = in[ip++];
            if (lit == MAX_LIT) {
                out[op - lit - 1] = (byte) (lit - 1);
                lit = 0;
                op++;
            }
        }
        out[op - lit - 1] = (byte) (lit - 1); // end run
        if (lit == 0) op--;
        return op;
    }

    /**
     * Decompresses {@code inLen} bytes into {@code out}, which must be exactly as big as the
     * original (lzf_decompress). Returns the number of bytes written, or 0 if the input is corrupt
     * or does not fit, as lzf_decompress does (with errno E2BIG / EINVAL).
     */
    public static int decompress(byte[] in, int inLen, byte[] out) {
        int ip = 0, op = 0;
        int outEnd = out.length;
        while (ip < inLen) {
            int ctrl = in[ip++] & 0xff;
            if (ctrl < (1 << 5)) { // literal run
                ctrl++;
                if (op + ctrl > outEnd || ip + ctrl > inLen) return 0;
                System.arraycopy(in, ip, out, op, ctrl);
                op += ctrl;
                ip += ctrl;
            } else { // back reference
                int len = ctrl >>> 5;
                int ref = op - ((ctrl & 0x1f) << 8) - 1;
                if (ip >= inLen) return 0;
                if (len == 7) {
                    len += in[ip++] & 0xff;
                    if (ip >= inLen) return 0;
                }
                ref -= in[ip++] & 0xff;
                len += 2;
                if (op + len > outEnd || ref < 0) return 0;
                // byte by byte: the reference may overlap what is being written (a run)
                for (int i = 0; i < len; i++) out[op++] = out[ref++];
            }
        }
        return op;
    }
}
