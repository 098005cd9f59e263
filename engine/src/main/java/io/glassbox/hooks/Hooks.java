package io.glassbox.hooks;

import io.glassbox.command.RedisCommand;
import io.glassbox.db.EncodingListener;
import io.glassbox.db.HashObjects;
import io.glassbox.db.Keyspace;
import io.glassbox.db.KeyspaceListener;
import io.glassbox.db.RedisDb;
import io.glassbox.db.RedisObject;
import io.glassbox.db.ZsetObjects;
import io.glassbox.ds.dict.DictListener;
import io.glassbox.ds.dict.DictSnapshot;
import io.glassbox.loop.EventLoop;
import io.glassbox.loop.Tick;
import io.glassbox.server.Client;
import io.glassbox.server.Server;
import io.glassbox.server.ServerHooks;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The engine's observation API: typed {@link EngineEvent}s for subscribers, and read-only snapshots
 * taken on the command thread. One per {@link io.glassbox.engine.Engine}. Hooks observe; they never
 * steer the engine (the teaching controls, pause and step, live on the {@link EventLoop}).
 *
 * <p>Wiring. At construction the hooks attach to the engine's existing observer points: the loop's
 * {@link io.glassbox.loop.TickListener}, the server's {@link ServerHooks} and the keyspace's
 * {@link KeyspaceListener} (both wrapped, so an earlier listener keeps hearing), and a
 * {@link DictListener} on every database's keyspace and expires dict (re-applied by
 * {@link RedisDb} after FLUSHDB and SWAPDB).
 *
 * <p>Cost. Each of those callbacks first reads one volatile boolean, {@code active}; with nobody
 * subscribed it returns at once and no event object is ever built ({@link #eventsCreated()} stays
 * 0). With subscribers, the command thread builds the event and offers it to each subscriber's
 * bounded queue; delivery happens on the subscriber's own thread ({@link Subscription}).
 */
public final class Hooks {
    /** Hooks of every engine with subscribers, for the process-wide encoding listeners. */
    private static final CopyOnWriteArrayList<Hooks> ENCODING_OBSERVERS = new CopyOnWriteArrayList<>();
    private static final EncodingListener ENCODING_DISPATCH = new EncodingListener() {
        @Override
        public void encodingConverted(RedisObject o, byte from, byte to) {
            for (Hooks h : ENCODING_OBSERVERS) {
                if (h.active && h.loop.inLoop()) {
                    h.publish(new EngineEvent.EncodingConverted(h.tick(), System.nanoTime(), null,
                            RedisObject.encodingName(from), RedisObject.encodingName(to)));
                }
            }
        }
    };

    private final Server server;
    private final EventLoop loop;
    private final CopyOnWriteArrayList<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    /** The hot-path check: true while at least one subscription exists. */
    private volatile boolean active;
    private final AtomicLong eventsCreated = new AtomicLong();

    public Hooks(Server server, EventLoop loop) {
        this.server = server;
        this.loop = loop;
        loop.setTickListener(this::onTick);
        server.setHooks(new ServerEvents(server.hooks()));
        Keyspace ks = server.keyspace();
        ks.setListener(new KeyspaceEvents(ks.listener()));
        for (int i = 0; i < ks.databases(); i++) {
            ks.db(i).setDictListeners(new DictEvents("db" + i), new DictEvents("db" + i + ":expires"));
        }
        server.rdb().setListener(new SnapshotEvents(server.rdb().listener()));
        server.aof().setListener(new AofEvents());
    }

    /** Save events (SAVE, BGSAVE), passed on to whoever listened before. */
    private final class SnapshotEvents implements io.glassbox.persistence.rdb.SnapshotListener {
        private final io.glassbox.persistence.rdb.SnapshotListener next;

        SnapshotEvents(io.glassbox.persistence.rdb.SnapshotListener next) { this.next = next; }

        @Override
        public void snapshotStarted(boolean background, long keysTotal) {
            next.snapshotStarted(background, keysTotal);
            if (active) publish(new EngineEvent.SnapshotStarted(tick(), System.nanoTime(), background, keysTotal));
        }

        @Override
        public void snapshotProgress(long keysProcessed, long keysTotal, long bytesWritten) {
            next.snapshotProgress(keysProcessed, keysTotal, bytesWritten);
            if (active) publish(new EngineEvent.SnapshotProgress(tick(), System.nanoTime(), keysProcessed, keysTotal, bytesWritten));
        }

        @Override
        public void snapshotFinished(boolean background, long keys, long bytes, long longestSliceNanos, String error) {
            next.snapshotFinished(background, keys, bytes, longestSliceNanos, error);
            if (active) publish(new EngineEvent.SnapshotFinished(tick(), System.nanoTime(), background, keys, bytes, longestSliceNanos, error));
        }
    }

    // ---------------------------------------------------------------- subscribing

    /**
     * Starts delivering events to {@code listener} on a new daemon thread, through a queue of
     * {@code capacity} events; when the queue is full new events are dropped and counted.
     */
    public Subscription subscribe(Consumer<EngineEvent> listener, int capacity) {
        Subscription s = new Subscription(this, listener, capacity);
        synchronized (this) {
            subscriptions.add(s);
            if (!active) {
                active = true;
                ENCODING_OBSERVERS.addIfAbsent(this);
            }
            // the encoding listeners are process-wide statics: (re)install the dispatcher
            HashObjects.setListener(ENCODING_DISPATCH);
            ZsetObjects.setListener(ENCODING_DISPATCH);
        }
        return s;
    }

    /** Stops a subscription's delivery; when the last one goes, the engine stops building events. */
    public void unsubscribe(Subscription s) {
        synchronized (this) {
            if (!subscriptions.remove(s)) return;
            if (subscriptions.isEmpty()) {
                active = false;
                ENCODING_OBSERVERS.remove(this);
            }
        }
        s.stop();
    }

    /** True while at least one subscription exists. */
    public boolean isActive() { return active; }

    /** How many events this engine has built since it started; 0 if nobody ever subscribed. */
    public long eventsCreated() { return eventsCreated.get(); }

    // ---------------------------------------------------------------- snapshots

    /**
     * Runs {@code f} on the command thread, between commands, and returns its result. It runs even
     * while the loop is paused. {@code f} must only read, and should return a copy, not live state.
     */
    public <T> CompletableFuture<T> snapshot(Function<Server, T> f) {
        return loop.submitOutsideTicks(() -> f.apply(server));
    }

    /** A copy of database {@code db}'s keyspace dict, keys included (for teaching-sized dicts). */
    public CompletableFuture<DictSnapshot<byte[]>> dictSnapshot(int db) {
        return snapshot(s -> s.keyspace().db(db).dict().snapshotWithKeys());
    }

    /**
     * The shape of the stream at {@code key} in database {@code db} (its rax and listpack nodes), or
     * null if the key holds no stream. Read on the command thread, like every snapshot.
     */
    public CompletableFuture<io.glassbox.ds.stream.StreamSnapshot> streamSnapshot(int db, byte[] key) {
        byte[] k = key.clone();
        return snapshot(s -> {
            io.glassbox.db.RedisObject o = s.keyspace().db(db).dict().fetchValue(k);
            return o != null && o.type == io.glassbox.db.RedisObject.TYPE_STREAM
                    ? ((io.glassbox.ds.stream.Stream) o.value).snapshot() : null;
        });
    }

    // ---------------------------------------------------------------- producing events

    /** The tick in progress (completed ticks + 1). Command thread only. */
    private long tick() { return loop.ticks() + 1; }

    private void publish(EngineEvent e) {
        eventsCreated.incrementAndGet();
        List<Subscription> subs = subscriptions;
        for (Subscription s : subs) s.offer(e);
    }

    private void onTick(Tick t) {
        if (!active) return;
        publish(new EngineEvent.LoopTick(t.number(), System.nanoTime(), t.startNanos(), t.durationNanos(), t.reads(),
                t.commands(), t.cronRuns(), t.clientsWritten()));
    }

    /** Server events, passed on to whoever listened before. */
    private final class ServerEvents implements ServerHooks {
        private final ServerHooks next;

        ServerEvents(ServerHooks next) { this.next = next; }

        @Override
        public void clientConnected(Client c) {
            next.clientConnected(c);
            if (active) publish(new EngineEvent.ClientConnected(tick(), System.nanoTime(), c.id, c.addr()));
        }

        @Override
        public void clientClosed(Client c) {
            next.clientClosed(c);
            if (active) publish(new EngineEvent.ClientClosed(tick(), System.nanoTime(), c.id, c.addr()));
        }

        @Override
        public void commandExecuted(Client c, RedisCommand cmd, long micros) {
            next.commandExecuted(c, cmd, micros);
            if (active) publish(new EngineEvent.CommandExecuted(tick(), System.nanoTime(), c.id, cmd.fullName, micros));
        }

        @Override
        public void shutdownRequested() { next.shutdownRequested(); }
    }

    /** Keyspace events: the expired key becomes an event; everything goes on to the previous listener. */
    private final class KeyspaceEvents implements KeyspaceListener {
        private final KeyspaceListener next;

        KeyspaceEvents(KeyspaceListener next) { this.next = next; }

        @Override
        public void keyModified(RedisDb db, byte[] key) { next.keyModified(db, key); }

        @Override
        public void keyExpired(RedisDb db, byte[] key) {
            next.keyExpired(db, key);
            if (active) publish(new EngineEvent.KeyExpired(tick(), System.nanoTime(), db.id, key));
        }

        @Override
        public void databasesSwapped(int a, int b) { next.databasesSwapped(a, b); }

        @Override
        public void databaseFlushed(int db) { next.databaseFlushed(db); }
    }

    /** AOF fsyncs (some from the background fsync thread) and rewrite phases. */
    private final class AofEvents implements io.glassbox.persistence.aof.AppendOnlyFile.Listener {
        @Override
        public void fsynced(String file, long bytes, boolean background) {
            if (active) publish(new EngineEvent.AofFsync(tick(), System.nanoTime(), file, bytes, background));
        }

        @Override
        public void rewritePhase(String phase) {
            if (active) publish(new EngineEvent.AofRewritePhase(tick(), System.nanoTime(), phase));
        }
    }

    /** One keyspace dict's table life cycle, named as the visualizer labels it ("db0", "db0:expires"). */
    private final class DictEvents implements DictListener {
        private final String name;

        DictEvents(String name) { this.name = name; }

        @Override
        public void onResizeStarted(int oldSize, int newSize, long used) {
            if (active) publish(new EngineEvent.DictResized(tick(), System.nanoTime(), name, oldSize, newSize, used));
        }

        @Override
        public void onRehashStep(int fromBucket, int movedEntries, int rehashIdxAfter) {
            if (active) {
                publish(new EngineEvent.DictRehashStep(tick(), System.nanoTime(), name, fromBucket, movedEntries,
                        rehashIdxAfter));
            }
        }

        @Override
        public void onRehashCompleted(int newSize) {
            if (active) publish(new EngineEvent.DictRehashCompleted(tick(), System.nanoTime(), name, newSize));
        }
    }
}
