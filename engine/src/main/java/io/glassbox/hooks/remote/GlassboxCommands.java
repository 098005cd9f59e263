package io.glassbox.hooks.remote;

import io.glassbox.command.CommandTable;
import io.glassbox.db.RedisDb;
import io.glassbox.hooks.EngineEvent;
import io.glassbox.hooks.Hooks;
import io.glassbox.hooks.KeyListing;
import io.glassbox.hooks.KeySnapshot;
import io.glassbox.hooks.RespWire;
import io.glassbox.hooks.Snapshots;
import io.glassbox.hooks.Subscription;
import io.glassbox.loop.EventLoop;
import io.glassbox.resp.ReplyBuffer;
import io.glassbox.resp.RespValue;
import io.glassbox.server.Client;
import io.glassbox.server.Connection;
import io.glassbox.server.Server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * GLASSBOX.EVENTS, GLASSBOX.SNAPSHOT and GLASSBOX.LOOP: the engine's hooks served over RESP, so a
 * visualizer on another machine can watch this server ({@code ./glassbox viz --attach host:port}).
 * Redis has nothing like them (MONITOR and keyspace notifications are its nearest relatives), so
 * their metadata is written here, in the shape of Redis's COMMAND INFO and COMMAND DOCS, and
 * given to the table with {@link CommandTable#define}. The wire format is in {@link RespWire} and
 * docs/remote-attach.md.
 *
 * <p><b>The rule the in-process visualizer follows holds over the network too: the engine never
 * waits for a viewer.</b> {@code GLASSBOX.EVENTS SUBSCRIBE} subscribes to the hooks with a bounded
 * queue (the command thread only offers to it, see {@link Subscription}); the subscription's own
 * thread encodes each event and writes it to the socket (in batches of up to 16 KB while more
 * wait), unless the socket is over its high water mark (the viewer is not reading), in which case
 * the event is dropped and counted. So a viewer that stops reading costs at most the queue plus
 * 64 KB and one batch (and the kernel's socket buffers), and it learns how much it missed from a
 * {@code dropped} push sent before the next event that gets through. Kinds not asked for are never
 * queued.
 *
 * <p>A connection that ran one of these commands is a <em>watcher</em> ({@link Client#watcher}):
 * its commands are run even while the teaching pause holds everyone else's input, and its replies
 * are written at once, because a paused loop has no beforeSleep to write them. That is what lets a
 * remote viewer take snapshots of a paused engine and press Step and Resume. Before a connection
 * is a watcher, its GLASSBOX.* commands still pass the pause (the server peeks at the next
 * request's name), so a viewer can attach to an engine that is already paused. A viewer must send
 * only GLASSBOX.* commands on a watcher connection (its other commands would run during the pause too).
 */
public final class GlassboxCommands implements AutoCloseable {
    private final Hooks hooks;
    private final EventLoop loop;
    /** Runs loop controls, which wait for the loop thread, off the loop thread; made on first use. */
    private ExecutorService controls;

    /** The commands of one engine, on its hooks and its loop ({@code Engine} binds them into its command table). */
    public GlassboxCommands(Hooks hooks, EventLoop loop) {
        this.hooks = hooks;
        this.loop = loop;
    }

    /** Default and largest queue of a GLASSBOX.EVENTS stream, in events. */
    static final int DEFAULT_CAPACITY = 4096, MAX_CAPACITY = 65536;
    /** Default and largest number of keys a GLASSBOX.SNAPSHOT KEYS listing returns. */
    static final int DEFAULT_LISTING = 500, MAX_LISTING = 10_000;

    /** Defines the GLASSBOX.* commands in the table and binds them to this engine's hooks and loop. */
    public void register(CommandTable t) {
        define(t, "glassbox.events", "Streams the engine's hook events to this connection.",
                sub("subscribe", -2, "GLASSBOX.EVENTS SUBSCRIBE [CAPACITY n] [SAMPLE k] [kind ...]: push every event (or those kinds) to this connection; SAMPLE: a tick at most every ms (and every longer one) and k commands after each, the rest counted in a Sampled event"),
                sub("unsubscribe", 2, "GLASSBOX.EVENTS UNSUBSCRIBE: stop this connection's stream"),
                sub("list", 2, "GLASSBOX.EVENTS LIST: each stream's client id, events sent, dropped and queued"));
        define(t, "glassbox.snapshot", "Copies internals of the engine, read on the command thread without moving them.",
                sub("keyspace", 3, "GLASSBOX.SNAPSHOT KEYSPACE db: the keyspace dict's two tables, cursor and chains"),
                sub("key", 4, "GLASSBOX.SNAPSHOT KEY db key: type, encoding, and the key's dict and skiplist if it has them"),
                sub("keys", -3, "GLASSBOX.SNAPSHOT KEYS db [count]: the first keys with type, encoding and TTL"));
        define(t, "glassbox.loop", "The teaching controls of the event loop: pause, step, resume, slow motion.",
                sub("pause", 2, "GLASSBOX.LOOP PAUSE: freeze the loop after the current tick"),
                sub("resume", 2, "GLASSBOX.LOOP RESUME: unfreeze the loop"),
                sub("step", -2, "GLASSBOX.LOOP STEP [n]: while paused, let n ticks run (default 1)"),
                sub("slow", 4, "GLASSBOX.LOOP SLOW ms 0|1: wait ms after each tick; 1 = one rehash step per cron run"),
                sub("state", 2, "GLASSBOX.LOOP STATE: paused (0/1) and ticks so far"));
        t.bind("glassbox.events|subscribe", this::subscribe);
        t.bind("glassbox.events|unsubscribe", GlassboxCommands::unsubscribe);
        t.bind("glassbox.events|list", GlassboxCommands::list);
        t.bind("glassbox.snapshot|keyspace", GlassboxCommands::keyspace);
        t.bind("glassbox.snapshot|key", GlassboxCommands::key);
        t.bind("glassbox.snapshot|keys", GlassboxCommands::keys);
        t.bind("glassbox.loop|pause", c -> control(c, EventLoop::pause));
        t.bind("glassbox.loop|resume", c -> control(c, EventLoop::resume));
        t.bind("glassbox.loop|step", this::step);
        t.bind("glassbox.loop|slow", this::slow);
        t.bind("glassbox.loop|state", this::state);
    }

    // ---------------------------------------------------------------- GLASSBOX.EVENTS

    /**
     * One connection's stream: a hooks subscription whose thread writes push frames to the socket.
     * Frames are gathered while more events wait in the queue and written together (at most
     * {@link #BATCH_BYTES} at a time): a write is a task for the loop thread, which is also the
     * command thread, so one write per event would cost the engine a syscall per event.
     */
    static final class EventStream implements AutoCloseable {
        static final int BATCH_BYTES = 16 * 1024;
        final Client client;
        private final Connection connection;
        private final ReplyBuffer frame = new ReplyBuffer(); // the delivery thread's own
        final AtomicLong sent = new AtomicLong(), droppedUnwritable = new AtomicLong();
        private volatile Subscription subscription;
        private long droppedReported;

        EventStream(Client client) {
            this.client = client;
            this.connection = client.connection();
            frame.setProtocol(client.protocol());
        }

        /**
         * On the subscription's thread: append the frame or, if the peer lags, drop the event; write
         * what was gathered once the queue is empty or the batch is full. (If another event arrives
         * just after the check, the batch is written anyway; if one is waiting, its own delivery
         * comes next and writes.)
         */
        void deliver(EngineEvent e) {
            if (frame.pendingReplyBytes() == 0 && !connection.writable()) {
                droppedUnwritable.incrementAndGet();
                return;
            }
            long dropped = dropped();
            if (dropped != droppedReported) {
                RespWire.writeDropped(frame, dropped);
                droppedReported = dropped;
            }
            RespWire.writeEvent(frame, e);
            sent.incrementAndGet();
            Subscription s = subscription;
            if (s == null || s.pending() == 0 || frame.pendingReplyBytes() >= BATCH_BYTES) {
                connection.write(frame.replyArray(), 0, frame.pendingReplyBytes());
                frame.consumeReply(frame.pendingReplyBytes());
            }
        }

        /** Events lost: the hooks' queue was full, or the socket was. */
        long dropped() {
            Subscription s = subscription;
            return droppedUnwritable.get() + (s == null ? 0 : s.dropped());
        }

        long queued() {
            Subscription s = subscription;
            return s == null ? 0 : s.pending();
        }

        @Override
        public void close() {
            Subscription s = subscription;
            if (s != null) s.close();
        }
    }

    /** GLASSBOX.EVENTS SUBSCRIBE [CAPACITY n] [SAMPLE k] [kind ...] (SAMPLE: see Hooks.subscribe's commandsPerTick). */
    void subscribe(Client c) {
        if (c.connection().fd() < 0) {
            c.addError("GLASSBOX.EVENTS is for network connections; in-process callers subscribe to engine.hooks()");
            return;
        }
        if (c.eventStream != null) {
            c.addError("this connection already streams events; GLASSBOX.EVENTS UNSUBSCRIBE first");
            return;
        }
        int capacity = DEFAULT_CAPACITY;
        Set<Class<?>> kinds = null;
        int commandsPerTick = Subscription.EVERY_COMMAND;
        for (int i = 2; i < c.argc(); i++) {
            if (c.argIs(i, "sample") && i + 1 < c.argc()) {
                Long n = parseLong(c.arg(++i));
                if (n == null || n < 0 || n > MAX_CAPACITY) {
                    c.addError("SAMPLE must be between 0 and " + MAX_CAPACITY);
                    return;
                }
                commandsPerTick = n.intValue();
                continue;
            }
            if (c.argIs(i, "capacity") && i + 1 < c.argc()) {
                Long n = parseLong(c.arg(++i));
                if (n == null || n < 1 || n > MAX_CAPACITY) {
                    c.addError("CAPACITY must be between 1 and " + MAX_CAPACITY);
                    return;
                }
                capacity = n.intValue();
                continue;
            }
            Class<?> k = RespWire.kind(c.argString(i));
            if (k == null) {
                c.addError("unknown event kind '" + c.argString(i) + "'; kinds are " + String.join(", ", RespWire.kindNames()));
                return;
            }
            if (kinds == null) kinds = new HashSet<>();
            kinds.add(k);
        }
        c.watcher = true;
        EventStream stream = new EventStream(c);
        c.eventStream = stream;
        // on the command thread: the observers are installed before this returns, and the OK is
        // written before any event (events go out through the subscription's thread, after it)
        stream.subscription = hooks.subscribe(stream::deliver, capacity, kinds, commandsPerTick);
        c.addOk();
    }

    /** GLASSBOX.EVENTS UNSUBSCRIBE: pushes already on their way may still arrive after the OK. */
    static void unsubscribe(Client c) {
        c.watcher = true;
        if (c.eventStream != null) {
            try {
                c.eventStream.close();
            } catch (Exception ignored) {
                // closing a subscription throws nothing
            }
            c.eventStream = null;
        }
        c.addOk();
    }

    /** GLASSBOX.EVENTS LIST: one [client id, sent, dropped, queued] per stream. */
    static void list(Client c) {
        c.watcher = true;
        List<EventStream> streams = new ArrayList<>();
        for (Client o : c.server().clients()) if (o.eventStream instanceof EventStream s) streams.add(s);
        c.addArrayLen(streams.size());
        for (EventStream s : streams) {
            c.addArrayLen(4);
            c.addLong(s.client.id);
            c.addLong(s.sent.get());
            c.addLong(s.dropped());
            c.addLong(s.queued());
        }
    }

    // ---------------------------------------------------------------- GLASSBOX.SNAPSHOT

    /** GLASSBOX.SNAPSHOT KEYSPACE db: the keyspace dict, keys included for small tables (see {@link KeySnapshot}). */
    static void keyspace(Client c) {
        c.watcher = true;
        RedisDb db = db(c, 2);
        if (db == null) return;
        RespWire.writeDict(c, Snapshots.key(db, null).dict());
    }

    /**
     * GLASSBOX.SNAPSHOT KEY db key: {@code [type, encoding, dict, skiplist]}, the last two null when
     * the value has none (a listpack, an intset); {@code ["none", "none", null, null]} if the key is
     * missing. The picture the in-process visualizer takes ({@link Snapshots#key}); looking the key
     * up does not move the rehash it may show.
     */
    static void key(Client c) {
        c.watcher = true;
        RedisDb db = db(c, 2);
        if (db == null) return;
        RespWire.writeKey(c, Snapshots.key(db, c.arg(3)));
    }

    /** GLASSBOX.SNAPSHOT KEYS db [count]: {@code [key, type, encoding, ttl ms or -1]} for the first keys in dict order. */
    static void keys(Client c) {
        c.watcher = true;
        RedisDb db = db(c, 2);
        if (db == null) return;
        int max = DEFAULT_LISTING;
        if (c.argc() > 4) {
            c.addErrorSyntax();
            return;
        }
        if (c.argc() == 4) {
            Long n = parseLong(c.arg(3));
            if (n == null || n < 0 || n > MAX_LISTING) {
                c.addError("count must be between 0 and " + MAX_LISTING);
                return;
            }
            max = n.intValue();
        }
        List<KeyListing> out = KeyListing.firstKeys(db, c.server().keyspace().clock().millis(), max);
        c.addArrayLen(out.size());
        for (KeyListing k : out) {
            c.addArrayLen(4);
            c.addBulk(k.key());
            c.addBulk(k.type());
            c.addBulk(k.encoding());
            c.addLong(k.ttlMillis());
        }
    }

    private static RedisDb db(Client c, int arg) {
        Long id = parseLong(c.arg(arg));
        if (id == null) {
            c.addErrorNotInteger();
            return null;
        }
        if (id < 0 || id >= c.server().keyspace().databases()) {
            c.addError("DB index is out of range");
            return null;
        }
        return c.server().keyspace().db(id.intValue());
    }

    // ---------------------------------------------------------------- GLASSBOX.LOOP

    /**
     * Runs a control and answers with the loop's paused state (1 or 0) once the loop has taken it
     * in. The controls wait for the loop thread (EventLoop.pause returns when the loop froze), and
     * resuming runs what waited, other clients' commands included: neither may happen inside this
     * command. So the client blocks (reads nothing more), a control thread runs the action, and the
     * reply is written from the loop thread afterwards.
     */
    private void control(Client c, java.util.function.Consumer<EventLoop> action) {
        c.watcher = true;
        Server server = c.server();
        c.blocked = true;
        controls().execute(() -> {
            try {
                action.accept(loop);
            } finally {
                loop.submitOutsideTicks(() -> {
                    c.blocked = false;
                    if (!c.isClosed()) {
                        c.addLong(loop.isPaused() ? 1 : 0);
                        server.writeAtOnce(c);
                    }
                    return null;
                });
            }
        });
    }

    /** GLASSBOX.LOOP STEP [n]. */
    void step(Client c) {
        int n = 1;
        if (c.argc() > 3) {
            c.addErrorSyntax();
            return;
        }
        if (c.argc() == 3) {
            Long v = parseLong(c.arg(2));
            if (v == null || v < 1 || v > 1_000_000) {
                c.addError("step count must be between 1 and 1000000");
                return;
            }
            n = v.intValue();
        }
        int steps = n;
        control(c, loop -> loop.step(steps));
    }

    /** GLASSBOX.LOOP SLOW ms 0|1. */
    void slow(Client c) {
        Long ms = parseLong(c.arg(2)), one = parseLong(c.arg(3));
        if (ms == null || ms < 0 || ms > 60_000 || one == null || (one != 0 && one != 1)) {
            c.addError("usage: GLASSBOX.LOOP SLOW <ms 0..60000> <0|1>");
            return;
        }
        control(c, loop -> loop.setSlowMotion(ms, one == 1));
    }

    /** GLASSBOX.LOOP STATE: {@code [paused, ticks]}. */
    void state(Client c) {
        c.watcher = true;
        c.addArrayLen(2);
        c.addLong(loop.isPaused() ? 1 : 0);
        c.addLong(loop.ticks());
    }

    private synchronized ExecutorService controls() {
        if (controls == null) {
            controls = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "glassbox-remote-controls");
                t.setDaemon(true);
                return t;
            });
        }
        return controls;
    }

    /** Stops the control thread, if one was started (the engine is closing). */
    @Override
    public synchronized void close() {
        if (controls != null) controls.shutdownNow();
    }

    private static Long parseLong(byte[] b) {
        try {
            return Long.parseLong(new String(b, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- metadata (COMMAND INFO / DOCS shape)

    private record Sub(String name, int arity, String summary) {}

    private static Sub sub(String name, int arity, String summary) { return new Sub(name, arity, summary); }

    /**
     * Describes a container command and its subcommands (plus HELP, answered as Redis's addReplyHelp
     * answers: a title line, then each subcommand's usage and what it does, as status lines).
     */
    private static void define(CommandTable t, String name, String summary, Sub... given) {
        List<Sub> subs = new ArrayList<>(List.of(given));
        subs.add(sub("help", 2, name.toUpperCase(java.util.Locale.ROOT) + " HELP: print this help"));
        List<String> help = new ArrayList<>();
        help.add(name.toUpperCase(java.util.Locale.ROOT) + " <subcommand> [<arg> ...]. Subcommands are:");
        for (Sub s : subs) {
            int colon = s.summary().indexOf(": ");
            help.add(s.summary().substring(name.length() + 1, colon));
            help.add("    " + Character.toUpperCase(s.summary().charAt(colon + 2)) + s.summary().substring(colon + 3) + ".");
        }
        List<String> lines = List.copyOf(help);
        List<RespValue> subInfo = new ArrayList<>();
        List<RespValue> subDocs = new ArrayList<>();
        for (Sub s : subs) {
            String full = name + "|" + s.name();
            subInfo.add(info(full, s.arity(), List.of()));
            subDocs.add(bulk(full));
            subDocs.add(docs(s.summary(), List.of()));
        }
        RespValue.Array info = info(name, -2, subInfo);
        t.define(info, docs(summary, List.of(bulk("subcommands"), new RespValue.Map('%', subDocs))));
        t.bind(name + "|help", c -> {
            c.addArrayLen(lines.size());
            for (String l : lines) c.addStatus(l);
        });
    }

    /** A COMMAND INFO entry: no keys, flags that let it run while loading and on a stale replica, never in scripts or MULTI. */
    private static RespValue.Array info(String fullName, int arity, List<RespValue> subcommands) {
        List<RespValue> flags = List.of(simple("noscript"), simple("loading"), simple("stale"), simple("no_multi"));
        return new RespValue.Array('*', List.of(bulk(fullName), new RespValue.Int(arity),
                new RespValue.Array('~', flags), new RespValue.Int(0), new RespValue.Int(0), new RespValue.Int(0),
                new RespValue.Array('~', List.of(simple("@slow"))), new RespValue.Array('*', List.of()),
                new RespValue.Array('*', List.of()), new RespValue.Array('*', subcommands)));
    }

    private static RespValue.Map docs(String summary, List<RespValue> extra) {
        List<RespValue> kv = new ArrayList<>(List.of(bulk("summary"), bulk(summary), bulk("since"), bulk("glassbox"),
                bulk("group"), bulk("server"), bulk("complexity"), bulk("O(N) for snapshots, N the entries copied; O(1) otherwise")));
        kv.addAll(extra);
        return new RespValue.Map('%', kv);
    }

    private static RespValue.Bulk bulk(String s) { return new RespValue.Bulk(s.getBytes(StandardCharsets.US_ASCII)); }

    private static RespValue.SimpleString simple(String s) { return new RespValue.SimpleString(s); }
}
