package io.glassbox.hooks;

import io.glassbox.ds.dict.DictSnapshot;
import io.glassbox.ds.skiplist.SkipListSnapshot;
import io.glassbox.ds.stream.StreamSnapshot;
import io.glassbox.loop.EventLoop;
import io.glassbox.loop.Tick;
import io.glassbox.persistence.aof.AppendOnlyFile;
import io.glassbox.persistence.rdb.RdbPersistence;
import io.glassbox.replication.Replication;
import io.glassbox.server.Server;
import io.glassbox.tracking.TrackingTable;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The engine's observation API: typed {@link EngineEvent}s for subscribers, and read-only snapshots
 * taken on the command thread. One per {@link io.glassbox.engine.Engine}. Hooks observe; they never
 * steer the engine (the teaching controls, pause and step, live on the {@link EventLoop}).
 *
 * <p>This class is the face the REPL, the visualizer and the tests call; the work is done by three
 * parts behind it:
 * <ul>
 *   <li>{@link Subscriptions}: who listens, the {@code active} flag every hook point reads first,
 *       the sampling of ticks and commands, the recent-ticks ring;</li>
 *   <li>{@link EventAdapters} (and {@link ValueEvents}): the listeners of the server, keyspace,
 *       dicts, values, HLLs, replication, RDB, AOF and loop, which turn their callbacks into events;</li>
 *   <li>{@link Snapshots}: the copies of internals taken on the command thread.</li>
 * </ul>
 *
 * <p>Cost. With nobody subscribed every hook point returns after one volatile read and no event
 * object is ever built ({@link #eventsCreated()} stays 0); the per-command observers are not even
 * installed. With subscribers, the command thread builds the event and offers it to each
 * subscriber's bounded queue; delivery happens on the subscriber's own thread ({@link Subscription}).
 * A subscriber may ask for a <em>sample</em> of the per-tick and per-command events (see
 * {@link #subscribe(Consumer, int, Set, int)}). Redis's own loop suggests the grain: aeProcessEvents
 * handles a batch of ready clients per turn, and what a learner can follow is the turn, not each of
 * its commands.
 */
public final class Hooks {
    /** How many finished ticks {@link #recentTicks()} remembers. */
    public static final int RECENT_TICKS = 64;
    /**
     * How often a sampled subscription hears a tick: at most once per this long, and every tick that
     * took this long. A millisecond: a window keeps the last few hundred ticks, so it shows the last
     * fraction of a second however busy the engine is, and a stall (10 ms) is always among them.
     */
    public static final long SAMPLED_TICK_NANOS = 1_000_000L;

    private final Subscriptions subscriptions;
    private final EventAdapters adapters;
    private final Snapshots snapshots;
    private final io.glassbox.eviction.Eviction eviction;
    private final TrackingTable tracking;

    /**
     * The hooks of one engine: its server and loop, and the subsystems whose events they turn into
     * {@link EngineEvent}s (replication's stream, the RDB and AOF's phases).
     */
    public Hooks(Server server, EventLoop loop, Replication replication, RdbPersistence rdb, AppendOnlyFile aof) {
        this(server, loop, replication, rdb, aof, null, null);
    }

    /**
     * The same, also hearing client-side caching (tracked keys, invalidations) when {@code tracking}
     * is given, and the evictor's pool and victims when {@code eviction} is (null: none).
     */
    public Hooks(Server server, EventLoop loop, Replication replication, RdbPersistence rdb, AppendOnlyFile aof,
                 TrackingTable tracking, io.glassbox.eviction.Eviction eviction) {
        this.subscriptions = new Subscriptions(loop);
        this.eviction = eviction;
        this.tracking = tracking;
        this.adapters = new EventAdapters(server, loop, replication, rdb, aof, tracking, eviction, subscriptions);
        this.snapshots = new Snapshots(server, loop, replication, subscriptions);
    }

    /** Watches the Sentinel of an engine in sentinel mode too (its events, votes and failover steps). Before any subscription. */
    public void watchSentinel(io.glassbox.sentinel.Sentinel sentinel) { adapters.sentinel = sentinel; }

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
    public Subscription subscribe(Consumer<EngineEvent> listener, int capacity, Set<Class<?>> kinds) {
        return subscribe(listener, capacity, kinds, Subscription.EVERY_COMMAND);
    }

    /**
     * As {@link #subscribe(Consumer, int, Set)}, <em>sampled</em> unless {@code commandsPerTick} is
     * {@link Subscription#EVERY_COMMAND} (what the other overloads ask): the listener hears a
     * {@link EngineEvent.LoopTick} at most once per {@link #SAMPLED_TICK_NANOS} (and every tick that
     * took longer), and after each such tick at most {@code commandsPerTick}
     * {@link EngineEvent.CommandExecuted} (0 for none); what it missed in between is counted and told in
     * one {@link EngineEvent.Sampled} just before the next tick it hears. Every other kind of event
     * comes in full. Returns once the engine's observers are installed.
     */
    public Subscription subscribe(Consumer<EngineEvent> listener, int capacity, Set<Class<?>> kinds, int commandsPerTick) {
        Subscription s = new Subscription(this, listener, capacity, kinds, commandsPerTick);
        subscriptions.add(s, adapters::attach);
        return s;
    }

    /** Publishes {@link EngineEvent.ModuleChanged} for this engine's modules (Engine calls it once). */
    public void observeModules(io.glassbox.module.core.Modules modules) { adapters.observeModules(modules); }

    /** Stops a subscription's delivery; when the last one goes, the engine stops building events. */
    public void unsubscribe(Subscription s) {
        if (subscriptions.remove(s, adapters::detach)) s.stop();
    }

    /** True while at least one subscription exists. */
    public boolean isActive() { return subscriptions.active(); }

    /** How many events this engine has built since it started; 0 if nobody ever subscribed. */
    public long eventsCreated() { return subscriptions.eventsCreated(); }

    // ---------------------------------------------------------------- snapshots

    /**
     * Runs {@code f} on the command thread, between commands, and returns its result. It runs even
     * while the loop is paused. {@code f} must only read, and should return a copy, not live state.
     * For code inside the engine module (tests); the REPL and the visualizer use the snapshots below.
     */
    public <T> CompletableFuture<T> snapshot(Function<Server, T> f) {
        return snapshots.run(f);
    }

    /** A copy of database {@code db}'s keyspace dict, keys included (for teaching-sized dicts). */
    public CompletableFuture<DictSnapshot<byte[]>> dictSnapshot(int db) {
        return snapshots.keyspaceDict(db);
    }

    /**
     * What a viewer watching {@code key} in database {@code db} draws (the keyspace dict itself if
     * {@code key} is null): type, encoding, dict and skiplist, keys copied for small tables. The
     * same picture {@code GLASSBOX.SNAPSHOT KEY} sends a remote viewer. See {@link KeySnapshot}.
     */
    public CompletableFuture<KeySnapshot> keySnapshot(int db, byte[] key) {
        return snapshots.key(db, key);
    }

    /**
     * A copy of the value at {@code key} in database {@code db}, its structure and bytes
     * (see {@link ValueSnapshot}); completes with null if the key does not exist. Does not touch
     * the key's LRU clock and does not expire it.
     */
    public CompletableFuture<ValueSnapshot> valueSnapshot(int db, byte[] key) {
        return snapshots.value(db, key);
    }

    /**
     * The dict of the value at {@code key}, keys included: a hash or a set in the hashtable
     * encoding, or a skiplist-encoded sorted set's member dict. Null if the key is missing or its
     * value has no dict (a listpack, an intset, a string, a list).
     */
    public CompletableFuture<DictSnapshot<byte[]>> dictSnapshot(int db, byte[] key) {
        return snapshots.dictOf(db, key);
    }

    /** The skiplist of the sorted set at {@code key}, or null if it is missing or not skiplist-encoded. */
    public CompletableFuture<SkipListSnapshot> skiplistSnapshot(int db, byte[] key) {
        return snapshots.skiplist(db, key);
    }

    /**
     * The shape of the stream at {@code key} in database {@code db} (its rax and listpack nodes), or
     * null if the key holds no stream.
     */
    public CompletableFuture<StreamSnapshot> streamSnapshot(int db, byte[] key) {
        return snapshots.stream(db, key);
    }

    /** The first {@code max} keys of database {@code db} in dict order, with type, encoding and TTL. */
    public CompletableFuture<List<KeyListing>> keyListing(int db, int max) {
        return snapshots.keys(db, max);
    }

    /**
     * maxmemory's state (evict.c): the policy, the memory account against the limit, the keys
     * evicted so far and the eviction pool's entries with their scores; null for an engine without
     * an evictor.
     */
    public CompletableFuture<io.glassbox.eviction.Eviction.View> evictionSnapshot() {
        return snapshots.run(s -> eviction == null ? null : eviction.view());
    }

    /**
     * Client-side caching (tracking.c): the tracking table's first {@code max} keys with the clients
     * that may cache each, the BCAST prefixes with their clients, and the counts; null for an engine
     * without tracking.
     */
    public CompletableFuture<TrackingTable.View> trackingSnapshot(int max) {
        return snapshots.run(s -> tracking == null ? null : tracking.view(max));
    }

    /** A Sentinel's view (masters, their replicas and Sentinels, votes, epochs, failover state); null unless in sentinel mode. */
    public CompletableFuture<io.glassbox.sentinel.SentinelSnapshot> sentinelSnapshot() {
        return snapshots.run(s -> adapters.sentinel == null ? null : adapters.sentinel.snapshot());
    }

    /** Role, offsets, replicas and the backlog ring. */
    public CompletableFuture<Replication.Snapshot> replicationSnapshot() {
        return snapshots.replication();
    }

    /** One line per connected client, as CLIENT LIST prints them. */
    public CompletableFuture<List<String>> clientsSnapshot() {
        return snapshots.clients();
    }

    /**
     * The last finished ticks, oldest first (at most {@link #RECENT_TICKS}). Kept whether or not
     * anybody subscribes: one array store per tick, never per command.
     */
    public CompletableFuture<List<Tick>> recentTicks() {
        return snapshots.recentTicks();
    }
}
