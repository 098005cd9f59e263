package io.glassbox.persistence.rdb;

import io.glassbox.db.ModuleDataType;

import java.io.IOException;

/**
 * What a module's rdb_save writes through (RM_SaveUnsigned, RM_SaveSigned, RM_SaveStringBuffer,
 * RM_SaveDouble, RM_SaveFloat in module.c): each field after its RDB_MODULE_OPCODE_*. An I/O error
 * is kept (io->error) and raised once the module returns, as Redis checks io.error after rdb_save.
 */
final class ModuleRdbWriter implements ModuleDataType.RdbOut {
    private final RdbWriter w;
    private IOException error;

    ModuleRdbWriter(RdbWriter w) { this.w = w; }

    void rethrow() throws IOException { if (error != null) throw error; }

    @Override public void saveUnsigned(long v) {
        if (error != null) return;
        try { w.saveLen(Rdb.MODULE_OPCODE_UINT); w.saveLen(v); } catch (IOException e) { error = e; }
    }

    @Override public void saveSigned(long v) { saveUnsignedAs(Rdb.MODULE_OPCODE_SINT, v); }

    private void saveUnsignedAs(int opcode, long v) {
        if (error != null) return;
        try { w.saveLen(opcode); w.saveLen(v); } catch (IOException e) { error = e; }
    }

    @Override public void saveString(byte[] s) {
        if (error != null) return;
        try { w.saveLen(Rdb.MODULE_OPCODE_STRING); w.saveRawString(s); } catch (IOException e) { error = e; }
    }

    @Override public void saveDouble(double v) {
        if (error != null) return;
        try { w.saveLen(Rdb.MODULE_OPCODE_DOUBLE); w.saveBinaryDoubleValue(v); } catch (IOException e) { error = e; }
    }

    @Override public void saveFloat(float v) {
        if (error != null) return;
        try { w.saveLen(Rdb.MODULE_OPCODE_FLOAT); w.saveBinaryFloatValue(v); } catch (IOException e) { error = e; }
    }
}
