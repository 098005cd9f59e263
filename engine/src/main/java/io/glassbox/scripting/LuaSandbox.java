package io.glassbox.scripting;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.Lua;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.CoroutineLib;
import org.luaj.vm2.lib.DebugLib;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.jse.JseBaseLib;
import org.luaj.vm2.lib.jse.JseMathLib;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Field;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * One Lua interpreter with Redis's sandbox around it (Redis's {@code lua_State} set up by
 * {@code luaRegisterRedisAPI} and {@code scriptingInit}). EVAL scripts share one sandbox; the
 * functions engine has its own (Redis 7.0 keeps the two {@code lua_State}s apart too).
 *
 * <p>What a script sees: the Lua base functions Redis allows, {@code string}, {@code table},
 * {@code math} (with Redis's deterministic {@code random}), {@code coroutine}, {@code cjson},
 * {@code bit}, and the {@code redis} table. What it does not: {@code os}, {@code io},
 * {@code dofile}, {@code loadfile}, {@code require}, {@code print}, {@code debug}.
 *
 * <p>The globals are a {@link ReadOnlyTable}: assigning a global fails with "Attempt to modify a
 * readonly table" and reading one that does not exist fails with "Script attempted to access
 * nonexistent global variable" (Redis 7.0's {@code luaSetErrorMetatable} and readonly tables);
 * library tables are locked copies, so a script cannot redefine {@code string.format} for the
 * next one.
 *
 * <p>Lua 5.1 versus luaj's 5.2, where scripts notice: {@code unpack} and {@code table.getn} are
 * added back, {@code loadstring} is {@code load} with the sandboxed globals, {@code _VERSION}
 * says "Lua 5.1". Error messages of the VM itself differ in wording ("attempt to perform
 * arithmetic __add on nil and number" versus 5.1's "attempt to perform arithmetic on a nil value");
 * see docs/scripting.md.
 *
 * <p>A long script is interrupted through a hook: luaj calls {@link ScriptDebugLib} on every
 * instruction, and it asks the running script's context whether SCRIPT KILL / FUNCTION KILL was
 * requested (Redis's luaMaskCountHook).
 */
final class LuaSandbox {
    /** Globals Redis lets scripts see (script_lua.c's allow lists, minus what 7.0.15 removed). */
    private static final Set<String> ALLOWED = Set.of("string", "cjson", "bit", "cmsgpack", "struct", "math", "table",
            "redis", "xpcall", "tostring", "setmetatable", "next", "assert", "tonumber", "rawequal",
            "collectgarbage", "getmetatable", "rawset", "pcall", "coroutine", "type", "_G", "select",
            "unpack", "gcinfo", "pairs", "rawget", "loadstring", "ipairs", "_VERSION", "load", "error");

    private final Globals globals = new Globals();
    final ReadOnlyTable env;
    /** The redis table, to add register_function and friends for the functions engine. */
    final LuaTable redisTable;
    /** The script running now, or null between scripts; the redis.* functions act on it. */
    volatile ScriptRun current;
    /** FUNCTION LOAD's deadline (System.nanoTime), 0 when no load is timed; see {@link #startLoadTimer}. */
    private long loadDeadline;
    /** Instructions left before the load's clock is read again. */
    private int loadCheckCountdown;
    private final Rand48 rand = new Rand48();

    LuaSandbox(RedisApi api) {
        globals.load(new JseBaseLib());
        globals.load(new PackageLib());
        globals.load(new TableLib());
        globals.load(new StringLib());
        globals.load(new JseMathLib());
        globals.load(new CoroutineLib());
        globals.load(new ScriptDebugLib());
        LoadState.install(globals);
        LuaC.install(globals);
        // Lua 5.1's syntax error messages ("... near '<eof>'"), see Lua51SyntaxErrors
        globals.compiler = org.luaj.vm2.compiler.Lua51SyntaxErrors.INSTANCE;
        globals.running.errorfunc = new OneArgFunction() {
            @Override public LuaValue call(LuaValue msg) { return LuaValue.valueOf(lua51Message(msg.tojstring())); }
        };

        LuaValue basePcall = globals.get("pcall");
        globals.set("pcall", new VarArgFunction() {
            // luaRedisPcall: an error raised as {err=...} (redis.call's) reaches the script as its text
            @Override public Varargs invoke(Varargs args) {
                Varargs r = basePcall.invoke(args);
                if (!r.arg1().toboolean() && r.arg(2).istable()) {
                    LuaValue e = r.arg(2).rawget(LuaReplies.ERR);
                    if (e.isstring()) return varargsOf(FALSE, e);
                } else if (!r.arg1().toboolean() && r.arg(2).type() == TSTRING) {
                    return varargsOf(FALSE, valueOf(lua51Message(r.arg(2).tojstring())));
                }
                return r;
            }
        });
        LuaTable redis = new LuaTable();
        api.install(redis, this);
        globals.set("redis", redis);
        globals.set("cjson", CJson.library());
        globals.set("bit", BitLib.library());
        globals.set("cmsgpack", CMsgPack.library());
        globals.set("struct", StructLib.library());
        LuaTable table = (LuaTable) globals.get("table");
        globals.set("unpack", table.get("unpack"));
        table.set("getn", new OneArgFunction() {
            @Override public LuaValue call(LuaValue t) { return t.len(); }
        });
        ((LuaTable) globals.get("string")).set("format", new VarArgFunction() {
            @Override public Varargs invoke(Varargs args) { return LuaFormat.format(args); }
        });
        LuaTable math = (LuaTable) globals.get("math");
        math.set("random", new VarArgFunction() {
            @Override public Varargs invoke(Varargs args) { return rand.random(args); }
        });
        math.set("randomseed", new OneArgFunction() {
            @Override public LuaValue call(LuaValue seed) { rand.seed(seed.checkint()); return NONE; }
        });
        globals.set("gcinfo", new VarArgFunction() {
            @Override public Varargs invoke(Varargs args) {
                Runtime rt = Runtime.getRuntime();
                return valueOf((int) ((rt.totalMemory() - rt.freeMemory()) / 1024));
            }
        });
        globals.set("_VERSION", "Lua 5.1");

        ReadOnlyTable g = new ReadOnlyTable();
        IdentityHashMap<LuaTable, ReadOnlyTable> seen = new IdentityHashMap<>();
        seen.put(globals, g);
        for (String name : ALLOWED) {
            LuaValue v = name.equals("loadstring") ? globals.get("load") : globals.get(name);
            if (v.isnil()) continue;
            g.rawset(name, v instanceof LuaTable t && !name.equals("_G") ? ReadOnlyTable.freeze(t, seen) : v);
        }
        g.rawset("_G", g);
        LuaFunction sandboxedLoad = new VarArgFunction() {
            @Override public Varargs invoke(Varargs args) {
                // load/loadstring compile with the sandboxed globals, never the interpreter's own
                LuaValue chunk = args.arg1();
                if (!chunk.isstring()) return varargsOf(NIL, valueOf("load: a function source is not supported"));
                try {
                    return compile(LuaReplies.bytes(chunk), args.optjstring(2, "=(load)"));
                } catch (LuaError e) {
                    return varargsOf(NIL, valueOf(lua51Message(e.getMessage())));
                }
            }
        };
        g.rawset("load", sandboxedLoad);
        g.rawset("loadstring", sandboxedLoad);
        this.redisTable = (LuaTable) g.rawget("redis");
        LuaTable meta = new LuaTable();
        meta.rawset("__index", new VarArgFunction() {
            @Override public Varargs invoke(Varargs args) {
                throw new LuaError("Script attempted to access nonexistent global variable '" + args.arg(2).tojstring() + "'");
            }
        });
        g.setmetatable(meta);
        wire(g);
        g.setReadonly(true);
        this.env = g;
    }

    /** Compiles a chunk against the sandboxed globals; throws LuaError with luaj's message on a syntax error. */
    LuaValue compile(byte[] source, String chunkName) {
        return compile(source, chunkName, env);
    }

    /** Compiles a chunk against another sandboxed global table (a functions library's, see {@link #newEnv}). */
    LuaValue compile(byte[] source, String chunkName, LuaTable environment) {
        LuaValue fn = globals.load(new ByteArrayInputStream(source), chunkName, "t", environment);
        if (fn instanceof LuaClosure c) noTailCalls(c.p);
        return fn;
    }

    /**
     * Turns every tail call into a plain call followed by the return that already follows it.
     * luaj runs a tail call after the caller's frame is gone, so an error raised in it (say by
     * {@code return redis.call('nosuch')}) would carry no line; Redis reports the line of the
     * call ("on @user_script:1"). The price is that deep tail recursion can overflow the stack.
     */
    private static void noTailCalls(Prototype p) {
        for (int i = 0; i < p.code.length; i++) {
            int op = p.code[i] & 0x3f;
            if (op == Lua.OP_TAILCALL) p.code[i] = (p.code[i] & ~0x3f) | Lua.OP_CALL; // C is 0: keep all results
        }
        for (Prototype child : p.p) noTailCalls(child);
    }

    /**
     * A new, empty, locked global table whose reads go to {@code index} (which raises for unknown
     * names), wired to this interpreter's hook like {@link #env}.
     */
    ReadOnlyTable newEnv(LuaFunction index) {
        ReadOnlyTable g = new ReadOnlyTable();
        LuaTable meta = new LuaTable();
        meta.rawset("__index", index);
        g.setmetatable(meta);
        wire(g);
        g.setReadonly(true);
        return g;
    }

    private void wire(ReadOnlyTable g) {
        g.running = globals.running;
        g.debuglib = globals.debuglib;
        g.baselib = globals.baselib;
        g.compiler = globals.compiler;
        g.loader = globals.loader;
        g.undumper = globals.undumper;
    }

    /** Sets KEYS and ARGV for an EVAL script, opening the global table for a moment. */
    void setKeysAndArgv(List<byte[]> keys, List<byte[]> args) {
        env.setReadonly(false);
        try {
            env.rawset("KEYS", array(keys));
            env.rawset("ARGV", array(args));
        } finally {
            env.setReadonly(true);
        }
    }

    static LuaTable array(List<byte[]> items) {
        LuaTable t = new LuaTable(items.size(), 0);
        for (int i = 0; i < items.size(); i++) t.rawset(i + 1, LuaString.valueOf(items.get(i)));
        return t;
    }

    /** Resets math.random's sequence (Redis seeds its rand48 with 0 at start). */
    Rand48 rand() { return rand; }

    // ---------------------------------------------------------------- errors

    private static final Field FILELINE, TRACEBACK, LEVEL;
    static {
        try {
            FILELINE = LuaError.class.getDeclaredField("fileline");
            TRACEBACK = LuaError.class.getDeclaredField("traceback");
            LEVEL = LuaError.class.getDeclaredField("level");
            FILELINE.setAccessible(true);
            TRACEBACK.setAccessible(true);
            LEVEL.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What a Lua error carried out of a script: the error object, and where it was raised. */
    record Failure(LuaValue object, String source, String line) {}

    /**
     * Takes a luaj error apart the way Redis's error handler does (__redis__err__handler in
     * eval.c): a string error becomes "user_script:1: msg" as Lua 5.1 writes it; the position is
     * the function that raised it.
     */
    static Failure failure(LuaError e) {
        try {
            String fileline = (String) FILELINE.get(e);
            LuaValue obj;
            if (e.getMessageObject() != null && !e.getMessageObject().isstring()) {
                obj = e.getMessageObject();
            } else {
                FILELINE.set(e, null);
                TRACEBACK.set(e, null);
                String raw = e.getMessage();
                FILELINE.set(e, fileline);
                if (raw == null) raw = "nil";
                // level 0 (error(msg, 0), or an error from a C function such as rawset) has no position
                boolean positioned = LEVEL.getInt(e) > 0;
                String text = fileline == null || !positioned || raw.startsWith(stripAt(fileline) + ":") ? lua51Message(raw)
                        : stripAt(fileline) + ": " + lua51Message(raw);
                obj = LuaValue.valueOf(text);
            }
            String source = null, line = null;
            if (fileline != null) {
                int colon = fileline.lastIndexOf(':');
                if (colon > 0) {
                    source = fileline.substring(0, colon);
                    line = fileline.substring(colon + 1);
                }
            }
            return new Failure(obj, source, line);
        } catch (IllegalAccessException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String stripAt(String s) { return s.startsWith("@") ? s.substring(1) : s; }

    /** luaj's "@user_script:3 msg" (its fileline, a space, the message) as Lua 5.1's "user_script:3: msg". */
    static String lua51Message(String m) {
        while (m.endsWith("\n")) m = m.substring(0, m.length() - 1);
        m = lua51Arithmetic(m);
        if (m.startsWith("@")) {
            int sp = m.indexOf(' ');
            int colon = m.indexOf(':');
            if (sp > 0 && colon > 0 && colon < sp && m.charAt(sp - 1) != ':') {
                return m.substring(1, sp) + ": " + m.substring(sp + 1);
            }
            if (sp > 0 && colon > 0 && colon < sp) return m.substring(1);
        }
        return m;
    }

    private static final java.util.regex.Pattern ARITH =
            java.util.regex.Pattern.compile("attempt to perform arithmetic __\\w+ on (\\w+) and (\\w+)");

    /** luaj's "attempt to perform arithmetic __add on nil and number" in 5.1's words: "... on a nil value". */
    private static String lua51Arithmetic(String m) {
        java.util.regex.Matcher a = ARITH.matcher(m);
        if (!a.find()) return m;
        String bad = !a.group(1).equals("number") ? a.group(1) : a.group(2);
        return m.substring(0, a.start()) + "attempt to perform arithmetic on a " + bad + " value" + m.substring(a.end());
    }

    // ---------------------------------------------------------------- the kill hook

    /**
     * Times the top-level code of a library being loaded (luaEngineLoadHook): after
     * {@code timeoutMs} the hook raises "FUNCTION LOAD timeout". 0 stops the timer. Runs on the
     * thread that loads (the command thread), like the hook it arms.
     */
    void startLoadTimer(long timeoutMs) {
        loadDeadline = timeoutMs <= 0 ? 0 : System.nanoTime() + timeoutMs * 1_000_000L;
        loadCheckCountdown = 0;
    }

    /**
     * luaj calls {@link #onInstruction} for every VM instruction once a DebugLib is installed; this
     * one asks the running script whether it was killed. It keeps failing on every instruction
     * after a kill, so a {@code pcall} that catches the kill error cannot keep the script alive
     * (Redis switches its hook to every line for the same reason). Redis checks every 100000
     * instructions because its check also reads the clock and serves clients; this check is one
     * volatile read.
     */
    final class ScriptDebugLib extends DebugLib {

        @Override
        public void onInstruction(int pc, Varargs v, int top) {
            ScriptRun run = current;
            if (run == null) {
                // a library's top-level code: read the clock every 10000 instructions, as Redis's
                // hook runs every 100000 (and keeps failing once late, so pcall cannot swallow it)
                if (loadDeadline != 0 && --loadCheckCountdown <= 0) {
                    loadCheckCountdown = 10_000;
                    if (System.nanoTime() - loadDeadline > 0) {
                        loadCheckCountdown = 0;
                        throw RedisLib.raise("FUNCTION LOAD timeout");
                    }
                }
                return;
            }
            // One volatile read per instruction. The command thread watches the clock
            // (busy-reply-threshold) and sets the flag on SCRIPT KILL; the script only obeys it.
            if (run.killRequested) throw run.killError();
        }

        @Override
        public String traceback(int level) { return ""; }
    }

    /** The redis.* functions, installed by the scripting engine that owns this sandbox. */
    interface RedisApi {
        void install(LuaTable redis, LuaSandbox sandbox);
    }

    /**
     * Redis's own rand48 (rand.c, redisLrand48): the same sequence on every platform, so
     * math.random behaves as in Redis for the same seed. Redis seeds it with 0 once at start.
     */
    static final class Rand48 {
        private long x = 0x330EL; // seed 0: x = (0 << 16) | 0x330E
        private static final long A = 0x5DEECE66DL, C = 0xB, MASK = (1L << 48) - 1;
        static final long MAX = Integer.MAX_VALUE; // REDIS_LRAND48_MAX

        void seed(int s) { x = (((long) s & 0xffffffffL) << 16 | 0x330E) & MASK; }

        long next() {
            x = (A * x + C) & MASK;
            return x >>> 17;
        }

        Varargs random(Varargs args) {
            double r = (double) (next() % MAX) / (double) MAX;
            switch (args.narg()) {
                case 0: return LuaValue.valueOf(r);
                case 1: {
                    int u = args.checkint(1);
                    if (u < 1) LuaValue.argerror(1, "interval is empty");
                    return LuaValue.valueOf(Math.floor(r * u) + 1);
                }
                case 2: {
                    int l = args.checkint(1), u = args.checkint(2);
                    if (l > u) LuaValue.argerror(2, "interval is empty");
                    return LuaValue.valueOf(Math.floor(r * (u - l + 1)) + l);
                }
                default: throw new LuaError("wrong number of arguments");
            }
        }
    }
}
