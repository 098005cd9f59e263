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
    // atomic: a script that outlived busy-reply-threshold nests calls on the script thread while the
    // command thread holds the count open for it (holdPropagation)
    private final java.util.concurrent.atomic.AtomicInteger executionNesting = new java.util.concurrent.atomic.AtomicInteger();

    CommandProcessor(Server server) { this.server = server; }

    /** True while a command runs (call() is on the stack). */
    boolean inCall() { return executionNesting.get() > 0; }

    /** How many call()s are running, one inside another (EXEC → EVAL → a script's command ...). */
    int callDepth() { return executionNesting.get(); }

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
        if (cmd.has(CommandFlags.PROTECTED) && cmd.parent != null && cmd.parent.name.equals("module")
                && !allowProtectedAction(server.settings().enableModuleCommand, c)) {
            rejectCommand(c, cmd, "MODULE command not allowed. If the enable-module-command option is set to \"local\", "
                    + "you can run it from a local connection, otherwise you need to set this option "
                    + "in the configuration file, and then restart the server.");
            return;
        }
        if (!c.authenticated && !cmd.has(CommandFlags.NO_AUTH) && server.authRequired()) {
            rejectCommand(c, cmd, "-NOAUTH Authentication required.");
            return;
        }
        if (c.mstate.inMulti() && cmd.has(CommandFlags.NO_MULTI)) {
            rejectCommand(c, cmd, "Command not allowed inside a transaction");
            return;
        }
        if (c.user != null && !c.user.unrestricted()) {
            // ACLCheckAllPerm: a user who may do everything costs the one field read above
            int denied = server.access().check(c, c, c.user, cmd,
                    c.mstate.inMulti() ? AccessControl.CTX_MULTI : AccessControl.CTX_TOPLEVEL);
            if (denied != AccessControl.OK) {
                rejectCommand(c, cmd, switch (denied) {
                    case AccessControl.DENIED_CMD -> "-NOPERM this user has no permissions to run the '" + cmd.fullName + "' command";
                    case AccessControl.DENIED_KEY -> "-NOPERM this user has no permissions to access one of the keys used as arguments";
                    default -> "-NOPERM this user has no permissions to access one of the channels used as arguments";
                });
                return;
            }
        }
        ClusterRouting cluster = server.cluster();
        if (cluster.enabled() && !c.isMaster() && (cmd.hasKeys() || cmd.has(CommandFlags.MOVABLE_KEYS) || isExec(cmd))) {
            // processCommand's cluster redirection: a command whose keys this node does not serve
            // gets -MOVED, -ASK, -CROSSSLOT ... (getNodeByQuery); an EXEC's whole transaction is judged
            String redirect = cluster.redirect(c, cmd, cmd.scriptFlags ? server.scripts().commandFlags(c, cmd) : cmd.flags);
            if (redirect != null) {
                if (isExec(cmd)) server.multi().discardTransaction(c);
                else Multi.flagTransaction(c);
                c.addError(redirect);
                cmd.rejectedCalls++;
                return;
            }
        }
        // Loading the dataset in memory (processCommand's is_denyloading_command check, before the
        // busy-script one): only a client served while a slow script of the AOF runs gets here
        if (server.keyspace().isLoading() && !cmd.has(CommandFlags.LOADING)) {
            rejectCommand(c, cmd, "-LOADING Redis is loading the dataset in memory");
            return;
        }
        if (server.scriptBusy()) {
            // a script outlived busy-reply-threshold: only SCRIPT KILL and friends get in
            if (!cmd.has(CommandFlags.ALLOW_BUSY) || touchesSharedStateWhileBusy(cmd)) {
                rejectCommand(c, cmd, server.scripts().busyError());
                return;
            }
            // The script thread owns call()'s bookkeeping (nesting, propagation, stats) until it
            // returns, so these few commands run bare: they only read the script's state or the client's.
            c.cmd = cmd;
            cmd.handler().execute(c);
            return;
        }
        // Disconnect some clients if together they use too much memory, before key eviction and after
        // the last command consumed output buffer (processCommand's evictClients); maybe this one.
        if (server.clientMemory().evictClients() && c.isClosed()) return;
        // client-side caching's table stays within tracking-table-max-keys (processCommand does this
        // before the command runs, so the invalidations it sends precede this command's reply)
        server.tracking().limitUsedSlots();
        // getCommandFlags: a script command's flags come from the script it runs
        long flags = cmd.scriptFlags ? server.scripts().commandFlags(c, cmd) : cmd.flags;
        // EXEC counts as what it will run (processCommand's is_write_command / is_denystale_command):
        // a transaction queued before the server's state changed is judged now, and EXECABORTs
        boolean exec = c.mstate.inMulti() && cmd.parent == null && cmd.name.equals("exec");
        boolean write = (flags & CommandFlags.WRITE) != 0 || (exec && Multi.execMayWrite(c));
        boolean stale = (flags & CommandFlags.STALE) != 0 && !(exec && Multi.execHasNonStale(c));
        // Don't accept write commands if there are problems persisting on disk (processCommand): a
        // master's stream is obeyed all the same (repl-ignore-disk-write-error's default logs it; we don't)
        if ((write || isPing(cmd)) && !c.isMaster()) {
            String diskError = server.persistence().writeDeniedByDiskError();
            if (diskError != null) {
                rejectCommand(c, cmd, diskError);
                return;
            }
        }
        String refused = server.replication().refuse(c, write, stale);
        if (refused != null) {
            rejectCommand(c, cmd, refused);
            return;
        }
        if (c.pubsub.pubsubMode() && !c.resp3() && !allowedInSubscribedMode(cmd)) {
            // RESP2 cannot tell a pushed message from a reply: a subscribed connection only (un)subscribes.
            rejectCommand(c, cmd, "Can't execute '" + cmd.fullName + "': only (P|S)SUBSCRIBE / "
                    + "(P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context");
            return;
        }
        if (server.pause().holdsWrites()
                && ((flags & (CommandFlags.WRITE | CommandFlags.MAY_REPLICATE)) != 0
                    || (cmd.name.equals("exec") && Multi.execMayReplicate(c)))) {
            // CLIENT PAUSE WRITE: hold the write back until the pause ends; Redis blocks the client.
            // A write is held even inside MULTI (before queueing), and so is EXEC of a write transaction.
            server.pause().postpone(c);
            return;
        }
        if (server.memory().maxmemory() != 0 && !server.scriptBusy() && outOfMemory(c, cmd, flags)) {
            rejectCommand(c, cmd, OOM_ERROR);
            return;
        }
        if (Multi.mustQueue(c, cmd)) {
            // In MULTI: the command passed every check above; queue it instead of running it.
            Multi.queueMultiCommand(c, cmd, flags);
            return;
        }
        call(c, cmd);
        // serve clients blocked on keys this command made ready, before the next command (processCommand);
        // not while a script that outlived busy-reply-threshold goes on running on its own thread (EVAL's
        // call returned early): its keys are served after its last write, in beforeSleep
        if (server.blocking().hasReadyKeys() && !server.scriptBusy()) server.blocking().handleClientsBlockedOnKeys();
    }

    /** shared.oomerr (server.c). */
    static final String OOM_ERROR = "-OOM command not allowed when used memory > 'maxmemory'.";

    /**
     * processCommand's maxmemory step: evict what the policy allows (performEvictions), then refuse a
     * deny-oom command (or EXEC of a transaction holding one) if memory is still over the limit and
     * nothing is left to evict. Inside MULTI every command but EXEC, DISCARD, QUIT and RESET is refused
     * then, since queueing itself takes memory.
     */
    private boolean outOfMemory(Client c, RedisCommand cmd, long flags) {
        boolean outOfMemory = server.memory().performEvictions() == MemoryLimit.EVICT_FAIL;
        // pre_command_oom_state: a script's first deny-oom command is judged by this (memory the
        // script's own stack and arguments take must not change the verdict half-way)
        server.preCommandOomState = outOfMemory;
        if (!outOfMemory) return false;
        String top = (cmd.parent == null ? cmd : cmd.parent).name;
        boolean exec = top.equals("exec");
        boolean reject = (flags & CommandFlags.DENYOOM) != 0 || (exec && Multi.execDeniesOom(c));
        if (c.mstate.inMulti() && !exec && !top.equals("discard") && !top.equals("quit") && !top.equals("reset")) reject = true;
        return reject;
    }

    private static boolean allowedInSubscribedMode(RedisCommand cmd) {
        if (cmd.parent != null) return false;
        return switch (cmd.name) {
            case "ping", "subscribe", "ssubscribe", "unsubscribe", "sunsubscribe", "psubscribe", "punsubscribe",
                 "quit", "reset" -> true;
            default -> false;
        };
    }

    /**
     * allow-busy commands that Redis runs during a long script but that would touch structures the
     * script thread is changing (the watched-keys tables): Glassbox answers -BUSY to them instead.
     */
    private static boolean touchesSharedStateWhileBusy(RedisCommand cmd) {
        String n = (cmd.parent == null ? cmd : cmd.parent).name;
        return n.equals("watch") || n.equals("unwatch") || n.equals("reset") || n.equals("replconf");
    }

    /** A script outlived busy-reply-threshold: its effects must leave as one block when it ends, so count it as still inside call(). */
    void holdPropagation() { executionNesting.incrementAndGet(); }

    /** The long script ended: the block of its effects goes out now (propagatePendingCommands). */
    void releasePropagation() {
        if (executionNesting.decrementAndGet() == 0) server.propagation().propagatePendingCommands();
    }

    private static boolean isPing(RedisCommand cmd) {
        return cmd.parent == null && cmd.name.equals("ping");
    }

    private static boolean isExec(RedisCommand cmd) { return cmd.parent == null && cmd.name.equals("exec"); }

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

    /** Refuses a command that was not found; inside MULTI this dooms the transaction (flagTransaction). */
    private void reject(Client c, String error) {
        Multi.flagTransaction(c);
        c.addError(error);
    }

    /** Refuses a found command (rejectCommand): a refused EXEC discards the transaction, saying why. */
    private void rejectCommand(Client c, RedisCommand cmd, String error) {
        cmd.rejectedCalls++;
        Multi.flagTransaction(c);
        if (cmd.name.equals("exec") && cmd.parent == null) server.multi().execCommandAbort(c, error);
        else c.addError(error);
    }

    /**
     * Runs the command and does the bookkeeping around it (call), including propagation: if the
     * command moved the dirty counter, its argv (as the command may have rewritten it) is queued
     * for the AOF and replicas, and when the outermost call returns the queue goes out (see
     * {@link Propagation}). EXEC and scripts never propagate themselves: the commands they ran did.
     */
    void call(Client c, RedisCommand cmd) {
        // Time stands still for a whole EXEC: its commands judge expiry at the same instant.
        if (callDepth++ == 0) {
            server.keyspace().startCommand();
            errorsSeen = server.stats().totalErrorReplies;
        }
        try {
            callInner(c, cmd);
        } finally {
            callDepth--;
        }
    }

    /** Depth of nested calls: 1 for a command, 2 for one EXEC runs. */
    private int callDepth;
    /**
     * Error replies already attributed to a command (Redis's prev_err_count in incrCommandStatsOnError):
     * an error inside EXEC counts as a failed call of the queued command, not of EXEC as well.
     */
    private long errorsSeen;

    private void callInner(Client c, RedisCommand cmd) {
        if (c.skipNextReply) c.setMuted(true);
        int replyMark = c.pendingReplyBytes();
        long dirtyBefore = server.keyspace().stats.dirty;
        boolean outerPrevent = c.preventPropagation;
        List<byte[]> outerOriginal = c.originalArgv;
        c.preventPropagation = false;
        c.forcePropagation = false;
        c.originalArgv = null;
        executionNesting.incrementAndGet();
        long start = System.nanoTime();
        Persistence persistence = server.persistence();
        if (cmd.has(CommandFlags.WRITE) && persistence.snapshotInProgress()) {
            // copy on write of the fork-less BGSAVE / AOF rewrite: save these keys' values before they change
            int[] keys = io.glassbox.command.CommandTable.keyPositions(cmd, c.argv);
            if (keys != null) for (int k : keys) persistence.beforeWrite(c.db(), c.argv.get(k));
        }
        try {
            // evalCommand, fcallCommandGeneric: a script is shown to MONITOR before the commands it runs
            if (cmd.scriptFlags && !server.monitors().isEmpty()) feedMonitors(c, c.argv);
            cmd.handler().execute(c);
        } catch (OutOfMemoryError e) {
            // One allocation larger than the heap's room (a 512 MB SETRANGE under a small -Xmx): it
            // failed before anything was stored, so the command is refused as maxmemory would refuse
            // it and the server goes on. The launcher sizes the heap so that this stays rare
            // (docs/memory.md); Redis would abort in zmalloc's out-of-memory handler.
            server.log("warning", "Out of heap in '" + cmd.fullName + "': " + e.getMessage());
            c.truncateReply(replyMark);
            c.addError(OOM_ERROR);
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            // A bug in a command must not take the connection or the server down: the client gets
            // an error, the log gets the stack trace, and the keyspace keeps what it had.
            server.stats().unexpectedErrorReplies++;
            java.io.StringWriter trace = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(trace));
            // the line _serverAssert logs (Redis then crashes; the suite's corrupt-dump tests count it)
            server.log("warning", "=== ASSERTION FAILED ===");
            server.log("warning", "==> Internal error in '" + cmd.fullName + "': " + trace);
            c.truncateReply(replyMark); // the part of the reply written before the failure
            c.addError("internal error in '" + cmd.fullName + "': " + e);
        }
        long nanos = System.nanoTime() - start;
        long micros = nanos / 1000;
        executionNesting.decrementAndGet();
        if ((server.keyspace().stats.dirty > dirtyBefore || c.forcePropagation) && !c.preventPropagation && !c.scriptPropagationOff && !propagatesByEffects(cmd)
                && !cmd.has(CommandFlags.MODULE)) { // module commands take care of themselves (RM_Replicate*)
            server.propagation().alsoPropagate(c.db().id, c.argv);
        }
        c.preventPropagation = outerPrevent;
        if (cmd.has(CommandFlags.READONLY)) rememberTrackedKeys(c, cmd);
        List<byte[]> requested = c.originalArgv != null ? c.originalArgv : c.argv;
        if (c.skipNextReply && cmd != server.commands().lookupByFullName("client|reply")) {
            c.skipNextReply = false;
            c.setMuted(false);
        }
        // the latency this command caused on the command thread (call's latencyAddSampleIfNeeded)
        ServerSettings s0 = server.settings();
        server.latencyMonitor().addSampleIfNeeded(cmd.has(CommandFlags.FAST) ? "fast-command" : "command", micros / 1000);
        cmd.calls++;
        cmd.microseconds += micros;
        // a blocked client's histogram entry waits for its unblocking, as in Redis
        if (c.blocked) {
            if (c.bstate != null) { c.bstate.callNanos = nanos; c.bstate.cmd = cmd; }
        } else if (s0.latencyTracking) {
            if (cmd.latencyHistogram == null) cmd.latencyHistogram = new io.glassbox.util.LatencyHistogram();
            cmd.latencyHistogram.record(nanos);
        }
        if (server.stats().totalErrorReplies > errorsSeen) cmd.failedCalls++;
        errorsSeen = server.stats().totalErrorReplies;
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
        server.listener().commandExecuted(c, cmd, micros);
        if (executionNesting.get() == 0) {
            server.keyspace().settleTouched(); // the keys this command wrote cost what they cost now
            boolean wrote = server.propagation().hasPending();
            server.propagation().propagatePendingCommands();
            if (wrote) c.woff = server.replication().masterReplOffset(); // for WAIT
            // afterCommand: invalidations of the client's own keys go out after its reply, never
            // inside a transaction's or a script's
            server.tracking().handlePendingKeyInvalidations();
        }
    }

    /**
     * A read-only command ran: if its client tracks keys (not in BCAST mode), the table remembers
     * them (call()'s trackingRememberKeys). A command a script ran counts for the script's caller,
     * which remembers the keys the script declared; EVAL_RO and FCALL_RO themselves do not count,
     * only the read-only commands they run.
     */
    private void rememberTrackedKeys(Client c, RedisCommand cmd) {
        Client caller = c.scriptClient ? server.currentClient : c;
        if (caller == null || !caller.tracking.on || caller.tracking.bcast) return;
        switch (cmd.name) {
            case "eval_ro", "evalsha_ro", "fcall_ro": return;
            default:
        }
        // the caller's own command: a script's caller is running EVAL, whose declared keys count
        if (caller == c) server.tracking().rememberKeys(c, cmd, c.argv);
        else if (caller.cmd != null && caller.argv != null) server.tracking().rememberKeys(caller, caller.cmd, caller.argv);
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
