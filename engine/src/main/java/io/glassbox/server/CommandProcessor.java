package io.glassbox.server;

import io.glassbox.command.CommandFlags;
import io.glassbox.command.RedisCommand;

import java.nio.charset.StandardCharsets;

/**
 * From a parsed request to an executed command: Redis's {@code processCommand} (the checks that can
 * refuse a command before it runs, in Redis's order) and {@code call} (running it, timing it,
 * and the bookkeeping after: command stats, the slow log, MONITOR).
 */
final class CommandProcessor {
    private final Server server;

    CommandProcessor(Server server) { this.server = server; }

    void processCommand(Client c) {
        CommandTableLookup lookup = lookup(c);
        RedisCommand cmd = lookup.cmd;
        if (cmd == null) {
            reject(c, lookup.error);
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
        if (server.scriptBusy() && !cmd.has(CommandFlags.ALLOW_BUSY)) {
            // a script outlived busy-reply-threshold: only SCRIPT KILL and friends get in
            rejectCommand(c, cmd, server.scripting().busyError());
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

    private record CommandTableLookup(RedisCommand cmd, String error) {}

    /** lookupCommand plus the error Redis gives when nothing is found. */
    private CommandTableLookup lookup(Client c) {
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
            return new CommandTableLookup(null, "unknown command '" + name + "', with args beginning with: " + args);
        }
        if (base.subcommands().isEmpty() || c.argc() == 1) return new CommandTableLookup(base, null);
        String subName = c.argString(1).toLowerCase(java.util.Locale.ROOT);
        RedisCommand sub = base.subcommand(subName);
        if (sub == null || sub.handler() == null) {
            String shown = c.argString(1);
            if (shown.length() > 128) shown = shown.substring(0, 128);
            return new CommandTableLookup(null, "unknown subcommand '" + shown + "'. Try "
                    + base.name.toUpperCase(java.util.Locale.ROOT) + " HELP.");
        }
        return new CommandTableLookup(sub, null);
    }

    private void reject(Client c, String error) {
        c.addError(error);
    }

    private void rejectCommand(Client c, RedisCommand cmd, String error) {
        cmd.rejectedCalls++;
        c.addError(error);
    }

    /** Runs the command and does the bookkeeping around it (call). */
    void call(Client c, RedisCommand cmd) {
        server.keyspace().startCommand();
        if (c.skipNextReply) c.setMuted(true);
        long errorsBefore = server.stats().totalErrorReplies;
        long start = System.nanoTime();
        try {
            cmd.handler().execute(c);
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            // A bug in a command must not take the connection or the server down: the client gets
            // an error, the log gets the stack trace, and the keyspace keeps what it had.
            server.stats().unexpectedErrorReplies++;
            java.io.StringWriter trace = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(trace));
            server.log("warning", "Internal error in '" + cmd.fullName + "': " + trace);
            c.addError("internal error in '" + cmd.fullName + "': " + e);
        }
        long micros = (System.nanoTime() - start) / 1000;
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
            server.slowLog().add(c.argv, micros, server.clock().millis() / 1000, c.connection.remoteAddress(), c.name, s.slowlogMaxLen);
        }
        if (!server.monitors().isEmpty() && !cmd.has(CommandFlags.SKIP_MONITOR) && !cmd.has(CommandFlags.ADMIN)) {
            feedMonitors(c);
        }
        server.hooks().commandExecuted(c, cmd, micros);
    }

    /** Sends the command to every MONITOR client (replicationFeedMonitors). */
    private void feedMonitors(Client c) {
        long us = server.clock().micros();
        StringBuilder sb = new StringBuilder();
        sb.append('+').append(us / 1_000_000).append('.').append(String.format("%06d", us % 1_000_000))
          .append(" [").append(c.db().id).append(' ').append(c.connection.remoteAddress()).append(']');
        for (byte[] a : c.argv) sb.append(' ').append(io.glassbox.resp.SplitArgs.repr(a));
        sb.append("\r\n");
        byte[] line = sb.toString().getBytes(StandardCharsets.UTF_8);
        for (Client m : server.monitors()) {
            if (m == c) continue;
            m.addRaw(line);
            server.queueWrite(m);
        }
    }
}
