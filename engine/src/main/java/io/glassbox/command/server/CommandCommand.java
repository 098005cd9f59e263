package io.glassbox.command.server;

import io.glassbox.command.CommandFlags;
import io.glassbox.command.CommandTable;
import io.glassbox.command.HelpText;
import io.glassbox.command.RedisCommand;
import io.glassbox.resp.RespValue;
import io.glassbox.server.Client;
import io.glassbox.util.Glob;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * COMMAND and its subcommands: Redis's {@code commandCommand} family in {@code server.c}.
 *
 * <p>Everything here is derived from the one metadata source, the command table: COMMAND INFO and
 * COMMAND DOCS replay the entries Redis 7.0 itself returns ({@link RedisCommand#info},
 * {@link RedisCommand#docs()}), and COMMAND GETKEYS evaluates the same key specs.
 *
 * <p><b>Only what is implemented is listed.</b> COMMAND, COMMAND COUNT, COMMAND LIST and COMMAND INFO
 * without names show implemented commands only, and the subcommand lists inside an INFO entry or a
 * DOCS map show implemented subcommands only (Redis shows all, because it implements all). A client
 * library that discovers commands through COMMAND therefore never plans on one that would fail. Asking
 * by name for a command Redis has but Glassbox lacks answers as Redis answers for an unknown name.
 */
final class CommandCommand {
    private CommandCommand() {}

    static void register(CommandTable t) {
        t.bind("command", CommandCommand::command);
        t.bind("command|count", c -> c.addLong(c.server().commands().commands().size()));
        t.bind("command|info", CommandCommand::info);
        t.bind("command|docs", CommandCommand::docs);
        t.bind("command|list", CommandCommand::list);
        t.bind("command|getkeys", c -> getKeys(c, false));
        t.bind("command|getkeysandflags", c -> getKeys(c, true));
        t.bind("command|help", c -> HelpText.reply(c, "command"));
    }

    /** COMMAND: the INFO entry of every implemented command. */
    static void command(Client c) {
        var all = c.server().commands().commands();
        c.addArrayLen(all.size());
        for (RedisCommand cmd : all) writeInfo(c, cmd);
    }

    /** COMMAND INFO [name ...]: one entry per name, a null for names that are not implemented. */
    static void info(Client c) {
        if (c.argc() == 2) { command(c); return; }
        c.addArrayLen(c.argc() - 2);
        for (int i = 2; i < c.argc(); i++) {
            RedisCommand cmd = c.server().commands().lookupByFullName(c.argString(i));
            if (cmd == null) c.addNull();
            else writeInfo(c, cmd);
        }
    }

    /** An INFO entry with its subcommand list (element 10) cut down to implemented subcommands. */
    static void writeInfo(Client c, RedisCommand cmd) {
        List<RespValue> f = ((RespValue.Array) cmd.info).items();
        c.addArrayLen(f.size());
        for (int i = 0; i < f.size(); i++) {
            if (i == 9 && !cmd.subcommands().isEmpty()) {
                List<RedisCommand> subs = CommandTable.implementedSubcommands(cmd);
                c.addArrayLen(subs.size());
                for (RedisCommand s : subs) writeInfo(c, s);
            } else {
                RespValueReply.write(c, f.get(i));
            }
        }
    }

    /** COMMAND DOCS [name ...]: a map of name to docs; unknown names are left out. */
    static void docs(Client c) {
        List<RedisCommand> cmds = new ArrayList<>();
        if (c.argc() == 2) {
            // a command bound without captured docs (none in Redis) is left out, not a crash
            for (RedisCommand cmd : c.server().commands().commands()) if (cmd.docs() != null) cmds.add(cmd);
        } else {
            for (int i = 2; i < c.argc(); i++) {
                RedisCommand cmd = c.server().commands().lookupByFullName(c.argString(i));
                if (cmd != null && cmd.docs() != null) cmds.add(cmd);
            }
        }
        c.addMapLen(cmds.size());
        for (RedisCommand cmd : cmds) {
            c.addBulk(cmd.fullName);
            writeDocs(c, cmd);
        }
    }

    /** A docs map with "subcommands" holding only implemented subcommands (and left out if none is). */
    static void writeDocs(Client c, RedisCommand cmd) {
        List<RespValue> kv = ((RespValue.Map) cmd.docs()).entries();
        List<RedisCommand> subs = new ArrayList<>(CommandTable.implementedSubcommands(cmd));
        subs.removeIf(s -> s.docs() == null); // e.g. CLIENT SETINFO, bound for 7.2 clients, has no 7.0 docs
        int pairs = kv.size() / 2;
        boolean hasSubKey = false;
        for (int i = 0; i < kv.size(); i += 2) if ("subcommands".equals(kv.get(i).asText())) hasSubKey = true;
        if (hasSubKey && subs.isEmpty()) pairs--;
        c.addMapLen(pairs);
        for (int i = 0; i < kv.size(); i += 2) {
            if ("subcommands".equals(kv.get(i).asText())) {
                if (subs.isEmpty()) continue;
                c.addBulk("subcommands");
                c.addMapLen(subs.size());
                for (RedisCommand s : subs) {
                    c.addBulk(s.fullName);
                    writeDocs(c, s);
                }
                continue;
            }
            RespValueReply.write(c, kv.get(i));
            RespValueReply.write(c, kv.get(i + 1));
        }
    }

    /** COMMAND LIST [FILTERBY MODULE name | ACLCAT cat | PATTERN pattern]: names, subcommands included. */
    static void list(Client c) {
        String filter = null, arg = null;
        if (c.argc() == 5 && c.argIs(2, "filterby")) {
            if (c.argIs(3, "module") || c.argIs(3, "aclcat") || c.argIs(3, "pattern")) {
                filter = c.argString(3).toLowerCase(java.util.Locale.ROOT);
                arg = c.argString(4);
            }
        }
        if (c.argc() != 2 && filter == null) { c.addErrorSyntax(); return; }
        List<String> names = new ArrayList<>();
        for (RedisCommand cmd : c.server().commands().commands()) {
            if (matches(cmd, filter, arg)) names.add(cmd.fullName);
            for (RedisCommand s : CommandTable.implementedSubcommands(cmd)) if (matches(s, filter, arg)) names.add(s.fullName);
        }
        c.addArrayLen(names.size());
        for (String n : names) c.addBulk(n);
    }

    private static boolean matches(RedisCommand cmd, String filter, String arg) {
        if (filter == null) return true;
        switch (filter) {
            case "module": return arg.equals(cmd.module); // moduleIsModuleCommand + the module's name
            case "aclcat": {
                for (RespValue cat : ((RespValue.Array) ((RespValue.Array) cmd.info).items().get(6)).items()) {
                    if (cat.asText().equalsIgnoreCase("@" + arg)) return true;
                }
                return false;
            }
            default: return Glob.match(arg.getBytes(StandardCharsets.UTF_8), cmd.fullName.getBytes(StandardCharsets.UTF_8), true);
        }
    }

    /** COMMAND GETKEYS / GETKEYSANDFLAGS command [arg ...] (getKeysSubcommandImpl). */
    static void getKeys(Client c, boolean withFlags) {
        List<byte[]> argv = c.argv.subList(2, c.argc());
        RedisCommand cmd = lookupForArgv(c, argv);
        if (cmd == null) { c.addError("Invalid command specified"); return; }
        if (!KeySpecs.hasKeys(cmd)) { c.addError("The command has no key arguments"); return; }
        if (!cmd.arityOk(argv.size())) { c.addError("Invalid number of arguments specified for command"); return; }
        List<KeySpecs.Key> keys = KeySpecs.keys(cmd, argv);
        if (keys.isEmpty()) {
            if (cmd.has(CommandFlags.NO_MANDATORY_KEYS)) c.addArrayLen(0);
            else c.addError("Invalid arguments specified for command");
            return;
        }
        c.addArrayLen(keys.size());
        for (KeySpecs.Key k : keys) {
            if (!withFlags) { c.addBulk(argv.get(k.pos())); continue; }
            c.addArrayLen(2);
            c.addBulk(argv.get(k.pos()));
            RespValueReply.write(c, k.flags());
        }
    }

    /** lookupCommand(argv, argc): the command, or its subcommand when it is a container. */
    private static RedisCommand lookupForArgv(Client c, List<byte[]> argv) {
        RedisCommand base = c.server().commands().lookup(argv.get(0));
        if (base == null || base.subcommands().isEmpty()) return base;
        if (argv.size() == 1) return base;
        RedisCommand sub = base.subcommand(new String(argv.get(1), StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT));
        return sub == null || sub.handler() == null ? null : sub;
    }
}
