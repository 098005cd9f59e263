package io.glassbox.repl;

import io.glassbox.ds.dict.DictSnapshot;
import io.glassbox.course.Messages;
import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.hooks.ValueSnapshot;
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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
    /** The in-process engine, or null for {@code ./glassbox cli} (a RESP connection to any server). */
    private final Engine engine;
    private final LocalClient client;
    private final ReplConnection conn;
    private final String host;
    private final int port;
    private int db;
    /** Commands typed while the loop was paused: sent, their replies not yet printed. */
    private final List<Pending> pending = new ArrayList<>();
    private long slowMillis;
    /** Extra engines in this JVM (:node), null for a network REPL. */
    private final Nodes nodes;
    /** The course's lesson player (:lesson, :lang), null for a network REPL: lessons need the engine's hooks. */
    private final LessonSession lessons;

    private record Pending(String line, CompletableFuture<RespValue> reply) {}

    public Repl(Engine engine, LocalClient client, String host) {
        this.engine = engine;
        this.client = client;
        this.conn = ReplConnection.local(client);
        this.host = host;
        this.port = engine.port();
        this.nodes = new Nodes(engine);
        this.lessons = new LessonSession(engine, Messages.forSystemLocale());
    }

    /** A REPL on a network connection: redis-cli for any Redis; the internals views are not available. */
    Repl(ReplConnection.Network network, int db) {
        this.engine = null;
        this.client = null;
        this.conn = network;
        this.host = network.host();
        this.port = network.port();
        this.db = db;
        this.nodes = null;
        this.lessons = null;
    }

    ReplConnection connection() { return conn; }

    Engine engine() { return engine; }

    /** {@code 127.0.0.1:6379> }, or {@code 127.0.0.1:6379[2]> } after SELECT 2, as redis-cli. */
    String prompt() {
        if (conn instanceof ReplConnection.Network n && !n.isConnected()) return "not connected> ";
        return (lessons == null ? "" : lessons.promptMark()) + host + ":" + port + (db == 0 ? "" : "[" + db + "]") + "> ";
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
            String t = line.strip();
            if (t.isEmpty() && lessons != null && lessons.playing()) {
                out.print(lessons.next()); // Enter while a lesson plays: its next step
                out.flush();
                continue;
            }
            MetaCommand m = t.startsWith(":") ? MetaCommand.find(t.split("\\s+", 2)[0]) : null;
            if (m != null && m.atTerminal() != null && (engine != null || !m.needsEngine())) {
                m.atTerminal().run(this, t.substring(m.name().length()).strip(), reader);
                continue;
            }
            if (subscribedMode(line, reader, raw)) continue;
            Outcome o = eval(line);
            if (o.text != null) out.print(raw ? new String(o.rawBytes(), StandardCharsets.UTF_8) : o.text);
            out.flush();
            if (o.exit) break;
        }
        if (lessons != null && lessons.playing()) out.print(lessons.end());
        out.flush();
        if (nodes != null) nodes.closeAll();
        try {
            reader.getHistory().save();
        } catch (IOException e) {
            out.println("Could not save history: " + e.getMessage());
            out.flush();
        }
    }

    /**
     * SUBSCRIBE, PSUBSCRIBE or SSUBSCRIBE typed at a {@code ./glassbox cli} prompt: as redis-cli,
     * prints every message as it arrives until Ctrl-C (or the server closes the connection; the
     * prompt then says "not connected"). True if the line was one of them.
     */
    private boolean subscribedMode(String line, LineReader reader, boolean raw) {
        if (!(conn instanceof ReplConnection.Network net)) return false;
        List<byte[]> argv = SplitArgs.split(line.getBytes(StandardCharsets.UTF_8));
        if (argv == null || argv.isEmpty() || !CliModes.subscribes(new String(argv.get(0), StandardCharsets.UTF_8))) return false;
        java.io.PrintStream out = new java.io.PrintStream(reader.getTerminal().output(), true, StandardCharsets.UTF_8);
        try {
            CliModes.readMessages(net, argv, raw, out);
        } catch (IOException e) {
            out.println(e.getMessage());
        }
        net.close();
        return true;
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
        if (lessons != null && lessons.playing()) out.write(lessons.end().getBytes(StandardCharsets.UTF_8));
        if (nodes != null) nodes.closeAll();
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
        if (engine != null && engine.controls().isPaused()) {
            // the loop holds it: send it now, print the reply when :step or :resume lets it run
            pending.add(new Pending(trimmed, client.send(argv)));
            return Outcome.message("(held: the loop is paused; :step runs the next tick, :resume runs everything)\n");
        }
        RespValue reply;
        try {
            reply = conn.call(argv);
        } catch (IllegalStateException e) {
            if (engine == null) {
                // as redis-cli: SHUTDOWN gets no reply; anything else says why the server is unreachable
                return name.equalsIgnoreCase("shutdown") ? Outcome.NOTHING : Outcome.message(e.getMessage() + "\n");
            }
            // SHUTDOWN closes every client without a reply: the engine is gone, so is the REPL.
            if (engine.shutdownRequested()) return Outcome.EXIT;
            return Outcome.message("(error) " + e.getMessage() + "\n");
        }
        if (name.equalsIgnoreCase("select") && argv.size() == 2 && reply instanceof RespValue.SimpleString s && s.value().equals("OK")) {
            db = Integer.parseInt(new String(argv.get(1), StandardCharsets.UTF_8).strip());
        }
        boolean exit = engine != null && engine.shutdownRequested();
        return new Outcome(ReplyFormatter.tty(reply), ReplyFormatter.raw(reply), exit);
    }

    /**
     * Runs a meta-command from {@link MetaCommand#ALL} and returns its text (:watch and :lesson have
     * their interactive forms in {@link #interactive}).
     */
    String meta(String line) {
        String[] words = line.split("\\s+");
        MetaCommand m = MetaCommand.find(words[0]);
        if (m == null) return "Unknown meta-command '" + words[0] + "'. Type :help for the list.\n";
        if (m.needsEngine() && engine == null) return new RemoteViews(conn).run(m.name(), words, db);
        return m.action().run(this, words, line.substring(words[0].length()).strip());
    }

    String pause() {
        engine.controls().pause();
        return "Loop paused after the current tick: commands (yours and network clients') wait. :step [N] runs N ticks, :resume runs on.\n";
    }

    String resume() {
        engine.controls().resume();
        return "Loop running.\n" + collectPending(5000);
    }

    /** :repl [N]: this engine's replication, or extra node N's. */
    String replication(String[] words) {
        if (words.length == 1) return ReplicationText.render(engine.hooks().replicationSnapshot().join());
        Engine node = nodes.engine(words[1]);
        return node == null ? Nodes.USAGE : ReplicationText.render(node.hooks().replicationSnapshot().join());
    }

    String node(String rest) { return nodes.meta(rest); }

    /** :lesson without a terminal: the list, or a player verb; auto-play does not wait. */
    String lesson(String rest) { return lessons.run(rest); }

    /** :lang zh|en: the language of lessons' captions and messages, switched at once. */
    String lang(String rest) { return lessons.lang(rest); }

    /**
     * :lesson at a terminal: as {@link #lesson}, except that auto-play waits between steps and a
     * key stops it.
     */
    void lesson(String rest, LineReader reader) {
        PrintWriter out = reader.getTerminal().writer();
        org.jline.utils.NonBlockingReader keys = reader.getTerminal().reader();
        lessons.run(rest, text -> {
            out.print(text);
            out.flush();
        }, ms -> {
            if (ms <= 0) return -1;
            try {
                return keys.read(ms);
            } catch (IOException e) {
                return -1;
            }
        });
        out.flush();
    }

    /** :rax KEY: the radix tree of a stream, with the listpack of each node. */
    String rax(String[] words) {
        if (words.length != 2) return "Usage: :rax key\n";
        byte[] key = metaArg(words[1]);
        io.glassbox.ds.stream.StreamSnapshot s = engine.hooks().streamSnapshot(db, key).join();
        if (s == null) return "No stream at key '" + words[1] + "' in db " + db + "\n";
        return RaxText.render(words[1], s);
    }

    /**
     * Opens the visualizer on this REPL's engine. It is loaded by name: the REPL module does not
     * depend on the visualizer, so it builds and tests without JavaFX, and a REPL whose classpath
     * lacks the visualizer (or a machine without a display) says so instead of failing to start.
     */
    String viz() {
        try {
            Class<?> v = Class.forName("io.glassbox.visualizer.Visualizer");
            Object shown = v.getMethod("open", Engine.class).invoke(null, engine);
            ((java.util.concurrent.CompletableFuture<?>) shown).get(30, java.util.concurrent.TimeUnit.SECONDS);
            return "Visualizer open on this engine (close its window to stop watching).\n";
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            return "The visualizer is not on this REPL's classpath (start the REPL with ./glassbox).\n";
        } catch (java.lang.reflect.InvocationTargetException | java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return "Could not open the visualizer: " + cause + "\n"
                   + "(a window needs a display and libgtk-3-0; see the README).\n";
        } catch (ReflectiveOperationException | java.util.concurrent.TimeoutException | RuntimeException | LinkageError e) {
            return "Could not open the visualizer: " + e + "\n";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "Interrupted.\n";
        }
    }

    /** :dict KEY: the dict inside a hash, a set or a sorted set, when its encoding has one. */
    private String valueDict(String word) {
        byte[] key = metaArg(word);
        String name = SplitArgs.repr(key);
        DictSnapshot<byte[]> d = engine.hooks().dictSnapshot(db, key).join();
        if (d != null) {
            ValueSnapshot v = engine.hooks().valueSnapshot(db, key).join();
            String what = v.type().equals("hash") ? "fields" : "members";
            return DictText.render(v.type() + " " + name, what, d);
        }
        ValueSnapshot v = engine.hooks().valueSnapshot(db, key).join();
        if (v == null) return "(no key " + name + " in db " + db + ")\n";
        return v.type() + " " + name + " is " + v.encoding() + "-encoded: no dict (see :encoding " + word + ")\n";
    }

    String skiplist(String[] words) {
        if (words.length < 2 || words.length > 3) return "Usage: :skiplist KEY [MEMBER]\n";
        byte[] key = metaArg(words[1]);
        ValueSnapshot v = engine.hooks().valueSnapshot(db, key).join();
        String name = SplitArgs.repr(key);
        if (v == null) return "(no key " + name + " in db " + db + ")\n";
        if (v instanceof ValueSnapshot.SkipListView z) {
            return SkipListText.render(name, z.skiplist(), words.length == 3 ? metaArg(words[2]) : null);
        }
        if (v.type().equals("zset")) {
            return "zset " + name + " is " + v.encoding() + "-encoded: small sorted sets are a listpack of member, score pairs\n"
                    + "(no skiplist until it passes zset-max-listpack-entries or zset-max-listpack-value; try\n"
                    + " CONFIG SET zset-max-listpack-entries 0 before creating it). :encoding " + words[1] + " shows its bytes.\n";
        }
        return name + " is a " + v.type() + ", not a sorted set.\n";
    }

    String encoding(String[] words) {
        if (words.length != 2) return "Usage: :encoding KEY\n";
        byte[] key = metaArg(words[1]);
        ValueSnapshot v = engine.hooks().valueSnapshot(db, key).join();
        if (v == null) return "(no key " + SplitArgs.repr(key) + " in db " + db + ")\n";
        return EncodingText.render(SplitArgs.repr(key), v);
    }

    /** A key or member typed after a meta-command, with redis-cli's quoting ("a b", "\x00"). */
    private static byte[] metaArg(String word) {
        List<byte[]> a = SplitArgs.split(word.getBytes(StandardCharsets.UTF_8));
        return a == null || a.isEmpty() ? word.getBytes(StandardCharsets.UTF_8) : a.get(0);
    }

    /** :acl [USER]: clients and their users, a user's rules, the last ACL LOG entries. */
    String acl(String[] words) {
        return AclText.render(conn, words.length >= 2 ? words[1] : null);
    }

    String evict() {
        return EvictText.render(engine.hooks().evictionSnapshot().join());
    }

    String loop(String[] words) {
        int n = 20;
        if (words.length == 2) {
            try {
                n = Math.max(1, Integer.parseInt(words[1]));
            } catch (NumberFormatException e) {
                return "Usage: :loop [N]\n";
            }
        }
        String state = slowMillis > 0 ? ", slow motion " + slowMillis + " ms per tick" : "";
        return LoopText.render(engine.hooks().recentTicks().join(), n, engine.controls().isPaused(), state);
    }

    String step(String[] words) {
        int n = 1;
        if (words.length == 2) {
            try {
                n = Integer.parseInt(words[1]);
            } catch (NumberFormatException e) {
                n = 0;
            }
        }
        if (n < 1) return "Usage: :step [N]  (N >= 1)\n";
        if (!engine.controls().isPaused()) return "The loop is running; :pause first.\n";
        engine.controls().step(n);
        String replies = collectPending(1000);
        return "Stepped " + n + " tick" + (n == 1 ? "" : "s") + " (ticks so far: " + engine.controls().ticks() + "), paused again.\n"
                + replies;
    }

    String slow(String[] words) {
        if (words.length == 1) {
            return slowMillis == 0 ? "Slow motion is off.\n" : "Slow motion: " + slowMillis + " ms after every tick, one rehash step per cron run.\n";
        }
        if (words[1].equalsIgnoreCase("off")) {
            slowMillis = 0;
            engine.controls().setSlowMotion(0, false);
            return "Slow motion off: full speed.\n";
        }
        try {
            slowMillis = Long.parseLong(words[1]);
        } catch (NumberFormatException e) {
            return "Usage: :slow [ms|off]\n";
        }
        if (slowMillis < 0) slowMillis = 0;
        engine.controls().setSlowMotion(slowMillis, true);
        return "Slow motion: " + slowMillis + " ms after every tick, one rehash step per cron run.\n";
    }

    /** The replies of held commands that arrived, in order (waiting up to {@code waitMillis} for the first). */
    private String collectPending(long waitMillis) {
        StringBuilder out = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                RespValue r = p.reply.get(left, TimeUnit.NANOSECONDS);
                out.append(p.line).append(" -> ").append(ReplyFormatter.tty(r));
                it.remove();
            } catch (java.util.concurrent.TimeoutException e) {
                break; // still held: a later :step will run it
            } catch (Exception e) {
                out.append(p.line).append(" -> (error) ").append(e.getMessage()).append('\n');
                it.remove();
            }
        }
        if (!pending.isEmpty()) out.append("(").append(pending.size()).append(" command(s) still held)\n");
        return out.toString();
    }

    String dict(String[] words) {
        int n = db;
        if (words.length > 2) return "Usage: :dict [db|KEY]\n";
        if (words.length == 2) {
            try {
                n = Integer.parseInt(words[1]);
            } catch (NumberFormatException e) {
                return valueDict(words[1]);
            }
        }
        int databases = engine.databases();
        if (n < 0 || n >= databases) return "No db " + n + ": databases are 0.." + (databases - 1) + "\n";
        final int id = n;
        // Read on the engine's loop thread, between commands, even while the loop is paused.
        DictSnapshot<byte[]> s = engine.hooks().dictSnapshot(id).join();
        return DictText.render(id, s);
    }
}
