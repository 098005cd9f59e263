package io.glassbox.persistence;

import io.glassbox.command.CommandTable;
import io.glassbox.persistence.aof.AppendOnlyFile;
import io.glassbox.persistence.rdb.RdbPersistence;
import io.glassbox.server.Client;

/**
 * SAVE, BGSAVE, LASTSAVE and BGREWRITEAOF: the commands of Redis's {@code rdb.c}
 * ({@code saveCommand}, {@code bgsaveCommand}, {@code lastsaveCommand}) and {@code aof.c}
 * ({@code bgrewriteaofCommand}). The work is in {@code persistence/rdb} and {@code persistence/aof};
 * here are the replies, and the rule that only one snapshot runs at a time
 * ({@code hasActiveChildProcess}).
 */
final class PersistenceCommands {
    private final RdbPersistence rdb;
    private final AppendOnlyFile aof;

    PersistenceCommands(RdbPersistence rdb, AppendOnlyFile aof) {
        this.rdb = rdb;
        this.aof = aof;
    }

    void register(CommandTable t) {
        t.bind("save", this::save);
        t.bind("bgsave", this::bgsave);
        t.bind("lastsave", c -> c.addLong(rdb.lastSave()));
        t.bind("bgrewriteaof", this::bgrewriteaof);
    }

    /** SAVE: a synchronous save on the command thread; refused while a BGSAVE runs. */
    void save(Client c) {
        if (rdb.bgsaveInProgress()) { c.addError("Background save already in progress"); return; }
        if (rdb.save() == null) c.addOk();
        else c.addError("-ERR");
    }

    /** BGSAVE [SCHEDULE]: starts a fork-less snapshot (see BackgroundSave). */
    void bgsave(Client c) {
        if (c.argc() > 1) {
            if (c.argc() == 2 && c.argIs(1, "schedule")) {
                // SCHEDULE only matters while another child (an AOF rewrite) runs: see below
            } else {
                c.addErrorSyntax();
                return;
            }
        }
        if (rdb.bgsaveInProgress()) { c.addError("Background save already in progress"); return; }
        if (aof.rewriteInProgress()) { // hasActiveChildProcess: an AOF rewrite's snapshot runs
            if (c.argc() == 2) {
                rdb.scheduleBgsave();
                c.addStatus("Background saving scheduled");
            } else {
                c.addError("Another child process is active (AOF?): can't BGSAVE right now. "
                        + "Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.");
            }
            return;
        }
        if (rdb.bgsave() == null) c.addStatus("Background saving started");
        else c.addError("-ERR");
    }

    /** BGREWRITEAOF (bgrewriteaofCommand): start, schedule, or refuse a background AOF rewrite. */
    void bgrewriteaof(Client c) {
        if (aof.rewriteInProgress()) {
            c.addError("Background append only file rewriting already in progress");
        } else if (rdb.bgsaveInProgress()) { // one snapshot at a time: after the BGSAVE
            aof.scheduleRewrite();
            c.addStatus("Background append only file rewriting scheduled");
        } else if (aof.rewriteBackground() == null) {
            c.addStatus("Background append only file rewriting started");
        } else {
            c.addError("Can't execute an AOF background rewriting. Please check the server logs for more information.");
        }
    }
}
