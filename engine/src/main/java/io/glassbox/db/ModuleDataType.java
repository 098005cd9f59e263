package io.glassbox.db;

import java.util.List;
import java.util.function.Consumer;

/**
 * A data type a module added (Redis's {@code moduleType}, server.h): what the keyspace, the RDB, the
 * AOF rewrite, DEBUG DIGEST and MEMORY USAGE need to handle a value they cannot read themselves.
 * A key of such a type holds a {@link RedisObject} of {@link RedisObject#TYPE_MODULE} whose value
 * is a {@link ModuleValue} (moduleValue: the type and the module's own object).
 *
 * <p>The module package implements this over the callbacks a module gave RM_CreateDataType; the
 * layers below see only this interface, so a module type needs no change in db or persistence.
 */
public interface ModuleDataType {
    /** The 9-character name (moduleType.name): TYPE shows it, the RDB stores it in {@link #id}. */
    String name();

    /** moduleTypeEncodeId: the name's 54 bits and the 10-bit encoding version, written before each value in an RDB. */
    long id();

    /** The module that created the type (moduleTypeModuleName), for RDB load errors. */
    String moduleName();

    /** rdb_save: writes the value's fields (the writer frames each with its opcode). */
    void rdbSave(Object value, RdbOut out);

    /**
     * rdb_load: reads a value written by {@link #rdbSave} under encoding version {@code encver};
     * null if the module could not make sense of it (the load fails with Redis's error).
     */
    Object rdbLoad(RdbIn in, int encver);

    /** aof_rewrite: the commands that rebuild the value under {@code key}, each given to {@code emit}. */
    void aofRewrite(byte[] key, Object value, Consumer<List<byte[]>> emit);

    /** mem_usage: the value's bytes as the module counts them (0 if it does not say). */
    long memUsage(Object value);

    /** digest: the bytes DEBUG DIGEST mixes for the value (empty if the module gives none). */
    byte[] digest(Object value);

    /** free: the value left the keyspace for good. */
    void free(Object value);

    /** copy: a deep copy for COPY, or null if the type cannot copy (COPY then fails as in Redis). */
    Object copy(byte[] fromKey, byte[] toKey, Object value);

    /**
     * The typed fields a module writes into an RDB (RM_SaveUnsigned, RM_SaveSigned, RM_SaveStringBuffer,
     * RM_SaveDouble, RM_SaveFloat). Each is preceded by its RDB_MODULE_OPCODE_*, so a file can be
     * checked (and skipped) without the module (RDB_TYPE_MODULE_2).
     */
    interface RdbOut {
        void saveUnsigned(long v);
        void saveSigned(long v);
        void saveString(byte[] s);
        void saveDouble(double v);
        void saveFloat(float v);
    }

    /**
     * The reading side (RM_LoadUnsigned ...). A field that is not the one asked for, or a short
     * read, throws {@link LoadError}: the load fails cleanly with Redis's error instead of reading
     * garbage (moduleRDBLoadError).
     */
    interface RdbIn {
        long loadUnsigned();
        long loadSigned();
        byte[] loadString();
        double loadDouble();
        float loadFloat();
    }

    /** A module read past its value or the wrong kind of field (moduleRDBLoadError). */
    final class LoadError extends RuntimeException {
        public LoadError(String message) { super(message); }
    }
}
