package io.glassbox.persistence.rdb;

import io.glassbox.db.ModuleDataType;

import java.io.IOException;

/**
 * What a module's rdb_load reads through (RM_LoadUnsigned ... in module.c). Under RDB_TYPE_MODULE_2
 * each field must carry the opcode the module asks for; another opcode or a short read is
 * moduleRDBLoadError, here a {@link ModuleDataType.LoadError} the loader turns into Redis's error.
 */
final class ModuleRdbReader implements ModuleDataType.RdbIn {
    private final RdbLoader r;
    private final boolean v2;

    ModuleRdbReader(RdbLoader r, boolean v2) {
        this.r = r;
        this.v2 = v2;
    }

    private void expect(int opcode) throws IOException, RdbLoadException {
        if (!v2) return;
        long got = r.loadLen();
        if (got != opcode) throw new ModuleDataType.LoadError("expected module opcode " + opcode + ", found " + got);
    }

    private static ModuleDataType.LoadError fail(Exception e) {
        return new ModuleDataType.LoadError("Error loading data from RDB (short read or EOF): " + e.getMessage());
    }

    @Override public long loadUnsigned() {
        try { expect(Rdb.MODULE_OPCODE_UINT); return r.loadUnsigned(); } catch (IOException | RdbLoadException e) { throw fail(e); }
    }

    @Override public long loadSigned() {
        try { expect(Rdb.MODULE_OPCODE_SINT); return r.loadUnsigned(); } catch (IOException | RdbLoadException e) { throw fail(e); }
    }

    @Override public byte[] loadString() {
        try { expect(Rdb.MODULE_OPCODE_STRING); return r.loadString(); } catch (IOException | RdbLoadException e) { throw fail(e); }
    }

    @Override public double loadDouble() {
        try { expect(Rdb.MODULE_OPCODE_DOUBLE); return r.loadBinaryDouble(); } catch (IOException | RdbLoadException e) { throw fail(e); }
    }

    @Override public float loadFloat() {
        try {
            expect(Rdb.MODULE_OPCODE_FLOAT);
            return Float.intBitsToFloat((int) r.rio().readLittleEndian(4));
        } catch (IOException | RdbLoadException e) { throw fail(e); }
    }
}
