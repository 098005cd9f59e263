package io.glassbox.scripting;

import io.glassbox.config.ConfigLoader;
import io.glassbox.util.RedisNumbers;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code redis} table scripts call into: {@code script_lua.c}'s {@code luaRegisterRedisAPI}.
 * Every function acts on the sandbox's current {@link ScriptRun}; error texts are Redis 7.0's.
 *
 * <p>{@code redis.call} and {@code redis.pcall} share {@link #genericCommand}
 * (luaRedisGenericCommand): arguments become the command's argv (numbers formatted "%.17g", as
 * Redis, so 1.5 is "1.5" and 3 is "3"), the command runs on the script's client, and its reply
 * bytes are parsed into a Lua value ({@link LuaReplies}). On an error reply {@code call} raises
 * the {@code {err=...}} table and {@code pcall} returns it.
 */
final class RedisLib implements LuaSandbox.RedisApi {
    static final String REDIS_VERSION = ConfigLoader.REDIS_VERSION;
    static final int REDIS_VERSION_NUM = 0x07000f;
    private static final String[] LOG_LEVELS = {"debug", "verbose", "notice", "warning"};

    private final Scripting.Host host;

    RedisLib(Scripting.Host host) { this.host = host; }

    @Override
    public void install(LuaTable redis, LuaSandbox sandbox) {
        redis.set("call", fn(a -> genericCommand(sandbox, a, true)));
        redis.set("pcall", fn(a -> genericCommand(sandbox, a, false)));
        redis.set("log", fn(this::log));
        redis.set("LOG_DEBUG", 0);
        redis.set("LOG_VERBOSE", 1);
        redis.set("LOG_NOTICE", 2);
        redis.set("LOG_WARNING", 3);
        redis.set("REDIS_VERSION_NUM", REDIS_VERSION_NUM);
        redis.set("REDIS_VERSION", REDIS_VERSION);
        redis.set("setresp", fn(a -> {
            ScriptRun run = runOrRaise(sandbox, "redis.setresp can only be called inside a script invocation");
            if (a.narg() != 1) throw raise("redis.setresp() requires one argument.");
            int resp = (int) a.arg1().optdouble(0);
            if (resp != 2 && resp != 3) throw raise("RESP version must be 2 or 3.");
            run.resp = resp;
            return LuaValue.NONE;
        }));
        redis.set("sha1hex", fn(a -> {
            if (a.narg() != 1) throw raise("wrong number of arguments");
            return LuaValue.valueOf(sha1hex(a.arg1().isstring() ? LuaReplies.bytes(a.arg1()) : new byte[0]));
        }));
        redis.set("error_reply", fn(a -> {
            if (a.narg() != 1 || a.arg1().type() != LuaValue.TSTRING) return LuaReplies.errorTable("wrong number or type of arguments", false);
            String e = a.arg1().tojstring();
            return LuaReplies.errorTable(e.startsWith("-") ? e : "-" + e, false);
        }));
        redis.set("status_reply", fn(a -> {
            if (a.narg() != 1 || a.arg1().type() != LuaValue.TSTRING) return LuaReplies.errorTable("wrong number or type of arguments", false);
            LuaTable t = new LuaTable();
            t.rawset(LuaReplies.OK, a.arg1());
            return t;
        }));
        redis.set("set_repl", fn(a -> {
            ScriptRun run = runOrRaise(sandbox, "redis.set_repl can only be called inside a script invocation");
            if (a.narg() != 1) throw raise("redis.set_repl() requires two arguments.");
            int flags = (int) a.arg1().optdouble(0);
            if ((flags & ~Scripting.REPL_ALL) != 0) throw raise("Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.");
            run.replFlags = flags;
            return LuaValue.NONE;
        }));
        redis.set("REPL_NONE", 0);
        redis.set("REPL_AOF", Scripting.REPL_AOF);
        redis.set("REPL_SLAVE", Scripting.REPL_REPLICA);
        redis.set("REPL_REPLICA", Scripting.REPL_REPLICA);
        redis.set("REPL_ALL", Scripting.REPL_ALL);
        // 7.0 always replicates a script's effects, so this only says yes (luaRedisReplicateCommandsCommand)
        redis.set("replicate_commands", fn(a -> LuaValue.TRUE));
        // the Lua debugger (LDB) is not implemented: outside a debugging session Redis answers the same
        redis.set("breakpoint", fn(a -> LuaValue.FALSE));
        redis.set("debug", fn(a -> LuaValue.NONE));
        redis.set("acl_check_cmd", fn(a -> {
            ScriptRun run = runOrRaise(sandbox, "redis.acl_check_cmd can only be called inside a script invocation");
            List<byte[]> argv = argv(a);
            if (argv == null) throw new LuaError(LuaReplies.errorTable(argvError(a), false));
            io.glassbox.command.RedisCommand cmd = host.lookupCommand(argv.get(0));
            if (cmd != null && !cmd.subcommands().isEmpty() && argv.size() > 1) {
                cmd = cmd.subcommand(new String(argv.get(1), java.nio.charset.StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT));
            }
            if (cmd == null) throw raise("Invalid command passed to redis.acl_check_cmd()");
            return LuaValue.valueOf(host.aclAllows(run.caller, cmd, argv));
        }));
    }

    /** luaRedisGenericCommand. */
    private Varargs genericCommand(LuaSandbox sandbox, Varargs a, boolean raise) {
        ScriptRun run = runOrRaise(sandbox, "redis.call/pcall can only be called inside a script invocation");
        List<byte[]> argv = argv(a);
        if (argv == null) {
            LuaTable err = LuaReplies.errorTable(argvError(a), false);
            if (raise) throw new LuaError(err);
            return err;
        }
        String error = run.call(argv);
        if (error != null) {
            LuaTable err = LuaReplies.errorTable(error, true);
            if (raise) throw new LuaError(err);
            return err;
        }
        var sc = run.scriptClient;
        int n = sc.pendingReplyBytes();
        byte[] buf = sc.replyArray();
        boolean isError = n > 0 && buf[0] == '-';
        LuaValue v = n == 0 ? LuaValue.NIL : LuaReplies.toLua(buf, n);
        sc.consumeReply(n);
        if (raise && isError) throw new LuaError(v);
        return v;
    }

    private static String argvError(Varargs a) {
        return a.narg() == 0 ? "Please specify at least one argument for this redis lib call"
                : "Lua redis lib command arguments must be strings or integers";
    }

    /** luaArgsToRedisArgv: strings as they are, numbers as "%.17g"; null if empty or another type. */
    static List<byte[]> argv(Varargs a) {
        int n = a.narg();
        if (n == 0) return null;
        List<byte[]> argv = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            LuaValue v = a.arg(i);
            if (v.type() == LuaValue.TNUMBER) argv.add(formatNumber(v.todouble()).getBytes(StandardCharsets.US_ASCII));
            else if (v.type() == LuaValue.TSTRING) argv.add(LuaReplies.bytes(v));
            else return null;
        }
        return argv;
    }

    static String formatNumber(double d) {
        if (Double.isNaN(d)) return Double.doubleToRawLongBits(d) < 0 ? "-nan" : "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        return RedisNumbers.formatDouble(d, 17);
    }

    private Varargs log(Varargs a) {
        int argc = a.narg();
        if (argc < 2) throw raise("redis.log() requires two arguments or more.");
        if (!a.arg1().isnumber()) throw raise("First argument must be a number (log level).");
        int level = (int) a.arg1().todouble();
        if (level < 0 || level > 3) throw raise("Invalid debug level.");
        StringBuilder sb = new StringBuilder();
        for (int i = 2; i <= argc; i++) {
            LuaValue v = a.arg(i);
            if (!v.isstring()) continue;
            if (i != 2) sb.append(' ');
            sb.append(v.tojstring());
        }
        host.log(LOG_LEVELS[level], sb.toString());
        return LuaValue.NONE;
    }

    private static ScriptRun runOrRaise(LuaSandbox sandbox, String msg) {
        ScriptRun run = sandbox.current;
        if (run == null) throw raise(msg);
        return run;
    }

    /** luaPushError + luaError: raise an {@code {err="ERR msg"}} table. */
    static LuaError raise(String msg) {
        return new LuaError(LuaReplies.errorTable(msg, false));
    }

    static String sha1hex(byte[] b) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-1").digest(b);
            StringBuilder sb = new StringBuilder(40);
            for (byte x : d) sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static VarArgFunction fn(java.util.function.Function<Varargs, Varargs> f) {
        return new VarArgFunction() {
            @Override public Varargs invoke(Varargs args) { return f.apply(args); }
        };
    }

    static LuaString str(String s) { return LuaString.valueOf(s); }
}
