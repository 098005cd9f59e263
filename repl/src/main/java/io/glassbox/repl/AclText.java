package io.glassbox.repl;

import io.glassbox.resp.RespValue;

import java.util.List;

/**
 * {@code :acl [USER]}: who is connected as whom, what a user may run, and the last ACL LOG entries,
 * read with ordinary commands (CLIENT LIST, ACL GETUSER, ACL LOG) on the REPL's own connection, so
 * it shows what the REPL's user may see and works against any Redis 7.0 too.
 */
final class AclText {
    private AclText() {}

    static String render(ReplConnection conn, String user) {
        StringBuilder sb = new StringBuilder();
        RespValue whoami = conn.call("ACL", "WHOAMI");
        sb.append("This connection runs as: ").append(text(whoami)).append('\n');
        RespValue clients = conn.call("CLIENT", "LIST");
        sb.append("\nConnected clients (id, address, name, user, last command):\n");
        if (clients instanceof RespValue.Error e) {
            sb.append("  ").append(e.message()).append('\n');
        } else {
            for (String line : text(clients).split("\n")) {
                if (line.isBlank()) continue;
                sb.append(String.format("  %-6s %-22s %-10s %-12s %s%n", field(line, "id"), field(line, "addr"),
                        field(line, "name").isEmpty() ? "-" : field(line, "name"), field(line, "user"), field(line, "cmd")));
            }
        }
        String who = user != null ? user : text(whoami);
        RespValue u = conn.call("ACL", "GETUSER", who);
        sb.append("\nWhat '").append(who).append("' may do:\n");
        if (u instanceof RespValue.Error e) {
            sb.append("  ").append(e.message()).append('\n');
        } else if (!(u instanceof RespValue.Map) && !(u instanceof RespValue.Array)) {
            sb.append("  no such user\n");
        } else {
            List<RespValue> kv = entries(u);
            for (int i = 0; i + 1 < kv.size(); i += 2) {
                String k = text(kv.get(i));
                RespValue v = kv.get(i + 1);
                if (k.equals("selectors")) {
                    List<RespValue> sels = entries(v);
                    for (int s = 0; s < sels.size(); s++) {
                        List<RespValue> skv = entries(sels.get(s));
                        sb.append("  selector ").append(s + 1).append(':');
                        for (int j = 0; j + 1 < skv.size(); j += 2) sb.append(' ').append(text(skv.get(j + 1)));
                        sb.append('\n');
                    }
                } else if (v instanceof RespValue.Array a) {
                    StringBuilder items = new StringBuilder();
                    for (RespValue x : a.items()) items.append(items.length() > 0 ? " " : "").append(k.equals("passwords") ? "#" + text(x).substring(0, 8) + "..." : text(x));
                    sb.append(String.format("  %-10s %s%n", k, items));
                } else {
                    sb.append(String.format("  %-10s %s%n", k, text(v)));
                }
            }
        }
        RespValue log = conn.call("ACL", "LOG", "5");
        sb.append("\nLast refusals (ACL LOG 5):\n");
        if (log instanceof RespValue.Error e) {
            sb.append("  ").append(e.message()).append('\n');
        } else if (entries(log).isEmpty()) {
            sb.append("  none\n");
        } else {
            for (RespValue entry : entries(log)) {
                List<RespValue> kv = entries(entry);
                String count = "", reason = "", context = "", object = "", username = "", age = "";
                for (int i = 0; i + 1 < kv.size(); i += 2) {
                    String v = text(kv.get(i + 1));
                    switch (text(kv.get(i))) {
                        case "count" -> count = v;
                        case "reason" -> reason = v;
                        case "context" -> context = v;
                        case "object" -> object = v;
                        case "username" -> username = v;
                        case "age-seconds" -> age = v;
                        default -> { }
                    }
                }
                sb.append(String.format("  %sx %s refused to %s: %s (%s, %.1f s ago)%n", count, username, reason, object, context,
                        parse(age)));
            }
        }
        return sb.toString();
    }

    private static double parse(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A CLIENT LIST field's value, or "" if the line has none. */
    private static String field(String line, String name) {
        for (String f : line.split(" ")) if (f.startsWith(name + "=")) return f.substring(name.length() + 1);
        return "";
    }

    private static List<RespValue> entries(RespValue v) {
        if (v instanceof RespValue.Map m) return m.entries();
        if (v instanceof RespValue.Array a && a.items() != null) return a.items();
        return List.of();
    }

    private static String text(RespValue v) {
        if (v instanceof RespValue.Error e) return e.message();
        if (v instanceof RespValue.Verbatim vb) return new String(vb.value(), java.nio.charset.StandardCharsets.UTF_8);
        String t = v.asText();
        return t == null ? "(nil)" : t;
    }
}
