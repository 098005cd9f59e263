package io.glassbox.scripting;

import io.glassbox.command.CommandFlags;
import io.glassbox.command.RedisCommand;
import io.glassbox.server.Client;
import org.luaj.vm2.LuaError;

import java.util.List;

/**
 * One running script or function: Redis's {@code scriptRunCtx} ({@code script.c}). It knows who
 * called ({@link #caller}), the client the script's own commands run on ({@link #scriptClient}),
 * what the script may do (read-only, from EVAL_RO / FCALL_RO or a {@code no-writes} flag) and what
 * it did (wrote something: then SCRIPT KILL must refuse, the data set is half changed).
 *
 * <p>{@link #call} is {@code scriptCall}: the checks Redis makes before a script's command runs,
 * in Redis's order, then the command itself through {@link Scripting.Host#callFromScript}.
 */
final class ScriptRun {
    final Scripting.Host host;
    final Client caller;
    final Client scriptClient;
    /** The name errors show: the script's SHA1 for EVAL, the function's name for FCALL. */
    final String funcname;
    /** True for EVAL*, false for FCALL* (which error texts and which KILL applies). */
    final boolean evalMode;
    final boolean readOnly;
    final long startMillis;
    /** redis.setresp: the protocol the script's commands reply in (2 or 3). */
    int resp = 2;
    /** redis.set_repl: where the script's writes propagate (PROPAGATE_AOF | PROPAGATE_REPL). */
    int replFlags = Scripting.REPL_ALL;
    /** SCRIPT_WRITE_DIRTY: a write command ran; the script can no longer be killed. */
    volatile boolean writeDirty;
    /** SCRIPT_ALLOW_OOM: the script declared allow-oom; its deny-oom commands run even out of memory. */
    boolean allowOom;
    /** SCRIPT_KILLED: set by SCRIPT KILL / FUNCTION KILL on the command thread, obeyed by the hook. */
    volatile boolean killRequested;

    // hand-over between the script thread and the command thread (see Scripting.run)
    boolean done;
    boolean detached;
    byte[] reply;
    /** The error line to count in errorstats when the reply is given, or null. */
    String errorToCount;

    ScriptRun(Scripting.Host host, Client caller, Client scriptClient, String funcname, boolean evalMode, boolean readOnly) {
        this.host = host;
        this.caller = caller;
        this.scriptClient = scriptClient;
        this.funcname = funcname;
        this.evalMode = evalMode;
        this.readOnly = readOnly;
        this.startMillis = host.nowMillis();
    }

    /**
     * scriptCall: looks the command up and checks it may run from a script; returns null when it
     * ran (its reply waits in the script client's buffer), otherwise the error text for the
     * script. Error texts are Redis 7.0's.
     */
    String call(List<byte[]> argv) {
        RedisCommand cmd = host.lookupCommand(argv.get(0));
        if (cmd != null && !cmd.subcommands().isEmpty() && argv.size() > 1) {
            cmd = cmd.subcommand(new String(argv.get(1), java.nio.charset.StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT));
            if (cmd != null && cmd.handler() == null) cmd = null;
        }
        if (cmd == null) return rejected(null, "Unknown Redis command called from script");
        if (!cmd.arityOk(argv.size())) return rejected(cmd, "Wrong number of args calling Redis command from script");
        if (cmd.has(CommandFlags.NOSCRIPT) && !host.denyScriptsDisabled()) return rejected(cmd, "This Redis command is not allowed from script");
        // scriptVerifyACL, before scriptVerifyWriteCommandAllow as in scriptCall
        scriptClient.argv = argv;
        String aclError = host.checkAcl(caller, scriptClient, cmd);
        if (aclError != null) return rejected(cmd, aclError);
        // scriptVerifyWriteCommandAllow: a read-only script may not call a may-replicate command
        // either (PUBLISH, PFCOUNT), which is what lets CLIENT PAUSE WRITE run read-only scripts
        if (readOnly && (cmd.flags & (CommandFlags.WRITE | CommandFlags.MAY_REPLICATE)) != 0) {
            return rejected(cmd, "Write commands are not allowed from read-only scripts.");
        }
        // scriptVerifyOOM: out of memory when the script started, its first write is refused (once it
        // has written, it cannot be stopped half-way)
        if (!allowOom && !writeDirty && cmd.has(CommandFlags.DENYOOM) && host.preCommandOom()) {
            return rejected(cmd, "-OOM command not allowed when used memory > 'maxmemory'.");
        }
        // a script that already wrote cannot be failed on the server's state (SCRIPT_WRITE_DIRTY)
        if (!writeDirty && cmd.has(CommandFlags.WRITE)) {
            String denied = host.writeDeniedInScript(caller);
            if (denied != null) return rejected(cmd, denied);
        }
        if (cmd.has(CommandFlags.WRITE)) writeDirty = true;
        scriptClient.argv = argv;
        scriptClient.cmd = cmd;
        scriptClient.lastCmd = cmd;
        scriptClient.setProtocol(resp);
        // redis.set_repl: the AOF is the only propagation target so far; replicas will read REPL_REPLICA
        scriptClient.scriptPropagationOff = (replFlags & Scripting.REPL_AOF) == 0;
        host.callFromScript(scriptClient, cmd);
        scriptClient.argv = null;
        return null;
    }

    /**
     * scriptCall's error path: the refusal counts in INFO errorstats and the command's
     * rejected_calls now (afterErrorReply, incrCommandStatsOnError), so the script's final error
     * reply does not count it again.
     */
    private String rejected(RedisCommand cmd, String error) {
        scriptClient.addError(error);
        scriptClient.consumeReply(scriptClient.pendingReplyBytes());
        if (cmd != null) cmd.rejectedCalls++;
        return error;
    }

    /** The error SCRIPT KILL makes the script raise (luaMaskCountHook). */
    LuaError killError() {
        return new LuaError(LuaReplies.errorTable("Script killed by user with SCRIPT KILL...", false));
    }

    long elapsedMillis() { return host.nowMillis() - startMillis; }
}
