package io.glassbox.persistence.rdb;

/**
 * CRC-64/Jones, the checksum at the end of every RDB file and DUMP payload ({@code crc64.c}).
 *
 * <p>Polynomial {@code 0xad93d23594c935a9}, reflected input and output, initial value 0, no final
 * xor: {@code crc64(0, "123456789")} is {@code 0xe9c6d914c4b8d9ca}, the check value
 * {@code crc64.c}'s own test prints. Redis computes it eight bytes at a time with precomputed
 * tables; one table and one byte per step is the same function, easier to read, and fast enough
 * that a 1M-key save is not bound by it. The result is stored little-endian.
 */
public final class Crc64 {
    private Crc64() {}

    /** The polynomial bit-reversed, because the CRC is computed on reflected (LSB-first) bytes. */
    private static final long POLY_REFLECTED = 0x95AC9329AC4BC9B5L;
    private static final long[] TABLE = new long[256];

    static {
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY_REFLECTED : crc >>> 1;
            TABLE[i] = crc;
        }
    }

    /** Continues {@code crc} over {@code len} bytes of {@code b} from {@code off} (crc64). */
    public static long update(long crc, byte[] b, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) crc = TABLE[(int) ((crc ^ b[i]) & 0xff)] ^ (crc >>> 8);
        return crc;
    }

    public static long crc64(byte[] b) { return update(0, b, 0, b.length); }
}
