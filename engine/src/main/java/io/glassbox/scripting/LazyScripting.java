package io.glassbox.scripting;

import io.glassbox.command.CommandFlags;
import io.glassbox.command.RedisCommand;
import io.glassbox.db.FunctionLibraries;
import io.glassbox.server.Client;
import io.glassbox.server.InfoLines;
import io.glassbox.server.ScriptRunner;

import java.util.List;

/**
 * One engine's scripting, made on first use: the Lua interpreters are not free (a few MB and tens
 * of milliseconds), and most servers never run a script. Until then the server is never busy and
 * there are no function libraries to save. The server core sees this through {@link ScriptRunner};
 * the scripting commands reach the {@link Scripting} through {@link #get()}.
 */
public final class LazyScripting implements ScriptRunner {
    private final Scripting.Host host;
    private Scripting scripting;

    public LazyScripting(Scripting.Host host) { this.host = host; }

    /** The scripting state, made now if this is the first use. Command thread only. */
    public Scripting get() {
        if (scripting == null) scripting = new Scripting(host);
        return scripting;
    }

    @Override public boolean busy() { return scripting != null && scripting.busy(); }

    @Override public String busyError() { return get().busyError(); }

    @Override
    public FunctionLibraries libraries() { return libraries; }

    /**
     * getCommandFlags of EVAL/EVALSHA/FCALL (and _RO): what the script declares replaces the
     * command's WRITE, DENYOOM and STALE (scriptFlagsToCmdFlags), so processCommand refuses a
     * writing function on a read-only replica with READONLY, holds it under CLIENT PAUSE WRITE and
     * refuses it when out of memory, while a no-writes script passes. Asking does not start Lua:
     * before the first script nothing is cached, and an EVAL's shebang is read from its text.
     */
    @Override
    public long commandFlags(Client c, RedisCommand cmd) {
        if (c.argc() < 2) return cmd.flags;
        int declared;
        if (cmd.name.startsWith("fcall")) {
            declared = scripting == null ? -1 : scripting.functions().declaredFlags(c.argString(1));
        } else {
            boolean bySha = cmd.name.startsWith("evalsha");
            declared = scripting != null ? scripting.eval().declaredFlags(c.arg(1), bySha) : bySha ? -1 : Eval.shebangFlags(c.arg(1));
        }
        if (declared < 0 || (declared & Eval.FLAG_EVAL_COMPAT_MODE) != 0) return cmd.flags;
        return scriptFlagsToCmdFlags(cmd.flags, declared);
    }

    /** scriptFlagsToCmdFlags: declared flags replace the command's; no-writes implies allow-oom. */
    static long scriptFlagsToCmdFlags(long cmdFlags, int scriptFlags) {
        long f = cmdFlags & ~(CommandFlags.STALE | CommandFlags.DENYOOM | CommandFlags.WRITE | CommandFlags.MAY_REPLICATE);
        if ((scriptFlags & (Eval.FLAG_ALLOW_OOM | Eval.FLAG_NO_WRITES)) == 0) f |= CommandFlags.DENYOOM;
        if ((scriptFlags & Eval.FLAG_NO_WRITES) == 0) f |= CommandFlags.WRITE;
        if ((scriptFlags & Eval.FLAG_ALLOW_STALE) != 0) f |= CommandFlags.STALE;
        return f;
    }

    /** Without a FUNCTION LOAD there is nothing to save: saving does not start Lua for it. */
    private final FunctionLibraries libraries = new FunctionLibraries() {
        @Override public List<byte[]> codes() { return scripting == null ? List.of() : scripting.functions().libraryCodes(); }
        @Override public String load(byte[] code, boolean replace) { return get().functions().loadFromRdb(code, replace); }
        @Override public void clear() { if (scripting != null) scripting.functions().clearLibraries(); }
    };

    /**
     * 7.0's scripting lines of INFO memory. luaj's objects live in the JVM heap with everything
     * else, so the two Lua VM sizes are estimates (see Scripting.vmMemoryEstimate); the counts are exact.
     */
    @Override
    public void infoMemory(StringBuilder sb) {
        Scripting sc = get();
        long vmEval = sc.eval().vmMemoryEstimate();
        long vmFunctions = sc.functions().vmMemoryEstimate();
        long scriptsEval = sc.eval().scriptsMemory();
        long functionsMem = sc.functions().librariesMemory();
        InfoLines.field(sb, "used_memory_lua", vmEval);
        InfoLines.field(sb, "used_memory_vm_eval", vmEval);
        InfoLines.field(sb, "used_memory_lua_human", InfoLines.bytesToHuman(vmEval));
        InfoLines.field(sb, "used_memory_scripts_eval", scriptsEval);
        InfoLines.field(sb, "number_of_cached_scripts", sc.eval().cachedScripts());
        InfoLines.field(sb, "number_of_functions", sc.functions().functionCount());
        InfoLines.field(sb, "number_of_libraries", sc.functions().libraryCount());
        InfoLines.field(sb, "used_memory_vm_functions", vmFunctions);
        InfoLines.field(sb, "used_memory_vm_total", vmEval + vmFunctions);
        InfoLines.field(sb, "used_memory_vm_total_human", InfoLines.bytesToHuman(vmEval + vmFunctions));
        InfoLines.field(sb, "used_memory_functions", functionsMem);
        InfoLines.field(sb, "used_memory_scripts", scriptsEval + functionsMem);
        InfoLines.field(sb, "used_memory_scripts_human", InfoLines.bytesToHuman(scriptsEval + functionsMem));
    }

    @Override public void shutdown() { if (scripting != null) scripting.shutdown(); }
}
