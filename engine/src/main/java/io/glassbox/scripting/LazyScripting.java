package io.glassbox.scripting;

import io.glassbox.db.FunctionLibraries;
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

    /** Without a FUNCTION LOAD there is nothing to save: saving does not start Lua for it. */
    private final FunctionLibraries libraries = new FunctionLibraries() {
        @Override public List<byte[]> codes() { return scripting == null ? List.of() : scripting.functions().libraryCodes(); }
        @Override public String load(byte[] code) { return get().functions().loadFromRdb(code); }
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
