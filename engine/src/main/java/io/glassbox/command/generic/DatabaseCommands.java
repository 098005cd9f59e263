package io.glassbox.command.generic;

import io.glassbox.command.CommandTable;
import io.glassbox.db.Keyspace;
import io.glassbox.server.Client;

/**
 * Whole-database commands from Redis's {@code db.c}: FLUSHDB, FLUSHALL and SWAPDB. Redis's
 * documentation files them under "server" commands; they live here, beside the key commands,
 * because they act on the same structures.
 *
 * <p>FLUSH* accept ASYNC and SYNC. ASYNC puts fresh dicts in place and hands the old ones to the
 * lazy-free thread (lazyfree.c's emptyDbAsync, see {@code db/LazyFree}): the database is empty and
 * usable at once, whatever its size.
 */
public final class DatabaseCommands {
    private DatabaseCommands() {}

    public static void register(CommandTable t) {
        t.bind("flushdb", DatabaseCommands::flushdb);
        t.bind("flushall", DatabaseCommands::flushall);
        t.bind("swapdb", DatabaseCommands::swapdb);
    }

    /**
     * Parses the optional ASYNC or SYNC word (getFlushCommandFlags); without one,
     * lazyfree-lazy-user-flush decides. Returns null after replying "syntax error".
     */
    static Boolean getFlushCommandAsync(Client c) {
        if (c.argc() == 2 && c.argIs(1, "sync")) return false;
        if (c.argc() == 2 && c.argIs(1, "async")) return true;
        if (c.argc() == 1) return c.server().settings().lazyfreeLazyUserFlush;
        c.addErrorSyntax();
        return null;
    }

    /** FLUSHDB [ASYNC|SYNC]: removes every key of the selected database. */
    static void flushdb(Client c) {
        Boolean async = getFlushCommandAsync(c);
        if (async == null) return;
        Keyspace ks = c.server().keyspace();
        ks.stats.dirty += ks.emptyData(c.db().id, async);
        // flushdbCommand's forceCommandPropagation: replicated and in the AOF even when the DB was empty
        c.forceCommandPropagation();
        c.addOk();
    }

    /**
     * FLUSHALL [ASYNC|SYNC]: removes every key of every database, and saves the empty dataset
     * when save points are configured, as Redis does.
     */
    static void flushall(Client c) {
        Boolean async = getFlushCommandAsync(c);
        if (async == null) return;
        Keyspace ks = c.server().keyspace();
        ks.stats.dirty += ks.emptyData(-1, async);
        // flushAllDataAndResetRDB: a running BGSAVE is stopped, and with save points the (now
        // empty) dataset is saved, so a restart does not bring the old keys back.
        c.server().persistence().flushAllDataAndResetRdb();
        // propagated even when nothing was flushed or the save reset the dirty counter (flushallCommand)
        c.forceCommandPropagation();
        c.addOk();
    }

    /**
     * SWAPDB index1 index2 (swapdbCommand): exchanges two databases' contents. Clients keep their
     * selected number and see the other data at once (dbSwapDatabases swaps the dicts, not the db
     * structs).
     */
    static void swapdb(Client c) {
        if (c.server().cluster().enabled()) { c.addError("SWAPDB is not allowed in cluster mode"); return; }
        int[] id1 = new int[1], id2 = new int[1];
        if (!KeyCommands.getIntOrReply(c, c.arg(1), id1, "invalid first DB index")) return;
        if (!KeyCommands.getIntOrReply(c, c.arg(2), id2, "invalid second DB index")) return;
        Keyspace ks = c.server().keyspace();
        if (id1[0] < 0 || id1[0] >= ks.databases() || id2[0] < 0 || id2[0] >= ks.databases()) {
            c.addError("DB index is out of range");
            return;
        }
        if (id1[0] != id2[0]) {
            ks.swap(id1[0], id2[0]);
            // clients blocked in either database may now find their keys (scanDatabaseForReadyKeys)
            c.server().blocking().scanDatabaseForReadyKeys(ks.db(id1[0]));
            c.server().blocking().scanDatabaseForReadyKeys(ks.db(id2[0]));
        }
        ks.stats.dirty++;
        c.addOk();
    }
}
