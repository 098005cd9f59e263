package io.glassbox.persistence.aof;

import java.util.List;

/**
 * The AOF's format is the protocol itself: every command is written as a RESP array of bulk
 * strings, exactly as a client would send it ({@code catAppendOnlyGenericCommand}). So loading an
 * AOF is replaying requests, and {@code redis-cli --pipe} could too.
 */
final class AofEncoding {
    private AofEncoding() {}

    /** A growable byte buffer: Redis's {@code aof_buf} sds. */
    static final class Buf {
        byte[] b = new byte[4096];
        int len;

        void ensure(int more) {
            if (len + more > b.length) b = java.util.Arrays.copyOf(b, Math.max(b.length * 2, len + more));
        }

        void put(byte[] src) {
            ensure(src.length);
            System.arraycopy(src, 0, b, len, src.length);
            len += src.length;
        }

        void put(byte c) {
            ensure(1);
            b[len++] = c;
        }

        void putLong(long n) { put(Long.toString(n).getBytes(java.nio.charset.StandardCharsets.US_ASCII)); }

        void clear() {
            len = 0;
            if (b.length > 1 << 20) b = new byte[4096]; // do not keep a huge buffer after a burst
        }
    }

    /** Appends *argc\r\n$len\r\narg\r\n... for one command. */
    static void catCommand(Buf dst, List<byte[]> argv) {
        dst.put((byte) '*');
        dst.putLong(argv.size());
        crlf(dst);
        for (byte[] a : argv) {
            dst.put((byte) '$');
            dst.putLong(a.length);
            crlf(dst);
            dst.put(a);
            crlf(dst);
        }
    }

    private static void crlf(Buf dst) {
        dst.ensure(2);
        dst.b[dst.len++] = '\r';
        dst.b[dst.len++] = '\n';
    }
}
