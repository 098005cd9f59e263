package io.glassbox.server;

import io.glassbox.db.RedisDb;
import io.glassbox.db.RedisObject;

/**
 * What the server core needs of persistence ({@code rdb.c} and {@code aof.c}), which lives above
 * it in {@code io.glassbox.persistence}: the loop's two moments (the AOF reaches the disk in
 * beforeSleep, before any reply; save points and AOF housekeeping in the cron), the copy on write
 * that a running fork-less snapshot needs before a write command changes a key, the
 * {@code # Persistence} lines of INFO, and the few server commands that save or load
 * (SHUTDOWN's {@code prepareForShutdown}, FLUSHALL, DEBUG RELOAD / LOADAOF / OBJECT).
 * {@code Engine} gives the server its persistence through this.
 */
public interface Persistence {
    /** beforeSleep's {@code flushAppendOnlyFile}: the AOF buffer is written (and fsynced as configured). */
    void beforeSleep();

    /** serverCron's share: save points, a scheduled BGSAVE or rewrite, the AOF's everysec fsync. */
    void cron();

    /**
     * processCommand's disk check (writeCommandsDeniedByDiskError): null while the disk keeps up,
     * else the -MISCONF error that write commands (and PING) get: the last BGSAVE failed with save
     * points and stop-writes-on-bgsave-error, or the AOF's last write failed.
     */
    String writeDeniedByDiskError();

    /** True while a background snapshot walks the keyspace (BGSAVE, an AOF rewrite's base). */
    boolean snapshotInProgress();

    /** A write command is about to change this key: a running snapshot copies its value first. */
    void beforeWrite(RedisDb db, byte[] key);

    /** The # Persistence section of INFO, header included, in Redis 7.0's order. */
    void info(StringBuilder sb, boolean loading);

    /**
     * SHUTDOWN's {@code prepareForShutdown}: fsync the AOF, stop a BGSAVE, save if {@code save} or
     * if save points exist and not {@code nosave}. Null if the server may exit, else the error
     * (with {@code force} a failed save does not stop it).
     */
    String prepareForShutdown(boolean save, boolean nosave, boolean force);

    /** FLUSHALL's {@code flushAllDataAndResetRDB}: stop a BGSAVE; with save points, save the empty data set. */
    void flushAllDataAndResetRdb();

    /** DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE], replying to the client. */
    void debugReload(Client c);

    /** DEBUG LOADAOF: flush the AOF, empty the data set, load the AOF as at start-up; null or the error. */
    String debugLoadAof();

    /**
     * The bytes the value takes in an RDB file (rdbSavedObjectLen), LZF-compressed or not: DEBUG
     * OBJECT's serializedlength uses {@link #rdbCompression()}, MEMORY USAGE's estimate no compression.
     */
    long savedObjectLen(RedisObject o, boolean compress);

    /** rdbcompression: whether strings are LZF-compressed in RDB files. */
    boolean rdbCompression();

    /** INFO stats' migrate_cached_sockets: MIGRATE's open connections (they travel DUMP payloads). */
    int migrateCachedSockets();

    /** A server without files (a bare server in a unit test): nothing to flush, save or load. */
    Persistence NONE = new Persistence() {
        @Override public void beforeSleep() { }
        @Override public void cron() { }
        @Override public String writeDeniedByDiskError() { return null; }
        @Override public boolean snapshotInProgress() { return false; }
        @Override public void beforeWrite(RedisDb db, byte[] key) { }
        @Override public void info(StringBuilder sb, boolean loading) { sb.append("# Persistence\r\nloading:0\r\n"); }
        @Override public String prepareForShutdown(boolean save, boolean nosave, boolean force) { return null; }
        @Override public void flushAllDataAndResetRdb() { }
        @Override public void debugReload(Client c) { c.addError("DEBUG RELOAD needs persistence"); }
        @Override public String debugLoadAof() { return "DEBUG LOADAOF needs persistence"; }
        @Override public long savedObjectLen(RedisObject o, boolean compress) { return 0; }
        @Override public boolean rdbCompression() { return false; }
        @Override public int migrateCachedSockets() { return 0; }
    };
}
