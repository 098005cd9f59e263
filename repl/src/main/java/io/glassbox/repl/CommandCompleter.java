package io.glassbox.repl;

import io.glassbox.engine.LocalClient;
import io.glassbox.resp.RespValue;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Tab completion: the first word completes to a command name from the engine's own command table
 * ({@code COMMAND LIST}, read once), or to a meta-command of {@link MetaCommand#ALL}; later words
 * complete to key names found with {@code SCAN ... MATCH prefix*} through the REPL's local client,
 * so completion sees exactly what the engine holds and needs no knowledge of its internals.
 */
final class CommandCompleter implements Completer {
    /** Stop scanning after this many candidate keys: completion must stay instant. */
    static final int MAX_KEYS = 200;

    private final ReplConnection client;
    private List<String> commands;
    /** COMMAND COUNT when {@link #commands} was read: a MODULE LOAD or UNLOAD since changes it. */
    private long commandCount = -1;

    CommandCompleter(LocalClient client) { this(ReplConnection.local(client)); }

    CommandCompleter(ReplConnection client) { this.client = client; }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        String word = line.word().substring(0, Math.min(line.wordCursor(), line.word().length()));
        if (line.wordIndex() == 0) {
            for (String c : commandNames()) {
                if (c.regionMatches(true, 0, word, 0, word.length())) candidates.add(new Candidate(c));
            }
            for (MetaCommand m : MetaCommand.ALL) {
                if (m.name().startsWith(word)) candidates.add(new Candidate(m.name()));
            }
        } else {
            for (String k : keysStartingWith(word)) candidates.add(new Candidate(k));
        }
    }

    /**
     * Top-level command names in upper case, as redis-cli's hints show them (no {@code a|b}
     * subcommands); read again when COMMAND COUNT moved (a module added or took away commands).
     */
    List<String> commandNames() {
        long count = client.call("COMMAND", "COUNT") instanceof RespValue.Int n ? n.value() : -1;
        if (commands == null || count != commandCount) {
            commandCount = count;
            TreeSet<String> names = new TreeSet<>();
            if (client.call("COMMAND", "LIST") instanceof RespValue.Array a) {
                for (RespValue v : a.items()) {
                    String n = v.asText();
                    if (n != null && n.indexOf('|') < 0) names.add(n.toUpperCase(Locale.ROOT));
                }
            }
            commands = List.copyOf(names);
        }
        return commands;
    }

    List<String> keysStartingWith(String prefix) {
        TreeSet<String> keys = new TreeSet<>();
        String pattern = globEscape(prefix) + "*";
        String cursor = "0";
        do {
            RespValue r = client.call("SCAN", cursor, "MATCH", pattern, "COUNT", "1000");
            if (!(r instanceof RespValue.Array a) || a.items().size() != 2
                    || !(a.items().get(1) instanceof RespValue.Array page)) break;
            cursor = a.items().get(0).asText();
            for (RespValue k : page.items()) {
                if (k instanceof RespValue.Bulk b) keys.add(new String(b.value(), StandardCharsets.UTF_8));
            }
        } while (!"0".equals(cursor) && keys.size() < MAX_KEYS);
        return new ArrayList<>(keys);
    }

    /** Escapes the glob characters of {@code stringmatchlen} so a typed prefix matches literally. */
    static String globEscape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') sb.append('\\');
            sb.append(c);
        }
        return sb.toString();
    }
}
