package io.glassbox.ds.stream;

import java.nio.charset.StandardCharsets;

/**
 * A stream entry ID (streamID in {@code stream.h}): two unsigned 64-bit numbers, the milliseconds
 * time and a sequence number within that millisecond. Java has no unsigned long, so both are kept
 * in {@code long}s and compared with {@link Long#compareUnsigned}: {@code -1} here is Redis's
 * {@code UINT64_MAX}. Immutable.
 */
public record StreamID(long ms, long seq) implements Comparable<StreamID> {
    public static final StreamID MIN = new StreamID(0, 0);
    public static final StreamID MAX = new StreamID(-1L, -1L);

    /** streamCompareID: unsigned, milliseconds first. */
    @Override
    public int compareTo(StreamID o) {
        int c = Long.compareUnsigned(ms, o.ms);
        return c != 0 ? c : Long.compareUnsigned(seq, o.seq);
    }

    public boolean isZero() { return ms == 0 && seq == 0; }

    /** streamIncrID: the next ID, or null past the greatest one. */
    public StreamID incr() {
        if (seq == -1L) return ms == -1L ? null : new StreamID(ms + 1, 0);
        return new StreamID(ms, seq + 1);
    }

    /** streamDecrID: the previous ID, or null before 0-0. */
    public StreamID decr() {
        if (seq == 0) return ms == 0 ? null : new StreamID(ms - 1, -1L);
        return new StreamID(ms, seq - 1);
    }

    /**
     * streamEncodeID: the 128-bit big-endian form used as the rax key, so that byte order is
     * numeric order.
     */
    public byte[] encode() {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (ms >>> (56 - 8 * i));
            b[8 + i] = (byte) (seq >>> (56 - 8 * i));
        }
        return b;
    }

    /** streamDecodeID. */
    public static StreamID decode(byte[] b) {
        long ms = 0, seq = 0;
        for (int i = 0; i < 8; i++) {
            ms = (ms << 8) | (b[i] & 0xff);
            seq = (seq << 8) | (b[8 + i] & 0xff);
        }
        return new StreamID(ms, seq);
    }

    /** "ms-seq" with both parts unsigned (createStreamIDString). */
    @Override
    public String toString() { return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq); }

    public byte[] toBytes() { return toString().getBytes(StandardCharsets.US_ASCII); }
}
