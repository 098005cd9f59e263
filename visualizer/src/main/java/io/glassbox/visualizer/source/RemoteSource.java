package io.glassbox.visualizer.source;

import io.glassbox.hooks.KeyListing;
import io.glassbox.hooks.KeySnapshot;
import io.glassbox.hooks.EngineEvent;
import io.glassbox.hooks.Subscription;
import io.glassbox.hooks.RespWire;
import io.glassbox.resp.RespValue;
import io.glassbox.visualizer.KeyspaceView;
import io.glassbox.visualizer.Watch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A Glassbox server over the network ({@code ./glassbox viz --attach host:port}), read through its
 * GLASSBOX.* commands (docs/remote-attach.md):
 * <ul>
 *   <li>one <em>control</em> connection for snapshots ({@code GLASSBOX.SNAPSHOT}) and the loop
 *       controls ({@code GLASSBOX.LOOP}); it is a watcher, so it is answered even while the loop is
 *       paused;</li>
 *   <li>one connection per event subscription, in RESP3 push mode ({@code GLASSBOX.EVENTS
 *       SUBSCRIBE}); the server drops what this side does not read in time and says how many;</li>
 *   <li>one plain connection per {@link #newClient} (the console, INFO), as redis-cli would be.</li>
 * </ul>
 * Events and snapshots are read back into the engine's own records ({@link RespWire}), so the views
 * draw exactly what they draw for an in-process engine.
 *
 * <p>Failure is reported, never thrown at the UI: {@link #attach} refuses with a sentence (nothing
 * listening, not a Glassbox server); later, a connection that ends tells {@link #onLost} once, and
 * every pending future fails, which the pane treats as "no new picture".
 */
public final class RemoteSource implements Source {
    static final int CONNECT_TIMEOUT_MILLIS = 5_000, REPLY_TIMEOUT_MILLIS = 10_000;

    private final String host;
    private final int port;
    private final RespLink control;
    private final long controlId;
    private volatile boolean paused;
    private final List<RespLink> links = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> lostListeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean lostReported = new AtomicBoolean();
    private volatile String lostReason;

    /** Why attaching failed, in a sentence for the console. */
    public static final class AttachException extends Exception {
        public AttachException(String message) { super(message); }
    }

    private RemoteSource(String host, int port, RespLink control, long controlId, boolean paused) {
        this.host = host;
        this.port = port;
        this.control = control;
        this.controlId = controlId;
        this.paused = paused;
        watchForLoss(control);
    }

    /**
     * Connects and checks that the server speaks GLASSBOX.*: a refused connection, a silent peer
     * and a real Redis (which answers "unknown command") are refused with a message, not a trace.
     */
    public static RemoteSource attach(String host, int port) throws AttachException {
        String where = host + ":" + port;
        RespLink control;
        try {
            control = RespLink.connect(host, port, CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            throw new AttachException("Could not connect to " + where + ": " + e.getMessage());
        }
        try {
            // GLASSBOX.LOOP STATE first: it runs even if the loop is paused and makes this connection
            // a watcher, answered from then on; anything else sent first would wait for a Resume
            RespValue state = control.call(CONNECT_TIMEOUT_MILLIS, "GLASSBOX.LOOP", "STATE");
            if (state instanceof RespValue.Error err) {
                throw new AttachException(err.message().contains("unknown command")
                        ? where + " is not a Glassbox server (it does not know GLASSBOX.LOOP: a real Redis?); nothing to watch there"
                        : where + " refused GLASSBOX.LOOP STATE: " + err.message());
            }
            RespValue id = control.call(CONNECT_TIMEOUT_MILLIS, "CLIENT", "ID");
            boolean paused = RespWire.integer(RespWire.items(state).get(0)) == 1;
            return new RemoteSource(host, port, control, RespWire.integer(id), paused);
        } catch (IOException | IllegalArgumentException e) {
            control.close();
            throw new AttachException("Could not attach to " + where + ": " + e.getMessage());
        } catch (AttachException e) {
            control.close();
            throw e;
        }
    }

    @Override
    public String name() { return host + ":" + port + " (remote)"; }

    /** The watched server's address, e.g. for the replication tab to poll it as a node. */
    public String host() { return host; }

    public int port() { return port; }

    private void watchForLoss(RespLink link) {
        links.add(link);
        link.onLost(this::lost);
    }

    private void lost(String reason) {
        lostReason = reason;
        if (!lostReported.compareAndSet(false, true)) return;
        for (Consumer<String> l : lostListeners) l.accept(reason);
    }

    @Override
    public void onLost(Consumer<String> why) {
        lostListeners.add(why);
        String r = lostReason;
        if (r != null && lostReported.get()) why.accept(r);
    }

    @Override
    public Feed subscribe(Consumer<EngineEvent> listener, int capacity, int commandsPerTick, Class<?>... kinds) {
        AtomicLong dropped = new AtomicLong();
        RespLink link;
        try {
            link = RespLink.connect(host, port, CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            lost("Could not open an event stream to " + host + ":" + port + ": " + e.getMessage());
            return deadFeed();
        }
        link.onPush(frame -> {
            String what = frame.isEmpty() ? "" : frame.get(0).asText();
            if (RespWire.DROPPED.equals(what)) {
                dropped.set(RespWire.integer(frame.get(1)));
            } else if (RespWire.EVENT.equals(what)) {
                EngineEvent e = RespWire.readEvent(frame);
                if (e != null) listener.accept(e); // an unknown (newer) kind is skipped
            }
        });
        List<String> args = new ArrayList<>(List.of("GLASSBOX.EVENTS", "SUBSCRIBE", "CAPACITY", Integer.toString(capacity)));
        if (commandsPerTick != Subscription.EVERY_COMMAND) {
            args.add("SAMPLE");
            args.add(Integer.toString(commandsPerTick));
        }
        for (Class<?> k : kinds) args.add(k.getSimpleName());
        try {
            link.call(CONNECT_TIMEOUT_MILLIS, "GLASSBOX.LOOP", "STATE"); // a watcher first (see attach), then RESP3 for pushes
            link.call(CONNECT_TIMEOUT_MILLIS, "HELLO", "3");
            RespValue ok = link.call(CONNECT_TIMEOUT_MILLIS, args.toArray(String[]::new));
            if (ok instanceof RespValue.Error err) {
                link.close();
                lost("The server refused the event stream: " + err.message());
                return deadFeed();
            }
        } catch (IOException e) {
            link.close();
            lost(e.getMessage());
            return deadFeed();
        }
        watchForLoss(link);
        return new Feed() {
            @Override public long dropped() { return dropped.get(); }
            @Override public void close() {
                links.remove(link);
                link.close();
            }
        };
    }

    private static Feed deadFeed() {
        return new Feed() {
            @Override public long dropped() { return 0; }
            @Override public void close() {}
        };
    }

    @Override
    public CompletableFuture<Watch.State> take(Watch watch) {
        int db = watch.db();
        byte[] key = watch.key();
        Watch.Insert last = watch.lastInsert();
        if (key == null) {
            return control.send("GLASSBOX.SNAPSHOT", "KEYSPACE", Integer.toString(db))
                    .thenApply(r -> Watch.state(db, null, new KeySnapshot("keyspace", "hashtable", RespWire.readDict(ok(r)), null, 0), null));
        }
        List<byte[]> argv = List.of(bytes("GLASSBOX.SNAPSHOT"), bytes("KEY"), bytes(Integer.toString(db)), key);
        return control.send(argv).thenApply(r -> Watch.state(db, key, RespWire.readKey(ok(r)), last));
    }

    @Override
    public CompletableFuture<List<KeyListing>> listing(int db) {
        return control.send("GLASSBOX.SNAPSHOT", "KEYS", Integer.toString(db), Integer.toString(KeyspaceView.MAX_KEYS))
                .thenApply(r -> {
                    List<KeyListing> out = new ArrayList<>();
                    for (RespValue row : RespWire.items(ok(r))) {
                        List<RespValue> f = RespWire.items(row);
                        out.add(new KeyListing(RespWire.bytes(f.get(0)), f.get(1).asText(), f.get(2).asText(),
                                RespWire.integer(f.get(3))));
                    }
                    return out;
                });
    }

    private static RespValue ok(RespValue r) {
        if (r instanceof RespValue.Error e) throw new IllegalStateException(e.message());
        return r;
    }

    private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    @Override
    public LoopControls loop() {
        return new LoopControls() {
            @Override public void pause() { control("PAUSE"); }
            @Override public void resume() { control("RESUME"); }
            @Override public void step(int n) { control("STEP", Integer.toString(n)); }
            @Override public void setSlowMotion(long ms, boolean one) { control("SLOW", Long.toString(ms), one ? "1" : "0"); }
            @Override public boolean isPaused() { return paused; }
        };
    }

    /** Runs GLASSBOX.LOOP and remembers the paused state it answers; a failure leaves the state as it was. */
    private void control(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "GLASSBOX.LOOP";
        System.arraycopy(args, 0, argv, 1, args.length);
        try {
            RespValue r = control.call(REPLY_TIMEOUT_MILLIS, argv);
            if (r instanceof RespValue.Int i) paused = i.value() == 1;
        } catch (IOException e) {
            // the loss is reported through onLost; the buttons keep their state
        }
    }

    /**
     * A plain client, as redis-cli would be: its commands wait while the loop is paused, like
     * everyone's. Its id (CLIENT ID, the first command it sends) is -1 until the reply comes.
     */
    @Override
    public Client newClient() {
        RespLink link;
        AtomicLong id = new AtomicLong(-1);
        try {
            link = RespLink.connect(host, port, CONNECT_TIMEOUT_MILLIS);
            link.send("CLIENT", "ID").thenAccept(r -> {
                if (r instanceof RespValue.Int i) id.set(i.value());
            });
        } catch (IOException e) {
            lost("Could not open a client connection to " + host + ":" + port + ": " + e.getMessage());
            return new Client() {
                @Override public long id() { return -1; }
                @Override public CompletableFuture<RespValue> send(List<byte[]> argv) {
                    return CompletableFuture.failedFuture(new IOException("not connected to " + host + ":" + port));
                }
                @Override public void close() {}
            };
        }
        watchForLoss(link);
        return new Client() {
            @Override public long id() { return id.get(); }
            @Override public CompletableFuture<RespValue> send(List<byte[]> argv) { return link.send(argv); }
            @Override public void close() {
                links.remove(link);
                link.close();
            }
        };
    }

    @Override
    public boolean isOwnCommand(long clientId) { return clientId == controlId; }

    @Override
    public void close() {
        for (RespLink l : links) l.close();
        links.clear();
    }
}
