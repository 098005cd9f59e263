package io.glassbox.command.server;

import io.glassbox.server.Server;

/**
 * The way out, shared by SHUTDOWN and by SIGTERM/SIGINT ({@code prepareForShutdown} in server.c):
 * persistence stops a background save, fsyncs the AOF and saves the final RDB when asked to or when
 * save points exist ({@code Persistence.prepareForShutdown}); then the process is told it may exit.
 * If the save fails (and FORCE was not given) the server keeps running, as Redis does.
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
        // a Sentinel has no dataset to save: SAVE cleared, NOSAVE forced (prepareForShutdown)
        if (server.settings().sentinelMode) flags = (flags & ~SAVE) | NOSAVE;
        boolean save = (flags & SAVE) != 0, nosave = (flags & NOSAVE) != 0, force = (flags & FORCE) != 0;
        server.log("warning", "User requested shutdown...");
        if (server.persistence().prepareForShutdown(save, nosave, force) != null) return false;
        server.requestShutdown();
        return true;
    }
}
