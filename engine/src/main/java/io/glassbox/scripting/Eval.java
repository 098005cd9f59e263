package io.glassbox.scripting;

import io.glassbox.resp.SplitArgs;
import io.glassbox.server.Client;
import io.glassbox.util.RedisNumbers;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * EVAL, EVALSHA, their _RO forms and SCRIPT: Redis's {@code eval.c}.
 *
 * <p>The script cache maps the SHA1 of a script's text to the compiled function (Redis names it
 * {@code f_<sha>} in its Lua state). EVAL compiles a script the first time its SHA1 is seen and
 * keeps it; EVALSHA runs only what is cached and answers NOSCRIPT otherwise, which is why client
 * libraries send EVALSHA first and fall back to EVAL. SCRIPT FLUSH empties the cache; nothing else
 * does.
 *
 * <p>Redis 7.0 lets the first line of a script declare flags: {@code #!lua flags=no-writes,allow-oom}.
 * Without the line a script runs in compatibility mode (it may write, unless called with EVAL_RO).
 * With it, writes are allowed only when {@code no-writes} is absent, and an _RO command refuses
 * such a script before it starts.
 */
public final class Eval {
    /** Script flags (SCRIPT_FLAG_*). */
    static final int FLAG_NO_WRITES = 1, FLAG_ALLOW_OOM = 2, FLAG_ALLOW_STALE = 4, FLAG_NO_CLUSTER = 8,
            FLAG_EVAL_COMPAT_MODE = 16, FLAG_ALLOW_CROSS_SLOT = 32;

    private final Scripting scripting;
    private final Scripting.Host host;
    private LuaSandbox sandbox;
    private final Map<String, CachedScript> scripts = new LinkedHashMap<>();
    private long scriptBytes;

    /** A cached script: its text, its flags, and the compiled chunk. */
    record CachedScript(String sha, byte[] body, int flags, LuaValue function) {}

    Eval(Scripting scripting, Scripting.Host host) {
        this.scripting = scripting;
        this.host = host;
    }

    private LuaSandbox sandbox() {
        if (sandbox == null) sandbox = new LuaSandbox(new RedisLib(host));
        return sandbox;
    }

    public int cachedScripts() { return scripts.size(); }

    /**
     * used_memory_vm_eval: an estimate (luaj shares the JVM heap): an empty Lua state's 31 KB, as
     * Redis reports one, plus four bytes of compiled code and constants per byte of script text.
     */
    public long vmMemoryEstimate() { return 31 * 1024 + scriptBytes * 4; }

    /** used_memory_scripts_eval: the cached script texts plus a dict entry's overhead each, as Redis counts them. */
    public long scriptsMemory() { return scriptBytes + 64L * scripts.size(); }

    // ---------------------------------------------------------------- EVAL family

    /**
     * The flags a script declares, for getCommandFlags (evalGetCommandFlags): the cached script's,
     * else the shebang of the text EVAL carries; -1 when unknown (an EVALSHA of a script not cached,
     * a shebang with an error: the command's own flags then apply and the command itself fails).
     */
    int declaredFlags(byte[] scriptOrSha, boolean bySha) {
        if (bySha) {
            if (scriptOrSha.length != 40) return -1;
            CachedScript s = scripts.get(new String(scriptOrSha, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT));
            return s == null ? -1 : s.flags();
        }
        CachedScript s = scripts.get(RedisLib.sha1hex(scriptOrSha));
        return s != null ? s.flags() : shebangFlags(scriptOrSha);
    }

    /** The flags of a script's shebang (FLAG_EVAL_COMPAT_MODE without one), -1 if the shebang is wrong. */
    static int shebangFlags(byte[] body) {
        int[] flags = new int[1];
        return extractShebangFlags(body, flags, new int[1]) == null ? flags[0] : -1;
    }

    /** evalGenericCommand: EVAL script numkeys key... arg..., and EVALSHA / *_RO with {@code bySha} / {@code ro}. */
    public void evalGeneric(Client c, boolean bySha, boolean ro) {
        long[] numkeys = new long[1];
        if (!RedisNumbers.string2ll(c.arg(2), numkeys)) {
            c.addErrorNotInteger();
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
        CachedScript script;
        if (bySha) {
            String sha = new String(c.arg(1), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            script = scripts.get(sha);
            if (script == null) {
                c.addError("-NOSCRIPT No matching script. Please use EVAL.");
                return;
            }
        } else {
            String sha = RedisLib.sha1hex(c.arg(1));
            script = scripts.get(sha);
            if (script == null) {
                script = createFunction(c, c.arg(1), sha);
                if (script == null) return;
            }
        }
        int flags = script.flags();
        if ((flags & FLAG_EVAL_COMPAT_MODE) == 0 && (flags & FLAG_NO_WRITES) == 0 && ro) {
            c.addError("Can not execute a script with write flag using *_ro command.");
            return;
        }
        boolean readOnly = ro || ((flags & FLAG_EVAL_COMPAT_MODE) == 0 && (flags & FLAG_NO_WRITES) != 0);
        // scriptPrepareForRun: a script with a shebang must declare allow-oom (or no-writes) to run out of memory
        if ((flags & FLAG_EVAL_COMPAT_MODE) == 0 && (flags & (FLAG_ALLOW_OOM | FLAG_NO_WRITES)) == 0 && host.preCommandOom()) {
            // Redis refuses it earlier, in processCommand: evalGetCommandFlags / fcallGetCommandFlags make
            // such a script deny-oom, so the error is processCommand's (scriptPrepareForRun's own wording,
            // "allow-oom flag is not set...", is for paths that skip that check)
            c.addError("-OOM command not allowed when used memory > 'maxmemory'.");
            return;
        }
        boolean allowOom = (flags & FLAG_EVAL_COMPAT_MODE) == 0 && (flags & FLAG_ALLOW_OOM) != 0;
        int nk = (int) numkeys[0];
        List<byte[]> keys = List.copyOf(c.argv.subList(3, 3 + nk));
        List<byte[]> args = List.copyOf(c.argv.subList(3 + nk, c.argc()));
        LuaSandbox sb = sandbox();
        LuaValue fn = script.function();
        boolean allowCrossSlot = (flags & (FLAG_EVAL_COMPAT_MODE | FLAG_ALLOW_CROSS_SLOT)) != 0; // old-style scripts may
        scripting.run(c, script.sha(), true, readOnly, allowOom, allowCrossSlot, sb, () -> {
            sb.setKeysAndArgv(keys, args);
            return fn.call();
        });
    }

    /**
     * luaCreateFunction: checks the shebang, compiles the body (the shebang cut off, its newline
     * kept so line numbers stay right) and caches it. Replies with the error and returns null on
     * failure.
     */
    private CachedScript createFunction(Client c, byte[] body, String sha) {
        int[] flags = new int[1];
        int[] shebangLen = new int[1];
        String err = extractShebangFlags(body, flags, shebangLen);
        if (err != null) {
            c.addError(err);
            return null;
        }
        byte[] code = java.util.Arrays.copyOfRange(body, shebangLen[0], body.length);
        LuaValue fn;
        try {
            fn = sandbox().compile(code, "@user_script");
        } catch (LuaError e) {
            c.addError("Error compiling script (new function): " + LuaSandbox.lua51Message(e.getMessage()));
            return null;
        }
        CachedScript s = new CachedScript(sha, body.clone(), flags[0], fn);
        scripts.put(sha, s);
        scriptBytes += body.length;
        return s;
    }

    /**
     * evalExtractShebangFlags: a body starting with "#!" must name the engine "lua" and may give
     * {@code flags=a,b}. Returns the error text, or null with the flags and the shebang's length set.
     */
    static String extractShebangFlags(byte[] body, int[] flagsOut, int[] shebangLen) {
        if (body.length < 2 || body[0] != '#' || body[1] != '!') {
            flagsOut[0] = FLAG_EVAL_COMPAT_MODE;
            shebangLen[0] = 0;
            return null;
        }
        int end = 0;
        while (end < body.length && body[end] != '\n') end++;
        if (end == body.length) return "Invalid script shebang";
        List<byte[]> parts = SplitArgs.split(body, 0, end);
        if (parts == null || parts.isEmpty()) return "Invalid script shebang";
        if (!new String(parts.get(0), StandardCharsets.UTF_8).equals("#!lua")) {
            return "Unexpected engine in script shebang: " + new String(parts.get(0), StandardCharsets.UTF_8);
        }
        int flags = 0;
        for (int i = 1; i < parts.size(); i++) {
            String p = new String(parts.get(i), StandardCharsets.UTF_8);
            if (!p.startsWith("flags=")) return "Unknown lua shebang option: " + p;
            String list = p.substring(6);
            if (list.isEmpty()) continue;
            for (String f : list.split(",", -1)) {
                int bit = flagBit(f);
                if (bit < 0) return "Unexpected flag in script shebang: " + f;
                flags |= bit;
            }
        }
        flagsOut[0] = flags;
        shebangLen[0] = end;
        return null;
    }

    /** The script flag a name stands for (scripts_flags_def), -1 if none. */
    static int flagBit(String name) {
        return switch (name) {
            case "no-writes" -> FLAG_NO_WRITES;
            case "allow-oom" -> FLAG_ALLOW_OOM;
            case "allow-stale" -> FLAG_ALLOW_STALE;
            case "no-cluster" -> FLAG_NO_CLUSTER;
            case "allow-cross-slot-keys" -> FLAG_ALLOW_CROSS_SLOT;
            default -> -1;
        };
    }

    // ---------------------------------------------------------------- SCRIPT

    /** SCRIPT LOAD: compile and cache, reply the SHA1. */
    public void scriptLoad(Client c) {
        byte[] body = c.arg(2);
        String sha = RedisLib.sha1hex(body);
        if (!scripts.containsKey(sha) && createFunction(c, body, sha) == null) return;
        c.addBulk(sha);
    }

    /** SCRIPT EXISTS sha...: 1 or 0 per SHA1. */
    public void scriptExists(Client c) {
        c.addArrayLen(c.argc() - 2);
        for (int i = 2; i < c.argc(); i++) {
            String sha = new String(c.arg(i), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            c.addLong(scripts.containsKey(sha) ? 1 : 0);
        }
    }

    /** SCRIPT FLUSH [ASYNC|SYNC]: forget every script and start a fresh Lua state (scriptingReset). */
    public void scriptFlush(Client c) {
        if (c.argc() > 3 || (c.argc() == 3 && !c.argIs(2, "sync") && !c.argIs(2, "async"))) {
            c.addError("SCRIPT FLUSH only support SYNC|ASYNC option");
            return;
        }
        scripts.clear();
        scriptBytes = 0;
        sandbox = null;
        c.addOk();
    }

    public void scriptKill(Client c) { scripting.kill(c, true); }
}
