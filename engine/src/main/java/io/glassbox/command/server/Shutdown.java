package io.glassbox.command.server;

import io.glassbox.config.SpecialConfigs;
import io.glassbox.persistence.aof.AppendOnlyFile;
import io.glassbox.server.Server;

/**
 * The way out, shared by SHUTDOWN and by SIGTERM/SIGINT ({@code prepareForShutdown} in server.c):
 * stop a background save, fsync the AOF, save the final RDB when asked to or when save points exist,
 * then tell the process it may exit. If the save fails (and FORCE was not given) the server keeps
 * running, as Redis does.
 */
public final class Shutdown {
    private Shutdown() {}

    /** The {@code shutdown-on-sigint}/{@code -sigterm} and SHUTDOWN flags (SHUTDOWN_* in server.h). */
    public static final int SAVE = 1, NOSAVE = 2, NOW = 4, FORCE = 8;

    /**
     * Runs on the command thread. Returns true when the server may exit (and asks it to), false when
     * saving failed; the reasons are in the log, in Redis's words.
     */
    public static boolean prepare(Server server, int flags) {
        boolean save = (flags & SAVE) != 0, nosave = (flags & NOSAVE) != 0, force = (flags & FORCE) != 0;
        server.log("warning", "User requested shutdown...");
        if (server.rdb().bgsaveInProgress()) {
            server.log("warning", "There is a child saving an .rdb. Killing it!");
            server.rdb().killChild();
        }
        if (server.aof().state() != AppendOnlyFile.State.OFF) {
            server.log("notice", "Calling fsync() on the AOF file.");
            server.aof().flushAndSync();
        }
        boolean savePoints = !server.config().special(SpecialConfigs.Save.class).get().isEmpty();
        if ((savePoints && !nosave) || save) {
            server.log("notice", "Saving the final RDB snapshot before exiting.");
            if (server.rdb().save() != null) {
                if (force) {
                    server.log("warning", "Error trying to save the DB. Exit anyway.");
                } else {
                    server.log("warning", "Error trying to save the DB, can't exit.");
                    server.log("warning", "Errors trying to shut down the server. Check the logs for more information.");
                    return false;
                }
            }
        }
        server.requestShutdown();
        return true;
    }
}
