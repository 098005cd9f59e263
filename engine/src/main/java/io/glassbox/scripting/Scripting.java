package io.glassbox.scripting;

import io.glassbox.command.RedisCommand;
import io.glassbox.config.ConfigRegistry;
import io.glassbox.config.NumericConfig;
import io.glassbox.db.Keyspace;
import io.glassbox.resp.ReplyBuffer;
import io.glassbox.server.Client;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The server's scripting state and how a script runs: Redis's {@code script.c} (the run context,
 * SCRIPT KILL, the BUSY state) with {@code eval.c}'s share in {@link Eval} and
 * {@code functions.c}'s in {@link Functions}.
 *
 * <h2>Where a script runs, and how other clients get -BUSY</h2>
 * A script is atomic: nothing else touches the data set until it returns. Redis runs it on the
 * main thread and, from the Lua count hook, once the script has run longer than
 * {@code busy-reply-threshold} (5 s), calls {@code processEventsWhileBlocked} so other clients
 * are read and answered {@code -BUSY}, and SCRIPT KILL can get in.
 *
 * <p>Glassbox's command thread is Netty's event loop, which cannot be re-entered from inside a
 * task to read sockets. So the script runs on a second thread, the <em>script thread</em>, and the
 * command thread waits for it:
 * <ol>
 * <li>The command thread hands the script over and waits up to busy-reply-threshold. Nearly every
 *     script ends long before: the command thread takes the result and replies as if it had run
 *     the script itself. While it waits it touches nothing, so the script thread owns the data
 *     set; the hand-over (a monitor) orders their memory.
 * <li>Past the threshold the command thread stops waiting: the calling client is marked blocked
 *     (its further input waits), the server is <em>busy</em> ({@link #busy()}), and the loop goes
 *     on serving sockets. Every command without Redis's {@code allow-busy} flag is refused with
 *     -BUSY in {@code processCommand}; the cron and before-sleep skip their data-set work (and the
 *     AOF flush), BGSAVE's walk slices wait ({@code Server.deferWhileScriptBusy}), and the
 *     propagation of the script's effects is held open so they still leave as one MULTI/EXEC.
 *     SCRIPT KILL / FUNCTION KILL set a flag that the script's instruction hook obeys.
 * <li>When the script ends, the script thread posts the finish to the command thread: the reply is
 *     written, busy is cleared, the caller is unblocked.
 * </ol>
 * A script inside MULTI/EXEC, or on a server without an event loop (unit tests), runs to the end
 * while the command thread waits (no BUSY replies then).
 */
public final class Scripting {
    /** PROPAGATE_AOF, PROPAGATE_REPL: redis.set_repl's flags. */
    public static final int REPL_AOF = 1, REPL_REPLICA = 2, REPL_ALL = 3;

    static final String BUSY_EVAL = "-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.";
    static final String BUSY_FUNCTION = "-BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.";

    /**
     * What a script needs from the server, and nothing more: the rest of {@code server} stays out
     * of this package (the engine answers it for one engine's server).
     */
    public interface Host {
        /** The settings; read once, at construction, for the holders CONFIG SET updates in place. */
        ConfigRegistry config();

        /** The command clock ({@code server.mstime}): when a run started, how long it has run. */
        long nowMillis();

        /** serverLog: redis.log, the slow-script warning; {@code level} is "debug", "verbose", "notice" or "warning". */
        void log(String level, String msg);

        /** The dataset: FUNCTION LOAD / DELETE / FLUSH / RESTORE count as changes ({@code server.dirty++}). */
        Keyspace keyspace();

        /** scriptingInit's {@code lctx.lua_client}: the fake client every command of a script runs on. */
        Client createScriptClient();

        /** lookupCommand: the command table, for scriptCall and redis.acl_check_cmd; null if unknown. */
        RedisCommand lookupCommand(byte[] name);

        /**
         * scriptVerifyACL: may the caller's user run {@code cmd} with the script client's argv? Null
         * if so, else the error for the script (the refusal is logged in ACL LOG, context lua).
         */
        String checkAcl(Client caller, Client scriptClient, RedisCommand cmd);

        /** redis.acl_check_cmd: may the caller's user run this, without logging anything. */
        boolean aclAllows(Client caller, RedisCommand cmd, java.util.List<byte[]> argv);

        /** call() for a script's command ({@code scriptCall}): runs {@code cmd} on the script client. */
        void callFromScript(Client scriptClient, RedisCommand cmd);

        /** putClientInPendingWriteQueue: a long script's caller gets its reply before the loop sleeps. */
        void queueWrite(Client c);

        /**
         * Runs a task on the command thread: how the script thread hands a finished long script
         * back. Null when there is no event loop (a bare server in a test): scripts then never detach.
         */
        Executor loopExecutor();

        /** True when the running command was called by another (EVAL inside MULTI/EXEC): such a script never hands the loop back. */
        boolean insideNestedCall();

        /** A script is about to outlive busy-reply-threshold: the propagation of its effects is held open until it ends. */
        void scriptBecomesBusy();

        /** The long script ended (command thread): its effects propagate as one block, and the work held back while busy runs. */
        void scriptNoLongerBusy();

        /**
         * pre_command_oom_state with maxmemory set: the command that runs the script started with used
         * memory over maxmemory and nothing left to evict.
         */
        default boolean preCommandOom() { return false; }

        /**
         * scriptVerifyWriteCommandAllow's checks of the server's state before a script's first write:
         * a read-only replica (unless the caller is the master), the disk (-MISCONF), too few good
         * replicas; null if the write may run, else the error, in that order.
         */
        default String writeDeniedInScript(Client caller) { return null; }

        /** DEBUG SET-DISABLE-DENY-SCRIPTS: when true, commands flagged noscript may run from a script (tests use it). */
        boolean denyScriptsDisabled();
    }

    private final Host host;
    /** busy-reply-threshold (lua-time-limit), ms, looked up once: CONFIG SET changes the value it holds. */
    private final NumericConfig busyReplyThreshold;
    private final Client scriptClient;
    final Eval eval;
    final Functions functions;
    private ExecutorService scriptThread;
    /** The script running now (on either thread), or null. */
    private volatile ScriptRun running;
    /** The running script outlived busy-reply-threshold; the loop is answering -BUSY. */
    private volatile boolean busy;

    public Scripting(Host host) {
        this.host = host;
        this.busyReplyThreshold = host.config().numeric("busy-reply-threshold");
        this.scriptClient = host.createScriptClient();
        this.eval = new Eval(this, host);
        this.functions = new Functions(this, host);
    }

    public Eval eval() { return eval; }

    public Functions functions() { return functions; }

    /** True while a script that outlived busy-reply-threshold is still running. */
    public boolean busy() { return busy; }

    /** The -BUSY error for commands refused while {@link #busy()}: SCRIPT KILL's or FUNCTION KILL's wording. */
    public String busyError() {
        ScriptRun r = running;
        return r == null || r.evalMode ? BUSY_EVAL : BUSY_FUNCTION;
    }

    ScriptRun running() { return running; }

    /** What a script body does on the script thread: call into Lua, return the value or throw LuaError. */
    interface Body {
        LuaValue run();
    }

    /** The outcome of a script: its return value, or the error it raised. */
    record Outcome(LuaValue value, LuaSandbox.Failure failure) {}

    /**
     * Runs a script for {@code caller} and replies to it (scriptPrepareForRun, the call, then
     * scriptResetRun). See the class comment for the threads.
     */
    void run(Client caller, String funcname, boolean evalMode, boolean readOnly, LuaSandbox sandbox, Body body) {
        run(caller, funcname, evalMode, readOnly, false, sandbox, body);
    }

    /** The same; {@code allowOom}: the script declared allow-oom (SCRIPT_ALLOW_OOM), its commands skip the OOM check. */
    void run(Client caller, String funcname, boolean evalMode, boolean readOnly, boolean allowOom, LuaSandbox sandbox, Body body) {
        ScriptRun run = new ScriptRun(host, caller, scriptClient, funcname, evalMode, readOnly);
        run.allowOom = allowOom;
        scriptClient.selectDb(caller.db().id);
        scriptClient.setProtocol(2);
        scriptClient.denyBlocking = true;
        running = run;
        long threshold = busyReplyThreshold.get();
        boolean mayDetach = threshold > 0 && host.loopExecutor() != null && !caller.denyBlocking
                && caller != scriptClient && !host.insideNestedCall();
        if (!mayDetach) {
            Outcome o = execute(run, sandbox, body);
            finish(run, o);
            return;
        }
        if (scriptThread == null) {
            scriptThread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "glassbox-script");
                t.setDaemon(true);
                return t;
            });
        }
        Outcome[] result = new Outcome[1];
        scriptThread.execute(() -> {
            Outcome o = execute(run, sandbox, body);
            boolean post;
            synchronized (run) {
                result[0] = o;
                run.done = true;
                post = run.detached;
                run.notifyAll();
            }
            if (post) host.loopExecutor().execute(() -> finishDetached(run, o));
        });
        long deadline = System.nanoTime() + threshold * 1_000_000L;
        synchronized (run) {
            while (!run.done) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                try {
                    run.wait(left / 1_000_000L, (int) (left % 1_000_000L));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (!run.done) {
                run.detached = true;
                host.scriptBecomesBusy();
            }
        }
        if (!run.detached) {
            finish(run, result[0]);
            return;
        }
        // Past busy-reply-threshold: let the loop serve other clients (with -BUSY) meanwhile.
        host.log("warning", "Slow script detected: still in execution after " + run.elapsedMillis()
                + " milliseconds. You can try killing the script using the "
                + (evalMode ? "SCRIPT KILL" : "FUNCTION KILL") + " command. Script name is: " + funcname + ".");
        busy = true;
        caller.blocked = true;
    }

    private Outcome execute(ScriptRun run, LuaSandbox sandbox, Body body) {
        sandbox.current = run;
        try {
            return new Outcome(body.run(), null);
        } catch (LuaError e) {
            return new Outcome(null, LuaSandbox.failure(e));
        } catch (StackOverflowError e) {
            return new Outcome(null, new LuaSandbox.Failure(LuaValue.valueOf("stack overflow"), null, null));
        } finally {
            sandbox.current = null;
        }
    }

    private void finishDetached(ScriptRun run, Outcome o) {
        busy = false;
        run.caller.blocked = false;
        if (run.killRequested) host.log("warning", "Lua script killed by user with SCRIPT KILL.");
        finish(run, o);
        host.queueWrite(run.caller);
        host.scriptNoLongerBusy();
    }

    /** Writes the script's reply to its caller (luaCallFunction's tail) and ends the run. */
    private void finish(ScriptRun run, Outcome o) {
        running = null;
        Client c = run.caller;
        if (c.isClosed()) return;
        if (o.failure() == null) {
            writeValue(c, o.value(), run.resp);
            return;
        }
        LuaSandbox.Failure f = o.failure();
        LuaValue obj = f.object();
        if (!obj.istable()) {
            // the error handler's first step (__redis__err__handler): err = {err='ERR ' .. tostring(err)}
            obj = LuaReplies.errorTable("-ERR " + obj.tojstring(), false);
        }
        LuaValue err = obj.rawget(LuaReplies.ERR);
        StringBuilder msg = new StringBuilder("-").append(err.isstring() ? err.tojstring() : "(null)");
        if (f.line() != null && f.source() != null) {
            msg.append(" script: ").append(run.funcname).append(", on ").append(f.source()).append(':').append(f.line()).append('.');
        }
        addError(c, msg.toString(), obj.rawget(LuaReplies.IGNORE_STATS).toboolean());
    }

    /** Converts a script's return value into the reply (luaReplyToRedisReply), errors counted as Redis does. */
    static void writeValue(ReplyBuffer c, LuaValue v, int resp) {
        if (v.istable()) {
            LuaValue err = v.rawget(LuaReplies.ERR);
            if (err.isstring()) {
                addError(c, "-" + err.tojstring(), v.rawget(LuaReplies.IGNORE_STATS).toboolean());
                return;
            }
        }
        LuaReplies.toReply(c, v, resp, 0);
    }

    /** An error reply; {@code noStats} is ERR_REPLY_FLAG_NO_STATS_UPDATE (already counted when the command failed). */
    static void addError(ReplyBuffer c, String msg, boolean noStats) {
        if (!noStats) {
            c.addError(msg);
            return;
        }
        String m = msg.replace('\r', ' ').replace('\n', ' ');
        if (!m.startsWith("-")) m = "-ERR " + m;
        c.addRaw((m + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * SCRIPT KILL / FUNCTION KILL (scriptKill): refused when nothing runs, when the script already
     * wrote (UNKILLABLE: killing it would leave half its effects), or when it is the other kind.
     */
    void kill(Client c, boolean isEval) {
        ScriptRun r = running;
        if (r == null || !busy) {
            c.addError("-NOTBUSY No scripts in execution right now.");
            return;
        }
        if (r.writeDirty) {
            c.addError("-UNKILLABLE Sorry the script already executed write commands against the dataset. "
                    + "You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.");
            return;
        }
        if (isEval && !r.evalMode) { c.addError(BUSY_FUNCTION); return; }
        if (!isEval && r.evalMode) { c.addError(BUSY_EVAL); return; }
        r.killRequested = true;
        c.addOk();
    }

    /**
     * Stops whatever script runs, writes or not, and the script thread (the engine is closing:
     * Redis's SHUTDOWN NOSAVE ends a script the same way, by ending the process).
     */
    public void shutdown() {
        ScriptRun r = running;
        if (r != null) r.killRequested = true;
        if (scriptThread != null) scriptThread.shutdownNow();
    }

    static LuaTable keysTable(java.util.List<byte[]> keys) { return LuaSandbox.array(keys); }
}
