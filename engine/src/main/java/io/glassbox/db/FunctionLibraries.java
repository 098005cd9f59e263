package io.glassbox.db;

import java.util.List;

/**
 * The server's function libraries as the RDB code sees them. Redis 7.0 keeps FUNCTION LOAD's
 * libraries next to the keys: {@code rdbSaveRio} writes every library's code (opcode FUNCTION2)
 * before the first database, and {@code rdbLoadRio} loads them back through the same path as
 * FUNCTION LOAD. The libraries live in scripting; the keyspace only carries this view of them, so
 * that whatever saves or loads a keyspace (SAVE, BGSAVE, the AOF base, a full resync, DEBUG
 * RELOAD) takes the functions along without knowing about Lua.
 */
public interface FunctionLibraries {
    /** Each library's source code (starting with its {@code #!lua name=...} line), in load order. */
    List<byte[]> codes();

    /**
     * Loads one library from its code (rdbFunctionLoad). With {@code replace} (RDBFLAGS_ALLOW_DUP) a
     * library of the same name is replaced; without, it is an error ("Library 'x' already exists"),
     * which fails the whole load. Returns null, or the error FUNCTION LOAD would have replied.
     */
    String load(byte[] code, boolean replace);

    /** Drops every library: a load replaces the data set, functions included (emptyData's with_functions). */
    void clear();

    /** No functions at all (a keyspace outside a server, e.g. a unit test of the RDB code). */
    FunctionLibraries NONE = new FunctionLibraries() {
        @Override public List<byte[]> codes() { return List.of(); }
        @Override public String load(byte[] code, boolean replace) { return "functions are not available here"; }
        @Override public void clear() {}
    };
}
