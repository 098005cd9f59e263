package io.glassbox.command.server;

import io.glassbox.command.CommandTable;
import io.glassbox.server.Client;


/**
 * The server command group of redis.io (CONFIG, INFO, COMMAND, SLOWLOG, DEBUG, DBSIZE, TIME,
 * MONITOR). Each family has its own class, as each has its own home in Redis: {@code config.c},
 * {@code server.c} (INFO, COMMAND), {@code slowlog.c}, {@code debug.c}; the one-liners are here.
 */
public final class ServerCommands {
    private ServerCommands() {}

    /** genRedisInfoString for these sections, in Redis's order: what the Sentinel's INFO shows of the server. */
    public static String infoString(io.glassbox.server.Server server, java.util.Set<String> sections) {
        return InfoCommand.genInfoString(server, sections);
    }

    public static void register(CommandTable t) {
        ConfigCommand.register(t);
        InfoCommand.register(t);
        CommandCommand.register(t);
        SlowlogCommand.register(t);
        LatencyCommand.register(t);
        DebugCommand.register(t);
        MemoryCommand.register(t);
        t.bind("dbsize", c -> c.addLong(c.db().size()));
        t.bind("time", ServerCommands::time);
        t.bind("monitor", ServerCommands::monitor);
        t.bind("shutdown", ServerCommands::shutdown);
    }

    /**
     * SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]: stops the server; on success the client sees the
     * connection close, no reply (as Redis). With SAVE, or with save points configured and no
     * NOSAVE, the dataset is saved first; if that fails (and no FORCE) the server keeps running.
     */
    static void shutdown(Client c) {
        boolean abort = false, save = false, nosave = false;
        for (int i = 1; i < c.argc(); i++) {
            if (c.argIs(i, "nosave")) nosave = true;
            else if (c.argIs(i, "save")) save = true;
            else if (c.argIs(i, "now") || c.argIs(i, "force")) continue;
            else if (c.argIs(i, "abort")) abort = true;
            else { c.addErrorSyntax(); return; }
        }
        if ((abort && c.argc() != 2) || (save && nosave)) { c.addErrorSyntax(); return; }
        if (abort) { c.addError("No shutdown in progress."); return; }
        int flags = (save ? Shutdown.SAVE : 0) | (nosave ? Shutdown.NOSAVE : 0);
        for (int i = 1; i < c.argc(); i++) if (c.argIs(i, "force")) flags |= Shutdown.FORCE;
        if (!Shutdown.prepare(c.server(), flags)) {
            c.addError("Errors trying to SHUTDOWN. Check logs.");
            return;
        }
        c.closeAfterReply = true;
    }

    /** TIME: unix seconds and the microseconds within the second, as two bulk strings. */
    static void time(Client c) {
        long us = c.server().clock().micros();
        c.addArrayLen(2);
        c.addBulkLong(us / 1_000_000);
        c.addBulkLong(us % 1_000_000);
    }

    /**
     * MONITOR (monitorCommand): from now on the client receives every command the server runs, as the
     * command processor feeds it ({@code replicationFeedMonitors}). A second MONITOR is ignored.
     */
    static void monitor(Client c) {
        if (c.monitor) return;
        c.monitor = true;
        c.server().monitors().add(c);
        c.addOk();
    }

    /** addReplySubcommandSyntaxError: the error for a known container with a bad subcommand form. */
    static void addSubcommandSyntaxError(Client c) { c.addErrorSubcommandSyntax(); }
}
