package io.glassbox.server;

import io.glassbox.db.RedisDb;
import io.glassbox.ds.dict.Dict;

import java.util.ArrayList;
import java.util.List;

/**
 * The server's two moments in each turn of the event loop, from Redis's {@code server.c}:
 * {@code beforeSleep} (blocked clients' timeouts and ready keys, a fast active expire cycle,
 * replication's acks and the AOF's write before any reply leaves, then the replies themselves) and
 * {@code serverCron}, {@code hz} times a second (instantaneous metrics, {@code clientsCron},
 * {@code databasesCron}, persistence's and replication's crons, the end of a CLIENT PAUSE).
 *
 * <p>Bound: the cron's incremental rehashing takes at most 1 ms per run (one bucket per run in
 * slow motion) and moves one database's dict per run. While a script that outlived
 * busy-reply-threshold owns the data set, both leave the keyspace alone (only replies are written).
 */
final class ServerCron {
    private final Server server;
    private long cronLoops;
    /** Slow motion: the cron's active rehashing does one step instead of 1 ms of steps. */
    private boolean activeRehashOneStep;

    ServerCron(Server server) { this.server = server; }

    long cronLoops() { return cronLoops; }

    void setActiveRehashOneStep(boolean oneStep) { this.activeRehashOneStep = oneStep; }

    /**
     * What Redis does before the loop goes back to epoll_wait (beforeSleep): a fast active
     * expire cycle, then write every pending reply (handleClientsWithPendingWrites). Returns how
     * many clients were written to.
     */
    int beforeSleep() {
        // the reads the I/O threads were given this tick, then their commands (handleClientsWithPendingReadsUsingThreads)
        server.threadedIO().handleClientsWithPendingReadsUsingThreads();
        if (!server.scriptBusy()) { // a long script owns the data set (and the AOF buffer) until it returns
            server.pause().beforeSleep(); // processUnblockedClients: writes an unpause released
            server.cluster().beforeSleep(); // clusterBeforeSleep: state update and nodes.conf save asked for in this tick
            server.blocking().handleTimeouts(server.clock().millis());
            if (server.blocking().hasReadyKeys()) server.blocking().handleClientsBlockedOnKeys();
            if (server.activeExpire().enabled() && !server.keyspace().isReplica()) activeExpireCycle(true);
            // the AOF reaches the disk (and, with appendfsync always, is fsynced) before any reply leaves
            server.replication().beforeSleep();
            server.persistence().beforeSleep();
            // BCAST clients hear of the keys changed under their prefixes in this tick
            // (trackingBroadcastInvalidationMessages; a long script is still changing them)
            server.tracking().broadcastInvalidationMessages();
            server.keyspace().settleTouched(); // keys written outside a command (blocked clients served, a load)
        }
        int written = server.threadedIO().handleClientsWithPendingWritesUsingThreads();
        server.clientMemory().freeClientsInAsyncFreeQueue(); // clients over their output buffer limit
        server.clientMemory().evictClients(); // then, if clients together use too much, the largest go
        return written;
    }

    /**
     * The cron, called {@code hz} times a second (serverCron): stats sampling, client timeouts,
     * and the databases' housekeeping (active expire, resize, incremental rehash for 1 ms).
     */
    void serverCron() {
        if (server.settings().pauseCron) return; // DEBUG PAUSE-CRON
        long now = server.clock().millis();
        cronLoops++;
        server.stats().trackInstantaneousMetric(ServerStats.METRIC_COMMAND, server.stats().numCommands, now);
        server.stats().trackInstantaneousMetric(ServerStats.METRIC_NET_INPUT, server.stats().netInputBytes, now);
        server.stats().trackInstantaneousMetric(ServerStats.METRIC_NET_OUTPUT, server.stats().netOutputBytes, now);
        if (server.scriptBusy()) return; // a long script owns the data set until it returns
        server.shutdown().cron(now); // a signal's shutdown starts here; one waiting for replicas ends here
        if (server.shutdownRequested()) return;
        clientsCron(now);
        // run_with_period(100) { clusterCron(); }
        if (cronLoops % Math.max(1, server.settings().hz / 10) == 0) server.cluster().cron();
        // also run per command, but a CONFIG SET of tracking-table-max-keys must bite on an idle server
        server.tracking().limitUsedSlots();
        server.clientMemory().freeClientsInAsyncFreeQueue();
        databasesCron();
        server.persistence().cron();
        server.memory().cron();
        if (cronLoops % Math.max(1, server.settings().hz) == 0) server.replication().cron(); // run_with_period(1000)
        server.pause().cron(now);
        server.threadedIO().stopThreadedIOIfNeeded(); // too few clients waiting: the I/O threads rest
    }

    /**
     * clientsCron: timeouts, then each client's memory (the recent peaks INFO shows, the per-type
     * sums and eviction buckets) and its output buffer limits, which close a client whose soft limit
     * ran out while nothing more was written to it. Redis visits numclients/hz clients per run; this
     * visits all of them (a few field reads each).
     */
    private void clientsCron(long now) {
        server.blocking().handleTimeouts(now); // clientsCronHandleTimeout
        if (server.cluster().enabled()) server.blocking().redirectBlockedClients(server.cluster());
        ClientMemory memory = server.clientMemory();
        memory.cronStart(now);
        for (Client c : new ArrayList<>(server.clients())) {
            if (!c.closed) memory.cronClient(c, now);
        }
        if (server.settings().timeoutSeconds <= 0) return;
        List<Client> idle = new ArrayList<>();
        for (Client c : server.clients()) {
            if (c.monitor || c.blocked || c.master || c.replica || c.connection.fd() < 0) continue; // in-process clients never time out
            if (now - c.lastInteractionMillis > server.settings().timeoutSeconds * 1000L) idle.add(c);
        }
        for (Client c : idle) {
            server.log("verbose", "Closing idle client");
            server.closeClient(c);
        }
    }

    /** activeExpireCycle, timed for the latency monitor's "expire-cycle" event when it is on. */
    private void activeExpireCycle(boolean fast) {
        LatencyMonitor lm = server.latencyMonitor();
        if (!lm.enabled()) {
            server.activeExpire().cycle(fast, server.settings().hz);
            return;
        }
        long t0 = System.nanoTime();
        server.activeExpire().cycle(fast, server.settings().hz);
        lm.addSampleIfNeeded("expire-cycle", (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * databasesCron: expire keys actively, shrink dicts that became sparse, and spend up to 1 ms
     * per database moving buckets of a dict that is rehashing (activerehashing).
     */
    private void databasesCron() {
        if (server.activeExpire().enabled() && !server.keyspace().isReplica()) activeExpireCycle(false);
        for (int i = 0; i < server.keyspace().databases(); i++) {
            RedisDb db = server.keyspace().db(i);
            db.dict().tryShrink();
            db.expires().tryShrink();
        }
        if (server.settings().activeRehashing) {
            for (int i = 0; i < server.keyspace().databases(); i++) {
                RedisDb db = server.keyspace().db(i);
                if (db.dict().isRehashing()) { activeRehash(db.dict()); break; }
                if (db.expires().isRehashing()) { activeRehash(db.expires()); break; }
            }
        }
    }

    private void activeRehash(Dict<?, ?> d) {
        if (activeRehashOneStep) d.rehash(1);
        else d.rehashMilliseconds(1);
    }
}
