package io.glassbox.db;

import java.util.Arrays;

/**
 * A string value that its object owns and changes in place, with room to grow: Redis's sds
 * ({@code sds.h}: {@code len}, {@code alloc}, the bytes) for the strings that APPEND, SETRANGE,
 * SETBIT, BITFIELD and the HyperLogLog commands write into.
 *
 * <p>Why it exists. Most string values are plain {@code byte[]} of exactly the string's length,
 * and those arrays are <em>never written in place</em>: the array that SET stored is often the
 * very argument array of the SET command, which the propagation of a MULTI/EXEC block or a
 * script still holds until the block ends (so an in-place write would rewrite the SET that the
 * AOF and the replicas receive). A command that wants to write into a string first makes it an
 * {@code Sds} ({@link StringObjects#mutable}: Redis's {@code dbUnshareStringValue}), which copies
 * the bytes once; from then on the object owns {@link #buf} and writes go straight into it.
 *
 * <p>The room to grow is sdsMakeRoomFor's greedy rule: below 1 MB the allocation doubles the
 * needed length, above it adds 1 MB, so a loop of APPENDs or SETBITs past the end costs O(1)
 * amortised instead of a copy of the whole string each time.
 *
 * <p>Bytes from {@code len} to {@code buf.length} are spare room and always zero (sdsgrowzero
 * relies on that: growing means moving {@code len}).
 */
public final class Sds {
    /** SDS_MAX_PREALLOC: above this length the spare room stops doubling and grows by this much. */
    public static final int SDS_MAX_PREALLOC = 1024 * 1024;

    /** The bytes; only the first {@link #len} are the string. */
    public byte[] buf;
    /** The string's length (sdslen). */
    public int len;

    Sds(byte[] bytes) {
        this.buf = bytes;
        this.len = bytes.length;
    }

    /**
     * sdsMakeRoomFor + sdsgrowzero: the string becomes {@code newLen} bytes long if it is
     * shorter, the new bytes zero; when the buffer must grow, it grows greedily.
     */
    public void growZero(int newLen) {
        if (newLen <= len) return;
        if (newLen > buf.length) {
            long alloc = newLen < SDS_MAX_PREALLOC ? 2L * newLen : (long) newLen + SDS_MAX_PREALLOC;
            // Java arrays stop just short of 2^31: cap the spare room there, never the string
            buf = Arrays.copyOf(buf, (int) Math.min(alloc, Integer.MAX_VALUE - 8));
        }
        len = newLen;
    }

    /** sdscatlen: appends {@code add}, growing greedily. */
    public void append(byte[] add) {
        int at = len;
        growZero(len + add.length);
        System.arraycopy(add, 0, buf, at, add.length);
    }

    /** Replaces the whole content (a command that rebuilt the string, e.g. an HLL that grew). */
    public void set(byte[] bytes) {
        buf = bytes;
        len = bytes.length;
    }

    /**
     * The string as an array of exactly {@link #len} bytes (sdsRemoveFreeSpace when there is spare
     * room). The array stays this object's: a caller reads it and lets it go before the next write.
     */
    public byte[] exact() {
        if (buf.length != len) buf = Arrays.copyOf(buf, len);
        return buf;
    }

    /** The allocation in bytes (sdsAllocSize without the header), for MEMORY USAGE-like figures. */
    public int alloc() {
        return buf.length;
    }

    Sds copy() {
        return new Sds(Arrays.copyOf(buf, len));
    }
}
