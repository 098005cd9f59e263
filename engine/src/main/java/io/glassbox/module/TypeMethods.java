package io.glassbox.module;

/**
 * The callbacks of a module data type (RedisModuleTypeMethods, redismodule.h): how its values are
 * saved to and loaded from an RDB, rewritten into an AOF, measured, digested, copied and freed.
 * Only the RDB pair is required; the rest default to what Redis does when a method is NULL.
 */
public interface TypeMethods {
    /** rdb_load: reads a value saved under encoding version {@code encver}; null if it cannot. */
    Object rdbLoad(RdbInput in, int encver);

    /** rdb_save. */
    void rdbSave(RdbOutput out, Object value);

    /** aof_rewrite: emits the commands (RM_EmitAOF) that rebuild {@code value} under {@code key}. */
    default void aofRewrite(AofEmitter aof, byte[] key, Object value) {}

    /** mem_usage: the value's bytes (MEMORY USAGE). */
    default long memUsage(Object value) { return 0; }

    /** digest: the bytes DEBUG DIGEST mixes (RM_DigestAddStringBuffer ...). */
    default byte[] digest(Object value) { return new byte[0]; }

    /** free. */
    default void free(Object value) {}

    /** copy (v3): a deep copy for COPY, or null (COPY then fails). */
    default Object copy(byte[] fromKey, byte[] toKey, Object value) { return null; }

    /** RM_SaveUnsigned, RM_SaveSigned, RM_SaveStringBuffer, RM_SaveDouble, RM_SaveFloat. */
    interface RdbOutput {
        void saveUnsigned(long v);
        void saveSigned(long v);
        void saveString(byte[] s);
        void saveDouble(double v);
        void saveFloat(float v);
    }

    /** RM_LoadUnsigned ...: a field of the wrong kind or a short read fails the whole load. */
    interface RdbInput {
        long loadUnsigned();
        long loadSigned();
        byte[] loadString();
        double loadDouble();
        float loadFloat();
    }

    /** RM_EmitAOF(io, cmdname, fmt, ...): one command of the rewritten AOF; arguments are byte[], String or numbers. */
    @FunctionalInterface
    interface AofEmitter {
        void emit(String command, Object... args);
    }
}
