package io.glassbox.persistence.rdb;

import io.glassbox.db.RedisObject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * DUMP's payload (createDumpPayload / verifyDumpPayload in {@code cluster.c}):
 * <pre>  RDB type byte | RDB-encoded value | RDB version (2 bytes LE) | CRC64 of all before (8 bytes LE)</pre>
 * The same bytes as in an RDB file, so a payload moves between Glassbox and Redis 7.0 both ways.
 */
public final class DumpPayload {
    private DumpPayload() {}

    /** createDumpPayload: always compressed where LZF pays, as Redis (it ignores rdbcompression here). */
    public static byte[] create(RedisObject o) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try {
            RioOutput rio = new RioOutput(bos, false);
            RdbWriter w = new RdbWriter(rio, true);
            w.saveObjectType(o);
            w.saveObject(o);
            rio.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return withFooter(bos.toByteArray());
    }

    /**
     * The footer of every payload, DUMP's and FUNCTION DUMP's: {@code body}, the RDB version and the
     * CRC64 of both.
     */
    public static byte[] withFooter(byte[] body) {
        byte[] out = new byte[body.length + 10];
        System.arraycopy(body, 0, out, 0, body.length);
        out[body.length] = (byte) Rdb.RDB_VERSION;
        out[body.length + 1] = (byte) (Rdb.RDB_VERSION >> 8);
        long crc = Crc64.update(0, out, 0, body.length + 2);
        for (int i = 0; i < 8; i++) out[body.length + 2 + i] = (byte) (crc >>> (8 * i));
        return out;
    }

    /**
     * verifyDumpPayload: at least 10 bytes, a version this server can read, and a matching CRC.
     * False means "DUMP payload version or checksum are wrong".
     */
    public static boolean verify(byte[] p) { return verify(p, false); }

    /** verifyDumpPayload with {@code skip_checksum_validation}: the version is checked, the CRC not. */
    public static boolean verify(byte[] p, boolean skipChecksum) {
        if (p.length < 10) return false;
        int footer = p.length - 10;
        int version = (p[footer] & 0xff) | ((p[footer + 1] & 0xff) << 8);
        if (version > Rdb.RDB_VERSION) return false;
        if (skipChecksum) return true;
        long crc = Crc64.update(0, p, 0, footer + 2);
        long stored = 0;
        for (int i = 7; i >= 0; i--) stored = (stored << 8) | (p[footer + 2 + i] & 0xff);
        return crc == stored;
    }

    /**
     * Decodes a verified payload's value (rdbLoadObjectType + rdbLoadObject); throws
     * {@link RdbLoadException} for anything malformed ("Bad data format"). The value must use the
     * whole body: trailing bytes before the footer are malformed too.
     */
    public static RedisObject load(byte[] p, RdbLoader.Limits limits) throws RdbLoadException {
        return load(p, limits, true);
    }

    /** The same, with {@code deep} false for a shallow validation ({@code sanitize-dump-payload no}). */
    public static RedisObject load(byte[] p, RdbLoader.Limits limits, boolean deep) throws RdbLoadException {
        RioInput rio = new RioInput(p, p.length - 10);
        rio.disableChecksum();
        RdbLoader loader = new RdbLoader(rio, limits);
        if (!deep) loader.shallow();
        try {
            int type = loader.loadType();
            if (!Rdb.isObjectType(type)) throw new RdbLoadException("bad type", 0);
            return loader.loadObject(type);
        } catch (IOException e) {
            throw new RdbLoadException("truncated payload", rio.offset());
        }
    }
}
