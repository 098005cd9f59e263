package io.glassbox.scripting;

import io.glassbox.persistence.rdb.DumpPayload;
import io.glassbox.persistence.rdb.Rdb;
import io.glassbox.persistence.rdb.RdbLoadException;
import io.glassbox.persistence.rdb.RdbLoader;
import io.glassbox.persistence.rdb.RdbWriter;
import io.glassbox.persistence.rdb.RioInput;
import io.glassbox.persistence.rdb.RioOutput;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * FUNCTION DUMP's payload, the same bytes Redis 7.0 writes: for each library the RDB opcode
 * {@code RDB_OPCODE_FUNCTION2} (245) and the library's code as an RDB string (LZF-compressed where
 * it pays, as {@code rdbSaveRawString} does), then DUMP's footer: the RDB version as two
 * little-endian bytes and a CRC64 of everything before it ({@code functionDumpCommand} in
 * functions.c, {@code rdbSaveFunctions} in rdb.c, {@code createDumpPayload} in cluster.c).
 *
 * <p>The records are the ones an RDB file carries ({@code RdbFile.writeFunctions}), so both are
 * written by {@link RdbWriter} and read by {@link RdbLoader}, and the footer is
 * {@link DumpPayload}'s.
 */
final class FunctionsDump {
    private FunctionsDump() {}

    static byte[] dump(List<byte[]> libraryCodes) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try {
            RioOutput rio = new RioOutput(bos, false);
            RdbWriter w = new RdbWriter(rio, true); // DUMP always compresses, whatever rdbcompression says
            for (byte[] code : libraryCodes) {
                w.saveType(Rdb.OPCODE_FUNCTION2);
                w.saveRawString(code);
            }
            rio.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return DumpPayload.withFooter(bos.toByteArray());
    }

    /**
     * verifyDumpPayload + rdbFunctionLoad: the library codes in a payload, or null if its version
     * or checksum is wrong or its body is not a sequence of FUNCTION2 records.
     */
    static List<byte[]> parse(byte[] payload) {
        if (!DumpPayload.verify(payload)) return null;
        int end = payload.length - 10;
        RioInput rio = new RioInput(payload, end);
        rio.disableChecksum();
        RdbLoader loader = new RdbLoader(rio, RdbLoader.Limits.DEFAULT);
        List<byte[]> codes = new ArrayList<>();
        try {
            while (rio.offset() < end) {
                if (loader.loadType() != Rdb.OPCODE_FUNCTION2) return null;
                codes.add(loader.loadString());
            }
        } catch (IOException | RdbLoadException e) {
            return null; // truncated or malformed
        }
        return codes;
    }
}
