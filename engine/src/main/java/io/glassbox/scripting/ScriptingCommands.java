package io.glassbox.scripting;

import io.glassbox.command.CommandTable;
import io.glassbox.command.HelpText;
import io.glassbox.command.KeyFinder;
import io.glassbox.util.RedisNumbers;

import java.util.List;

/**
 * The scripting commands: EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT (Redis's {@code eval.c}),
 * FUNCTION, FCALL and FCALL_RO ({@code functions.c}). The work is in {@code io.glassbox.scripting};
 * this file only binds names, and tells the command table where the keys of a script call are
 * (argv[3 .. 3+numkeys), Redis's {@code evalGetKeys}).
 */
public final class ScriptingCommands {
    private final LazyScripting scripting;

    /** The commands of one engine's scripting ({@code Engine} binds them into its command table). */
    public ScriptingCommands(LazyScripting scripting) { this.scripting = scripting; }

    public void register(CommandTable t) {
        t.bind("eval", c -> scripting.get().eval().evalGeneric(c, false, false), ScriptingCommands::evalKeys);
        t.bind("evalsha", c -> scripting.get().eval().evalGeneric(c, true, false), ScriptingCommands::evalKeys);
        t.bind("eval_ro", c -> scripting.get().eval().evalGeneric(c, false, true), ScriptingCommands::evalKeys);
        t.bind("evalsha_ro", c -> scripting.get().eval().evalGeneric(c, true, true), ScriptingCommands::evalKeys);
        t.bind("script|load", c -> scripting.get().eval().scriptLoad(c));
        t.bind("script|exists", c -> scripting.get().eval().scriptExists(c));
        t.bind("script|flush", c -> scripting.get().eval().scriptFlush(c));
        t.bind("script|kill", c -> scripting.get().eval().scriptKill(c));
        t.bind("script|help", c -> HelpText.reply(c, "script"));
        t.bind("fcall", c -> scripting.get().functions().fcall(c, false), ScriptingCommands::evalKeys);
        t.bind("fcall_ro", c -> scripting.get().functions().fcall(c, true), ScriptingCommands::evalKeys);
        t.bind("function|load", c -> scripting.get().functions().load(c));
        t.bind("function|list", c -> scripting.get().functions().list(c));
        t.bind("function|delete", c -> scripting.get().functions().delete(c));
        t.bind("function|flush", c -> scripting.get().functions().flush(c));
        t.bind("function|stats", c -> scripting.get().functions().stats(c));
        t.bind("function|kill", c -> scripting.get().functions().kill(c));
        t.bind("function|help", c -> HelpText.reply(c, "function"));
        t.bind("function|dump", c -> scripting.get().functions().dump(c));
        t.bind("function|restore", c -> scripting.get().functions().restore(c));
    }

    /** evalGetKeys: the numkeys keys after the script (or SHA1, or function name) and numkeys. */
    static int[] evalKeys(List<byte[]> argv) {
        long[] n = new long[1];
        if (argv.size() < 3 || !RedisNumbers.string2ll(argv.get(2), n) || n[0] < 0 || n[0] > argv.size() - 3) return new int[0];
        int[] keys = new int[(int) n[0]];
        for (int i = 0; i < keys.length; i++) keys[i] = 3 + i;
        return keys;
    }
}
