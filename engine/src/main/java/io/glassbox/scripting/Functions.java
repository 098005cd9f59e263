package io.glassbox.scripting;

import io.glassbox.server.Client;
import io.glassbox.util.Glob;
import io.glassbox.util.RedisNumbers;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Redis 7.0 functions: FUNCTION LOAD / LIST / DELETE / FLUSH / STATS / KILL, FCALL and FCALL_RO
 * ({@code functions.c}, with the Lua engine of {@code function_lua.c}).
 *
 * <p>A <em>library</em> is Lua code whose first line names it ({@code #!lua name=mylib}). Loading
 * runs the code once; all it may do then is call {@code redis.register_function} (and
 * {@code redis.log}): at load time the globals show nothing else, not even {@code string} or
 * {@code error}. Each registered function has a name unique across all libraries, a callback
 * called as {@code callback(keys, args)}, optional flags ({@code no-writes}, ...) and a
 * description. FCALL runs a function by name; unlike EVAL there is no KEYS/ARGV global.
 *
 * <p>Functions are part of the data set (RDB and replication carry them) while EVAL's scripts are
 * a cache. LOAD is all-or-nothing: a library that fails to load, registers nothing, or reuses
 * another library's function name leaves the existing libraries as they were.
 *
 * <p>The libraries share one Lua interpreter, separate from EVAL's; their global table switches
 * between the load-time view and the run-time view (function_lua.c does the same by swapping the
 * globals' {@code __index}).
 */
public final class Functions {
    private final Scripting scripting;
    private final Scripting.Host host;
    private LuaSandbox sandbox;
    /** The libraries' shared globals: empty, reads go through {@link #globalsIndex}. */
    private ReadOnlyTable libraryEnv;
    /** The redis table library code sees while it loads. */
    private ReadOnlyTable loadApi;
    /** The library being loaded, while FUNCTION LOAD runs its code; null otherwise. */
    private Library loading;

    private final Map<String, Library> libraries = new LinkedHashMap<>();
    /** Every library's functions by name, case-insensitive as FCALL looks them up (functionDictType). */
    private final Map<String, Function> functions = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    /** A function: its library, its name, its Lua callback, its flags and description. */
    record Function(Library library, String name, LuaValue callback, int flags, String description) {}

    /** A library: its name, its code, and its functions in registration order. */
    static final class Library {
        final String name;
        final byte[] code;
        final Map<String, Function> functions = new LinkedHashMap<>();

        Library(String name, byte[] code) {
            this.name = name;
            this.code = code;
        }
    }

    Functions(Scripting scripting, Scripting.Host host) {
        this.scripting = scripting;
        this.host = host;
    }

    public int libraryCount() { return libraries.size(); }

    public int functionCount() { return functions.size(); }

    /** used_memory_vm_functions: an estimate, like {@link Eval#vmMemoryEstimate}. */
    public long vmMemoryEstimate() { return 32 * 1024 + librariesMemory() * 4; }

    /** used_memory_functions: library code plus per-library and per-function overhead. */
    public long librariesMemory() {
        long n = 0;
        for (Library lib : libraries.values()) n += lib.code.length + 64 + 48L * lib.functions.size();
        return n;
    }

    private LuaSandbox sandbox() {
        if (sandbox != null) return sandbox;
        sandbox = new LuaSandbox(new RedisLib(host));
        LuaSandbox sb = sandbox;
        loadApi = new ReadOnlyTable();
        loadApi.rawset("register_function", new VarArgFunction() {
            @Override public Varargs invoke(Varargs args) { return registerFunction(args); }
        });
        for (String k : new String[]{"log", "LOG_DEBUG", "LOG_VERBOSE", "LOG_NOTICE", "LOG_WARNING", "REDIS_VERSION", "REDIS_VERSION_NUM"}) {
            loadApi.rawset(k, sb.redisTable.rawget(k));
        }
        loadApi.setmetatable(errorMetatable());
        loadApi.setReadonly(true);
        libraryEnv = sb.newEnv(new VarArgFunction() {
            @Override public Varargs invoke(Varargs args) { return globalsIndex(args.arg(2)); }
        });
        return sandbox;
    }

    /** Globals lookup for library code: only {@code redis} (the load API) while loading, everything after. */
    private LuaValue globalsIndex(LuaValue key) {
        if (loading != null) {
            if (key.isstring() && key.tojstring().equals("redis")) return loadApi;
        } else {
            LuaValue v = sandbox.env.rawget(key);
            if (!v.isnil()) return v;
        }
        throw new LuaError("Script attempted to access nonexistent global variable '" + key.tojstring() + "'");
    }

    private static LuaTable errorMetatable() {
        LuaTable meta = new LuaTable();
        meta.rawset("__index", new VarArgFunction() {
            @Override public Varargs invoke(Varargs args) {
                throw new LuaError("Script attempted to access nonexistent global variable '" + args.arg(2).tojstring() + "'");
            }
        });
        return meta;
    }

    // ---------------------------------------------------------------- FUNCTION LOAD

    /** FUNCTION LOAD [REPLACE] code (functionLoadCommand + functionsCreateWithLibraryCtx). */
    public void load(Client c) {
        boolean replace = false;
        int argPos = 2;
        while (argPos < c.argc() - 1) {
            if (c.argIs(argPos, "replace")) { replace = true; argPos++; continue; }
            c.addError("Unknown option given: " + c.argString(argPos));
            return;
        }
        if (argPos >= c.argc()) {
            c.addError("Function code is missing");
            return;
        }
        String[] err = new String[1];
        Library lib = create(c.arg(argPos), replace, LOAD_TIMEOUT_MS, err);
        if (lib == null) {
            c.addError(err[0]);
            return;
        }
        host.keyspace().stats.dirty++; // functions are data: FUNCTION LOAD propagates as it was sent
        c.addBulk(lib.name);
    }

    /**
     * FUNCTION LOAD's limit on the library's top-level code (function_lua.c's LOAD_TIMEOUT_MS): a
     * load that loops fails with "FUNCTION LOAD timeout" instead of hanging the server. Loads from
     * an RDB file or FUNCTION RESTORE have no limit (timeout 0), as in Redis.
     */
    static final long LOAD_TIMEOUT_MS = 500;

    /**
     * Loads a library (functionsCreateWithLibraryCtx); returns it, or null with the error text in
     * {@code err}. {@code timeoutMs} bounds the run of its top-level code, 0 for none.
     */
    Library create(byte[] code, boolean replace, long timeoutMs, String[] err) {
        int end = 0;
        while (end < code.length && code[end] != '\n') end++;
        if (code.length < 2 || code[0] != '#' || code[1] != '!') { err[0] = "Missing library metadata"; return null; }
        if (end == code.length) { err[0] = "Invalid library metadata"; return null; }
        List<byte[]> parts = io.glassbox.resp.SplitArgs.split(code, 2, end);
        if (parts == null || parts.isEmpty()) { err[0] = "Invalid library metadata"; return null; }
        String engine = new String(parts.get(0), StandardCharsets.UTF_8);
        if (!engine.equalsIgnoreCase("lua")) { err[0] = "Engine '" + engine + "' not found"; return null; }
        String name = null;
        for (int i = 1; i < parts.size(); i++) {
            String p = new String(parts.get(i), StandardCharsets.UTF_8);
            if (p.startsWith("name=")) { name = p.substring(5); continue; }
            err[0] = "Invalid metadata value given: " + p;
            return null;
        }
        if (name == null) { err[0] = "Library name was not given"; return null; }
        if (!validName(name)) {
            err[0] = "Library names can only contain letters, numbers, or underscores(_) and must be at least one character long";
            return null;
        }
        Library old = libraries.get(name);
        if (old != null && !replace) { err[0] = "Library '" + name + "' already exists"; return null; }

        LuaSandbox sb = sandbox();
        byte[] body = java.util.Arrays.copyOfRange(code, end, code.length);
        LuaValue chunk;
        try {
            chunk = sb.compile(body, "@user_function", libraryEnv);
        } catch (LuaError e) {
            err[0] = "Error compiling function: " + LuaSandbox.lua51Message(e.getMessage());
            return null;
        }
        Library lib = new Library(name, code.clone());
        loading = lib;
        sb.startLoadTimer(timeoutMs);
        try {
            chunk.call();
        } catch (LuaError e) {
            LuaSandbox.Failure f = LuaSandbox.failure(e);
            LuaValue obj = f.object();
            String msg = obj.istable() ? obj.rawget(LuaReplies.ERR).tojstring() : "ERR " + obj.tojstring();
            err[0] = "Error registering functions: " + msg;
            return null;
        } finally {
            loading = null;
            sb.startLoadTimer(0);
        }
        if (lib.functions.isEmpty()) { err[0] = "No functions registered"; return null; }
        for (String fn : lib.functions.keySet()) {
            Function existing = functions.get(fn);
            if (existing != null && existing.library() != old) {
                err[0] = "Function " + fn + " already exists";
                return null;
            }
        }
        if (old != null) unlink(old);
        libraries.put(name, lib);
        functions.putAll(lib.functions);
        return lib;
    }

    private void unlink(Library lib) {
        libraries.remove(lib.name);
        for (String fn : lib.functions.keySet()) functions.remove(fn);
    }

    /** functionsVerifyName: letters, digits and underscores, at least one. */
    static boolean validName(String name) {
        if (name.isEmpty()) return false;
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (!(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '_')) return false;
        }
        return true;
    }

    /** redis.register_function(name, callback) or redis.register_function{function_name=, callback=, flags=, description=}. */
    private Varargs registerFunction(Varargs a) {
        Library lib = loading;
        if (lib == null) throw RedisLib.raise("redis.register_function can only be called on FUNCTION LOAD command");
        LuaValue name, callback;
        int flags = 0;
        String description = null;
        if (a.narg() == 1) {
            if (!a.arg1().istable()) throw RedisLib.raise("calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).");
            LuaTable t = (LuaTable) a.arg1();
            name = LuaValue.NIL;
            callback = LuaValue.NIL;
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs n = t.next(k);
                if ((k = n.arg1()).isnil()) break;
                LuaValue v = n.arg(2);
                if (!k.isstring()) throw RedisLib.raise("named argument key given to redis.register_function is not a string");
                switch (k.tojstring()) {
                    case "function_name" -> {
                        if (!v.isstring()) throw RedisLib.raise("function_name argument given to redis.register_function must be a string");
                        name = v;
                    }
                    case "description" -> {
                        if (!v.isstring()) throw RedisLib.raise("description argument given to redis.register_function must be a string");
                        description = v.tojstring();
                    }
                    case "callback" -> {
                        if (!v.isfunction()) throw RedisLib.raise("callback argument given to redis.register_function must be a function");
                        callback = v;
                    }
                    case "flags" -> {
                        if (!v.istable()) throw RedisLib.raise("flags argument to redis.register_function must be a table representing function flags");
                        for (int i = 1; !v.rawget(i).isnil(); i++) {
                            LuaValue f = v.rawget(i);
                            int bit = f.isstring() ? Eval.flagBit(f.tojstring()) : -1;
                            if (bit < 0) throw RedisLib.raise("unknown flag given");
                            flags |= bit;
                        }
                    }
                    default -> throw RedisLib.raise("unknown argument given to redis.register_function");
                }
            }
            if (name.isnil()) throw RedisLib.raise("redis.register_function must get a function name argument");
            if (callback.isnil()) throw RedisLib.raise("redis.register_function must get a callback argument");
        } else if (a.narg() == 2) {
            name = a.arg1();
            callback = a.arg(2);
            if (!name.isstring()) throw RedisLib.raise("first argument to redis.register_function must be a string");
            if (!callback.isfunction()) throw RedisLib.raise("second argument to redis.register_function must be a function");
        } else {
            throw RedisLib.raise("wrong number of arguments to redis.register_function");
        }
        String n = name.tojstring();
        if (!validName(n)) throw RedisLib.raise("Library names can only contain letters, numbers, or underscores(_) and must be at least one character long");
        if (lib.functions.containsKey(n)) throw RedisLib.raise("Function already exists in the library");
        lib.functions.put(n, new Function(lib, n, callback, flags, description));
        return LuaValue.NONE;
    }

    // ---------------------------------------------------------------- FCALL

    /** FCALL / FCALL_RO function numkeys key... arg... (fcallCommandGeneric). */
    public void fcall(Client c, boolean ro) {
        Function fn = functions.get(c.argString(1));
        if (fn == null) {
            c.addError("Function not found");
            return;
        }
        long[] numkeys = new long[1];
        if (!RedisNumbers.string2ll(c.arg(2), numkeys)) {
            c.addError("Bad number of keys provided");
            return;
        }
        if (numkeys[0] > c.argc() - 3) {
            c.addError("Number of keys can't be greater than number of args");
            return;
        }
        if (numkeys[0] < 0) {
            c.addError("Number of keys can't be negative");
            return;
        }
        if (ro && (fn.flags() & Eval.FLAG_NO_WRITES) == 0) {
            c.addError("Can not execute a script with write flag using *_ro command.");
            return;
        }
        boolean readOnly = ro || (fn.flags() & Eval.FLAG_NO_WRITES) != 0;
        // scriptPrepareForRun: a function must declare allow-oom (or no-writes) to run out of memory
        if ((fn.flags() & (Eval.FLAG_ALLOW_OOM | Eval.FLAG_NO_WRITES)) == 0 && host.preCommandOom()) {
            // Redis refuses it earlier, in processCommand: evalGetCommandFlags / fcallGetCommandFlags make
            // such a script deny-oom, so the error is processCommand's (scriptPrepareForRun's own wording,
            // "allow-oom flag is not set...", is for paths that skip that check)
            c.addError("-OOM command not allowed when used memory > 'maxmemory'.");
            return;
        }
        int nk = (int) numkeys[0];
        LuaTable keys = LuaSandbox.array(c.argv.subList(3, 3 + nk));
        LuaTable args = LuaSandbox.array(c.argv.subList(3 + nk, c.argc()));
        LuaValue callback = fn.callback();
        runningCommand = new ArrayList<>(c.argv);
        scripting.run(c, fn.name(), false, readOnly, (fn.flags() & Eval.FLAG_ALLOW_OOM) != 0,
                (fn.flags() & Eval.FLAG_ALLOW_CROSS_SLOT) != 0, sandbox(), () -> callback.call(keys, args));
    }

    /** The argv of the FCALL running now, for FUNCTION STATS. */
    private List<byte[]> runningCommand = List.of();

    // ---------------------------------------------------------------- the other subcommands

    /** FUNCTION LIST [LIBRARYNAME pattern] [WITHCODE]. */
    public void list(Client c) {
        boolean withCode = false;
        byte[] pattern = null;
        for (int i = 2; i < c.argc(); i++) {
            if (c.argIs(i, "withcode") && !withCode) { withCode = true; continue; }
            if (c.argIs(i, "libraryname") && pattern == null) {
                if (i + 1 >= c.argc()) { c.addError("library name argument was not given"); return; }
                pattern = c.arg(++i);
                continue;
            }
            c.addError("Unknown argument " + c.argString(i));
            return;
        }
        List<Library> shown = new ArrayList<>();
        for (Library lib : libraries.values()) {
            if (pattern != null && !Glob.match(pattern, lib.name.getBytes(StandardCharsets.UTF_8), false)) continue;
            shown.add(lib);
        }
        c.addArrayLen(shown.size());
        for (Library lib : shown) {
            c.addMapLen(withCode ? 4 : 3);
            c.addBulk("library_name");
            c.addBulk(lib.name);
            c.addBulk("engine");
            c.addBulk("LUA");
            c.addBulk("functions");
            c.addArrayLen(lib.functions.size());
            for (Function fn : lib.functions.values()) {
                c.addMapLen(3);
                c.addBulk("name");
                c.addBulk(fn.name());
                c.addBulk("description");
                if (fn.description() == null) c.addNull(); else c.addBulk(fn.description());
                c.addBulk("flags");
                List<String> names = flagNames(fn.flags());
                c.addSetLen(names.size());
                for (String n : names) c.addStatus(n);
            }
            if (withCode) {
                c.addBulk("library_code");
                c.addBulk(lib.code);
            }
        }
    }

    private static List<String> flagNames(int flags) {
        List<String> out = new ArrayList<>();
        if ((flags & Eval.FLAG_NO_WRITES) != 0) out.add("no-writes");
        if ((flags & Eval.FLAG_ALLOW_OOM) != 0) out.add("allow-oom");
        if ((flags & Eval.FLAG_ALLOW_STALE) != 0) out.add("allow-stale");
        if ((flags & Eval.FLAG_NO_CLUSTER) != 0) out.add("no-cluster");
        if ((flags & Eval.FLAG_ALLOW_CROSS_SLOT) != 0) out.add("allow-cross-slot-keys");
        return out;
    }

    /** FUNCTION DELETE library. */
    public void delete(Client c) {
        Library lib = libraries.get(c.argString(2));
        if (lib == null) {
            c.addError("Library not found");
            return;
        }
        unlink(lib);
        host.keyspace().stats.dirty++;
        c.addOk();
    }

    /** Every library's code in load order: what an RDB file saves (rdbSaveFunctions). */
    public List<byte[]> libraryCodes() {
        List<byte[]> codes = new ArrayList<>();
        for (Library lib : libraries.values()) codes.add(lib.code);
        return codes;
    }

    /** The flags of a function (fcallGetCommandFlags), -1 if there is no such function. */
    int declaredFlags(String name) {
        Function fn = functions.get(name);
        return fn == null ? -1 : fn.flags();
    }

    /** rdbFunctionLoad: one library from an RDB file, replacing one of the same name only with {@code replace}; null or the error. */
    public String loadFromRdb(byte[] code, boolean replace) {
        String[] err = new String[1];
        return create(code, replace, 0, err) == null ? err[0] : null;
    }

    /** Drops every library without a reply or dirty++: an RDB load is replacing the data set. */
    public void clearLibraries() {
        libraries.clear();
        functions.clear();
        sandbox = null;
    }

    /** FUNCTION FLUSH [ASYNC|SYNC]. */
    public void flush(Client c) {
        if (c.argc() > 3) {
            c.addErrorSubcommandSyntax();
            return;
        }
        if (c.argc() == 3 && !c.argIs(2, "sync") && !c.argIs(2, "async")) {
            c.addError("FUNCTION FLUSH only supports SYNC|ASYNC option");
            return;
        }
        libraries.clear();
        functions.clear();
        sandbox = null;
        host.keyspace().stats.dirty++;
        c.addOk();
    }

    /** FUNCTION STATS: the running function (or nil) and the engine's counts. */
    public void stats(Client c) {
        c.addMapLen(2);
        c.addBulk("running_script");
        ScriptRun run = scripting.running();
        if (run == null || run.evalMode) {
            c.addNull();
        } else {
            c.addMapLen(3);
            c.addBulk("name");
            c.addBulk(run.funcname);
            c.addBulk("command");
            c.addArrayLen(runningCommand.size());
            for (byte[] a : runningCommand) c.addBulk(a);
            c.addBulk("duration_ms");
            c.addLong(run.elapsedMillis());
        }
        c.addBulk("engines");
        c.addMapLen(1);
        c.addBulk("LUA");
        c.addMapLen(2);
        c.addBulk("libraries_count");
        c.addLong(libraries.size());
        c.addBulk("functions_count");
        c.addLong(functions.size());
    }

    public void kill(Client c) { scripting.kill(c, false); }

    /** FUNCTION DUMP: every library's code in an RDB-style payload ({@link FunctionsDump}). */
    public void dump(Client c) {
        c.addBulk(FunctionsDump.dump(libraryCodes()));
    }

    /**
     * FUNCTION RESTORE payload [FLUSH|APPEND|REPLACE] (functionRestoreCommand): loads every library
     * of the payload into a fresh set first, then merges by the policy; on any error nothing changes.
     */
    public void restore(Client c) {
        if (c.argc() > 4) {
            c.addErrorSubcommandSyntax(); // functionRestoreCommand: argc must be 3 or 4
            return;
        }
        String policy = "append";
        if (c.argc() == 4) {
            if (c.argIs(3, "flush")) policy = "flush";
            else if (c.argIs(3, "append")) policy = "append";
            else if (c.argIs(3, "replace")) policy = "replace";
            else {
                c.addError("Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.");
                return;
            }
        }
        List<byte[]> codes = FunctionsDump.parse(c.arg(2));
        if (codes == null) {
            c.addError("DUMP payload version or checksum are wrong");
            return;
        }
        // load into an empty set of libraries, keeping the current one aside (functionsLibCtxCreate)
        Map<String, Library> savedLibs = new LinkedHashMap<>(libraries);
        Map<String, Function> savedFns = new LinkedHashMap<>(functions);
        libraries.clear();
        functions.clear();
        String[] err = new String[1];
        for (byte[] code : codes) {
            if (create(code, false, 0, err) == null) {
                restoreState(savedLibs, savedFns);
                c.addError(err[0]);
                return;
            }
        }
        Map<String, Library> restored = new LinkedHashMap<>(libraries);
        if (policy.equals("flush")) {
            host.keyspace().stats.dirty++;
            c.addOk();
            return;
        }
        restoreState(savedLibs, savedFns);
        // functionsLibCtxSwapWithCurrent + join: collisions decide
        for (Library lib : restored.values()) {
            Library old = libraries.get(lib.name);
            if (old != null && policy.equals("append")) {
                c.addError("Library " + lib.name + " already exists");
                restoreState(savedLibs, savedFns);
                return;
            }
        }
        for (Library lib : restored.values()) {
            Library old = libraries.get(lib.name);
            for (String fn : lib.functions.keySet()) {
                Function existing = functions.get(fn);
                if (existing != null && existing.library() != old) {
                    c.addError("Function " + fn + " already exists");
                    restoreState(savedLibs, savedFns);
                    return;
                }
            }
            if (old != null) unlink(old);
            libraries.put(lib.name, lib);
            functions.putAll(lib.functions);
        }
        host.keyspace().stats.dirty++;
        c.addOk();
    }

    private void restoreState(Map<String, Library> libs, Map<String, Function> fns) {
        libraries.clear();
        libraries.putAll(libs);
        functions.clear();
        functions.putAll(fns);
    }
}
