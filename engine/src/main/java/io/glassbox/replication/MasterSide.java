package io.glassbox.replication;

import io.glassbox.persistence.rdb.RdbFile;
import io.glassbox.persistence.rdb.RdbWriter;
import io.glassbox.persistence.rdb.RioOutput;
import io.glassbox.server.Client;
import io.glassbox.server.Propagation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The master's side of replication.c: feeding the stream to the replicas
 * ({@code replicationFeedSlaves}, {@code replicationFeedStreamFromMasterStream}), SYNC and PSYNC
 * ({@code syncCommand}, {@code masterTryPartialResynchronization},
 * {@code replicationSetupSlaveForFullResync}), REPLCONF's listening-port, ip-address and ACK
 * ({@code replconfCommand}), WAIT ({@code waitCommand}, {@code processClientsWaitingReplicas},
 * {@code replicationRequestAckFromSlaves}), {@code min-replicas-to-write}
 * ({@code refreshGoodSlavesCount}) and the master's half of {@code replicationCron} (PING the
 * replicas, drop the silent ones).
 *
 * <p>A replica is in {@link #replicas} once it is online, i.e. from the moment its +FULLRESYNC
 * and RDB (or +CONTINUE and the missing bytes) are queued: whatever is fed after that goes to its
 * output after them, so it sees the stream without a gap.
 */
final class MasterSide {
    /** What a master knows of one of its replicas. */
    static final class Replica {
        final Client client;
        int listeningPort;
        String announcedIp;
        long ackOffset;
        long ackMillis;
        /** Sent SYNC, not PSYNC: pre-2.8 protocol, never sends acks. */
        boolean oldProtocol;

        Replica(Client client) { this.client = client; }

        /** The address the replica announced, else the one it connected from (INFO, ROLE, FAILOVER TO). */
        String ip() { return announcedIp != null ? announcedIp : ReplicationReport.hostOf(client.connection().remoteAddress()); }
    }

    private record Waiter(Client client, long numReplicas, long offset, long deadlineMillis) {}

    private final Replication r;
    private final Replication.Host host;
    private final ReplicationIds ids;

    /** The online replicas, by client id, in the order they attached. */
    private final Map<Long, Replica> replicas = new LinkedHashMap<>();
    /** Remembered from REPLCONF listening-port / ip-address before PSYNC: the replica's port and IP for INFO and ROLE. */
    private final Map<Long, Integer> pendingPorts = new LinkedHashMap<>();
    private final Map<Long, String> pendingIps = new LinkedHashMap<>();
    /** The database the replicas' stream selected last (slaveseldb); -1 forces a SELECT. */
    private int streamDb = -1;
    private final List<Waiter> waiters = new ArrayList<>();
    private boolean getAckPending;
    private long cronLoops;

    MasterSide(Replication r) {
        this.r = r;
        this.host = r.host;
        this.ids = r.ids;
    }

    Iterable<Replica> replicas() { return replicas.values(); }

    int replicaCount() { return replicas.size(); }

    boolean hasReplicas() { return !replicas.isEmpty(); }

    /** The db the stream selected last, 0 if none yet (what a save records, what a GETACK or PING is sent in). */
    int streamDbOrZero() { return streamDb < 0 ? 0 : streamDb; }

    /** The next write is preceded by a SELECT (after a snapshot, a new master link, a promotion). */
    void forceSelect() { streamDb = -1; }

    /** Closes every replica's connection: they must reconnect and learn our new history. */
    void disconnectReplicas() {
        for (Replica x : new ArrayList<>(replicas.values())) host.closeClient(x.client);
    }

    /**
     * loadDataFromDisk's end on a master (Redis 7.0): the RDB a master saved (SHUTDOWN, SAVE) says
     * where its stream stood. Keep that history as our secondary ID up to {@code repl-offset + 1},
     * go on counting from {@code repl-offset}, and open an empty backlog there, so that replicas
     * which were in sync before the restart PSYNC the old ID and continue (+CONTINUE with our new
     * ID, the PSYNC2 path a promoted replica uses) instead of copying the whole dataset again.
     * Without the fields (or an AOF-loaded dataset) nothing changes: a new history, full resyncs.
     * The keys the load dropped as {@code expired} go into that backlog as DELs (UNLINKs with
     * lazyfree-lazy-expire), as rdbLoadRio's RDBFLAGS_FEED_REPL does: the replicas still have them,
     * and a replica deletes a key only when its master's stream says so.
     */
    void restoreHistory(Map<String, String> aux, List<RdbFile.ExpiredKey> expired) {
        String id = aux.get("repl-id"), off = aux.get("repl-offset"), db = aux.get("repl-stream-db");
        if (id == null || id.length() != 40 || off == null || db == null) return;
        long o;
        try {
            o = Long.parseLong(off);
            if (o < 0 || Integer.parseInt(db) < 0) return;
        } catch (NumberFormatException e) {
            return; // an unreadable field: no history to continue
        }
        ids.replid2 = id;
        ids.secondReplidOffset = o + 1;
        ids.masterReplOffset = o;
        streamDb = -1; // the next op is preceded by a SELECT, as after any start
        ids.createBacklog();
        byte[] del = bytes(r.settings.lazyfreeLazyExpire.get() ? "UNLINK" : "DEL");
        for (RdbFile.ExpiredKey k : expired) feed(k.db(), List.of(del, k.key()));
        host.log("notice", "Restored the replication history " + id + ":" + o + " as this master's secondary ID");
    }

    // ================================================================ feeding the stream

    /** A write the master ran (replicationFeedSlaves). A replica feeds from its master's stream instead. */
    void feed(int dbid, List<byte[]> argv) {
        if (r.link.isReplica()) return;
        if (ids.backlog == null && replicas.isEmpty()) return;
        if (dbid != streamDb) {
            feedStream(Propagation.encodeCommand(Propagation.selectCommand(dbid)));
            streamDb = dbid;
        }
        feedStream(Propagation.encodeCommand(argv));
    }

    /** Appends bytes of the replication stream: the backlog, then every online replica's output. */
    private void feedStream(byte[] bytes) {
        ids.createBacklog();
        ids.backlog.append(bytes, 0, bytes.length);
        ids.masterReplOffset = ids.backlog.offset();
        sendToReplicas(bytes);
        r.listener.get().streamFed(ids.masterReplOffset, bytes.length, ids.backlog);
    }

    /** The bytes go to every online replica's output, as they are (also a replica's master stream, verbatim). */
    void sendToReplicas(byte[] bytes) {
        for (Replica x : replicas.values()) {
            x.client.addRawForced(bytes);
            host.queueWrite(x.client);
        }
    }

    // ================================================================ SYNC / PSYNC

    /**
     * PSYNC replid offset, or SYNC (syncCommand): a partial resync if possible, else a full one.
     * The caller has checked that the client is not a replica already.
     */
    void sync(Client c, String psyncReplid, long psyncOffset, boolean psync) {
        if (r.failover.inProgress()) {
            c.addError("-NOMASTERLINK Can't SYNC while failing over");
            return;
        }
        if (r.link.isReplica() && !r.link.linkUp()) {
            c.addError("-NOMASTERLINK Can't SYNC while not connected with my master");
            return;
        }
        if (c.pendingReplyBytes() > 0) {
            c.addError("SYNC and PSYNC are invalid with pending output");
            return;
        }
        if (psync && tryPartialResync(c, psyncReplid, psyncOffset)) return;
        host.stats().syncFull++;
        if (psync && !"?".equals(psyncReplid)) host.stats().syncPartialErr++;
        // the first replica of a master without a backlog starts a fresh history (syncCommand)
        if (replicas.isEmpty() && ids.backlog == null && !r.link.isReplica()) {
            ids.changeReplicationId();
            ids.clearReplicationId2();
            ids.createBacklog();
        }
        ids.createBacklog();
        Replica x = new Replica(c);
        x.oldProtocol = !psync;
        x.ackMillis = host.nowMillis();
        if (psync) c.addRawForced(("+FULLRESYNC " + ids.replid + " " + ids.masterReplOffset + "\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] rdb;
        try {
            rdb = rdbForReplication();
        } catch (IOException e) {
            host.log("warning", "Can't produce the RDB for replica " + c.id + ": " + e.getMessage());
            host.closeClient(c);
            return;
        }
        c.addRawForced(("$" + rdb.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        c.addRawForced(rdb);
        c.markSnapshotQueued(); // the snapshot is not output buffer: only the stream after it is limited
        host.queueWrite(c);
        attach(x);
        // the stream after the snapshot starts with a SELECT (the RDB says nothing of the client's db)
        streamDb = -1;
        host.log("notice", "Replica " + c.connection().remoteAddress() + " asks for synchronization");
        host.log("notice", "Synchronization with replica " + c.connection().remoteAddress() + " succeeded (in-memory RDB, "
                + rdb.length + " bytes)");
    }

    private void attach(Replica x) {
        applyPending(x);
        x.client.markReplica();
        replicas.put(x.client.id, x);
        r.listener.get().replicaAttached(x.client.id, x.client.connection().remoteAddress());
    }

    /** masterTryPartialResynchronization: +CONTINUE and the missing bytes, if the history and the backlog allow. */
    private boolean tryPartialResync(Client c, String psyncReplid, long psyncOffset) {
        boolean sameHistory = psyncReplid.equalsIgnoreCase(ids.replid)
                || (psyncReplid.equalsIgnoreCase(ids.replid2) && psyncOffset <= ids.secondReplidOffset);
        if (!sameHistory || ids.backlog == null || !ids.backlog.canServe(psyncOffset)) {
            if (!"?".equals(psyncReplid)) {
                host.log("notice", "Partial resynchronization not accepted: " + (sameHistory
                        ? "offset " + psyncOffset + " outside the backlog" : "Replication ID mismatch (Replica asked for '"
                        + psyncReplid + "', my replication IDs are '" + ids.replid + "' and '" + ids.replid2 + "')"));
            }
            return false;
        }
        Replica x = new Replica(c);
        x.ackMillis = host.nowMillis();
        c.addRawForced(("+CONTINUE " + ids.replid + "\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] missing = ids.backlog.copyFrom(psyncOffset);
        c.addRawForced(missing);
        host.queueWrite(c);
        attach(x);
        host.stats().syncPartialOk++;
        host.log("notice", "Partial resynchronization request from " + c.connection().remoteAddress()
                + " accepted. Sending " + missing.length + " bytes of backlog starting from offset " + psyncOffset + ".");
        return true;
    }

    /** The dataset as an RDB, in memory, for a full resync. */
    private byte[] rdbForReplication() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
        RdbFile.SaveOptions opts = r.rdb.saveOptions();
        RioOutput rio = new RioOutput(out, opts.checksum());
        RdbWriter w = new RdbWriter(rio, opts.compression());
        RdbFile.saveRio(w, host.keyspace(), false, host.nowMillis());
        rio.flush();
        return out.toByteArray();
    }

    // ================================================================ REPLCONF

    /** REPLCONF ACK offset from a replica: its offset and the time, for WAIT, INFO's lag and timeouts. */
    void replconfAck(Client c, long offset) {
        Replica x = replicas.get(c.id);
        if (x == null) return;
        if (offset > x.ackOffset) x.ackOffset = offset;
        x.ackMillis = host.nowMillis();
        r.listener.get().replicaAck(c.id, x.ackOffset, ids.masterReplOffset);
        if (!waiters.isEmpty()) processWaiters();
    }

    /** REPLCONF listening-port: the port the replica serves on (given before PSYNC, kept until it attaches). */
    void replconfListeningPort(Client c, int port) {
        Replica x = replicas.get(c.id);
        if (x != null) x.listeningPort = port;
        else pendingPorts.put(c.id, port);
    }

    /** REPLCONF ip-address: the address the replica announces (replica-announce-ip). */
    void replconfIpAddress(Client c, String ip) {
        Replica x = replicas.get(c.id);
        if (x != null) x.announcedIp = ip;
        else pendingIps.put(c.id, ip);
    }

    /** Port and IP given before the PSYNC that made the client a replica. */
    private void applyPending(Replica x) {
        Integer p = pendingPorts.remove(x.client.id);
        if (p != null) x.listeningPort = p;
        String ip = pendingIps.remove(x.client.id);
        if (ip != null) x.announcedIp = ip;
    }

    /** A client closed: if it was a replica it leaves; a WAIT it was blocked in is dropped. */
    void clientClosed(Client c) {
        pendingPorts.remove(c.id);
        pendingIps.remove(c.id);
        Replica x = replicas.remove(c.id);
        if (x != null) {
            host.log("notice", "Connection with replica " + c.connection().remoteAddress() + " lost.");
            r.listener.get().replicaDetached(c.id);
        }
        waiters.removeIf(w -> w.client == c);
    }

    // ================================================================ WAIT

    /** WAIT numreplicas timeout (waitCommand): the count at once if enough replicas acked, else block. */
    void waitCommand(Client c, long numReplicas, long timeoutMillis) {
        long offset = c.lastWriteOffset();
        long acked = replicasWithAckAtLeast(offset);
        if (acked >= numReplicas) {
            c.addLong(acked);
            return;
        }
        long deadline = timeoutMillis == 0 ? Long.MAX_VALUE : host.nowMillis() + timeoutMillis;
        waiters.add(new Waiter(c, numReplicas, offset, deadline));
        c.blockForReplication();
        getAckPending = true;
    }

    private long replicasWithAckAtLeast(long offset) {
        long n = 0;
        for (Replica x : replicas.values()) if (!x.oldProtocol && x.ackOffset >= offset) n++;
        return n;
    }

    /** processClientsWaitingReplicas plus the timeouts. */
    private void processWaiters() {
        long now = host.nowMillis();
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            long acked = replicasWithAckAtLeast(w.offset);
            if (acked >= w.numReplicas || now >= w.deadlineMillis) {
                it.remove();
                w.client.unblockForReplication(acked);
            }
        }
    }

    /** min-replicas-to-write (refreshGoodSlavesCount): replicas whose last ack is at most min-replicas-max-lag seconds old. */
    long goodReplicas() {
        long maxLag = r.settings.minReplicasMaxLag.get() * 1000;
        long now = host.nowMillis();
        long n = 0;
        for (Replica x : replicas.values()) if (now - x.ackMillis <= maxLag) n++;
        return n;
    }

    /** findReplica: the replica announcing {@code host} (or connected from it) with listening port {@code port}. */
    Replica findReplica(String host, long port) {
        for (Replica x : replicas.values()) {
            if (host.equalsIgnoreCase(x.ip()) && port == x.listeningPort) return x;
        }
        return null;
    }

    // ================================================================ shutdown (server.c's isReadyToShutdown, finishShutdown)

    /** isReadyToShutdown: each replica's last ack is the stream's end. */
    boolean replicasCaughtUp() {
        for (Replica x : replicas.values()) if (x.ackOffset != ids.masterReplOffset) return false;
        return true;
    }

    /** sendGetackToReplicas (in the next beforeSleep). */
    void requestAcks() { getAckPending = true; }


    /** "Lagging replica ip:port reported offset N behind master, lag=S, state=online." per replica behind. */
    List<String> laggingReplicas() {
        List<String> lines = new java.util.ArrayList<>();
        long nowSec = host.nowMillis() / 1000;
        for (Replica x : replicas.values()) {
            if (x.ackOffset == ids.masterReplOffset) continue;
            lines.add("Lagging replica " + x.ip() + ":" + x.listeningPort + " reported offset "
                    + (ids.masterReplOffset - x.ackOffset) + " behind master, lag=" + (nowSec - x.ackMillis / 1000) + ", state=online.");
        }
        return lines;
    }

    // ================================================================ the loop's two moments

    /** beforeSleep: ask replicas for acks if a WAIT needs them (replicationRequestAckFromSlaves: REPLCONF GETACK * into the stream). */
    void beforeSleep() {
        if (getAckPending && !replicas.isEmpty()) {
            feed(streamDbOrZero(), List.of(bytes("REPLCONF"), bytes("GETACK"), bytes("*")));
        }
        getAckPending = false;
        if (!waiters.isEmpty()) processWaiters();
    }

    /** replicationCron's master half: PING the replicas every repl-ping-replica-period, drop those silent for repl-timeout. */
    void cron(long now) {
        cronLoops++;
        long pingPeriod = Math.max(1, r.settings.pingReplicaPeriod.get());
        // a PING would move the offset a failing-over master waits for its replica to reach
        if (!replicas.isEmpty() && !r.link.isReplica() && cronLoops % pingPeriod == 0 && !r.failover.timedWaitInProgress()) {
            feed(streamDbOrZero(), List.of(bytes("PING")));
        }
        long timeout = r.settings.timeout.get() * 1000;
        for (Replica x : new ArrayList<>(replicas.values())) {
            if (!x.oldProtocol && now - x.ackMillis > timeout) {
                host.log("warning", "Disconnecting timedout replica (streaming sync): " + x.client.connection().remoteAddress());
                host.closeClient(x.client);
            }
        }
        if (!waiters.isEmpty()) processWaiters();
    }

    static byte[] bytes(String s) { return s.getBytes(StandardCharsets.US_ASCII); }
}
