package io.glassbox.hooks;

import io.glassbox.command.RedisCommand;
import io.glassbox.db.Keyspace;
import io.glassbox.db.KeyspaceListener;
import io.glassbox.db.RedisDb;
import io.glassbox.db.RedisObject;
import io.glassbox.db.ValueListener;
import io.glassbox.db.ZsetObjects;
import io.glassbox.ds.dict.DictListener;
import io.glassbox.ds.dict.DictSnapshot;
import io.glassbox.ds.intset.Intset;
import io.glassbox.ds.intset.IntsetListener;
import io.glassbox.ds.quicklist.Quicklist;
import io.glassbox.ds.quicklist.QuicklistListener;
import io.glassbox.ds.skiplist.SkipList;
import io.glassbox.ds.skiplist.SkipListListener;
import io.glassbox.ds.skiplist.SkipListSnapshot;
import io.glassbox.server.ClientInfo;
import io.glassbox.loop.EventLoop;
import io.glassbox.loop.Tick;
import io.glassbox.server.Client;
import io.glassbox.server.Server;
import io.glassbox.server.ServerHooks;

import java.util.ArrayList;
import java.util.Arrays;
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
 *
 * <p>Per-command and per-tick work. A command completion and a tick are the events that come once
 * per command and once per loop turn, so under a load generator they are nearly all the events and
 * nearly all of their cost. A subscriber may ask for a <em>sample</em> (the visualizer does: it cannot
 * show 100,000 commands a second one by one, and says "N more" instead): it hears a tick only when
 * at least {@link #SAMPLED_TICK_NANOS} passed since the last one it heard, which every tick that
 * took that long satisfies (stalls are never sampled away), and after each heard tick at most K
 * {@link EngineEvent.CommandExecuted}; what it missed is counted and summed up in one
 * {@link EngineEvent.Sampled} just before the next tick it hears. When no subscriber wants every
 * command, a command past the largest K costs a counter increment and a compare, and a skipped tick
 * a clock read and a compare: no event is built, nothing is queued. Redis's own loop suggests the
 * grain: aeProcessEvents handles a batch of ready clients per turn, and what a learner can follow is
 * the turn, not each of its commands.
 */
public final class Hooks {
    /** How many finished ticks {@link #recentTicks()} remembers. */
    public static final int RECENT_TICKS = 64;

    /** This engine's HyperLogLog writes, as events: installed in the keyspace by {@link #attach}. */
    private final io.glassbox.ds.hyperloglog.HllListener hllEvents = new io.glassbox.ds.hyperloglog.HllListener() {
        @Override
        public void registerSet(int index, int oldValue, int newValue, int encoding) {
            if (active) {
                publish(new EngineEvent.HllRegisterSet(tick(), System.nanoTime(), index, oldValue, newValue,
                        encoding == io.glassbox.ds.hyperloglog.HyperLogLog.HLL_DENSE ? "dense" : "sparse"));
            }
        }

        @Override
        public void promoted(int denseSize) {
            if (active) publish(new EngineEvent.EncodingConverted(tick(), System.nanoTime(), -1, null, "sparse", "dense"));
        }
    };

    private final Server server;
    private final EventLoop loop;
    private final CopyOnWriteArrayList<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    /** The hot-path check: true while at least one subscription exists. */
    private volatile boolean active;
    private final AtomicLong eventsCreated = new AtomicLong();
    /**
     * How often a sampled subscription hears a tick: at most once per this long, and every tick that
     * took this long. A millisecond: a window keeps the last few hundred ticks, so it shows the last
     * fraction of a second however busy the engine is, and a stall (10 ms) is always among them.
     */
    public static final long SAMPLED_TICK_NANOS = 1_000_000L;
    /**
     * The largest per-tick command allowance of any subscription ({@link Subscription#EVERY_COMMAND}
     * if one takes every command): a command past it builds no event. Recomputed on (un)subscribe.
     */
    private volatile int commandEventsPerTick;
    /** Some subscription takes every LoopTick (is not sampled). */
    private volatile boolean everyTick;
    /** Some subscription is sampled. */
    private volatile boolean anySampled;
    /** Since the last tick the sampled subscriptions heard: ticks and commands (command thread only). */
    private int periodTicks, periodCommands;
    private long lastHeardTickNanos;
    private final ValueEvents valueEvents = new ValueEvents();
    /** The wrappers installed on the server and the keyspace while somebody subscribes (command thread). */
    private ServerEvents serverEvents;
    private KeyspaceEvents keyspaceEvents;
    private ReplicationEvents replicationEvents;
    private final io.glassbox.replication.Replication replication;
    /** A ring of the last {@link #RECENT_TICKS} ticks (written by the loop thread only). */
    private final Tick[] recent = new Tick[RECENT_TICKS];
    private long recentCount;

    /**
     * The hooks of one engine: its server and loop, and the subsystems whose events they turn into
     * {@link EngineEvent}s (replication's stream, the RDB and AOF's phases).
     */
    public Hooks(Server server, EventLoop loop, io.glassbox.replication.Replication replication,
                 io.glassbox.persistence.rdb.RdbPersistence rdb, io.glassbox.persistence.aof.AppendOnlyFile aof) {
        this.server = server;
        this.loop = loop;
        this.replication = replication;
        loop.setTickListener(this::onTick);
        Keyspace ks = server.keyspace();
        for (int i = 0; i < ks.databases(); i++) {
            ks.db(i).setDictListeners(new DictEvents("db" + i), new DictEvents("db" + i + ":expires"));
        }
        rdb.setListener(new SnapshotEvents(rdb.listener()));
        aof.setListener(new AofEvents());
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
        return subscribe(listener, capacity, null);
    }

    /**
     * As {@link #subscribe(Consumer, int)}, for only these kinds of event (record classes such as
     * {@code EngineEvent.SkipListInsert.class}; null for all): the others are never queued, so a
     * flood of one kind cannot crowd out the kinds this subscriber wants.
     */
    public Subscription subscribe(Consumer<EngineEvent> listener, int capacity, java.util.Set<Class<?>> kinds) {
        return subscribe(listener, capacity, kinds, Subscription.EVERY_COMMAND);
    }

    /**
     * As {@link #subscribe(Consumer, int, java.util.Set)}, <em>sampled</em> unless
     * {@code commandsPerTick} is {@link Subscription#EVERY_COMMAND} (what the other overloads ask):
     * the listener hears a {@link EngineEvent.LoopTick} at most once per {@link #SAMPLED_TICK_NANOS}
     * (and every tick that took longer), and after each such tick at most {@code commandsPerTick}
     * {@link EngineEvent.CommandExecuted} (0 for none); what it missed in between is counted and told in
     * one {@link EngineEvent.Sampled} just before the next tick it hears. Every other kind of event
     * comes in full.
     */
    public Subscription subscribe(Consumer<EngineEvent> listener, int capacity, java.util.Set<Class<?>> kinds,
                                  int commandsPerTick) {
        Subscription s = new Subscription(this, listener, capacity, kinds, commandsPerTick);
        synchronized (this) {
            subscriptions.add(s);
            recountCommandAllowance();
            if (!active) {
                onCommandThread(this::attach);
                active = true;
            }
        }
        return s;
    }

    /** Stops a subscription's delivery; when the last one goes, the engine stops building events. */
    public void unsubscribe(Subscription s) {
        synchronized (this) {
            if (!subscriptions.remove(s)) return;
            recountCommandAllowance();
            if (subscriptions.isEmpty()) {
                active = false;
                onCommandThread(this::detach);
            }
        }
        s.stop();
    }

    /** Who wants what among the subscriptions: see {@link #commandEventsPerTick} (under the lock). */
    private void recountCommandAllowance() {
        int most = 0;
        boolean every = false, sampled = false;
        for (Subscription s : subscriptions) {
            // a subscription for other kinds only (the visualizer's SkipListInsert watcher) wants no command event
            if (s.wants(EngineEvent.CommandExecuted.class)) most = Math.max(most, s.commandsPerTick());
            if (s.sampled()) sampled = true;
            else if (s.wants(EngineEvent.LoopTick.class)) every = true;
        }
        commandEventsPerTick = most;
        everyTick = every;
        anySampled = sampled;
    }

    /**
     * Installs the per-command observers: a ServerHooks and a KeyspaceListener that wrap whatever
     * was there (so it keeps hearing), and the ValueListener. They are installed only while
     * somebody subscribes, so an engine nobody watches runs exactly the code of an engine without
     * hooks on every command; only the rare observer points (a dict's resize and rehash steps, the
     * end of a tick) keep a listener that checks {@code active}.
     */
    private void attach() {
        serverEvents = new ServerEvents(server.hooks());
        server.setHooks(serverEvents);
        Keyspace ks = server.keyspace();
        keyspaceEvents = new KeyspaceEvents(ks.listener());
        ks.setListener(keyspaceEvents);
        ks.setValueListener(valueEvents);
        ks.setHllListener(hllEvents);
        io.glassbox.replication.ReplicationListener.Holder rl = replication.listeners();
        replicationEvents = new ReplicationEvents(rl.get());
        rl.set(replicationEvents);
    }

    /** Removes what {@link #attach} installed, unless somebody wrapped it since (then it stays, inert). */
    private void detach() {
        if (serverEvents != null && server.hooks() == serverEvents) server.setHooks(serverEvents.next);
        Keyspace ks = server.keyspace();
        if (keyspaceEvents != null && ks.listener() == keyspaceEvents) ks.setListener(keyspaceEvents.next);
        ks.setValueListener(null);
        if (ks.hllListener() == hllEvents) ks.setHllListener(null);
        io.glassbox.replication.ReplicationListener.Holder rl = replication.listeners();
        if (replicationEvents != null && rl.get() == replicationEvents) rl.set(replicationEvents.next);
        replicationEvents = null;
        serverEvents = null;
        keyspaceEvents = null;
    }

    /** Runs {@code r} on the command thread and waits; directly if the engine has stopped. */
    private void onCommandThread(Runnable r) {
        try {
            loop.submitOutsideTicks(() -> {
                r.run();
                return null;
            }).join();
        } catch (java.util.concurrent.RejectedExecutionException e) {
            r.run(); // the loop is gone: nothing runs concurrently any more
        }
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
     * A copy of the value at {@code key} in database {@code db}, its structure and bytes
     * (see {@link ValueSnapshot}); completes with null if the key does not exist. Does not touch
     * the key's LRU clock and does not expire it.
     */
    public CompletableFuture<ValueSnapshot> valueSnapshot(int db, byte[] key) {
        byte[] k = key.clone();
        return snapshot(s -> {
            RedisObject o = s.keyspace().db(db).dict().peekValue(k);
            return o == null ? null : ValueSnapshot.of(o);
        });
    }

    /**
     * The dict of the value at {@code key}, keys included: a hash or a set in the hashtable
     * encoding, or a skiplist-encoded sorted set's member dict. Null if the key is missing or its
     * value has no dict (a listpack, an intset, a string, a list).
     */
    @SuppressWarnings("unchecked")
    public CompletableFuture<DictSnapshot<byte[]>> dictSnapshot(int db, byte[] key) {
        byte[] k = key.clone();
        return snapshot(s -> {
            RedisObject o = s.keyspace().db(db).dict().peekValue(k);
            if (o == null) return null;
            if (o.encoding == RedisObject.ENC_HT) return ((io.glassbox.ds.dict.Dict<byte[], ?>) o.value).snapshotWithKeys();
            if (o.encoding == RedisObject.ENC_SKIPLIST) return ((ZsetObjects.Zset) o.value).dict.snapshotWithKeys();
            return null;
        });
    }

    /** The skiplist of the sorted set at {@code key}, or null if it is missing or not skiplist-encoded. */
    public CompletableFuture<SkipListSnapshot> skiplistSnapshot(int db, byte[] key) {
        return valueSnapshot(db, key).thenApply(v -> v instanceof ValueSnapshot.SkipListView z ? z.skiplist() : null);
    }

    /** Role, offsets, replicas and the backlog ring (read on the command thread). */
    public CompletableFuture<io.glassbox.replication.Replication.Snapshot> replicationSnapshot() {
        return snapshot(s -> replication.snapshot());
    }

    /** One line per connected client, as CLIENT LIST prints them. */
    public CompletableFuture<List<String>> clientsSnapshot() {
        return snapshot(s -> {
            List<String> out = new ArrayList<>();
            for (Client c : s.clients()) out.add(ClientInfo.line(c));
            return out;
        });
    }

    /**
     * The last finished ticks, oldest first (at most {@link #RECENT_TICKS}). Kept whether or not
     * anybody subscribes: one array store per tick, never per command.
     */
    public CompletableFuture<List<Tick>> recentTicks() {
        return snapshot(s -> {
            List<Tick> out = new ArrayList<>();
            long from = Math.max(0, recentCount - RECENT_TICKS);
            for (long i = from; i < recentCount; i++) out.add(recent[(int) (i % RECENT_TICKS)]);
            return out;
        });
    }

    /**
     * The shape of the stream at {@code key} in database {@code db} (its rax and listpack nodes), or
     * null if the key holds no stream. Read on the command thread, like every snapshot.
     */
    public CompletableFuture<io.glassbox.ds.stream.StreamSnapshot> streamSnapshot(int db, byte[] key) {
        byte[] k = key.clone();
        return snapshot(s -> {
            io.glassbox.db.RedisObject o = s.keyspace().db(db).dict().peekValue(k);
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
        recent[(int) (recentCount++ % RECENT_TICKS)] = t;
        if (!active || !anySampled) {
            periodTicks = 0;
            periodCommands = 0;
            if (!active) return;
        }
        periodTicks++;
        long now = System.nanoTime();
        boolean heard = anySampled && now - lastHeardTickNanos >= SAMPLED_TICK_NANOS;
        if (heard) {
            for (Subscription s : subscriptions) {
                if (s.summary(t.number(), now, periodTicks, periodCommands)) eventsCreated.incrementAndGet();
            }
            periodTicks = 0;
            periodCommands = 0;
            lastHeardTickNanos = now;
        } else if (!everyTick) {
            return; // only sampled subscribers, and this tick is not one they hear: nothing is built
        }
        EngineEvent.LoopTick e = new EngineEvent.LoopTick(t.number(), now, t.startNanos(), t.durationNanos(), t.reads(),
                t.commands(), t.cronRuns(), t.clientsWritten());
        eventsCreated.incrementAndGet();
        for (Subscription s : subscriptions) s.offerTick(e, heard);
    }

    /** Server events, passed on to whoever listened before. */
    private final class ServerEvents implements ServerHooks {
        final ServerHooks next;

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
            if (active) {
                valueEvents.commandDone();
                // sampled subscribers hear the first commands after each tick they hear; past the largest
                // allowance this is all a command costs: no event built, nothing queued (see the class comment)
                int nth = ++periodCommands;
                if (nth <= commandEventsPerTick) {
                    EngineEvent.CommandExecuted e = new EngineEvent.CommandExecuted(tick(), System.nanoTime(), c.id,
                            cmd.fullName, micros);
                    eventsCreated.incrementAndGet();
                    for (Subscription s : subscriptions) s.offerCommand(e, nth);
                }
            }
        }

        @Override
        public void shutdownRequested() { next.shutdownRequested(); }
    }

    /** Keyspace events: the expired key becomes an event; everything goes on to the previous listener. */
    private final class KeyspaceEvents implements KeyspaceListener {
        final KeyspaceListener next;

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

    /**
     * Replication: the stream being fed (with the backlog ring's state), replicas attaching,
     * detaching and acknowledging, and this node's handshake states as a replica. Installed with
     * the other per-command observers only while somebody subscribes: a stream write nobody
     * watches costs the one call to the do-nothing listener it always cost.
     */
    private final class ReplicationEvents implements io.glassbox.replication.ReplicationListener {
        final io.glassbox.replication.ReplicationListener next;

        ReplicationEvents(io.glassbox.replication.ReplicationListener next) { this.next = next; }

        @Override
        public void streamFed(long masterReplOffset, long bytes, io.glassbox.replication.ReplicationBacklog b) {
            next.streamFed(masterReplOffset, bytes, b);
            if (active) {
                publish(new EngineEvent.ReplicationStreamFed(tick(), System.nanoTime(), masterReplOffset, bytes, b.size(),
                        b.writeIndex(), b.histlen(), b.firstByteOffset()));
            }
        }

        @Override
        public void backlogCreated(int size) { next.backlogCreated(size); }

        @Override
        public void replicaAttached(long clientId, String address) {
            next.replicaAttached(clientId, address);
            if (active) publish(new EngineEvent.ReplicaAttached(tick(), System.nanoTime(), clientId, address));
        }

        @Override
        public void replicaDetached(long clientId) {
            next.replicaDetached(clientId);
            if (active) publish(new EngineEvent.ReplicaDetached(tick(), System.nanoTime(), clientId));
        }

        @Override
        public void replicaAck(long clientId, long ackOffset, long masterReplOffset) {
            next.replicaAck(clientId, ackOffset, masterReplOffset);
            if (active) {
                publish(new EngineEvent.ReplicaAck(tick(), System.nanoTime(), clientId, ackOffset, masterReplOffset,
                        Math.max(0, masterReplOffset - ackOffset)));
            }
        }

        @Override
        public void replicaStateChanged(String from, String to) {
            next.replicaStateChanged(from, to);
            if (active) publish(new EngineEvent.ReplicaStateChanged(tick(), System.nanoTime(), from, to));
        }
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

    /**
     * Values reached by the command in progress. Each gets its structure's listener (so its
     * skiplist, quicklist or intset reports with its key), and its encoding is remembered, so that
     * when the command finishes a changed encoding becomes an {@link EngineEvent.EncodingConverted}
     * with the key. Only installed on the keyspace while somebody subscribes.
     */
    private final class ValueEvents implements ValueListener {
        /*
         * Most commands reach one or two values (GET one; SET the old value and the new one; HSET...):
         * the first INLINE are kept in arrays, and only the others go to the map. This runs for every
         * command while anybody subscribes, so the common case allocates nothing: no record, and no
         * copy of the key, which is only read before the command returns (commandDone) and is copied
         * by the event that reports it. Hashing into an IdentityHashMap and clearing it per command
         * (every SET reaches two values) cost a subscriber more than everything else per command
         * (HooksOverheadBenchmark, docs/hooks.md).
         */
        private static final int INLINE = 4;
        private final RedisObject[] values = new RedisObject[INLINE];
        private final RedisDb[] dbs = new RedisDb[INLINE];
        private final byte[][] keys = new byte[INLINE][];
        private final byte[] encodings = new byte[INLINE];
        private int count;
        private final java.util.IdentityHashMap<RedisObject, Reached> reached = new java.util.IdentityHashMap<>();

        private record Reached(RedisDb db, byte[] key, RedisObject value, byte encoding) {}

        @Override
        public void valueReached(RedisDb db, byte[] key, RedisObject value) {
            if (!active) return;
            for (int i = 0; i < count; i++) if (values[i] == value) return;
            if (count < INLINE) {
                values[count] = value;
                dbs[count] = db;
                keys[count] = key;
                encodings[count] = value.encoding;
                count++;
            } else {
                if (reached.containsKey(value)) return;
                reached.put(value, new Reached(db, key.clone(), value, value.encoding));
            }
            attach(db.id, key, value);
        }

        /** The command finished: report conversions, then forget what it reached. */
        void commandDone() {
            int n = count;
            if (n == 0) return;
            for (int i = 0; i < n; i++) {
                RedisObject v = values[i];
                if (v.encoding != encodings[i]) converted(dbs[i], keys[i], v, encodings[i]);
                values[i] = null;
                dbs[i] = null;
                keys[i] = null;
            }
            count = 0;
            if (reached.isEmpty()) return;
            for (Reached r : reached.values()) {
                if (r.value.encoding != r.encoding) converted(r.db, r.key, r.value, r.encoding);
            }
            reached.clear();
        }

        private void converted(RedisDb db, byte[] key, RedisObject value, byte was) {
            publish(new EngineEvent.EncodingConverted(tick(), System.nanoTime(), db.id, key,
                    RedisObject.encodingName(was), RedisObject.encodingName(value.encoding)));
            attach(db.id, key, value);
        }
    }

    /** Gives the value's structure a listener that knows its key, unless it already has one. */
    private void attach(int db, byte[] key, RedisObject o) {
        switch (o.encoding) {
            case RedisObject.ENC_SKIPLIST -> {
                SkipList zsl = ((ZsetObjects.Zset) o.value).zsl;
                if (!isOurs(zsl.listener(), db, key)) zsl.setListener(new StructureEvents(db, key));
            }
            case RedisObject.ENC_QUICKLIST -> {
                Quicklist q = (Quicklist) o.value;
                if (!isOurs(q.listener(), db, key)) q.setListener(new StructureEvents(db, key));
            }
            case RedisObject.ENC_INTSET -> {
                Intset is = (Intset) o.value;
                if (!isOurs(is.listener(), db, key)) is.setListener(new StructureEvents(db, key));
            }
            default -> { }
        }
    }

    private boolean isOurs(Object listener, int db, byte[] key) {
        return listener instanceof StructureEvents se && se.hooks() == this && se.db == db && Arrays.equals(se.key, key);
    }

    /**
     * The listener of one value's structure: knows the engine (these hooks), the database and the
     * key. It stays attached after the last subscriber leaves and then costs one volatile read per
     * structural change (not per command); RENAME or MOVE re-attach it with the new key on the
     * next touch.
     */
    private final class StructureEvents implements SkipListListener, QuicklistListener, IntsetListener {
        final int db;
        final byte[] key;

        StructureEvents(int db, byte[] key) {
            this.db = db;
            this.key = key.clone();
        }

        Hooks hooks() { return Hooks.this; }

        @Override
        public void onInsert(byte[] member, double score, int level, byte[][] updateMembers, long[] updateRanks) {
            if (active) {
                publish(new EngineEvent.SkipListInsert(tick(), System.nanoTime(), db, key, member, score, level,
                        updateMembers, updateRanks));
            }
        }

        @Override
        public void onDelete(byte[] member, double score) {
            if (active) publish(new EngineEvent.SkipListDelete(tick(), System.nanoTime(), db, key, member, score));
        }

        @Override
        public void onNodeSplit(Quicklist.Node node, Quicklist.Node created) {
            quicklist(EngineEvent.QuicklistNodeChanged.Kind.SPLIT, node.count(), created.count(), node.sz(), created.sz());
        }

        @Override
        public void onNodeMerge(Quicklist.Node kept, Quicklist.Node removed) {
            quicklist(EngineEvent.QuicklistNodeChanged.Kind.MERGE, kept.count(), removed.count(), kept.sz(), removed.sz());
        }

        @Override
        public void onNodeCompressed(Quicklist.Node node, int rawBytes, int compressedBytes) {
            quicklist(EngineEvent.QuicklistNodeChanged.Kind.COMPRESS, node.count(), 0, rawBytes, compressedBytes);
        }

        @Override
        public void onNodeDecompressed(Quicklist.Node node, boolean forUse) {
            quicklist(EngineEvent.QuicklistNodeChanged.Kind.DECOMPRESS, node.count(), 0, node.sz(), 0);
        }

        private void quicklist(EngineEvent.QuicklistNodeChanged.Kind kind, int count, int other, int bytes, int otherBytes) {
            if (active) {
                publish(new EngineEvent.QuicklistNodeChanged(tick(), System.nanoTime(), db, key, kind, count, other,
                        bytes, otherBytes));
            }
        }

        @Override
        public void onUpgrade(int oldEncoding, int newEncoding, long value, int length) {
            if (active) {
                publish(new EngineEvent.IntsetUpgraded(tick(), System.nanoTime(), db, key, oldEncoding, newEncoding,
                        value, length));
            }
        }
    }
}
