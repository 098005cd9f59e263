package io.glassbox.persistence.rdb;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Where RDB bytes come from: Redis's {@code rio} for reading, over a byte array (a DUMP payload)
 * or a stream (a file, the AOF's RDB preamble). It keeps the running CRC64 and the offset, so a
 * corrupt file can be reported with the place where reading failed.
 *
 * <p>From a stream it never reads ahead of what the loader asks for: after the RDB's last byte
 * the stream is positioned exactly after it, which the AOF loader relies on (an RDB preamble is
 * followed by commands in the same file).
 *
 * <p>A length read from a corrupt file can be huge: a read of {@code n} bytes allocates as the
 * bytes arrive (in chunks), so a bogus 4 GB length fails with "unexpected end of file" instead of
 * exhausting the heap.
 */
public final class RioInput {
    private final InputStream in;
    private final byte[] array;
    private final int arrayEnd;
    private long offset;
    private long crc;
    private boolean checksum = true;

    public RioInput(InputStream in) {
        this.in = in;
        this.array = null;
        this.arrayEnd = 0;
    }

    /** Reads {@code len} bytes of {@code b} from offset 0. */
    public RioInput(byte[] b, int len) {
        this.in = null;
        this.array = b;
        this.arrayEnd = len;
    }

    public long offset() { return offset; }

    /** The most bytes a stream of unknown length is assumed to hold still, for {@link #remainingAtMost}. */
    private static final long UNKNOWN_REMAINING = 1 << 20;

    /**
     * An upper bound on the bytes left (exact for a byte array; for a file, at most 1 MB is assumed):
     * what a loader may presize for. A length read from the data is a claim, and a table sized by a
     * corrupt claim before its elements arrive would take the heap (Redis's dictTryExpand fails
     * softly there; found by RestorePayloadFuzzTest).
     */
    public long remainingAtMost() { return array != null ? arrayEnd - offset : UNKNOWN_REMAINING; }

    public long checksum() { return crc; }

    /** Stops updating the CRC (rdbchecksum no, or a payload checked before loading). */
    public void disableChecksum() { checksum = false; }

    public int readByte() throws IOException {
        int b;
        if (array != null) {
            if (offset >= arrayEnd) throw new EOFException("unexpected end of data");
            b = array[(int) offset] & 0xff;
        } else {
            b = in.read();
            if (b < 0) throw new EOFException("unexpected end of file");
        }
        if (checksum) crc = Crc64.update(crc, new byte[]{(byte) b}, 0, 1);
        offset++;
        return b;
    }

    /** Reads exactly {@code len} bytes. */
    public byte[] read(long len) throws IOException {
        if (len < 0) throw new IOException("negative length");
        if (array != null) {
            if (len > arrayEnd - offset) throw new EOFException("unexpected end of data");
            byte[] out = Arrays.copyOfRange(array, (int) offset, (int) (offset + len));
            if (checksum) crc = Crc64.update(crc, out, 0, out.length);
            offset += len;
            return out;
        }
        if (len > Integer.MAX_VALUE - 16) throw new IOException("string too long: " + len);
        int n = (int) len;
        // Grow with what arrives: a corrupt length must not allocate gigabytes up front.
        byte[] out = new byte[Math.min(n, 1 << 20)];
        int got = 0;
        while (got < n) {
            if (got == out.length) out = Arrays.copyOf(out, (int) Math.min(n, (long) out.length * 2));
            int r = in.read(out, got, out.length - got);
            if (r < 0) throw new EOFException("unexpected end of file");
            got += r;
        }
        if (checksum) crc = Crc64.update(crc, out, 0, n);
        offset += n;
        return out;
    }

    /** Reads {@code n} bytes as a little-endian number. */
    public long readLittleEndian(int n) throws IOException {
        byte[] b = read(n);
        long v = 0;
        for (int i = n - 1; i >= 0; i--) v = (v << 8) | (b[i] & 0xff);
        return v;
    }

    public long readBigEndian(int n) throws IOException {
        byte[] b = read(n);
        long v = 0;
        for (int i = 0; i < n; i++) v = (v << 8) | (b[i] & 0xff);
        return v;
    }
}
