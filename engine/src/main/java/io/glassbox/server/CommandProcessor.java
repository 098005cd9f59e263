package io.glassbox.server;

import io.glassbox.command.CommandFlags;
import io.glassbox.command.RedisCommand;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * From a parsed request to an executed command: Redis's {@code processCommand} (the checks that can
 * refuse a command before it runs, in Redis's order) and {@code call} (running it, timing it,
 * and the bookkeeping after: command stats, the slow log, MONITOR).
 */
final class CommandProcessor {
    private final Server server;
    /** How deep call() is nested (EXEC and scripts call it again); ops propagate when it returns to 0. */
    private int executionNesting;

    CommandProcessor(Server server) { this.server = server; }

    /** True while a command runs (call() is on the stack). */
    boolean inCall() { return executionNesting > 0; }

    void processCommand(Client c) {
        RedisCommand cmd = lookup(c);
        if (cmd == null) {
            reject(c, lookupError);
            return;
        }
        c.cmd = cmd;
        c.lastCmd = cmd;
        if (!cmd.arityOk(c.argc())) {
            rejectCommand(c, cmd, "wrong number of arguments for '" + cmd.fullName + "' command");
            return;
        }
        if (isDebug(cmd) && !allowProtectedAction(server.settings().enableDebugCommand, c)) {
            // CMD_PROTECTED: DEBUG runs only when enable-debug-command allows it for this client.
            rejectCommand(c, cmd, "DEBUG command not allowed. If the enable-debug-command option is set to \"local\", "
                    + "you can run it from a local connection, otherwise you need to set this option "
                    + "in the configuration file, and then restart the server.");
            return;
        }
        if (!c.authenticated && !cmd.has(CommandFlags.NO_AUTH)) {
            rejectCommand(c, cmd, "-NOAUTH Authentication required.");
            return;
        }
        if (server.pauseEndMillis != 0 && server.pauseWritesOnly && server.writesPaused()
                && (cmd.has(CommandFlags.WRITE) || cmd.has(CommandFlags.MAY_REPLICATE))) {
            // CLIENT PAUSE WRITE: hold the write back until the pause ends; Redis blocks the client.
            server.postpone(c);
            return;
        }
        call(c, cmd);
        // serve clients blocked on keys this command made ready, before the next command (processCommand)
        if (server.blocking().hasReadyKeys()) server.blocking().handleClientsBlockedOnKeys();
    }

    private static boolean isDebug(RedisCommand cmd) {
        RedisCommand top = cmd.parent == null ? cmd : cmd.parent;
        return top.name.equals("debug");
    }

    /** allowProtectedAction: "yes", or "local" and the client is on the loopback interface. */
    static boolean allowProtectedAction(String setting, Client c) {
        return "yes".equals(setting) || ("local".equals(setting) && c.connection.isLoopback());
    }

    /** Why the last {@link #lookup} found nothing (a field, not a result object: this runs per command). */
    private String lookupError;

    /** lookupCommand; when nothing is found, null with Redis's error in {@link #lookupError}. */
    private RedisCommand lookup(Client c) {
        RedisCommand base = server.commands().lookup(c.arg(0));
        if (base == null) {
            StringBuilder args = new StringBuilder();
            for (int i = 1; i < c.argc() && args.length() < 128; i++) {
                String a = c.argString(i);
                int room = 128 - args.length();
                args.append('\'').append(a.length() > room ? a.substring(0, room) : a).append("' ");
            }
            String name = c.argString(0);
            if (name.length() > 128) name = name.substring(0, 128);
            lookupError = "unknown command '" + name + "', with args beginning with: " + args;
            return null;
        }
        if (base.subcommands().isEmpty() || c.argc() == 1) return base;
        String subName = c.argString(1).toLowerCase(java.util.Locale.ROOT);
        RedisCommand sub = base.subcommand(subName);
        if (sub == null || sub.handler() == null) {
            String shown = c.argString(1);
            if (shown.length() > 128) shown = shown.substring(0, 128);
            lookupError = "unknown subcommand '" + shown + "'. Try "
                    + base.name.toUpperCase(java.util.Locale.ROOT) + " HELP.";
            return null;
        }
        return sub;
    }

    private void reject(Client c, String error) {
        c.addError(error);
    }

    private void rejectCommand(Client c, RedisCommand cmd, String error) {
        cmd.rejectedCalls++;
        c.addError(error);
    }

    /**
     * Runs the command and does the bookkeeping around it (call), including propagation: if the
     * command moved the dirty counter, its argv (as the command may have rewritten it) is queued
     * for the AOF and replicas, and when the outermost call returns the queue goes out (see
     * {@link Propagation}). EXEC and scripts never propagate themselves: the commands they ran did.
     */
    void call(Client c, RedisCommand cmd) {
        server.keyspace().startCommand();
        if (c.skipNextReply) c.setMuted(true);
        long errorsBefore = server.stats().totalErrorReplies;
        int replyMark = c.pendingReplyBytes();
        long dirtyBefore = server.keyspace().stats.dirty;
        boolean outerPrevent = c.preventPropagation;
        List<byte[]> outerOriginal = c.originalArgv;
        c.preventPropagation = false;
        c.originalArgv = null;
        executionNesting++;
        long start = System.nanoTime();
        boolean rdbChild = server.rdb().bgsaveInProgress(), aofChild = server.aof().snapshotInProgress();
        if ((rdbChild || aofChild) && cmd.has(CommandFlags.WRITE)) {
            // copy on write of the fork-less BGSAVE / AOF rewrite: save these keys' values before they change
            int[] keys = io.glassbox.command.CommandTable.keyPositions(cmd, c.argv);
            if (keys != null) for (int k : keys) {
                if (rdbChild) server.rdb().beforeWrite(c.db(), c.argv.get(k));
                if (aofChild) server.aof().beforeWrite(c.db(), c.argv.get(k));
            }
        }
        try {
            cmd.handler().execute(c);
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            // A bug in a command must not take the connection or the server down: the client gets
            // an error, the log gets the stack trace, and the keyspace keeps what it had.
            server.stats().unexpectedErrorReplies++;
            java.io.StringWriter trace = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(trace));
            server.log("warning", "Internal error in '" + cmd.fullName + "': " + trace);
            c.truncateReply(replyMark); // the part of the reply written before the failure
            c.addError("internal error in '" + cmd.fullName + "': " + e);
        }
        long micros = (System.nanoTime() - start) / 1000;
        executionNesting--;
        if (server.keyspace().stats.dirty > dirtyBefore && !c.preventPropagation && !propagatesByEffects(cmd)) {
            server.propagation().alsoPropagate(c.db().id, c.argv);
        }
        c.preventPropagation = outerPrevent;
        List<byte[]> requested = c.originalArgv != null ? c.originalArgv : c.argv;
        if (c.skipNextReply && cmd != server.commands().lookupByFullName("client|reply")) {
            c.skipNextReply = false;
            c.setMuted(false);
        }
        cmd.calls++;
        cmd.microseconds += micros;
        if (server.stats().totalErrorReplies > errorsBefore) cmd.failedCalls++;
        server.stats().numCommands++;
        c.commandsProcessed++;
        ServerSettings s = server.settings();
        if (s.slowlogLogSlowerThan >= 0 && micros >= s.slowlogLogSlowerThan && !cmd.has(CommandFlags.SKIP_SLOWLOG)) {
            server.slowLog().add(requested, micros, server.clock().millis() / 1000, c.connection.remoteAddress(), c.name, s.slowlogMaxLen);
        }
        if (!server.monitors().isEmpty() && !cmd.has(CommandFlags.SKIP_MONITOR) && !cmd.has(CommandFlags.ADMIN)) {
            feedMonitors(c, requested);
        }
        if (c.originalArgv != null) c.argv = c.originalArgv; // the caller's argv again (EXEC's queue, the parser's list)
        c.originalArgv = outerOriginal;
        server.hooks().commandExecuted(c, cmd, micros);
        if (executionNesting == 0) server.propagation().propagatePendingCommands();
    }

    /** EXEC and scripts: what they ran was propagated command by command (call's execCommand check). */
    private static boolean propagatesByEffects(RedisCommand cmd) {
        switch (cmd.name) {
            case "exec", "eval", "evalsha", "eval_ro", "evalsha_ro", "fcall", "fcall_ro": return true;
            default: return false;
        }
    }

    /** Sends the command to every MONITOR client (replicationFeedMonitors). */
    private void feedMonitors(Client c, List<byte[]> argv) {
        long us = server.clock().micros();
        StringBuilder sb = new StringBuilder();
        sb.append('+').append(us / 1_000_000).append('.').append(String.format("%06d", us % 1_000_000))
          .append(" [").append(c.db().id).append(' ').append(c.connection.remoteAddress()).append(']');
        for (byte[] a : argv) sb.append(' ').append(io.glassbox.resp.SplitArgs.repr(a));
        sb.append("\r\n");
        byte[] line = sb.toString().getBytes(StandardCharsets.UTF_8);
        for (Client m : server.monitors()) {
            if (m == c) continue;
            m.addRaw(line);
            server.queueWrite(m);
        }
    }
}
