package io.glassbox.repl;

import io.glassbox.ds.dict.DictSnapshot;
import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.resp.RespValue;
import io.glassbox.resp.SplitArgs;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The read-eval-print loop of redis-cli's interactive mode ({@code repl()} in redis-cli.c), run
 * against an in-process engine: a line is split with redis-cli's quoting ({@code sdssplitargs}),
 * sent through a {@link LocalClient} and its reply printed by {@link ReplyFormatter}. Lines
 * starting with {@code :} are meta-commands that look inside the engine instead.
 *
 * <p>Two ways in: {@link #interactive(LineReader)} for a person at a terminal (prompt, history,
 * completion, Ctrl-C clears the line, Ctrl-D leaves), and {@link #script(BufferedReader, OutputStream)}
 * for piped input, which runs every line and prints replies in the {@code --raw} form.
 */
public final class Repl {
    static final List<String> META_COMMANDS = List.of(":help", ":dict", ":rax");

    private final Engine engine;
    private final LocalClient client;
    private final String host;
    private int db;

    public Repl(Engine engine, LocalClient client, String host) {
        this.engine = engine;
        this.client = client;
        this.host = host;
    }

    /** {@code 127.0.0.1:6379> }, or {@code 127.0.0.1:6379[2]> } after SELECT 2, as redis-cli. */
    String prompt() {
        return host + ":" + engine.port() + (db == 0 ? "" : "[" + db + "]") + "> ";
    }

    /** Reads lines until Ctrl-D, {@code quit}/{@code exit}, or SHUTDOWN; replies in the terminal form unless {@code raw}. */
    public void interactive(LineReader reader, boolean raw) {
        PrintWriter out = reader.getTerminal().writer();
        while (true) {
            String line;
            try {
                line = reader.readLine(prompt());
            } catch (UserInterruptException e) {
                continue; // Ctrl-C: the line is dropped, a fresh prompt follows
            } catch (EndOfFileException e) {
                break;    // Ctrl-D
            }
            Outcome o = eval(line);
            if (o.text != null) out.print(raw ? new String(o.rawBytes(), StandardCharsets.UTF_8) : o.text);
            out.flush();
            if (o.exit) break;
        }
        out.flush();
        try {
            reader.getHistory().save();
        } catch (IOException e) {
            out.println("Could not save history: " + e.getMessage());
            out.flush();
        }
    }

    /** Runs every line of {@code in} and prints each reply in the {@code --raw} form, as {@code redis-cli < file} does. */
    public void script(BufferedReader in, OutputStream out) throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            Outcome o = eval(line);
            if (o.raw != null) out.write(o.raw);
            else if (o.text != null) out.write(o.text.getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (o.exit) break;
        }
    }

    /**
     * What one line produced: the terminal text, the {@code --raw} bytes when they differ (replies
     * only), and whether the REPL should end.
     */
    record Outcome(String text, byte[] raw, boolean exit) {
        static final Outcome NOTHING = new Outcome(null, null, false);
        static final Outcome EXIT = new Outcome(null, null, true);
        static Outcome message(String text) { return new Outcome(text, null, false); }

        byte[] rawBytes() { return raw != null ? raw : text.getBytes(StandardCharsets.UTF_8); }
    }

    /** Evaluates one line: blank lines do nothing; {@code :...} is a meta-command; anything else goes to the engine. */
    Outcome eval(String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty()) return Outcome.NOTHING;
        if (trimmed.startsWith(":")) return Outcome.message(meta(trimmed));
        List<byte[]> argv = SplitArgs.split(line.getBytes(StandardCharsets.UTF_8));
        if (argv == null) return Outcome.message("Invalid argument(s)\n");
        if (argv.isEmpty()) return Outcome.NOTHING;
        String name = new String(argv.get(0), StandardCharsets.UTF_8);
        if (argv.size() == 1 && (name.equalsIgnoreCase("quit") || name.equalsIgnoreCase("exit"))) return Outcome.EXIT;
        RespValue reply;
        try {
            reply = client.call(argv);
        } catch (IllegalStateException e) {
            // SHUTDOWN closes every client without a reply: the engine is gone, so is the REPL.
            if (engine.server().shutdownRequested()) return Outcome.EXIT;
            return Outcome.message("(error) " + e.getMessage() + "\n");
        }
        if (name.equalsIgnoreCase("select") && argv.size() == 2 && reply instanceof RespValue.SimpleString s && s.value().equals("OK")) {
            db = Integer.parseInt(new String(argv.get(1), StandardCharsets.UTF_8).strip());
        }
        boolean exit = engine.server().shutdownRequested();
        return new Outcome(ReplyFormatter.tty(reply), ReplyFormatter.raw(reply), exit);
    }

    private String meta(String line) {
        String[] words = line.split("\\s+");
        switch (words[0]) {
            case ":help":
                return """
                        Meta-commands (everything else is sent to the engine as a Redis command):
                          :help        this list
                          :dict [db]   draw the keyspace dict of db (default: the selected db): both
                                       hash tables, each bucket's chain, and the rehash cursor
                          :rax key     draw the radix tree of the stream at key: nodes, compressed
                                       runs, and the listpack hanging from each key node
                        quit, exit or Ctrl-D leave; Ctrl-C clears the line; Tab completes commands and keys.
                        """;
            case ":dict":
                return dict(words);
            case ":rax":
                return rax(words);
            default:
                return "Unknown meta-command '" + words[0] + "'. Type :help for the list.\n";
        }
    }

    private String rax(String[] words) {
        if (words.length != 2) return "Usage: :rax key\n";
        io.glassbox.ds.stream.StreamSnapshot s =
                engine.hooks().streamSnapshot(db, words[1].getBytes(StandardCharsets.UTF_8)).join();
        if (s == null) return "No stream at key '" + words[1] + "' in db " + db + "\n";
        return RaxView.render(words[1], s);
    }

    private String dict(String[] words) {
        int n = db;
        if (words.length > 2) return "Usage: :dict [db]\n";
        if (words.length == 2) {
            try {
                n = Integer.parseInt(words[1]);
            } catch (NumberFormatException e) {
                return "Usage: :dict [db]  (db is a number)\n";
            }
        }
        int databases = engine.server().keyspace().databases();
        if (n < 0 || n >= databases) return "No db " + n + ": databases are 0.." + (databases - 1) + "\n";
        final int id = n;
        // Read on the engine's loop thread, the only one allowed to touch the dict.
        DictSnapshot<byte[]> s = engine.loop()
                .submit(() -> engine.server().keyspace().db(id).dict().snapshotWithKeys()).join();
        return DictView.render(id, s);
    }
}
