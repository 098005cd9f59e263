package io.glassbox.hooks;

import io.glassbox.command.RedisCommand;
import io.glassbox.db.Keyspace;
import io.glassbox.db.KeyspaceListener;
import io.glassbox.db.RedisDb;
import io.glassbox.ds.dict.DictListener;
import io.glassbox.ds.hyperloglog.HllListener;
import io.glassbox.ds.hyperloglog.HyperLogLog;
import io.glassbox.loop.EventLoop;
import io.glassbox.persistence.aof.AppendOnlyFile;
import io.glassbox.persistence.rdb.RdbPersistence;
import io.glassbox.persistence.rdb.SnapshotListener;
import io.glassbox.replication.Replication;
import io.glassbox.replication.ReplicationBacklog;
import io.glassbox.replication.ReplicationListener;
import io.glassbox.server.Client;
import io.glassbox.server.Server;
import io.glassbox.server.ServerListener;
import io.glassbox.tracking.TrackingListener;
import io.glassbox.tracking.TrackingTable;

import java.util.List;

/**
 * The adapters that turn the subsystems' callbacks into {@link EngineEvent}s: each implements the
 * listener interface of the layer it hears ({@link ServerListener}, {@link KeyspaceListener},
 * {@link DictListener}, {@link HllListener}, {@link ReplicationListener}, the RDB's
 * {@link SnapshotListener}, the AOF's listener, the loop's tick listener; per-value structures in
 * {@link ValueEvents}), checks {@link Subscriptions#active()} first and publishes. Those
 * interfaces know nothing of the hooks: the dependency points from here down.
 *
 * <p>Wiring. At construction the adapters attach to the rare observer points, which keep them for
 * the engine's life: the loop's tick listener, a {@link DictListener} on every database's keyspace
 * and expires dict (re-applied by {@link RedisDb} after FLUSHDB and SWAPDB), the RDB's and the
 * AOF's listeners. The per-command ones (server, keyspace, values, HLL, replication stream) are
 * installed by {@link #attach} when the first subscriber comes and removed by {@link #detach}
 * when the last one goes, so an engine nobody watches runs exactly the code of an engine without
 * hooks on every command. The server's and the keyspace's listeners are wrapped, not replaced: an
 * earlier listener keeps hearing.
 */
final class EventAdapters {
    private final Server server;
    private final Replication replication;
    private final Subscriptions events;
    private final ValueEvents valueEvents;
    private final HllEvents hllEvents = new HllEvents();
    /** The wrappers installed while somebody subscribes (command thread). */
    private ServerEvents serverEvents;
    private KeyspaceEvents keyspaceEvents;
    private ReplicationEvents replicationEvents;
    /** Client-side caching, whose listener is installed while somebody subscribes; null without it. */
    private final TrackingTable tracking;
    private TrackingEvents trackingEvents;
    /** The evictor, whose listener is installed while somebody subscribes; null without it. */
    private final io.glassbox.eviction.Eviction eviction;
    /** The Sentinel of an engine in sentinel mode, else null. */
    io.glassbox.sentinel.Sentinel sentinel;
    private SentinelEvents sentinelEvents;

    EventAdapters(Server server, EventLoop loop, Replication replication, RdbPersistence rdb, AppendOnlyFile aof,
                  TrackingTable tracking, io.glassbox.eviction.Eviction eviction, Subscriptions events) {
        this.server = server;
        this.replication = replication;
        this.tracking = tracking;
        this.eviction = eviction;
        this.events = events;
        this.valueEvents = new ValueEvents(events);
        loop.setTickListener(events::onTick);
        Keyspace ks = server.keyspace();
        for (int i = 0; i < ks.databases(); i++) {
            ks.db(i).setDictListeners(new DictEvents("db" + i), new DictEvents("db" + i + ":expires"));
        }
        rdb.setListener(new SnapshotEvents(rdb.listener()));
        aof.setListener(new AofEvents());
        ks.lazyFree().setListener(new LazyFreeEvents());
        server.latencyMonitor().setListener((event, ms) -> {
            if (events.active()) events.publish(new EngineEvent.LatencySample(tick(), System.nanoTime(), event, ms));
        });
    }

    /**
     * Installs the per-command observers: a ServerListener and a KeyspaceListener that wrap whatever
     * was there (so it keeps hearing), the ValueListener, the HLL listener and the replication
     * listener. Command thread.
     */
    void attach() {
        serverEvents = new ServerEvents(server.listener());
        server.setListener(serverEvents);
        Keyspace ks = server.keyspace();
        keyspaceEvents = new KeyspaceEvents(ks.listener());
        ks.setListener(keyspaceEvents);
        ks.setValueListener(valueEvents);
        ks.setHllListener(hllEvents);
        ReplicationListener.Holder rl = replication.listeners();
        replicationEvents = new ReplicationEvents(rl.get());
        rl.set(replicationEvents);
        if (tracking != null) {
            trackingEvents = new TrackingEvents(tracking.listener());
            tracking.setListener(trackingEvents);
        }
        if (eviction != null) eviction.setListener(new EvictionEvents());
        if (sentinel != null) {
            sentinelEvents = new SentinelEvents(sentinel.listener());
            sentinel.setListener(sentinelEvents);
        }
    }

    /** Removes what {@link #attach} installed, unless somebody wrapped it since (then it stays, inert). Command thread. */
    void detach() {
        if (serverEvents != null && server.listener() == serverEvents) server.setListener(serverEvents.next);
        Keyspace ks = server.keyspace();
        if (keyspaceEvents != null && ks.listener() == keyspaceEvents) ks.setListener(keyspaceEvents.next);
        ks.setValueListener(null);
        if (ks.hllListener() == hllEvents) ks.setHllListener(null);
        ReplicationListener.Holder rl = replication.listeners();
        if (replicationEvents != null && rl.get() == replicationEvents) rl.set(replicationEvents.next);
        replicationEvents = null;
        if (tracking != null && trackingEvents != null && tracking.listener() == trackingEvents) tracking.setListener(trackingEvents.next);
        trackingEvents = null;
        if (eviction != null) eviction.setListener(null);
        if (sentinel != null && sentinelEvents != null && sentinel.listener() == sentinelEvents) sentinel.setListener(sentinelEvents.next);
        sentinelEvents = null;
        serverEvents = null;
        keyspaceEvents = null;
    }

    /**
     * Module loads, unloads and what a module registers: rare, so the listener stays installed and
     * pays one {@code events.active()} check when nobody subscribes.
     */
    void observeModules(io.glassbox.module.core.Modules modules) {
        modules.setListener(new io.glassbox.module.core.ModuleListener() {
            @Override public void moduleLoaded(String name, String path) { publish(name, "loaded", name, path); }
            @Override public void moduleUnloaded(String name) { publish(name, "unloaded", name, ""); }
            @Override public void commandCreated(String module, String command, String flags) { publish(module, "command", command, flags); }
            @Override public void typeCreated(String module, String type, int encver) { publish(module, "type", type, Integer.toString(encver)); }

            private void publish(String module, String what, String name, String detail) {
                if (events.active()) events.publish(new EngineEvent.ModuleChanged(tick(), System.nanoTime(), module, what, name, detail));
            }
        });
    }

    private long tick() { return events.tick(); }

    /** Server events, passed on to whoever listened before. */
    private final class ServerEvents implements ServerListener {
        final ServerListener next;

        ServerEvents(ServerListener next) { this.next = next; }

        @Override
        public void clientConnected(Client c) {
            next.clientConnected(c);
            if (events.active()) events.publish(new EngineEvent.ClientConnected(tick(), System.nanoTime(), c.id, c.addr()));
        }

        @Override
        public void clientClosed(Client c) {
            next.clientClosed(c);
            if (events.active()) events.publish(new EngineEvent.ClientClosed(tick(), System.nanoTime(), c.id, c.addr()));
        }

        @Override
        public void aclDenied(Client c, String command, String reason, String context, String object, String username) {
            next.aclDenied(c, command, reason, context, object, username);
            if (events.active()) {
                events.publish(new EngineEvent.AclDenied(tick(), System.nanoTime(), c == null ? -1 : c.id, username, command,
                        reason, context, object));
            }
        }

        @Override
        public void commandExecuted(Client c, RedisCommand cmd, long micros) {
            next.commandExecuted(c, cmd, micros);
            if (events.active()) {
                valueEvents.commandDone();
                events.commandExecuted(c.id, cmd.fullName, micros);
            }
        }

        @Override
        public void shutdownRequested() { next.shutdownRequested(); }

        @Override
        public void clientOutputBufferLimitReached(Client c, String clientClass, boolean hard, long usedBytes, long limitBytes) {
            next.clientOutputBufferLimitReached(c, clientClass, hard, usedBytes, limitBytes);
            if (events.active()) events.publish(new EngineEvent.ClientOutputBufferLimitReached(tick(), System.nanoTime(),
                    c.id, c.addr(), clientClass, hard ? "hard" : "soft", usedBytes, limitBytes));
        }

        @Override
        public void ioThreadsPhase(io.glassbox.server.IoThreadsPhase p) {
            next.ioThreadsPhase(p);
            if (events.active()) {
                events.publish(new EngineEvent.IoThreadsPhase(tick(), System.nanoTime(), p.op(), p.clientIds(), p.clientThreads(),
                        p.busyNanos(), p.bytes(), p.fanOutNanos(), p.mainWaitNanos(), p.fanInNanos()));
            }
        }

        @Override
        public void clientEvicted(Client c, long clientBytes, long clientsBytes, long limitBytes) {
            next.clientEvicted(c, clientBytes, clientsBytes, limitBytes);
            if (events.active()) events.publish(new EngineEvent.ClientEvicted(tick(), System.nanoTime(), c.id, c.addr(),
                    clientBytes, clientsBytes, limitBytes));
        }
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
            if (events.active()) events.publish(new EngineEvent.KeyExpired(tick(), System.nanoTime(), db.id, key));
        }

        @Override
        public void databasesSwapped(int a, int b) { next.databasesSwapped(a, b); }

        @Override
        public void databaseFlushed(int db) { next.databaseFlushed(db); }
    }

    /** This engine's HyperLogLog writes (installed in the keyspace by {@link #attach}). */
    private final class HllEvents implements HllListener {
        @Override
        public void registerSet(int index, int oldValue, int newValue, int encoding) {
            if (events.active()) {
                events.publish(new EngineEvent.HllRegisterSet(tick(), System.nanoTime(), index, oldValue, newValue,
                        encoding == HyperLogLog.HLL_DENSE ? "dense" : "sparse"));
            }
        }

        @Override
        public void promoted(int denseSize) {
            if (events.active()) events.publish(new EngineEvent.EncodingConverted(tick(), System.nanoTime(), -1, null, "sparse", "dense"));
        }
    }

    /**
     * Eviction (evict.c): each key evictionPoolPopulate sampled with its score and the slot it took,
     * the pool after a round of sampling, and each victim. Installed only while somebody subscribes:
     * otherwise performEvictions pays a null check.
     */
    private final class EvictionEvents implements io.glassbox.eviction.EvictionListener {
        @Override
        public void keySampled(int db, byte[] key, long score, int slot) {
            if (events.active()) events.publish(new EngineEvent.EvictionKeySampled(tick(), System.nanoTime(), db, key, score, slot));
        }

        @Override
        public void poolPopulated(java.util.List<PoolEntry> pool) {
            if (!events.active()) return;
            int n = pool.size();
            long[] dbs = new long[n], scores = new long[n];
            byte[][] keys = new byte[n][];
            for (int i = 0; i < n; i++) {
                dbs[i] = pool.get(i).db();
                keys[i] = pool.get(i).key();
                scores[i] = pool.get(i).score();
            }
            events.publish(new EngineEvent.EvictionPoolPopulated(tick(), System.nanoTime(), dbs, keys, scores));
        }

        @Override
        public void keyEvicted(int db, byte[] key, long score, long bytesFreed, String policy) {
            if (events.active()) events.publish(new EngineEvent.KeyEvicted(tick(), System.nanoTime(), db, key, score, bytesFreed, policy));
        }
    }

    /**
     * Replication: the stream being fed (with the backlog ring's state), replicas attaching,
     * detaching and acknowledging, and this node's handshake states as a replica. Installed with
     * the other per-command observers only while somebody subscribes: a stream write nobody
     * watches costs the one call to the do-nothing listener it always cost.
     */
    private final class ReplicationEvents implements ReplicationListener {
        final ReplicationListener next;

        ReplicationEvents(ReplicationListener next) { this.next = next; }

        @Override
        public void streamFed(long masterReplOffset, long bytes, ReplicationBacklog b) {
            next.streamFed(masterReplOffset, bytes, b);
            if (events.active()) {
                events.publish(new EngineEvent.ReplicationStreamFed(tick(), System.nanoTime(), masterReplOffset, bytes, b.size(),
                        b.writeIndex(), b.histlen(), b.firstByteOffset()));
            }
        }

        @Override
        public void backlogCreated(int size) { next.backlogCreated(size); }

        @Override
        public void replicaAttached(long clientId, String address) {
            next.replicaAttached(clientId, address);
            if (events.active()) events.publish(new EngineEvent.ReplicaAttached(tick(), System.nanoTime(), clientId, address));
        }

        @Override
        public void replicaDetached(long clientId) {
            next.replicaDetached(clientId);
            if (events.active()) events.publish(new EngineEvent.ReplicaDetached(tick(), System.nanoTime(), clientId));
        }

        @Override
        public void replicaAck(long clientId, long ackOffset, long masterReplOffset) {
            next.replicaAck(clientId, ackOffset, masterReplOffset);
            if (events.active()) {
                events.publish(new EngineEvent.ReplicaAck(tick(), System.nanoTime(), clientId, ackOffset, masterReplOffset,
                        Math.max(0, masterReplOffset - ackOffset)));
            }
        }

        @Override
        public void replicaStateChanged(String from, String to) {
            next.replicaStateChanged(from, to);
            if (events.active()) events.publish(new EngineEvent.ReplicaStateChanged(tick(), System.nanoTime(), from, to));
        }
    }

    /**
     * Client-side caching: the keys a tracking client is remembered for, and each invalidation as it
     * leaves. Installed with the other per-command observers only while somebody subscribes.
     */
    private final class TrackingEvents implements TrackingListener {
        final TrackingListener next;

        TrackingEvents(TrackingListener next) { this.next = next; }

        @Override
        public void keysTracked(long clientId, List<byte[]> keys) {
            next.keysTracked(clientId, keys);
            if (events.active()) {
                events.publish(new EngineEvent.KeysTracked(tick(), System.nanoTime(), clientId, keys.toArray(new byte[0][])));
            }
        }

        @Override
        public void invalidationSent(long receiverId, long trackingClientId, List<byte[]> keys, String how) {
            next.invalidationSent(receiverId, trackingClientId, keys, how);
            if (events.active()) {
                events.publish(new EngineEvent.InvalidationSent(tick(), System.nanoTime(), receiverId, trackingClientId, how,
                        keys == null ? null : keys.toArray(new byte[0][])));
            }
        }
    }

    /** Save events (SAVE, BGSAVE), passed on to whoever listened before. */
    /** Sentinel: its events, the votes it hears, its failover steps; passed on to whoever listened before. */
    private final class SentinelEvents implements io.glassbox.sentinel.SentinelListener {
        final io.glassbox.sentinel.SentinelListener next;

        SentinelEvents(io.glassbox.sentinel.SentinelListener next) { this.next = next; }

        @Override
        public void event(String type, String message, long currentEpoch) {
            next.event(type, message, currentEpoch);
            if (events.active()) events.publish(new EngineEvent.SentinelEventRaised(tick(), System.nanoTime(), type, message, currentEpoch));
        }

        @Override
        public void vote(String voter, String leader, long epoch) {
            next.vote(voter, leader, epoch);
            if (events.active()) events.publish(new EngineEvent.SentinelVoteReceived(tick(), System.nanoTime(), voter, leader, epoch));
        }

        @Override
        public void failoverState(String master, String state, long epoch) {
            next.failoverState(master, state, epoch);
            if (events.active()) events.publish(new EngineEvent.SentinelFailoverStateChanged(tick(), System.nanoTime(), master, state, epoch));
        }
    }

    private final class SnapshotEvents implements SnapshotListener {
        private final SnapshotListener next;

        SnapshotEvents(SnapshotListener next) { this.next = next; }

        @Override
        public void snapshotStarted(boolean background, long keysTotal) {
            next.snapshotStarted(background, keysTotal);
            if (events.active()) events.publish(new EngineEvent.SnapshotStarted(tick(), System.nanoTime(), background, keysTotal));
        }

        @Override
        public void snapshotProgress(long keysProcessed, long keysTotal, long bytesWritten) {
            next.snapshotProgress(keysProcessed, keysTotal, bytesWritten);
            if (events.active()) {
                events.publish(new EngineEvent.SnapshotProgress(tick(), System.nanoTime(), keysProcessed, keysTotal, bytesWritten));
            }
        }

        @Override
        public void snapshotFinished(boolean background, long keys, long bytes, long longestSliceNanos, String error) {
            next.snapshotFinished(background, keys, bytes, longestSliceNanos, error);
            if (events.active()) {
                events.publish(new EngineEvent.SnapshotFinished(tick(), System.nanoTime(), background, keys, bytes,
                        longestSliceNanos, error));
            }
        }
    }

    /** AOF fsyncs (some from the background fsync thread) and rewrite phases. */
    private final class AofEvents implements AppendOnlyFile.Listener {
        @Override
        public void fsynced(String file, long bytes, boolean background) {
            if (events.active()) events.publish(new EngineEvent.AofFsync(tick(), System.nanoTime(), file, bytes, background));
        }

        @Override
        public void rewritePhase(String phase) {
            if (events.active()) events.publish(new EngineEvent.AofRewritePhase(tick(), System.nanoTime(), phase));
        }
    }

    /** The lazy-free queue: jobs queued (command thread) and freed (the bio_lazy_free thread). */
    private final class LazyFreeEvents implements io.glassbox.db.LazyFree.Listener {
        @Override
        public void enqueued(String what, long objects, long effort) {
            if (events.active()) events.publish(new EngineEvent.LazyFreeQueued(tick(), System.nanoTime(), what, objects, effort));
        }

        @Override
        public void freed(String what, long objects, long visited, long nanos) {
            if (events.active()) events.publish(new EngineEvent.LazyFreeDone(tick(), System.nanoTime(), what, objects, visited, nanos));
        }
    }

    /** One keyspace dict's table life cycle, named as the visualizer labels it ("db0", "db0:expires"). */
    private final class DictEvents implements DictListener {
        private final String name;

        DictEvents(String name) { this.name = name; }

        @Override
        public void onResizeStarted(int oldSize, int newSize, long used) {
            if (events.active()) events.publish(new EngineEvent.DictResized(tick(), System.nanoTime(), name, oldSize, newSize, used));
        }

        @Override
        public void onRehashStep(int fromBucket, int movedEntries, int rehashIdxAfter) {
            if (events.active()) {
                events.publish(new EngineEvent.DictRehashStep(tick(), System.nanoTime(), name, fromBucket, movedEntries,
                        rehashIdxAfter));
            }
        }

        @Override
        public void onRehashCompleted(int newSize) {
            if (events.active()) events.publish(new EngineEvent.DictRehashCompleted(tick(), System.nanoTime(), name, newSize));
        }
    }
}
