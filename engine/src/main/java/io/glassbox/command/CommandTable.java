package io.glassbox.command;

import io.glassbox.resp.RespReader;
import io.glassbox.resp.RespValue;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command table (Redis's {@code server.commands} and {@code populateCommandTable}).
 *
 * <p>Built in two steps. First every command Redis 7.0 has is read from Redis's own metadata
 * (see the package comment). Then each command family binds its implementations by name
 * ({@link #bind}); only bound commands can be looked up, so COMMAND lists exactly what works.
 *
 * <p>Lookup is by the raw bytes of argv[0], case-insensitively, without allocating: it runs for
 * every command a client sends.
 */
public final class CommandTable {
    private static final String INFO_RESOURCE = "redis-7.0-command-info.resp3";
    private static final String DOCS_RESOURCE = "redis-7.0-command-docs.resp3";

    /** Every command Redis 7.0 knows, implemented or not, by lowercase name. */
    private final Map<String, RedisCommand> known = new LinkedHashMap<>();
    /** The implemented commands, by lowercase name, in the order they were bound. */
    private final Map<String, RedisCommand> bound = new LinkedHashMap<>();
    // open-addressing index over `bound` for allocation-free lookup by bytes
    private RedisCommand[] slots = new RedisCommand[512];
    private byte[][] slotNames = new byte[512][];

    public CommandTable() {
        RespValue info = readResource(INFO_RESOURCE);
        for (RespValue entry : ((RespValue.Array) info).items()) {
            RedisCommand cmd = fromInfo((RespValue.Array) entry, null);
            known.put(cmd.name, cmd);
        }
        addClientSetinfo();
        RespValue docs = readResource(DOCS_RESOURCE);
        List<RespValue> kv = ((RespValue.Map) docs).entries();
        for (int i = 0; i < kv.size(); i += 2) {
            RedisCommand cmd = known.get(kv.get(i).asText());
            if (cmd != null) attachDocs(cmd, kv.get(i + 1));
        }
        for (RedisCommand cmd : known.values()) assignIds(cmd);
    }

    /** How many ACL ids were given out (ids are 0 .. this - 1). */
    private int nextId;

    /** ACLGetCommandID: sequential ids, a container's subcommands right after it. */
    private void assignIds(RedisCommand cmd) {
        cmd.id = nextId++;
        for (RedisCommand sub : cmd.subcommands.values()) sub.id = nextId++;
    }

    /** The number of ACL command ids: one past the largest {@link RedisCommand#id}. */
    public int idCount() { return nextId; }

    private static RespValue readResource(String name) {
        try (InputStream in = CommandTable.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return new RespReader(new BufferedInputStream(in)).read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * CLIENT SETINFO is Redis 7.2's, not 7.0's; Glassbox adds it because client libraries send it
     * during their handshake (Lettuce, Jedis 5+). Its metadata is 7.2's: arity 4, noscript loading
     * stale, @slow @connection. Everything else keeps 7.0's behaviour (CLIENT LIST shows no lib fields).
     */
    private void addClientSetinfo() {
        RedisCommand client = known.get("client");
        RespValue.Array entry = new RespValue.Array('*', List.of(
                new RespValue.Bulk("client|setinfo".getBytes(StandardCharsets.US_ASCII)),
                new RespValue.Int(4),
                new RespValue.Array('~', List.of(new RespValue.SimpleString("noscript"), new RespValue.SimpleString("loading"),
                        new RespValue.SimpleString("stale"))),
                new RespValue.Int(0), new RespValue.Int(0), new RespValue.Int(0),
                new RespValue.Array('~', List.of(new RespValue.SimpleString("@slow"), new RespValue.SimpleString("@connection"))),
                new RespValue.Array('~', List.of()),
                new RespValue.Array('*', List.of()),
                new RespValue.Array('*', List.of())));
        RedisCommand sub = fromInfo(entry, client);
        // 7.2's COMMAND DOCS entry, so that COMMAND DOCS (which redis-cli sends first) covers it too
        sub.docs = docMap("summary", bulk("Set client or connection specific info parameters"),
                "since", bulk("7.2.0"), "group", bulk("connection"), "complexity", bulk("O(1)"),
                "arguments", new RespValue.Array('*', List.of(docMap("name", bulk("attr"), "type", bulk("oneof"),
                        "arguments", new RespValue.Array('*', List.of(
                                docMap("name", bulk("libname"), "type", bulk("string"), "display_text", bulk("libname"),
                                        "token", bulk("LIB-NAME")),
                                docMap("name", bulk("libver"), "type", bulk("string"), "display_text", bulk("libver"),
                                        "token", bulk("LIB-VER"))))))));
        client.subcommands.put(sub.name, sub);
    }

    /**
     * Adds a command Redis 7.0 does not have (Glassbox's own GLASSBOX.* family), described as
     * COMMAND INFO and COMMAND DOCS would describe it, so that it can then be {@link #bind bound}
     * like any other and arity, flags and docs still come from one description.
     */
    public void define(RespValue.Array info, RespValue docs) {
        RedisCommand cmd = fromInfo(info, null);
        if (known.putIfAbsent(cmd.name, cmd) != null) throw new IllegalArgumentException("command " + cmd.name + " exists");
        cmd.extension = true;
        for (RedisCommand sub : cmd.subcommands.values()) sub.extension = true;
        assignIds(cmd);
        if (docs != null) attachDocs(cmd, docs);
    }

    /**
     * RM_CreateCommand (module.c, moduleCreateCommandProxy): a module's command, with arity -1 (any
     * number of arguments, the module checks), its flags plus {@code module}, no ACL categories (7.0
     * has no RM_SetCommandACLCategories), one key spec with full access from the legacy triple, the
     * group {@code module} and the module's name in COMMAND DOCS. Returns null if the name is taken
     * (lookupCommandByCString).
     */
    public RedisCommand defineModuleCommand(String name, String module, long flags, int firstKey, int lastKey, int keyStep,
                                            CommandHandler handler) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (bound.containsKey(lower) || known.containsKey(lower)) return null;
        flags |= CommandFlags.MODULE;
        List<RespValue> flagNames = new ArrayList<>();
        for (String f : CommandFlags.replyNames(flags)) flagNames.add(new RespValue.SimpleString(f));
        List<RespValue> specs = new ArrayList<>();
        if (firstKey != 0) {
            specs.add(docMap("flags", new RespValue.Array('~', List.of(new RespValue.SimpleString("RW"),
                            new RespValue.SimpleString("access"), new RespValue.SimpleString("update"))),
                    "begin_search", docMap("type", bulk("index"), "spec", docMap("index", new RespValue.Int(firstKey))),
                    "find_keys", docMap("type", bulk("range"), "spec", docMap(
                            "lastkey", new RespValue.Int(lastKey < 0 ? lastKey : lastKey - firstKey),
                            "keystep", new RespValue.Int(keyStep), "limit", new RespValue.Int(0)))));
        }
        RespValue.Array info = new RespValue.Array('*', List.of(bulk(lower), new RespValue.Int(-1),
                new RespValue.Array('~', flagNames), new RespValue.Int(firstKey), new RespValue.Int(lastKey),
                new RespValue.Int(keyStep), new RespValue.Array('~', List.of()), new RespValue.Array('~', List.of()),
                new RespValue.Array('~', specs), new RespValue.Array('~', List.of())));
        RedisCommand cmd = fromInfo(info, null);
        cmd.extension = true;
        cmd.module = module;
        cmd.docs = docMap("group", bulk("module"), "module", bulk(module));
        known.put(cmd.name, cmd);
        assignIds(cmd);
        bind(cmd.name, handler);
        return cmd;
    }

    /** moduleUnregisterCommands: the command leaves the table (its ACL id is not reused). */
    public void removeModuleCommand(RedisCommand cmd) {
        if (cmd.module == null) throw new IllegalArgumentException(cmd.name + " is not a module command");
        known.remove(cmd.name, cmd);
        if (bound.remove(cmd.name, cmd)) rebuildIndex(slots.length);
    }

    private static RespValue.Bulk bulk(String s) { return new RespValue.Bulk(s.getBytes(StandardCharsets.US_ASCII)); }

    /** A docs map from alternating names and values. */
    private static RespValue.Map docMap(Object... kv) {
        List<RespValue> entries = new java.util.ArrayList<>();
        for (int i = 0; i < kv.length; i += 2) {
            entries.add(bulk((String) kv[i]));
            entries.add((RespValue) kv[i + 1]);
        }
        return new RespValue.Map('%', entries);
    }

    /**
     * The flags commands.c sets but COMMAND INFO hides on purpose (addReplyFlagsForCommand):
     * CMD_MAY_REPLICATE (a read that may still propagate something: CLIENT PAUSE WRITE holds it,
     * a read-only script may not call it) and CMD_PROTECTED (refused unless enable-*-command
     * allows it). CMD_SENTINEL/ONLY_SENTINEL belong to sentinel mode.
     */
    private static long hiddenFlags(String fullName) {
        return switch (fullName) {
            case "pfcount", "publish", "spublish", "eval", "evalsha", "fcall" -> CommandFlags.MAY_REPLICATE;
            case "debug", "module|load", "module|loadex", "module|unload" -> CommandFlags.PROTECTED;
            default -> 0;
        };
    }

    private static RedisCommand fromInfo(RespValue.Array e, RedisCommand parent) {
        List<RespValue> f = e.items();
        String fullName = f.get(0).asText();
        String name = parent == null ? fullName : fullName.substring(fullName.indexOf('|') + 1);
        long flags = 0;
        for (RespValue flag : ((RespValue.Array) f.get(2)).items()) flags |= CommandFlags.parse(flag.asText());
        flags |= hiddenFlags(fullName);
        RedisCommand cmd = new RedisCommand(name, parent, (int) ((RespValue.Int) f.get(1)).value(), flags,
                (int) ((RespValue.Int) f.get(3)).value(), (int) ((RespValue.Int) f.get(4)).value(),
                (int) ((RespValue.Int) f.get(5)).value(), e);
        if (f.size() > 9 && f.get(9) instanceof RespValue.Array subs) {
            for (RespValue s : subs.items()) {
                RedisCommand sub = fromInfo((RespValue.Array) s, cmd);
                cmd.subcommands.put(sub.name, sub);
            }
        }
        return cmd;
    }

    private static void attachDocs(RedisCommand cmd, RespValue doc) {
        cmd.docs = doc;
        List<RespValue> kv = ((RespValue.Map) doc).entries();
        for (int i = 0; i < kv.size(); i += 2) {
            if (!"subcommands".equals(kv.get(i).asText())) continue;
            List<RespValue> subs = ((RespValue.Map) kv.get(i + 1)).entries();
            for (int j = 0; j < subs.size(); j += 2) {
                String full = subs.get(j).asText();
                RedisCommand sub = cmd.subcommands.get(full.substring(full.indexOf('|') + 1));
                if (sub != null) attachDocs(sub, subs.get(j + 1));
            }
        }
    }

    /**
     * Binds an implementation to a command Redis 7.0 has, e.g. {@code bind("get", StringCommands::get)}
     * or, for a subcommand, {@code bind("config|get", ...)}.
     */
    public void bind(String name, CommandHandler handler) {
        bind(name, handler, null);
    }

    /** Binds a command whose keys move with its arguments, with the function that finds them. */
    public void bind(String name, CommandHandler handler, KeyFinder keyFinder) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        int bar = lower.indexOf('|');
        RedisCommand cmd;
        if (bar < 0) {
            cmd = known.get(lower);
        } else {
            RedisCommand parent = known.get(lower.substring(0, bar));
            cmd = parent == null ? null : parent.subcommands.get(lower.substring(bar + 1));
            if (parent != null) index(parent);
        }
        if (cmd == null) throw new IllegalArgumentException("Redis 7.0 has no command " + name);
        cmd.handler = handler;
        cmd.keyFinder = keyFinder;
        if (bar < 0) index(cmd);
    }

    private void index(RedisCommand cmd) {
        if (bound.putIfAbsent(cmd.name, cmd) != null) return;
        if (bound.size() * 2 > slots.length) rebuildIndex(slots.length * 2);
        else insertSlot(cmd);
    }

    private void rebuildIndex(int size) {
        slots = new RedisCommand[size];
        slotNames = new byte[size][];
        for (RedisCommand c : bound.values()) insertSlot(c);
    }

    private void insertSlot(RedisCommand cmd) {
        byte[] n = cmd.name.getBytes(StandardCharsets.US_ASCII);
        int mask = slots.length - 1;
        int i = hash(n, n.length) & mask;
        while (slots[i] != null) i = (i + 1) & mask;
        slots[i] = cmd;
        slotNames[i] = n;
    }

    private static int hash(byte[] b, int n) {
        int h = 0x811c9dc5;
        for (int i = 0; i < n; i++) {
            int c = b[i];
            if (c >= 'A' && c <= 'Z') c += 32;
            h = (h ^ c) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }

    /** The implemented top-level command named by these bytes, any case; null if none (lookupCommand). */
    public RedisCommand lookup(byte[] name) {
        int mask = slots.length - 1;
        int i = hash(name, name.length) & mask;
        RedisCommand c;
        while ((c = slots[i]) != null) {
            if (equalsIgnoreCase(slotNames[i], name)) return c;
            i = (i + 1) & mask;
        }
        return null;
    }

    private static boolean equalsIgnoreCase(byte[] lower, byte[] b) {
        if (lower.length != b.length) return false;
        for (int i = 0; i < b.length; i++) {
            int c = b[i];
            if (c >= 'A' && c <= 'Z') c += 32;
            if (c != lower[i]) return false;
        }
        return true;
    }

    /** Looks up "name" or "container|sub" among implemented commands; null if not implemented. */
    public RedisCommand lookupByFullName(String fullName) {
        String lower = fullName.toLowerCase(java.util.Locale.ROOT);
        int bar = lower.indexOf('|');
        RedisCommand top = bound.get(bar < 0 ? lower : lower.substring(0, bar));
        if (top == null || bar < 0) return top;
        RedisCommand sub = top.subcommands.get(lower.substring(bar + 1));
        return sub != null && sub.handler != null ? sub : null;
    }

    /** Implemented top-level commands, in binding order. */
    public Collection<RedisCommand> commands() { return Collections.unmodifiableCollection(bound.values()); }

    /** Implemented subcommands of a container command. */
    public static List<RedisCommand> implementedSubcommands(RedisCommand container) {
        List<RedisCommand> out = new ArrayList<>();
        for (RedisCommand s : container.subcommands.values()) if (s.handler != null) out.add(s);
        return out;
    }

    /**
     * A command Redis 7.0 has, implemented or not, by "name" or "container|sub", any case; null if
     * none (ACLLookupCommand: ACL rules name commands of the whole table).
     */
    public RedisCommand lookupKnown(String fullName) {
        String lower = fullName.toLowerCase(java.util.Locale.ROOT);
        int bar = lower.indexOf('|');
        RedisCommand top = known.get(bar < 0 ? lower : lower.substring(0, bar));
        if (top == null || bar < 0) return top;
        if (lower.indexOf('|', bar + 1) >= 0) return null;
        return top.subcommands.get(lower.substring(bar + 1));
    }

    /**
     * Sentinel mode (populateCommandTable with server.sentinel_mode): only the commands and
     * subcommands a Sentinel of Redis 7.0 has stay, as its COMMAND lists them (captured from
     * redis-sentinel into {@code resourceInfo}), and SENTINEL joins them, unbound until the
     * sentinel binds it. Glassbox's own GLASSBOX.* commands go too (Redis's suite counts COMMAND
     * LIST). Call before anything takes ACL ids from the table.
     */
    public void restrictTo(InputStream resourceInfo, InputStream resourceDocs) {
        RespValue info, docs;
        try {
            info = new RespReader(new BufferedInputStream(resourceInfo)).read();
            docs = new RespReader(new BufferedInputStream(resourceDocs)).read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, RedisCommand> kept = new LinkedHashMap<>();
        for (RespValue entry : ((RespValue.Array) info).items()) {
            RedisCommand cmd = fromInfo((RespValue.Array) entry, null);
            RedisCommand old = known.get(cmd.name);
            if (old != null) {
                // keep the bound implementation and docs; drop the subcommands a Sentinel lacks
                old.subcommands.keySet().retainAll(cmd.subcommands.keySet());
                kept.put(old.name, old);
            } else {
                kept.put(cmd.name, cmd);
            }
        }
        List<RespValue> kv = ((RespValue.Map) docs).entries();
        for (int i = 0; i < kv.size(); i += 2) {
            RedisCommand cmd = kept.get(kv.get(i).asText());
            if (cmd != null && cmd.docs == null) attachDocs(cmd, kv.get(i + 1));
        }
        known.clear();
        known.putAll(kept);
        bound.keySet().retainAll(kept.keySet());
        nextId = 0;
        for (RedisCommand cmd : known.values()) assignIds(cmd);
        rebuildIndex(slots.length);
    }

    /** Every command Redis 7.0 has, implemented or not (for documentation of what is missing). */
    public Collection<RedisCommand> allKnown() { return Collections.unmodifiableCollection(known.values()); }

    /**
     * Key positions in argv (getKeysFromCommand): from the command's key finder when its keys move,
     * else from Redis's legacy first/last/step triple. Returns null when the arguments do not
     * match the command's shape.
     */
    public static int[] keyPositions(RedisCommand cmd, List<byte[]> argv) {
        if (cmd.keyFinder != null) return cmd.keyFinder.keys(argv);
        if (cmd.firstKey == 0) return new int[0];
        int last = cmd.lastKey < 0 ? argv.size() + cmd.lastKey : cmd.lastKey;
        if (last >= argv.size()) last = argv.size() - 1;
        List<Integer> keys = new ArrayList<>();
        for (int i = cmd.firstKey; i <= last; i += Math.max(1, cmd.keyStep)) keys.add(i);
        int[] out = new int[keys.size()];
        for (int i = 0; i < out.length; i++) out[i] = keys.get(i);
        return out;
    }
}
