package io.glassbox.persistence.rdb;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where RDB bytes go: Redis's {@code rio} ({@code rio.c}) for writing. It buffers, keeps the
 * running CRC64 of everything written ({@code rioGenericUpdateChecksum}) and counts the bytes
 * ({@code processed_bytes}, which INFO and the snapshot progress events report). The same writer
 * serves a file, a DUMP payload (a {@link java.io.ByteArrayOutputStream}) and the AOF's RDB preamble.
 */
public final class RioOutput {
    private final OutputStream out;
    private final byte[] buf = new byte[64 * 1024];
    private int used;
    private long crc;
    private long processed;
    private final boolean checksum;

    /** @param checksum whether to compute the CRC (rdbchecksum); without it the trailer is 0. */
    public RioOutput(OutputStream out, boolean checksum) {
        this.out = out;
        this.checksum = checksum;
    }

    public void write(int b) throws IOException {
        if (used == buf.length) flushBuffer();
        buf[used++] = (byte) b;
    }

    public void write(byte[] b) throws IOException { write(b, 0, b.length); }

    public void write(byte[] b, int off, int len) throws IOException {
        if (len > buf.length - used) {
            flushBuffer();
            if (len > buf.length) { // big blobs go straight through
                if (checksum) crc = Crc64.update(crc, b, off, len);
                out.write(b, off, len);
                processed += len;
                return;
            }
        }
        System.arraycopy(b, off, buf, used, len);
        used += len;
    }

    private void flushBuffer() throws IOException {
        if (used == 0) return;
        if (checksum) crc = Crc64.update(crc, buf, 0, used);
        out.write(buf, 0, used);
        processed += used;
        used = 0;
    }

    /** Writes out the buffer (not an fsync: {@link RdbFiles} does that on the file). */
    public void flush() throws IOException {
        flushBuffer();
        out.flush();
    }

    /** The CRC64 of every byte written so far. */
    public long checksum() throws IOException {
        flushBuffer();
        return crc;
    }

    /** Bytes written so far, buffered ones included. */
    public long processedBytes() { return processed + used; }
}
