package io.glassbox.command.server;

import io.glassbox.command.CommandTable;
import io.glassbox.server.Client;
import io.glassbox.server.Shutdown;


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
    /** shutdownCommand (db.c): the flags, ABORT, then the shutdown sequence (server/Shutdown). */
    static void shutdown(Client c) {
        int flags = 0;
        boolean abort = false;
        for (int i = 1; i < c.argc(); i++) {
            if (c.argIs(i, "nosave")) flags |= Shutdown.NOSAVE;
            else if (c.argIs(i, "save")) flags |= Shutdown.SAVE;
            else if (c.argIs(i, "now")) flags |= Shutdown.NOW;
            else if (c.argIs(i, "force")) flags |= Shutdown.FORCE;
            else if (c.argIs(i, "abort")) abort = true;
            else { c.addErrorSyntax(); return; }
        }
        if ((abort && flags != 0) || ((flags & Shutdown.NOSAVE) != 0 && (flags & Shutdown.SAVE) != 0)) {
            c.addErrorSyntax();
            return;
        }
        if (abort) {
            if (c.server().shutdown().abort()) c.addOk();
            else c.addError("No shutdown in progress.");
            return;
        }
        if ((flags & Shutdown.NOSAVE) == 0 && c.server().scriptBusy()) { // only NOSAVE may stop a script that timed out
            c.addError(c.server().scripts().busyError());
            return;
        }
        if ((flags & Shutdown.NOW) == 0 && c.denyBlocking) {
            c.addError("SHUTDOWN without NOW or ABORT isn't allowed for DENY BLOCKING client");
            return;
        }
        c.server().shutdown().command(c, flags);
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
