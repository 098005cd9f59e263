package io.glassbox.repl;

import io.glassbox.hooks.KeySnapshot;
import io.glassbox.hooks.RespWire;
import io.glassbox.resp.RespValue;
import io.glassbox.resp.SplitArgs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The internals views of {@code ./glassbox cli}, over the network: against a Glassbox server, the
 * pictures come from {@code GLASSBOX.SNAPSHOT} (the same the remote visualizer draws) and the loop
 * controls go through {@code GLASSBOX.LOOP}; a real Redis has no such commands, and is told so
 * plainly. The views that need the in-process engine itself (bytes, ticks, lessons) say where to
 * find them.
 */
final class RemoteViews {
    private final ReplConnection conn;

    RemoteViews(ReplConnection conn) { this.conn = conn; }

    /** The text of a meta-command that needs an engine, run against the server at the other end. */
    String run(String name, String[] words, int db) {
        try {
            return switch (name) {
                case ":dict" -> dict(words, db);
                case ":skiplist" -> skiplist(words, db);
                case ":pause" -> loop("PAUSE", "Loop paused after the current tick: clients wait. :step [N] runs N ticks, :resume runs on.\n");
                case ":resume" -> loop("RESUME", "Loop running.\n");
                case ":step" -> words.length > 2 || words.length == 2 && !words[1].matches("[1-9]\\d*") ? "Usage: :step [N]  (N >= 1)\n"
                        : loop("STEP " + (words.length == 2 ? words[1] : "1"), "Stepped, paused again.\n");
                case ":slow" -> slow(words);
                default -> name + " needs the engine in this process: run ./glassbox (./glassbox cli shows :dict, :skiplist,"
                        + " :pause, :step, :resume and :slow of a Glassbox server).\n";
            };
        } catch (IllegalStateException e) {
            return e.getMessage() + "\n";
        }
    }

    private String dict(String[] words, int db) {
        if (words.length > 2) return "Usage: :dict [db|KEY]\n";
        int n = db;
        if (words.length == 2) {
            try {
                n = Integer.parseInt(words[1]);
            } catch (NumberFormatException e) {
                return valueDict(words[1], db);
            }
        }
        RespValue r = snapshot("KEYSPACE", Integer.toString(n));
        if (r.isError()) return refused(r);
        return DictText.render(n, RespWire.readDict(r));
    }

    private String valueDict(String word, int db) {
        byte[] key = word.getBytes(StandardCharsets.UTF_8);
        RespValue r = snapshot("KEY", Integer.toString(db), word);
        if (r.isError()) return refused(r);
        KeySnapshot k = RespWire.readKey(r);
        String name = SplitArgs.repr(key);
        if (!k.exists()) return "(no key " + name + " in db " + db + ")\n";
        if (k.dict() == null) return k.type() + " " + name + " is " + k.encoding() + "-encoded: no dict\n";
        return DictText.render(k.type() + " " + name, k.type().equals("hash") ? "fields" : "members", k.dict());
    }

    private String skiplist(String[] words, int db) {
        if (words.length < 2 || words.length > 3) return "Usage: :skiplist KEY [MEMBER]\n";
        RespValue r = snapshot("KEY", Integer.toString(db), words[1]);
        if (r.isError()) return refused(r);
        KeySnapshot k = RespWire.readKey(r);
        String name = SplitArgs.repr(words[1].getBytes(StandardCharsets.UTF_8));
        if (!k.exists()) return "(no key " + name + " in db " + db + ")\n";
        if (k.skiplist() != null) {
            return SkipListText.render(name, k.skiplist(), words.length == 3 ? words[2].getBytes(StandardCharsets.UTF_8) : null);
        }
        if (k.type().equals("zset")) return "zset " + name + " is " + k.encoding() + "-encoded: no skiplist until it passes zset-max-listpack-entries\n";
        return name + " is a " + k.type() + ", not a sorted set.\n";
    }

    private String slow(String[] words) {
        if (words.length != 2) return "Usage: :slow ms|off\n";
        if (words[1].equalsIgnoreCase("off")) return loop("SLOW 0 0", "Slow motion off: full speed.\n");
        if (!words[1].matches("\\d+")) return "Usage: :slow ms|off\n";
        return loop("SLOW " + words[1] + " 1", "Slow motion: " + words[1] + " ms after every tick, one rehash step per cron run.\n");
    }

    private String loop(String args, String done) {
        List<String> argv = new ArrayList<>(List.of("GLASSBOX.LOOP"));
        argv.addAll(List.of(args.split(" ")));
        RespValue r = conn.call(argv.toArray(String[]::new));
        return r.isError() ? refused(r) : done;
    }

    private RespValue snapshot(String... args) {
        List<String> argv = new ArrayList<>(List.of("GLASSBOX.SNAPSHOT"));
        argv.addAll(List.of(args));
        return conn.call(argv.toArray(String[]::new));
    }

    /** A real Redis answers "unknown command": it cannot show its internals. Any other error is the server's. */
    private static String refused(RespValue error) {
        String m = error.errorMessage();
        if (m.startsWith("ERR unknown command")) {
            return "This server is not Glassbox: Redis cannot show its internals (it has no GLASSBOX.* commands). "
                    + "Point ./glassbox cli at a Glassbox server, or run ./glassbox.\n";
        }
        return "(error) " + m + "\n";
    }
}
