package io.glassbox.persistence;

import io.glassbox.command.CommandTable;
import io.glassbox.config.ConfigRegistry;
import io.glassbox.config.StringConfig;
import io.glassbox.config.SpecialConfigs;
import io.glassbox.db.Keyspace;
import io.glassbox.db.RedisDb;
import io.glassbox.db.RedisObject;
import io.glassbox.persistence.aof.AppendOnlyFile;
import io.glassbox.persistence.rdb.DumpCommands;
import io.glassbox.persistence.rdb.RdbLoadException;
import io.glassbox.persistence.rdb.RdbPersistence;
import io.glassbox.persistence.rdb.RdbWriter;
import io.glassbox.server.Client;
import io.glassbox.server.InfoLines;
import io.glassbox.server.Persistence;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One engine's persistence: the RDB side ({@link RdbPersistence}) and the AOF
 * ({@link AppendOnlyFile}), made together because they share the rule that one snapshot runs at a
 * time ({@code hasActiveChildProcess}), and their commands. The server core sees this through
 * {@link Persistence}; {@code Engine} makes it, binds its commands, and hands the two halves to
 * replication (full syncs send RDB files) and to the hooks.
 */
public final class DiskPersistence implements Persistence {
    /**
     * What persistence needs from the server: the AOF's needs (the keyspace, the clock, logging,
     * settings, {@code dir}, the AOF client and propagation's feed), which cover the RDB side's, plus
     * the one setting the RDB side reads from the server core.
     */
    public interface Host extends AppendOnlyFile.Host {
        /** maxmemory-policy: decides whether a saved key carries its LRU idle time or LFU frequency. */
        String maxmemoryPolicy();

        /** DEBUG SET-SKIP-CHECKSUM-VALIDATION: RESTORE accepts a payload whose CRC64 is wrong. */
        boolean skipChecksumValidation();

        /** See {@link RdbPersistence.Host#forkDone}. */
        default void forkDone(long nanos) {}
    }

    private final Host host;
    private final RdbPersistence rdb;
    private final AppendOnlyFile aof;
    /** dbfilename and save, looked up once: CONFIG SET changes the value these hold. */
    private final StringConfig dbfilename;
    private final SpecialConfigs.Save savePoints;
    private final io.glassbox.config.BoolConfig stopWritesOnBgsaveError;

    public DiskPersistence(Host host) {
        this.host = host;
        this.dbfilename = host.config().string("dbfilename");
        this.savePoints = host.config().special(SpecialConfigs.Save.class);
        this.stopWritesOnBgsaveError = host.config().bool("stop-writes-on-bgsave-error");
        this.rdb = new RdbPersistence(new RdbPersistence.Host() {
            @Override public Keyspace keyspace() { return host.keyspace(); }
            @Override public ConfigRegistry config() { return host.config(); }
            @Override public long nowMillis() { return host.nowMillis(); }
            @Override public void log(String level, String msg) { host.log(level, msg); }
            @Override public Path rdbPath() { return DiskPersistence.this.rdbPath(); }
            @Override public String maxmemoryPolicy() { return host.maxmemoryPolicy(); }
            @Override public boolean skipChecksumValidation() { return host.skipChecksumValidation(); }
            @Override public void forkDone(long nanos) { host.forkDone(nanos); }
        });
        this.aof = new AppendOnlyFile(host, rdb);
        rdb.setOtherChildActive(aof::rewriteInProgress);
    }

    /** SAVE, BGSAVE, LASTSAVE, BGREWRITEAOF, DUMP, RESTORE and MIGRATE, on this engine's files. */
    public void register(CommandTable t) {
        new PersistenceCommands(rdb, aof).register(t);
        new DumpCommands(rdb).register(t);
    }

    @Override public int migrateCachedSockets() { return rdb.migrate().cachedSockets(); }

    public RdbPersistence rdb() { return rdb; }

    /** Whether background jobs show a stand-in child process (a server process) or none (embedded). */
    public void setChildProcesses(io.glassbox.server.ChildProcess.Factory children) {
        rdb.setChildProcesses(children);
        aof.setChildProcesses(children);
    }

    public AppendOnlyFile aof() { return aof; }

    private Path rdbPath() {
        return Path.of(host.dir()).resolve(dbfilename.get());
    }

    /** Whether save points are configured (server.saveparamslen > 0). */
    private boolean hasSavePoints() {
        return !savePoints.get().isEmpty();
    }

    @Override public void beforeSleep() { aof.flushAppendOnlyFile(false); }

    /** shared.bgsaveerr (server.c). */
    static final String BGSAVE_ERR = "-MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist"
            + " to disk. Commands that may modify the data set are disabled, because this instance is configured to report"
            + " errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis"
            + " logs for details about the RDB error.";

    /** writeCommandsDeniedByDiskError and writeCommandsGetDiskErrorMessage. */
    @Override
    public String writeDeniedByDiskError() {
        if (stopWritesOnBgsaveError.get() && hasSavePoints() && rdb.lastBgsaveFailed()) return BGSAVE_ERR;
        String aofError = aof.lastWriteFailure();
        return aofError == null ? null : "-MISCONF Errors writing to the AOF file: " + aofError;
    }

    @Override
    public void cron() {
        List<int[]> saveParams = new ArrayList<>();
        for (SpecialConfigs.SaveParam sp : savePoints.get()) {
            saveParams.add(new int[]{(int) sp.seconds(), sp.changes()});
        }
        rdb.cron(saveParams);
        aof.cron();
        rdb.migrate().closeTimedOutSockets();
    }

    @Override public boolean snapshotInProgress() { return rdb.bgsaveInProgress() || aof.snapshotInProgress(); }

    @Override
    public void beforeWrite(RedisDb db, byte[] key) {
        if (rdb.bgsaveInProgress()) rdb.beforeWrite(db, key);
        if (aof.snapshotInProgress()) aof.beforeWrite(db, key);
    }

    /** # Persistence: loading and the rdb_* fields, then the aof_* fields, in Redis 7.0's order. */
    @Override
    public void info(StringBuilder sb, boolean loading) {
        sb.append("# Persistence\r\n");
        rdb.info(sb, loading);
        aof.info(sb);
        InfoLines.field(sb, "module_fork_in_progress", 0);
        InfoLines.field(sb, "module_fork_last_cow_size", 0);
        aof.infoWhenOn(sb);
    }

    @Override
    public String prepareForShutdown(boolean save, boolean nosave, boolean force) {
        if (rdb.bgsaveInProgress()) { // a running BGSAVE stops and removes its temp file, as Redis kills its child
            host.log("warning", "There is a child saving an .rdb. Killing it!");
            rdb.killChild();
        }
        if (aof.rewriteInProgress()) {
            // with AOF just turned on, the rewrite writes the only copy of the data set in the AOF
            if (aof.state() == AppendOnlyFile.State.WAIT_REWRITE) {
                if (!force) {
                    host.log("warning", "Writing initial AOF, can't exit.");
                    return "Errors trying to SHUTDOWN. Check logs.";
                }
                host.log("warning", "Writing initial AOF. Exit anyway.");
            }
            host.log("warning", "There is a child rewriting the AOF. Killing it!");
            aof.killRewriteChild();
        }
        if (aof.state() != AppendOnlyFile.State.OFF) {
            host.log("notice", "Calling fsync() on the AOF file.");
            aof.flushAndSync();
        }
        if ((hasSavePoints() && !nosave) || save) {
            host.log("notice", "Saving the final RDB snapshot before exiting.");
            if (rdb.save() != null) {
                if (force) {
                    host.log("warning", "Error trying to save the DB. Exit anyway.");
                } else {
                    host.log("warning", "Error trying to save the DB, can't exit.");
                    return "Errors trying to SHUTDOWN. Check logs.";
                }
            }
        }
        return null;
    }

    @Override
    public void flushAllDataAndResetRdb() {
        // a running BGSAVE is stopped, and with save points the (now empty) dataset is saved, so a
        // restart does not bring the old keys back
        rdb.killChild();
        if (hasSavePoints()) rdb.save();
    }

    /**
     * DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: save, empty the keyspace, load the file again. A
     * round trip through the RDB format that tests use to check that every value survives it.
     */
    @Override
    public void debugReload(Client c) {
        boolean save = true, flush = true, merge = false;
        for (int j = 2; j < c.argc(); j++) {
            if (c.argIs(j, "merge")) merge = true;
            else if (c.argIs(j, "noflush")) flush = false;
            else if (c.argIs(j, "nosave")) save = false;
            else { c.addError("DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options."); return; }
        }
        rdb.killChild();
        if (save && rdb.save() != null) { c.addError("-ERR"); return; }
        if (flush) host.keyspace().emptyData(-1);
        try {
            rdb.reload(rdbPath(), merge, !flush);
        } catch (RdbLoadException | IOException e) {
            host.log("warning", e.getMessage());
            c.addError("Error trying to load the RDB dump");
            return;
        }
        host.log("warning", "DB reloaded by DEBUG RELOAD");
        c.addOk();
    }

    @Override public String debugLoadAof() { return aof.debugLoadAof(); }

    /** rdbSavedObjectLen: the RDB encoder itself, writing to a counter (Redis runs rdbSaveObject with a NULL rio). */
    @Override
    public long savedObjectLen(RedisObject o, boolean compress) {
        return RdbWriter.savedObjectLen(o, compress);
    }

    @Override public boolean rdbCompression() { return rdb.compression(); }
}
