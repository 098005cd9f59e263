package io.glassbox.engine;

import io.glassbox.db.Keyspace;
import io.glassbox.db.RedisDb;
import io.glassbox.eviction.Eviction;
import io.glassbox.replication.Replication;
import io.glassbox.server.Client;
import io.glassbox.server.Notify;
import io.glassbox.server.Propagation;
import io.glassbox.server.Server;

/** What the evictor needs of the server ({@link Eviction.Host}), over the {@link Server} and the replication. */
final class EvictionHost implements Eviction.Host {
    private final Server server;
    private final Replication replication;

    EvictionHost(Server server, Replication replication) {
        this.server = server;
        this.replication = replication;
    }

    @Override public Keyspace keyspace() { return server.keyspace(); }

    @Override public boolean safeToEvict() {
        // isSafeToPerformEvictions: no busy script, not loading, not a replica ignoring maxmemory, not paused
        if (server.scriptBusy() || server.keyspace().isLoading()) return false;
        if (server.keyspace().isReplica() && server.config().bool("replica-ignore-maxmemory").get()) return false;
        return !server.clientsPaused();
    }

    @Override public void evictKey(RedisDb db, byte[] key, boolean lazy) {
        // the lazy free of the value belongs to the lazyfree subsystem; here the delete is synchronous
        // either way, and lazyfree-lazy-eviction only decides between DEL and UNLINK on the wire
        db.dbDelete(key);
        db.signalModifiedKey(key);
        server.notifier().keyspaceEvent(Notify.EVICTED, "evicted", key, db.id);
        Propagation p = server.propagation();
        // each DEL goes out alone, never wrapped in MULTI/EXEC (performEvictions sets propagate_no_multi);
        // eviction runs before a command, so no other op is pending
        if (p.active()) p.propagateNow(db.id, java.util.List.of(lazy ? Propagation.UNLINK : Propagation.DEL, key));
    }

    @Override public void propagatePending() { server.propagation().propagatePendingCommands(); }

    @Override public long clientsMemory() {
        long n = 0;
        for (Client c : server.clients()) {
            if (c.isReplica()) continue;
            n += c.parser.queryBufferCapacity() + c.pendingReplyBytes();
            for (byte[] a : c.parser.args()) n += a.length; // a half-read multibulk's arguments (argv_len_sum)
        }
        return n;
    }

    @Override public long replicasMemory() {
        long n = 0;
        for (Client c : server.clients()) if (c.isReplica()) n += c.pendingReplyBytes();
        return n;
    }

    @Override public long replBacklogMemory() {
        Replication.BacklogView b = replication.snapshot().backlog();
        return b == null ? 0 : b.size();
    }

    @Override public void runSoon(Runnable task) {
        java.util.concurrent.Executor ex = server.loopExecutor();
        if (ex != null) ex.execute(task); // else the cron continues a running eviction
    }

    @Override public void log(String level, String msg) { server.log(level, msg); }

    @Override public long nanoTime() { return System.nanoTime(); }
}
