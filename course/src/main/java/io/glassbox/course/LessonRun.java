package io.glassbox.course;

import io.glassbox.ds.dict.DictSnapshot;
import io.glassbox.ds.skiplist.SkipListSnapshot;
import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.hooks.EngineEvent;
import io.glassbox.hooks.Subscription;
import io.glassbox.hooks.ValueSnapshot;
import io.glassbox.replication.Replication;
import io.glassbox.resp.RespValue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * What a step works with: the learner's engine and the lesson's database in it, the lesson's own
 * client, the engines and subscriptions the lesson started, and the step's output (the commands
 * and replies, the view, the captions, the citations, the facts its check compares).
 *
 * <p>Isolation. A lesson's commands go through its own {@link LocalClient}, which selects the
 * lesson's database (the last one, 15 by default) once: the learner's connection keeps its
 * selected database, and the learner's keys in the other databases are never touched. What the
 * lesson starts (engines for replication, subscriptions, a paused loop) is undone by
 * {@link #reset()}; the settings it changed are set back by the {@link Player}.
 */
public final class LessonRun {
    private final Engine engine;
    private final int db;
    private final LocalClient client;
    private final List<Node> nodes = new ArrayList<>();
    private final List<Named> clients = new ArrayList<>();
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final List<Path> dirs = new ArrayList<>();
    private boolean pausedLoop;

    // the current step's output
    private final List<Exchange> exchanges = new ArrayList<>();
    private final List<Text> captions = new ArrayList<>();
    private final List<Cite> cites = new ArrayList<>();
    private View view = View.none();
    private final Map<String, Object> facts = new HashMap<>();

    /** A second client of the lesson on the learner's engine (a subscriber, a competing lock holder), with the pushes it received. */
    public record Named(String name, LocalClient client, List<io.glassbox.resp.RespValue> pushes) {}

    /** An engine the lesson started, with its client. */
    public record Node(String name, Engine engine, LocalClient client) {}

    LessonRun(Engine engine, int db) {
        this.engine = engine;
        this.db = db;
        this.client = engine.newClient();
        client.call("SELECT", Integer.toString(db));
    }

    public Engine engine() { return engine; }

    /** The lesson's database on the learner's engine. */
    public int db() { return db; }

    public LocalClient client() { return client; }

    // ---------------------------------------------------------------- commands

    /** Runs a command on the lesson's client (the lesson's database) and shows it with its reply. */
    public RespValue call(String... args) { return record(null, client, args); }

    /** Runs a command on the lesson's client without showing it (set-up the captions do not discuss). */
    public RespValue quiet(String... args) { return client.call(args); }

    /** Runs a command on one of the lesson's own engines and shows it. */
    public RespValue call(Node node, String... args) { return record(node.name(), node.client(), args); }

    /** Shows a command another client ran (a second client of the lesson, a subscriber). */
    public RespValue call(String who, LocalClient c, String... args) { return record(who, c, args); }

    private RespValue record(String who, LocalClient c, String... args) {
        RespValue r = c.call(args);
        exchanges.add(new Exchange(who, line(args), r));
        return r;
    }

    /** Shows a command sent while the loop is held (its reply is shown once known). */
    public void shown(String who, String line, RespValue reply) { exchanges.add(new Exchange(who, line, reply)); }

    /** redis-cli's way of writing an argument: quoted when it holds a blank, a quote or a non-printable byte. */
    public static String line(String... args) {
        StringBuilder sb = new StringBuilder();
        for (String a : args) {
            if (sb.length() > 0) sb.append(' ');
            boolean plain = !a.isEmpty() && a.chars().allMatch(ch -> ch > ' ' && ch < 127 && ch != '"' && ch != '\'' && ch != '\\');
            if (plain) {
                sb.append(a);
            } else {
                sb.append('"');
                for (byte b : a.getBytes(StandardCharsets.UTF_8)) {
                    int ch = b & 0xff;
                    if (ch == '"' || ch == '\\') sb.append('\\').append((char) ch);
                    else if (ch >= ' ' && ch < 127) sb.append((char) ch);
                    else sb.append(String.format("\\x%02x", ch));
                }
                sb.append('"');
            }
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- reading the engine

    /** The lesson database's keyspace dict (read between commands, no rehash step taken). */
    public DictSnapshot<byte[]> dict() { return engine.hooks().dictSnapshot(db).join(); }

    /** The value at {@code key} in the lesson's database, or null. */
    public ValueSnapshot value(String key) { return engine.hooks().valueSnapshot(db, bytes(key)).join(); }

    /** The skiplist of the sorted set at {@code key}, or null. */
    public SkipListSnapshot skiplist(String key) { return engine.hooks().skiplistSnapshot(db, bytes(key)).join(); }

    public Replication.Snapshot replication(Engine e) { return e.hooks().replicationSnapshot().join(); }

    public static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    public static String str(byte[] b) { return b == null ? null : new String(b, StandardCharsets.UTF_8); }

    /** A reply's integer (an Int), or a bulk read as a number; -1 for anything else. */
    public static long integer(RespValue r) {
        if (r instanceof RespValue.Int i) return i.value();
        if (r instanceof RespValue.Bulk b) {
            try {
                return Long.parseLong(str(b.value()));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    /** A reply as text: a bulk's or simple string's content, an error's message, "(nil)" for null. */
    public static String text(RespValue r) {
        if (r instanceof RespValue.Bulk b) return str(b.value());
        if (r instanceof RespValue.SimpleString s) return s.value();
        if (r instanceof RespValue.Error e) return e.message();
        if (r instanceof RespValue.Int i) return Long.toString(i.value());
        if (r instanceof RespValue.Null) return "(nil)";
        return String.valueOf(r);
    }

    /** The items of an array reply as strings. */
    public static List<String> strings(RespValue r) {
        List<String> out = new ArrayList<>();
        if (r instanceof RespValue.Array a) for (RespValue v : a.items()) out.add(text(v));
        return out;
    }

    /** A field of an INFO section ({@code INFO stats}: {@code expired_keys}), from the given engine's client. */
    public static String info(LocalClient c, String section, String field) {
        for (String l : text(c.call("INFO", section)).split("\r\n")) {
            if (l.startsWith(field + ":")) return l.substring(field.length() + 1);
        }
        return null;
    }

    /** Waits (polling, at most {@code millis}) until {@code done} holds; false if it never did. */
    public static boolean await(BooleanSupplier done, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (true) {
            if (done.getAsBoolean()) return true;
            if (System.nanoTime() > deadline) return false;
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    // ---------------------------------------------------------------- what the lesson starts

    /**
     * Starts an engine of the lesson's own in this JVM, listening on a free loopback port, with an
     * empty temporary directory and no save points; closed by {@link #reset()}.
     */
    public Node startEngine(String name, String... moreArgs) throws Exception {
        return startEngine(name, false, moreArgs);
    }

    /**
     * {@link #startEngine}, on a clock that moves only when the lesson says
     * ({@code node.engine().controls().advanceClock(ms)}): idle times and LFU decay shown in minutes
     * without waiting for them.
     */
    public Node startEngineWithManualClock(String name, String... moreArgs) throws Exception {
        return startEngine(name, true, moreArgs);
    }

    /**
     * An empty temporary directory of the lesson's, deleted by {@link #reset()}: where a lesson puts
     * data files for an engine it starts with {@code --dir} (a later {@code --dir} wins, as in redis-server).
     */
    public Path newDir() throws IOException {
        Path dir = Files.createTempDirectory("glassbox-lesson");
        dirs.add(dir);
        return dir;
    }

    private Node startEngine(String name, boolean manualClock, String... moreArgs) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path dir = newDir();
        List<String> args = new ArrayList<>(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--dir", dir.toString(), "--logfile", dir.resolve("log").toString()));
        args.addAll(List.of(moreArgs));
        Engine e = manualClock ? Engine.startWithManualClock(args.toArray(String[]::new)) : Engine.start(args.toArray(String[]::new));
        Node n = new Node(name, e, e.newClient());
        nodes.add(n);
        return n;
    }

    /**
     * Starts a Sentinel of the lesson's own in this JVM ({@code Engine.startSentinel}), on a free
     * loopback port, with a sentinel.conf of these {@code sentinel ...} lines in an empty temporary
     * directory (which it rewrites with its state); closed by {@link #reset()}.
     */
    public Node startSentinel(String name, String... sentinelLines) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path dir = Files.createTempDirectory("glassbox-lesson");
        dirs.add(dir);
        Path conf = dir.resolve("sentinel.conf");
        Files.writeString(conf, String.join("\n", sentinelLines) + "\n");
        Engine e = Engine.startSentinel(conf.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--logfile", dir.resolve("log").toString());
        Node n = new Node(name, e, e.newClient());
        nodes.add(n);
        return n;
    }

    /** Stops one of the lesson's engines before the lesson ends (a master that dies). */
    public void stopEngine(Node n) {
        nodes.remove(n);
        n.client().close();
        n.engine().close();
    }

    /**
     * The lesson's client called {@code name}, opened on first use (in the lesson's database),
     * recording the pushes it receives; closed by {@link #reset()}.
     */
    public Named client(String name) {
        for (Named n : clients) if (n.name().equals(name)) return n;
        LocalClient c = engine.newClient();
        c.call("SELECT", Integer.toString(db));
        Named n = new Named(name, c, new CopyOnWriteArrayList<>());
        c.onPush(n.pushes()::add);
        clients.add(n);
        return n;
    }

    /** Runs a command on one of the lesson's named clients and shows it. */
    public RespValue call(Named who, String... args) { return record(who.name(), who.client(), args); }

    /** The engines the lesson started, in order. */
    public List<Node> nodes() { return List.copyOf(nodes); }

    /** Records every event of these kinds from {@code e} until the lesson is reset. */
    public Recorder record(Engine e, Class<?>... kinds) {
        Recorder r = new Recorder();
        subscriptions.add(e.hooks().subscribe(r.events::add, 1 << 16, Set.of(kinds)));
        return r;
    }

    /** The events a {@link #record} subscription heard, in order; delivered a few milliseconds late. */
    public static final class Recorder {
        private final List<EngineEvent> events = new CopyOnWriteArrayList<>();

        public List<EngineEvent> events() { return List.copyOf(events); }

        public <T extends EngineEvent> List<T> of(Class<T> kind) {
            List<T> out = new ArrayList<>();
            for (EngineEvent e : events) if (kind.isInstance(e)) out.add(kind.cast(e));
            return out;
        }

        public void clear() { events.clear(); }
    }

    /** Freezes the learner's engine's loop after its current tick; resumed by {@link #resumeLoop} or the reset. */
    public void pauseLoop() {
        engine.controls().pause();
        pausedLoop = true;
    }

    public void resumeLoop() {
        if (pausedLoop) engine.controls().resume();
        pausedLoop = false;
    }

    // ---------------------------------------------------------------- the step's output

    public void view(View v) { this.view = v; }

    public void view(View.Kind kind) { this.view = new View(kind, engine, db, null, null); }

    public void view(View.Kind kind, String key) { this.view = new View(kind, engine, db, key, null); }

    /** A view of one of the lesson's own engines (its eviction, its ACL). */
    public void view(View.Kind kind, Node node) { this.view = new View(kind, node.engine(), 0, null, null); }

    public void caption(String key, Object... args) { captions.add(Text.of(key, args)); }

    public void caption(Text t) { captions.add(t); }

    public void cite(String cFile, String cFunction, String javaMethod) { cites.add(Cite.of(cFile, cFunction, javaMethod)); }

    /** Records what the caption claims, for the step's check. */
    public void fact(String name, Object value) { facts.put(name, value); }

    Map<String, Object> facts() { return facts; }

    /** A fact an earlier step recorded (null if none): what the engine looked like before this step. */
    public Object recalled(String name) { return facts.get(name); }

    /** Clears the output of the previous step (its facts stay until overwritten). */
    void beginStep() {
        exchanges.clear();
        captions.clear();
        cites.clear();
        view = View.none();
    }

    List<Exchange> exchanges() { return List.copyOf(exchanges); }

    List<Text> captions() { return List.copyOf(captions); }

    List<Cite> cites() { return List.copyOf(cites); }

    View currentView() { return view; }

    /**
     * Undoes what the lesson did to the engine, except its settings (the {@link Player} restores
     * those): resumes a loop it paused, closes its subscriptions and engines, empties its database.
     */
    void reset() {
        resumeLoop();
        for (Subscription s : subscriptions) s.close();
        subscriptions.clear();
        for (Named n : clients) n.client().close();
        clients.clear();
        for (Node n : nodes) {
            n.client().close();
            n.engine().close();
        }
        nodes.clear();
        for (Path d : dirs) deleteTree(d);
        dirs.clear();
        client.call("FLUSHDB", "SYNC");
        facts.clear();
        beginStep();
    }

    void close() {
        reset();
        client.close();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
