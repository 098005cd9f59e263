package io.glassbox.command.server;

import io.glassbox.command.CommandTable;
import io.glassbox.config.SpecialConfigs;
import io.glassbox.persistence.rdb.RdbLoadException;
import io.glassbox.persistence.rdb.RdbPersistence;
import io.glassbox.server.Client;

import java.io.IOException;

/**
 * SAVE, BGSAVE, LASTSAVE and DEBUG RELOAD: the commands of Redis's {@code rdb.c}
 * ({@code saveCommand}, {@code bgsaveCommand}, {@code lastsaveCommand}) and {@code debug.c}'s
 * reload. The work is in {@code persistence/rdb}; here are the replies.
 */
public final class PersistenceCommands {
    private PersistenceCommands() {}

    static void register(CommandTable t) {
        t.bind("save", PersistenceCommands::save);
        t.bind("bgsave", PersistenceCommands::bgsave);
        t.bind("lastsave", c -> c.addLong(c.server().rdb().lastSave()));
    }

    /** SAVE: a synchronous save on the command thread; refused while a BGSAVE runs. */
    static void save(Client c) {
        RdbPersistence rdb = c.server().rdb();
        if (rdb.bgsaveInProgress()) { c.addError("Background save already in progress"); return; }
        if (rdb.save() == null) c.addOk();
        else c.addError("-ERR");
    }

    /** BGSAVE [SCHEDULE]: starts a fork-less snapshot (see BackgroundSave). */
    static void bgsave(Client c) {
        if (c.argc() > 1) {
            if (c.argc() == 2 && c.argIs(1, "schedule")) {
                // SCHEDULE only matters while another child (an AOF rewrite) runs; none can yet.
            } else {
                c.addErrorSyntax();
                return;
            }
        }
        RdbPersistence rdb = c.server().rdb();
        if (rdb.bgsaveInProgress()) { c.addError("Background save already in progress"); return; }
        if (c.server().aof().rewriteInProgress()) { // hasActiveChildProcess: an AOF rewrite's snapshot runs
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

    /** Whether save points are configured (server.saveparamslen > 0). */
    public static boolean hasSavePoints(Client c) {
        return !c.server().config().special(SpecialConfigs.Save.class).get().isEmpty();
    }

    /**
     * DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: save, empty the keyspace, load the file again. A
     * round trip through the RDB format that tests use to check that every value survives it.
     */
    static void reload(Client c) {
        boolean save = true, flush = true;
        for (int j = 2; j < c.argc(); j++) {
            if (c.argIs(j, "merge")) continue;
            else if (c.argIs(j, "noflush")) flush = false;
            else if (c.argIs(j, "nosave")) save = false;
            else { c.addError("DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options."); return; }
        }
        RdbPersistence rdb = c.server().rdb();
        rdb.killChild();
        if (save && rdb.save() != null) { c.addError("-ERR"); return; }
        if (flush) c.server().keyspace().emptyData(-1);
        try {
            rdb.load(java.nio.file.Path.of(c.server().settings().dir).resolve(c.server().config().value("dbfilename")), true);
        } catch (RdbLoadException | IOException e) {
            c.server().log("warning", e.getMessage());
            c.addError("Error trying to load the RDB dump, check server logs.");
            return;
        }
        c.server().log("warning", "DB reloaded by DEBUG RELOAD");
        c.addOk();
    }
}
