package io.glassbox.util;

/**
 * Redis Cluster's key to slot mapping: {@code keyHashSlot} (cluster.c) over the CRC16 of
 * {@code crc16.c} (CCITT/XMODEM: polynomial 0x1021, initial value 0, no reflection), modulo 16384.
 *
 * <p>A hash tag lets several keys share a slot: if the key holds a '{' and, after it, a '}' with
 * at least one byte between them, only the bytes between the first '{' and the first '}' after it
 * are hashed ("{user1000}.following" and "{user1000}.followers" land together). It sits in
 * {@code util} because both the keyspace (the per-slot key index) and the cluster use it.
 */
public final class HashSlot {
    /** CLUSTER_SLOTS. */
    public static final int SLOTS = 16384;

    private static final int[] TABLE = new int[256];
    static {
        for (int i = 0; i < 256; i++) {
            int crc = i << 8;
            for (int b = 0; b < 8; b++) crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            TABLE[i] = crc & 0xFFFF;
        }
    }

    private HashSlot() { }

    /** crc16 (crc16.c) of {@code len} bytes from {@code off}. */
    public static int crc16(byte[] buf, int off, int len) {
        int crc = 0;
        for (int i = off; i < off + len; i++) crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ buf[i]) & 0xFF]) & 0xFFFF;
        return crc;
    }

    /** keyHashSlot: the slot of {@code key}, honouring a non-empty hash tag. */
    public static int keyHashSlot(byte[] key) {
        int len = key.length;
        int s = 0;
        while (s < len && key[s] != '{') s++;
        if (s == len) return crc16(key, 0, len) & 0x3FFF;
        int e = s + 1;
        while (e < len && key[e] != '}') e++;
        if (e == len || e == s + 1) return crc16(key, 0, len) & 0x3FFF;
        return crc16(key, s + 1, e - s - 1) & 0x3FFF;
    }
}
