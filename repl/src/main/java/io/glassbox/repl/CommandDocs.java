package io.glassbox.repl;

import io.glassbox.resp.RespValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the REPL knows about each command, read once from the server itself ({@code COMMAND DOCS}
 * and {@code COMMAND INFO}): the syntax line shown as a hint while typing, the option tokens and
 * the key positions used to colour the line. Works against any Redis 7 (the {@code cli} mode)
 * because it only asks the server.
 *
 * <p>The syntax line is built as redis-cli 7 builds its hints from the same docs
 * ({@code cliInitCommandHelpEntries}): an argument is its name, a token argument is
 * {@code TOKEN name}, a pure token is the token, a block is its arguments in order, a one-of
 * choice joins them with {@code |}, an optional argument is in brackets and a multiple one is
 * followed by {@code [name ...]}.
 */
final class CommandDocs {
    /** One command: its syntax (without the name), its option tokens, and where its keys are. */
    record Doc(String syntax, Set<String> tokens, int firstKey, int lastKey, int step) {
        boolean isKeyPosition(int pos) {
            if (firstKey <= 0 || pos < firstKey) return false;
            if (lastKey >= 0 && pos > lastKey) return false;
            return step > 0 && (pos - firstKey) % step == 0;
        }
    }

    private final Map<String, Doc> docs;

    private CommandDocs(Map<String, Doc> docs) { this.docs = docs; }

    static final CommandDocs EMPTY = new CommandDocs(Map.of());

    /** Reads the docs through {@code call}; an old server without COMMAND DOCS gives no hints. */
    static CommandDocs load(ReplConnection conn) {
        Map<String, Doc> out = new HashMap<>();
        Map<String, int[]> keys = new HashMap<>();
        try {
            if (conn.call("COMMAND", "INFO") instanceof RespValue.Array info) {
                for (RespValue v : info.items()) {
                    if (!(v instanceof RespValue.Array a) || a.items().size() < 6) continue;
                    keys.put(text(a.items().get(0)).toUpperCase(Locale.ROOT), new int[] {
                            (int) num(a.items().get(3)), (int) num(a.items().get(4)), (int) num(a.items().get(5))});
                }
            }
            RespValue all = conn.call("COMMAND", "DOCS");
            List<RespValue> pairs = pairs(all);
            for (int i = 0; i + 1 < pairs.size(); i += 2) {
                String name = text(pairs.get(i)).toUpperCase(Locale.ROOT);
                Map<String, RespValue> doc = map(pairs.get(i + 1));
                Set<String> tokens = new HashSet<>();
                String syntax = doc.containsKey("arguments") ? args(list(doc.get("arguments")), tokens, " ") : "";
                int[] k = keys.getOrDefault(name, new int[] {0, 0, 0});
                out.put(name, new Doc(syntax, tokens, k[0], k[1], k[2]));
            }
        } catch (RuntimeException e) {
            return EMPTY; // not connected, or a server that does not know COMMAND DOCS
        }
        return new CommandDocs(out);
    }

    Doc get(String command) { return docs.get(command.toUpperCase(Locale.ROOT)); }

    boolean isEmpty() { return docs.isEmpty(); }

    private static String args(List<RespValue> args, Set<String> tokens, String sep) {
        List<String> parts = new ArrayList<>();
        for (RespValue a : args) parts.add(arg(map(a), tokens));
        return String.join(sep, parts);
    }

    private static String arg(Map<String, RespValue> a, Set<String> tokens) {
        String type = text(a.get("type"));
        String token = a.containsKey("token") ? text(a.get("token")) : null;
        if (token != null) tokens.add(token.toUpperCase(Locale.ROOT));
        String body;
        switch (type) {
            case "pure-token" -> body = token;
            case "block" -> body = args(list(a.get("arguments")), tokens, " ");
            case "oneof" -> body = args(list(a.get("arguments")), tokens, "|");
            default -> body = text(a.get("name"));
        }
        if (token != null && !type.equals("pure-token")) body = token + " " + body;
        Set<String> flags = new HashSet<>();
        if (a.containsKey("flags")) for (RespValue f : list(a.get("flags"))) flags.add(text(f));
        if (flags.contains("multiple")) {
            String again = flags.contains("multiple_token") || token == null ? body : text(a.get("name"));
            if (type.equals("oneof") || type.equals("block")) again = body;
            body = body + " [" + again + " ...]";
        }
        return flags.contains("optional") ? "[" + body + "]" : body;
    }

    // ---------------------------------------------------------------- RESP2 and RESP3 shapes alike

    private static List<RespValue> pairs(RespValue v) {
        if (v instanceof RespValue.Map m) return m.entries();
        if (v instanceof RespValue.Array a) return a.items();
        return List.of();
    }

    private static Map<String, RespValue> map(RespValue v) {
        Map<String, RespValue> m = new HashMap<>();
        List<RespValue> p = pairs(v);
        for (int i = 0; i + 1 < p.size(); i += 2) m.put(text(p.get(i)), p.get(i + 1));
        return m;
    }

    private static List<RespValue> list(RespValue v) {
        if (v instanceof RespValue.Array a) return a.items();
        return List.of();
    }

    private static String text(RespValue v) {
        if (v == null) return "";
        if (v instanceof RespValue.Bulk b) return new String(b.value(), StandardCharsets.UTF_8);
        String t = v.asText();
        return t == null ? "" : t;
    }

    private static long num(RespValue v) {
        return v instanceof RespValue.Int i ? i.value() : 0;
    }
}
