package io.glassbox.replication;

import io.glassbox.persistence.rdb.RdbFile;
import io.glassbox.persistence.rdb.RdbWriter;
import io.glassbox.persistence.rdb.RioInput;
import io.glassbox.persistence.rdb.RioOutput;
import io.glassbox.server.Client;
import io.glassbox.server.Propagation;
import io.glassbox.server.Server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Master-replica replication, both roles (Redis's {@code replication.c}).
 *
 * <p><b>As a master</b>, every write that propagation emits is encoded as RESP, appended to the
 * {@link ReplicationBacklog} and to the output of each online replica; {@code master_repl_offset}
 * counts those bytes. A replica that connects sends {@code PSYNC replid offset}: if {@code replid}
 * is this master's history (its current ID, or the previous one up to {@code second_repl_offset}
 * after a promotion: PSYNC2) and the backlog still holds {@code offset}, the master answers
 * {@code +CONTINUE} and sends the missing bytes (a partial resync); otherwise {@code +FULLRESYNC
 * replid offset}, then an RDB of the dataset as of that offset, then the stream from there.
 * Replicas acknowledge their offset every second ({@code REPLCONF ACK}); {@code WAIT} uses those
 * acks.
 *
 * <p><b>As a replica</b> ({@code REPLICAOF host port}), a handshake state machine runs over one
 * connection: PING, AUTH, REPLCONF listening-port, REPLCONF capa eof capa psync2, PSYNC; then the
 * RDB is read and loaded into an emptied keyspace, and the connection becomes the <em>master
 * client</em>, whose commands run like any client's but whose replies are dropped. Its offset moves
 * by the bytes of each command applied, and the same bytes are fed to this node's own backlog and
 * replicas (a chain of replicas sees the master's stream verbatim). When the link breaks, the
 * replica remembers the master's ID and its offset and tries {@code PSYNC} from there.
 *
 * <p><b>Glassbox differences</b>: without fork, the RDB for a full resync is written into memory on
 * the command thread (a stall proportional to the dataset) and sent with a length prefix; replicas
 * of Glassbox get exactly the dataset at the offset in {@code +FULLRESYNC}.
 */
public final class Replication implements Propagation.Target, io.glassbox.server.ReplicationRole {
    /** The handshake and link states of a replica (repl_state). */
    public enum ReplState { NONE, CONNECT, CONNECTING, RECEIVE_PING_REPLY, RECEIVE_AUTH_REPLY, RECEIVE_PORT_REPLY,
        RECEIVE_IP_REPLY, RECEIVE_CAPA_REPLY, RECEIVE_PSYNC_REPLY, TRANSFER, CONNECTED }

    /** What a master knows of one of its replicas. */
    public static final class Replica {
        public final Client client;
        public int listeningPort;
        public String announcedIp;
        public long ackOffset;
        public long ackMillis;
        /** Sent SYNC, not PSYNC: pre-2.8 protocol, never sends acks. */
        boolean oldProtocol;

        Replica(Client client) { this.client = client; }
    }

    private record Waiter(Client client, long numReplicas, long offset, long deadlineMillis) {}

    private static final String ZERO_ID = "0000000000000000000000000000000000000000";

    private final Server server;
    private MasterConnector connector;

    // ---- the replication ID and offsets (both roles)
    private String replid = newReplicationId();
    private String replid2 = ZERO_ID;
    private long secondReplidOffset = -1;
    private long masterReplOffset;
    private ReplicationBacklog backlog;

    // ---- master side
    private final Map<Long, Replica> replicas = new LinkedHashMap<>();
    /** The database the replicas' stream selected last (slaveseldb); -1 forces a SELECT. */
    private int replicaSelectedDb = -1;
    private final List<Waiter> waiters = new ArrayList<>();
    private boolean getAckPending;
    private long cronLoops;
    private final ReplicationListener.Holder listener = new ReplicationListener.Holder();

    // ---- replica side
    private String masterHost;
    private int masterPort;
    private ReplState state = ReplState.NONE;
    private MasterConnector.Link link;
    private Client masterClient;
    /** Bytes from the master not yet consumed by the handshake or the transfer. */
    private final ByteArrayOutputStream inbox = new ByteArrayOutputStream();
    private String masterReplidFromPsync;
    private long masterInitialOffset;
    /** The master's stream ID and our offset in it, kept when the link breaks, for PSYNC (cached master). */
    private String cachedReplid;
    private long cachedOffset = -1;
    /** The database the master's stream had selected when the link broke (the cached master's db). */
    private int cachedDb;
    private long transferSize = -1;
    private byte[] transferEofMark;
    private ByteArrayOutputStream transfer;
    private long lastIoMillis;
    private long linkDownSinceMillis;
    private long syncStartMillis;
    private String lastHandshakeError;
    private int connectAttempts;

    // settings read on the command path, looked up once
    private final io.glassbox.persistence.rdb.RdbPersistence rdb;
    private final io.glassbox.persistence.aof.AppendOnlyFile aof;
    private final io.glassbox.config.NumericConfig minReplicasToWrite, minReplicasMaxLag;
    private final io.glassbox.config.BoolConfig replicaReadOnly, replicaServeStaleData;

    /** The replication of {@code server}, which sends and receives RDB files through {@code rdb} and rewrites {@code aof} after a full sync. */
    public Replication(Server server, io.glassbox.persistence.rdb.RdbPersistence rdb, io.glassbox.persistence.aof.AppendOnlyFile aof) {
        this.server = server;
        this.rdb = rdb;
        this.aof = aof;
        this.minReplicasToWrite = server.config().numeric("min-replicas-to-write");
        this.minReplicasMaxLag = server.config().numeric("min-replicas-max-lag");
        this.replicaReadOnly = server.config().bool("replica-read-only");
        this.replicaServeStaleData = server.config().bool("replica-serve-stale-data");
        this.rdb.setSaveInfo(this::rdbSaveInfo);
        server.config().onChange("repl-backlog-size", this::backlogSizeChanged);
    }

    /**
     * rdbPopulateSaveInfo: what a save records of the stream, so that the file can restart a
     * replica where it was. A master with a backlog records its stream's selected db; a replica
     * the db its master client (or the cached one) is in; a node with neither records nothing.
     */
    public RdbFile.SaveInfo rdbSaveInfo() {
        if (masterHost == null && backlog != null) {
            return new RdbFile.SaveInfo(replicaSelectedDb == -1 ? 0 : replicaSelectedDb, replid, masterReplOffset);
        }
        if (masterClient != null) return new RdbFile.SaveInfo(masterClient.db().id, replid, masterReplOffset);
        if (cachedReplid != null && cachedOffset >= 0) return new RdbFile.SaveInfo(cachedDb, cachedReplid, cachedOffset);
        return null;
    }

    /**
     * loadDataFromDisk's end, with {@code replicaof} configured: the RDB just loaded says where in
     * its master's stream this node stood ({@code repl-id}, {@code repl-offset},
     * {@code repl-stream-db}); take that as our history and our cached master, so the first PSYNC
     * asks for {@code offset+1} and the master answers +CONTINUE if its backlog still holds it.
     * Then connect, as REPLICAOF would. {@code aux} is empty when nothing was loaded.
     */
    public void startAsReplica(String host, int port, Map<String, String> aux) {
        String id = aux.get("repl-id"), off = aux.get("repl-offset"), db = aux.get("repl-stream-db");
        int streamDb = -1;
        if (id != null && id.length() == 40 && off != null && db != null) {
            try {
                long o = Long.parseLong(off);
                int d = Integer.parseInt(db);
                if (o >= 0 && d >= 0) {
                    replid = id;
                    masterReplOffset = o;
                    streamDb = d;
                }
            } catch (NumberFormatException e) {
                // an unreadable field: no cached master, a full resync
            }
        }
        // setMaster caches "ourselves" (replicationCacheMasterUsingMyself): the history just loaded
        setMaster(host, port);
        if (streamDb >= 0) {
            cachedDb = streamDb;
        } else {
            cachedReplid = null; // a fresh ID of our own is no history the master knows
            cachedOffset = -1;
        }
    }

    /**
     * loadDataFromDisk's end on a master (Redis 7.0): the RDB a master saved (SHUTDOWN, SAVE) says
     * where its stream stood. Keep that history as our secondary ID up to {@code repl-offset + 1},
     * go on counting from {@code repl-offset}, and open an empty backlog there, so that replicas
     * which were in sync before the restart PSYNC the old ID and continue (+CONTINUE with our new
     * ID, the PSYNC2 path a promoted replica uses) instead of copying the whole dataset again.
     * Without the fields (or an AOF-loaded dataset) nothing changes: a new history, full resyncs.
     * The keys the load dropped as expired go into that backlog as DELs (UNLINKs with
     * lazyfree-lazy-expire), as rdbLoadRio's RDBFLAGS_FEED_REPL does: the replicas still have them,
     * and a replica deletes a key only when its master's stream says so.
     */
    public void startAsMaster(Map<String, String> aux) {
        List<RdbFile.ExpiredKey> expired = this.rdb.takeStartupExpiredKeys();
        String id = aux.get("repl-id"), off = aux.get("repl-offset"), db = aux.get("repl-stream-db");
        if (id == null || id.length() != 40 || off == null || db == null) return;
        long o;
        try {
            o = Long.parseLong(off);
            if (o < 0 || Integer.parseInt(db) < 0) return;
        } catch (NumberFormatException e) {
            return; // an unreadable field: no history to continue
        }
        replid2 = id;
        secondReplidOffset = o + 1;
        masterReplOffset = o;
        replicaSelectedDb = -1; // the next op is preceded by a SELECT, as after any start
        createBacklog();
        byte[] del = bytes(server.config().bool("lazyfree-lazy-expire").get() ? "UNLINK" : "DEL");
        for (RdbFile.ExpiredKey k : expired) feed(k.db(), List.of(del, k.key()));
        server.log("notice", "Restored the replication history " + id + ":" + o + " as this master's secondary ID");
    }

    /**
     * processCommand's replication checks, in Redis's order; null if the command may run, else the
     * error. {@code write}: the command is a write; {@code stale}: it may run on a stale replica.
     */
    public String refuse(Client c, boolean write, boolean stale) {
        if (masterHost == null) {
            if (write && minReplicasToWrite.get() > 0 && minReplicasMaxLag.get() > 0 && goodReplicas() < minReplicasToWrite.get()) {
                return "-NOREPLICAS Not enough good replicas to write.";
            }
            return null;
        }
        if (c.isMaster()) return null;
        if (write && replicaReadOnly.get()) return "-READONLY You can't write against a read only replica.";
        if (state != ReplState.CONNECTED && !replicaServeStaleData.get() && !stale) {
            return "-MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.";
        }
        return null;
    }

    public void setConnector(MasterConnector connector) { this.connector = connector; }

    public ReplicationListener.Holder listeners() { return listener; }

    private static String newReplicationId() {
        byte[] b = new byte[20];
        new SecureRandom().nextBytes(b);
        StringBuilder sb = new StringBuilder(40);
        for (byte x : b) sb.append(String.format("%02x", x & 0xff));
        return sb.toString();
    }

    // ================================================================ common state

    public String replid() { return replid; }

    public String replid2() { return replid2; }

    public long secondReplidOffset() { return secondReplidOffset; }

    public long masterReplOffset() { return masterReplOffset; }

    public ReplicationBacklog backlog() { return backlog; }

    public boolean isReplica() { return masterHost != null; }

    public String masterHost() { return masterHost; }

    public int masterPort() { return masterPort; }

    public ReplState state() { return state; }

    public boolean linkUp() { return state == ReplState.CONNECTED; }

    public List<Replica> replicas() { return new ArrayList<>(replicas.values()); }

    public Replica replicaOf(Client c) { return replicas.get(c.id); }

    /** The offset a replica has applied: the master client's, or the cached one while the link is down. */
    public long replicaOffset() {
        return masterClient != null ? masterReplOffset : cachedOffset;
    }

    /**
     * The backlog exists from the first replica on (createReplicationBacklog); only then does this
     * node listen to propagation, so a server without replicas queues nothing for them.
     */
    private void createBacklog() {
        server.propagation().addTarget(this);
        if (backlog == null) {
            backlog = new ReplicationBacklog(backlogSize(), masterReplOffset);
            listener.get().backlogCreated(backlog.size());
        }
    }

    private int backlogSize() {
        return (int) Math.min(Integer.MAX_VALUE - 16, server.config().numeric("repl-backlog-size").get());
    }

    /** CONFIG SET repl-backlog-size. */
    public void backlogSizeChanged() { if (backlog != null) backlog.resize(backlogSize()); }

    /** A new history begins (changeReplicationId). */
    private void changeReplicationId() { replid = newReplicationId(); }

    /** shiftReplicationId: the old ID stays valid up to this offset, so our replicas can PSYNC after a promotion. */
    private void shiftReplicationId() {
        replid2 = replid;
        secondReplidOffset = masterReplOffset + 1;
        changeReplicationId();
    }

    /**
     * DEBUG CHANGE-REPL-ID (debug.c): a new history and no secondary one, as if this node had never
     * been anyone's replica. Its replicas' next PSYNC names an ID nobody knows, so they resync in full;
     * tests use it to force exactly that.
     */
    public void debugChangeReplicationId() {
        server.log("warning", "Changing replication IDs after receiving DEBUG change-repl-id");
        changeReplicationId();
        clearReplicationId2();
    }

    private void clearReplicationId2() {
        replid2 = ZERO_ID;
        secondReplidOffset = -1;
    }

    // ================================================================ master side: feeding the stream

    @Override
    public boolean isReplication() { return true; }

    /** Propagation target: a write the master ran (replicationFeedSlaves). A replica feeds from its master's stream instead. */
    @Override
    public void feed(int dbid, List<byte[]> argv) {
        if (masterHost != null) return;
        if (backlog == null && replicas.isEmpty()) return;
        if (dbid != replicaSelectedDb) {
            feedStream(encode(Propagation.selectCommand(dbid)));
            replicaSelectedDb = dbid;
        }
        feedStream(encode(argv));
    }

    /** Appends bytes of the replication stream: the backlog, then every online replica's output. */
    private void feedStream(byte[] bytes) {
        createBacklog();
        backlog.append(bytes, 0, bytes.length);
        masterReplOffset = backlog.offset();
        for (Replica r : replicas.values()) {
            r.client.addRawForced(bytes);
            server.queueWrite(r.client);
        }
        listener.get().streamFed(masterReplOffset, bytes.length, backlog);
    }

    private static byte[] encode(List<byte[]> argv) { return Propagation.encodeCommand(argv); }

    // ================================================================ master side: SYNC / PSYNC

    /**
     * PSYNC replid offset, or SYNC (syncCommand): a partial resync if possible, else a full one.
     * The caller has checked that the client is not a replica already.
     */
    public void sync(Client c, String psyncReplid, long psyncOffset, boolean psync) {
        if (failoverState != FailoverState.NO_FAILOVER) {
            c.addError("-NOMASTERLINK Can't SYNC while failing over");
            return;
        }
        if (masterHost != null && state != ReplState.CONNECTED) {
            c.addError("-NOMASTERLINK Can't SYNC while not connected with my master");
            return;
        }
        if (c.pendingReplyBytes() > 0) {
            c.addError("SYNC and PSYNC are invalid with pending output");
            return;
        }
        if (psync && tryPartialResync(c, psyncReplid, psyncOffset)) return;
        server.stats().syncFull++;
        if (psync && !"?".equals(psyncReplid)) server.stats().syncPartialErr++;
        // the first replica of a master without a backlog starts a fresh history (syncCommand)
        if (replicas.isEmpty() && backlog == null && masterHost == null) {
            changeReplicationId();
            clearReplicationId2();
            createBacklog();
        }
        createBacklog();
        Replica r = new Replica(c);
        r.oldProtocol = !psync;
        r.ackMillis = server.clock().millis();
        if (psync) c.addRawForced(("+FULLRESYNC " + replid + " " + masterReplOffset + "\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] rdb;
        try {
            rdb = rdbForReplication();
        } catch (IOException e) {
            server.log("warning", "Can't produce the RDB for replica " + c.id + ": " + e.getMessage());
            server.closeClient(c);
            return;
        }
        c.addRawForced(("$" + rdb.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        c.addRawForced(rdb);
        server.queueWrite(c);
        attach(r);
        // the stream after the snapshot starts with a SELECT (the RDB says nothing of the client's db)
        replicaSelectedDb = -1;
        server.log("notice", "Replica " + c.connection().remoteAddress() + " asks for synchronization");
        server.log("notice", "Synchronization with replica " + c.connection().remoteAddress() + " succeeded (in-memory RDB, "
                + rdb.length + " bytes)");
    }

    private void attach(Replica r) {
        applyPending(r);
        r.client.markReplica();
        replicas.put(r.client.id, r);
        listener.get().replicaAttached(r.client.id, r.client.connection().remoteAddress());
    }

    /** masterTryPartialResynchronization. */
    private boolean tryPartialResync(Client c, String psyncReplid, long psyncOffset) {
        boolean sameHistory = psyncReplid.equalsIgnoreCase(replid)
                || (psyncReplid.equalsIgnoreCase(replid2) && psyncOffset <= secondReplidOffset);
        if (!sameHistory || backlog == null || !backlog.canServe(psyncOffset)) {
            if (!"?".equals(psyncReplid)) {
                server.log("notice", "Partial resynchronization not accepted: " + (sameHistory
                        ? "offset " + psyncOffset + " outside the backlog" : "Replication ID mismatch (Replica asked for '"
                        + psyncReplid + "', my replication IDs are '" + replid + "' and '" + replid2 + "')"));
            }
            return false;
        }
        Replica r = new Replica(c);
        r.ackMillis = server.clock().millis();
        c.addRawForced(("+CONTINUE " + replid + "\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] missing = backlog.copyFrom(psyncOffset);
        c.addRawForced(missing);
        server.queueWrite(c);
        attach(r);
        server.stats().syncPartialOk++;
        server.log("notice", "Partial resynchronization request from " + c.connection().remoteAddress()
                + " accepted. Sending " + missing.length + " bytes of backlog starting from offset " + psyncOffset + ".");
        return true;
    }

    /** The dataset as an RDB, in memory, for a full resync. */
    private byte[] rdbForReplication() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
        RdbFile.SaveOptions opts = this.rdb.saveOptions();
        RioOutput rio = new RioOutput(out, opts.checksum());
        RdbWriter w = new RdbWriter(rio, opts.compression());
        RdbFile.saveRio(w, server.keyspace(), false, server.clock().millis());
        rio.flush();
        return out.toByteArray();
    }

    /** REPLCONF listening-port / ip-address / capa / ack from a replica (or one about to be). */
    public void replconfAck(Client c, long offset) {
        Replica r = replicas.get(c.id);
        if (r == null) return;
        if (offset > r.ackOffset) r.ackOffset = offset;
        r.ackMillis = server.clock().millis();
        listener.get().replicaAck(c.id, r.ackOffset, masterReplOffset);
        if (!waiters.isEmpty()) processWaiters();
    }

    /** Remembered from REPLCONF listening-port before PSYNC: the replica's port for INFO and ROLE. */
    private final Map<Long, Integer> pendingPorts = new LinkedHashMap<>();
    private final Map<Long, String> pendingIps = new LinkedHashMap<>();

    public void replconfListeningPort(Client c, int port) {
        Replica r = replicas.get(c.id);
        if (r != null) r.listeningPort = port;
        else pendingPorts.put(c.id, port);
    }

    public void replconfIpAddress(Client c, String ip) {
        Replica r = replicas.get(c.id);
        if (r != null) r.announcedIp = ip;
        else pendingIps.put(c.id, ip);
    }

    /** A client closed: a replica leaves, a WAIT is dropped, the master link is lost. */
    public void clientClosed(Client c) {
        pendingPorts.remove(c.id);
        pendingIps.remove(c.id);
        Replica r = replicas.remove(c.id);
        if (r != null) {
            server.log("notice", "Connection with replica " + c.connection().remoteAddress() + " lost.");
            listener.get().replicaDetached(c.id);
        }
        waiters.removeIf(w -> w.client == c);
        if (c == masterClient) {
            cachedDb = c.db().id;
            masterClient = null;
            handleMasterDisconnection("connection lost");
        }
    }

    /** Port and IP given before the PSYNC that made the client a replica. */
    private void applyPending(Replica r) {
        Integer p = pendingPorts.remove(r.client.id);
        if (p != null) r.listeningPort = p;
        String ip = pendingIps.remove(r.client.id);
        if (ip != null) r.announcedIp = ip;
    }

    // ================================================================ WAIT

    /** WAIT numreplicas timeout (waitCommand): the count at once if enough replicas acked, else block. */
    public void waitCommand(Client c, long numReplicas, long timeoutMillis) {
        long offset = c.lastWriteOffset();
        long acked = replicasWithAckAtLeast(offset);
        if (acked >= numReplicas) {
            c.addLong(acked);
            return;
        }
        long deadline = timeoutMillis == 0 ? Long.MAX_VALUE : server.clock().millis() + timeoutMillis;
        waiters.add(new Waiter(c, numReplicas, offset, deadline));
        c.blockForReplication();
        getAckPending = true;
    }

    private long replicasWithAckAtLeast(long offset) {
        long n = 0;
        for (Replica r : replicas.values()) if (!r.oldProtocol && r.ackOffset >= offset) n++;
        return n;
    }

    /** processClientsWaitingReplicas plus the timeouts. */
    private void processWaiters() {
        long now = server.clock().millis();
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            long acked = replicasWithAckAtLeast(w.offset);
            if (acked >= w.numReplicas || now >= w.deadlineMillis) {
                it.remove();
                w.client.unblockForReplication(acked);
            }
        }
    }

    // ================================================================ the loop's two moments

    /** beforeSleep: ask replicas for acks if a WAIT needs them (REPLCONF GETACK * into the stream). */
    public void beforeSleep() {
        if (getAckPending && !replicas.isEmpty()) {
            feed(replicaSelectedDb < 0 ? 0 : replicaSelectedDb, List.of(bytes("REPLCONF"), bytes("GETACK"), bytes("*")));
        }
        getAckPending = false;
        if (!waiters.isEmpty()) processWaiters();
    }

    /** replicationCron, once a second. */
    public void cron() {
        cronLoops++;
        updateFailoverStatus();
        long now = server.clock().millis();
        // ---- replica side: connect, time out, ack
        if (masterHost != null) {
            long timeout = server.config().numeric("repl-timeout").get() * 1000;
            if (state == ReplState.CONNECT) connectToMaster();
            else if (state != ReplState.CONNECTED && state != ReplState.NONE && now - lastIoMillis > timeout) {
                server.log("warning", "Timeout connecting to the MASTER...");
                cancelHandshake();
            } else if (state == ReplState.CONNECTED && now - lastIoMillis > timeout) {
                server.log("warning", "MASTER timeout: no data nor PING received...");
                if (masterClient != null) server.closeClient(masterClient);
            }
            if (state == ReplState.CONNECTED && masterClient != null) sendAck();
        }
        // ---- master side: ping replicas, drop the silent ones
        long pingPeriod = Math.max(1, server.config().numeric("repl-ping-replica-period").get());
        // a PING would move the offset a failing-over master waits for its replica to reach
        boolean manualFailover = failoverEndMillis != 0 && failoverState != FailoverState.NO_FAILOVER;
        if (!replicas.isEmpty() && masterHost == null && cronLoops % pingPeriod == 0 && !manualFailover) {
            feed(replicaSelectedDb < 0 ? 0 : replicaSelectedDb, List.of(bytes("PING")));
        }
        long timeout = server.config().numeric("repl-timeout").get() * 1000;
        for (Replica r : new ArrayList<>(replicas.values())) {
            if (!r.oldProtocol && now - r.ackMillis > timeout) {
                server.log("warning", "Disconnecting timedout replica (streaming sync): " + r.client.connection().remoteAddress());
                server.closeClient(r.client);
            }
        }
        if (!waiters.isEmpty()) processWaiters();
    }

    /** min-replicas-to-write: replicas whose last ack is at most min-replicas-max-lag seconds old. */
    public long goodReplicas() {
        long maxLag = minReplicasMaxLag.get() * 1000;
        long now = server.clock().millis();
        long n = 0;
        for (Replica r : replicas.values()) if (now - r.ackMillis <= maxLag) n++;
        return n;
    }

    private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.US_ASCII); }

    // ================================================================ FAILOVER (coordinated, replication.c)

    /** {@code master_failover_state}: none, waiting for a replica to catch up, handing over. */
    public enum FailoverState {
        NO_FAILOVER("no-failover"), WAIT_FOR_SYNC("waiting-for-sync"), IN_PROGRESS("failover-in-progress");

        public final String infoName;

        FailoverState(String infoName) { this.infoName = infoName; }
    }

    private FailoverState failoverState = FailoverState.NO_FAILOVER;
    private long failoverEndMillis;
    private boolean forceFailover;
    private String failoverTargetHost;
    private int failoverTargetPort;

    public FailoverState failoverState() { return failoverState; }

    /**
     * FAILOVER [TO host port [FORCE]] [ABORT] [TIMEOUT ms] (failoverCommand): hand the master role
     * to a replica without losing a write. Writes are paused at once (CLIENT PAUSE WRITE), so the
     * stream stops growing; {@link #updateFailoverStatus} (once a second) waits until the target, or
     * any replica, has acknowledged the whole stream, then this node becomes a replica of it and
     * asks {@code PSYNC <replid> <offset+1> FAILOVER}: the target, whose history is ours, promotes
     * itself and answers +CONTINUE, and writes resume (on the new master). Replies +OK as soon as
     * the failover is under way; INFO's {@code master_failover_state} follows it.
     */
    public void failoverCommand(Client c) {
        if (c.argc() == 2 && c.argString(1).equalsIgnoreCase("abort")) {
            if (failoverState == FailoverState.NO_FAILOVER) { c.addError("No failover in progress."); return; }
            abortFailover("Failover manually aborted");
            c.addOk();
            return;
        }
        long timeoutMillis = 0;
        boolean force = false;
        String host = null;
        long port = 0;
        for (int j = 1; j < c.argc(); j++) {
            String a = c.argString(j);
            if (a.equalsIgnoreCase("timeout") && j + 1 < c.argc() && timeoutMillis == 0) {
                long[] v = new long[1];
                if (!io.glassbox.util.RedisNumbers.string2ll(c.arg(j + 1), v)) { c.addErrorNotInteger(); return; }
                if (v[0] <= 0) { c.addError("FAILOVER timeout must be greater than 0"); return; }
                timeoutMillis = v[0];
                j++;
            } else if (a.equalsIgnoreCase("to") && j + 2 < c.argc() && host == null) {
                long[] v = new long[1];
                if (!io.glassbox.util.RedisNumbers.string2ll(c.arg(j + 2), v)) { c.addErrorNotInteger(); return; }
                port = v[0];
                host = c.argString(j + 1);
                j += 2;
            } else if (a.equalsIgnoreCase("force") && !force) {
                force = true;
            } else {
                c.addErrorSyntax();
                return;
            }
        }
        if (failoverState != FailoverState.NO_FAILOVER) { c.addError("FAILOVER already in progress."); return; }
        if (masterHost != null) { c.addError("FAILOVER is not valid when server is a replica."); return; }
        if (replicas.isEmpty()) { c.addError("FAILOVER requires connected replicas."); return; }
        if (force && (timeoutMillis == 0 || host == null)) {
            c.addError("FAILOVER with force option requires both a timeout and target HOST and IP.");
            return;
        }
        if (host != null) {
            if (findReplica(host, port) == null) { c.addError("FAILOVER target HOST and PORT is not a replica."); return; }
            // every replica here is online: one still in its full sync is not in `replicas` yet
            failoverTargetHost = host;
            failoverTargetPort = (int) port;
            server.log("notice", "FAILOVER requested to " + host + ":" + port + ".");
        } else {
            server.log("notice", "FAILOVER requested to any replica.");
        }
        failoverEndMillis = timeoutMillis > 0 ? server.clock().millis() + timeoutMillis : 0;
        forceFailover = force;
        failoverState = FailoverState.WAIT_FOR_SYNC;
        server.pauseClients(Long.MAX_VALUE, true);
        c.addOk();
    }

    /** findReplica: the replica announcing {@code host} (or connected from it) with listening port {@code port}. */
    private Replica findReplica(String host, long port) {
        for (Replica r : replicas.values()) {
            String ip = r.announcedIp != null ? r.announcedIp : hostOf(r.client.connection().remoteAddress());
            if (host.equalsIgnoreCase(ip) && port == r.listeningPort) return r;
        }
        return null;
    }

    /**
     * updateFailoverStatus, from the cron: while waiting, give up at the timeout (or, with FORCE,
     * hand over anyway), else hand over as soon as the target (or, without TO, any replica) has
     * acknowledged {@code master_repl_offset}.
     */
    private void updateFailoverStatus() {
        if (failoverState != FailoverState.WAIT_FOR_SYNC) return;
        if (failoverEndMillis != 0 && failoverEndMillis <= server.clock().millis()) {
            if (forceFailover) {
                server.log("notice", "FAILOVER to " + failoverTargetHost + ":" + failoverTargetPort + " time out exceeded, failing over.");
                failoverState = FailoverState.IN_PROGRESS;
                setMaster(failoverTargetHost, failoverTargetPort);
            } else {
                abortFailover("Replica never caught up before timeout");
            }
            return;
        }
        Replica target = null;
        if (failoverTargetHost != null) {
            target = findReplica(failoverTargetHost, failoverTargetPort);
        } else {
            for (Replica r : replicas.values()) {
                if (r.ackOffset == masterReplOffset) {
                    target = r;
                    failoverTargetHost = r.announcedIp != null ? r.announcedIp : hostOf(r.client.connection().remoteAddress());
                    failoverTargetPort = r.listeningPort;
                    break;
                }
            }
        }
        if (target != null && target.ackOffset == masterReplOffset) {
            failoverState = FailoverState.IN_PROGRESS;
            server.log("notice", "Failover target " + failoverTargetHost + ":" + failoverTargetPort + " is synced, failing over.");
            setMaster(failoverTargetHost, failoverTargetPort);
        }
    }

    /** abortFailover: back to a master if we had already stepped down, writes resume. */
    private void abortFailover(String why) {
        if (failoverState == FailoverState.NO_FAILOVER) return;
        server.log("notice", "FAILOVER to " + (failoverTargetHost == null ? "any replica"
                : failoverTargetHost + ":" + failoverTargetPort) + " aborted: " + why);
        if (failoverState == FailoverState.IN_PROGRESS) unsetMaster();
        clearFailoverState();
    }

    private void clearFailoverState() {
        failoverEndMillis = 0;
        forceFailover = false;
        failoverTargetHost = null;
        failoverTargetPort = 0;
        failoverState = FailoverState.NO_FAILOVER;
        server.unpauseClients();
    }

    /**
     * The target's half of a failover, {@code PSYNC <replid> <offset> FAILOVER} (syncCommand): a
     * replica whose master asks it to take over, naming our shared history, becomes a master
     * (REPLICAOF NO ONE: the old ID becomes replid2), so the PSYNC that follows continues. False,
     * with the error replied, if it may not.
     */
    public boolean psyncFailover(Client c, String psyncReplid) {
        server.log("warning", "Failover request received for replid " + psyncReplid + ".");
        if (masterHost == null) { c.addError("PSYNC FAILOVER can't be sent to a master."); return false; }
        if (!psyncReplid.equalsIgnoreCase(replid)) { c.addError("PSYNC FAILOVER replid must match my replid."); return false; }
        unsetMaster();
        server.log("notice", "MASTER MODE enabled (failover request from '" + c.connection().remoteAddress() + "')");
        return true;
    }

    // ================================================================ replica side

    /** REPLICAOF host port (replicationSetMaster). */
    public void setMaster(String host, int port) {
        boolean wasMaster = masterHost == null;
        if (masterClient != null) {
            Client m = masterClient;
            masterClient = null;
            server.closeClient(m);
        }
        cancelHandshake();
        masterHost = host;
        masterPort = port;
        server.keyspace().setReplica(true);
        // our own history is what we can offer the new master for a PSYNC (replicationCacheMasterUsingMyself)
        if (wasMaster) {
            cachedReplid = replid;
            cachedOffset = masterReplOffset;
            cachedDb = replicaSelectedDb < 0 ? 0 : replicaSelectedDb;
        }
        // disconnectAllBlockedClients: a replica must not serve what was waiting for a write
        for (Client b : new ArrayList<>(server.clients())) {
            if (b.bstate == null) continue;
            server.blocking().unblock(b);
            b.addError("-UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)");
        }
        setState(ReplState.CONNECT);
        linkDownSinceMillis = 0;
        server.log("notice", "Connecting to MASTER " + host + ":" + port);
        connectToMaster();
    }

    /** REPLICAOF NO ONE (replicationUnsetMaster): become a master, keeping the data and the history. */
    public void unsetMaster() {
        if (masterHost == null) return;
        String was = masterHost + ":" + masterPort;
        masterHost = null;
        if (masterClient != null) {
            Client m = masterClient;
            masterClient = null;
            server.closeClient(m);
        }
        cancelHandshake();
        // PSYNC2: our replicas may continue with the old ID up to here
        shiftReplicationId();
        cachedReplid = null;
        cachedOffset = -1;
        server.keyspace().setReplica(false);
        replicaSelectedDb = -1;
        setState(ReplState.NONE);
        server.log("notice", "MASTER MODE enabled (user request from '" + was + "')");
        // disconnect our replicas so they learn the new ID quickly (they will PSYNC and continue)
        for (Replica r : new ArrayList<>(replicas.values())) server.closeClient(r.client);
    }

    private void setState(ReplState s) {
        if (s == state) return;
        ReplState from = state;
        state = s;
        listener.get().replicaStateChanged(from.name().toLowerCase(), s.name().toLowerCase());
    }

    private void connectToMaster() {
        if (connector == null) {
            lastHandshakeError = "no network connector";
            return;
        }
        setState(ReplState.CONNECTING);
        lastIoMillis = server.clock().millis();
        inbox.reset();
        String host = masterHost;
        int port = masterPort;
        // callbacks of an abandoned attempt (REPLICAOF elsewhere, a timeout) are ignored
        int attempt = ++connectAttempts;
        connector.connect(host, port, new MasterConnector.Events() {
            @Override
            public void connected(MasterConnector.Link l) {
                if (attempt != connectAttempts || state != ReplState.CONNECTING) {
                    l.close();
                    return;
                }
                link = l;
                server.log("notice", "MASTER <-> REPLICA sync started");
                lastIoMillis = server.clock().millis();
                send("PING");
                setState(ReplState.RECEIVE_PING_REPLY);
            }

            @Override
            public void bytes(byte[] b, int off, int len) {
                if (attempt != connectAttempts || link == null) return;
                lastIoMillis = server.clock().millis();
                onMasterBytes(b, off, len);
            }

            @Override
            public void closed(String why) {
                if (attempt != connectAttempts) return;
                if (link == null && state == ReplState.CONNECTING) {
                    server.log("warning", "Error condition on socket for SYNC: " + why);
                    setState(ReplState.CONNECT); // the cron retries once a second
                    if (linkDownSinceMillis == 0) linkDownSinceMillis = server.clock().millis();
                    return;
                }
                if (masterClient != null) server.freeClient(masterClient); // -> clientClosed -> handleMasterDisconnection
                else cancelHandshake();
            }
        });
    }

    private void send(String... args) {
        List<byte[]> argv = new ArrayList<>();
        for (String a : args) argv.add(bytes(a));
        link.write(encode(argv));
    }

    /** The handshake failed or the link closed before it was done: retry from CONNECT. */
    private void cancelHandshake() {
        if (link != null) {
            MasterConnector.Link l = link;
            link = null;
            l.close();
        }
        transfer = null;
        inbox.reset();
        if (masterHost != null && state != ReplState.CONNECTED) {
            setState(ReplState.CONNECT);
            if (linkDownSinceMillis == 0) linkDownSinceMillis = server.clock().millis();
        }
    }

    /** The master client went away (replicationHandleMasterDisconnection): cache its state for PSYNC. */
    private void handleMasterDisconnection(String why) {
        if (link != null) {
            MasterConnector.Link l = link;
            link = null;
            l.close();
        }
        if (masterHost == null) return;
        cachedReplid = replid;
        cachedOffset = masterReplOffset;
        linkDownSinceMillis = server.clock().millis();
        setState(ReplState.CONNECT);
        server.log("notice", "Connection with master lost (" + why + "); will try a partial resync from offset "
                + (cachedOffset + 1));
    }

    private void onMasterBytes(byte[] b, int off, int len) {
        if (state == ReplState.CONNECTED && masterClient != null) {
            server.feedClientInput(masterClient, b, off, len);
            return;
        }
        inbox.write(b, off, len);
        while (link != null && state != ReplState.CONNECTED) {
            if (state == ReplState.TRANSFER) {
                if (!readTransfer()) return;
                continue;
            }
            String line = takeLine();
            if (line == null) return;
            handshakeReply(line);
        }
        // bytes after the RDB (or after +CONTINUE) are the stream
        if (state == ReplState.CONNECTED && masterClient != null && inbox.size() > 0) {
            byte[] rest = inbox.toByteArray();
            inbox.reset();
            server.feedClientInput(masterClient, rest, 0, rest.length);
        }
    }

    /** One CRLF- (or LF-) terminated line from the inbox, or null if none is complete. */
    private String takeLine() {
        byte[] all = inbox.toByteArray();
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\n') {
                int end = i > 0 && all[i - 1] == '\r' ? i - 1 : i;
                String line = new String(all, 0, end, StandardCharsets.UTF_8);
                inbox.reset();
                inbox.write(all, i + 1, all.length - i - 1);
                return line;
            }
        }
        return null;
    }

    private void handshakeReply(String line) {
        switch (state) {
            case RECEIVE_PING_REPLY -> {
                // -NOAUTH / -NOPERM / -ERR operation not permitted are fine: AUTH comes next
                if (line.startsWith("-") && !line.startsWith("-NOAUTH") && !line.startsWith("-NOPERM")
                        && !line.startsWith("-ERR operation not permitted")) {
                    handshakeError("Error reply to PING from master: '" + line + "'");
                    return;
                }
                server.log("notice", "Master replied to PING, replication can continue...");
                String masterauth = server.config().string("masterauth").get();
                if (masterauth != null && !masterauth.isEmpty()) {
                    String user = server.config().string("masteruser").get();
                    if (user != null && !user.isEmpty()) send("AUTH", user, masterauth);
                    else send("AUTH", masterauth);
                    setState(ReplState.RECEIVE_AUTH_REPLY);
                } else {
                    sendPort();
                }
            }
            case RECEIVE_AUTH_REPLY -> {
                if (line.startsWith("-")) { handshakeError("Unable to AUTH to MASTER: " + line); return; }
                sendPort();
            }
            case RECEIVE_PORT_REPLY -> {
                if (line.startsWith("-")) server.log("notice", "(Non critical) Master does not understand REPLCONF listening-port: " + line);
                // replica-announce-ip: the address the master should list (NAT, port forwarding); none, no REPLCONF
                String announceIp = server.config().string("replica-announce-ip").get();
                if (announceIp != null && !announceIp.isEmpty()) {
                    send("REPLCONF", "ip-address", announceIp);
                    setState(ReplState.RECEIVE_IP_REPLY);
                } else {
                    sendCapa();
                }
            }
            case RECEIVE_IP_REPLY -> {
                if (line.startsWith("-")) server.log("notice", "(Non critical) Master does not understand REPLCONF ip-address: " + line);
                sendCapa();
            }
            case RECEIVE_CAPA_REPLY -> {
                if (line.startsWith("-")) server.log("notice", "(Non critical) Master does not understand REPLCONF capa: " + line);
                if (cachedReplid != null && cachedOffset >= 0) {
                    server.log("notice", "Trying a partial resynchronization (request " + cachedReplid + ":" + (cachedOffset + 1) + ").");
                    // a master handing over asks its target to take the role (PSYNC ... FAILOVER)
                    if (failoverState == FailoverState.IN_PROGRESS) send("PSYNC", cachedReplid, Long.toString(cachedOffset + 1), "FAILOVER");
                    else send("PSYNC", cachedReplid, Long.toString(cachedOffset + 1));
                } else {
                    server.log("notice", "Partial resynchronization not possible (no cached master)");
                    send("PSYNC", "?", "-1");
                }
                setState(ReplState.RECEIVE_PSYNC_REPLY);
            }
            case RECEIVE_PSYNC_REPLY -> psyncReply(line);
            default -> { }
        }
    }

    /** REPLCONF listening-port: replica-announce-port if set, else the port we listen on. */
    private void sendPort() {
        long announced = server.config().numeric("replica-announce-port").get();
        send("REPLCONF", "listening-port", Long.toString(announced != 0 ? announced : server.settings().port));
        setState(ReplState.RECEIVE_PORT_REPLY);
    }

    private void sendCapa() {
        send("REPLCONF", "capa", "eof", "capa", "psync2");
        setState(ReplState.RECEIVE_CAPA_REPLY);
    }

    private void handshakeError(String msg) {
        lastHandshakeError = msg;
        server.log("warning", msg);
        cancelHandshake();
    }

    /** slaveTryPartialResynchronization, the reading half. */
    private void psyncReply(String line) {
        if (line.isEmpty()) return; // a newline keepalive while the master prepares
        if (failoverState == FailoverState.IN_PROGRESS) {
            // the target took over (a full resync is unexpected but no failure); else step back up
            if (line.startsWith("+FULLRESYNC") || line.startsWith("+CONTINUE")) {
                clearFailoverState();
            } else {
                abortFailover("Failover target rejected psync request");
                return;
            }
        }
        if (line.startsWith("+FULLRESYNC")) {
            String[] parts = line.split(" ");
            if (parts.length >= 3) {
                masterReplidFromPsync = parts[1];
                masterInitialOffset = Long.parseLong(parts[2]);
            } else {
                masterReplidFromPsync = ZERO_ID;
                masterInitialOffset = -1;
            }
            server.log("notice", "Full resync from master: " + masterReplidFromPsync + ":" + masterInitialOffset);
            // our history is gone: our replicas must resync with us too (replicationAttachToNewMaster)
            cachedReplid = null;
            cachedOffset = -1;
            for (Replica r : new ArrayList<>(replicas.values())) server.closeClient(r.client);
            backlog = null;
            transfer = new ByteArrayOutputStream();
            transferSize = -1;
            transferEofMark = null;
            syncStartMillis = server.clock().millis();
            setState(ReplState.TRANSFER);
        } else if (line.startsWith("+CONTINUE")) {
            String newId = line.length() > "+CONTINUE ".length() ? line.substring("+CONTINUE ".length()).trim() : "";
            server.log("notice", "Successful partial resynchronization with master.");
            if (!newId.isEmpty() && !newId.equals(cachedReplid)) {
                // the master's history changed name (it was promoted): keep the old one as our replid2
                replid2 = cachedReplid;
                secondReplidOffset = masterReplOffset + 1;
                replid = newId;
                for (Replica r : new ArrayList<>(replicas.values())) server.closeClient(r.client);
            } else if (!newId.isEmpty()) {
                replid = newId;
            }
            createBacklog();
            becomeConnected(masterReplOffset);
        } else if (line.startsWith("-NOMASTERLINK") || line.startsWith("-LOADING")) {
            server.log("notice", "Master is currently unable to PSYNC but should be in the future: " + line);
            cancelHandshake();
        } else {
            handshakeError("Unexpected reply to PSYNC from master: " + line);
        }
    }

    /** Reads the RDB: "$len\r\n" + bytes, or "$EOF:<40 bytes>\r\n" + bytes + the 40 bytes. */
    private boolean readTransfer() {
        if (transferSize < 0 && transferEofMark == null) {
            String line = takeLine();
            if (line == null) return false;
            if (line.isEmpty()) return true; // keepalive newline
            if (!line.startsWith("$")) {
                handshakeError("Bad protocol from MASTER, the first byte is not '$' (we received '" + line + "'), are you sure the host and port are right?");
                return false;
            }
            if (line.startsWith("$EOF:")) {
                transferEofMark = line.substring(5).getBytes(StandardCharsets.US_ASCII);
                server.log("notice", "MASTER <-> REPLICA sync: receiving streamed RDB from master with EOF to disk");
            } else {
                transferSize = Long.parseLong(line.substring(1));
                server.log("notice", "MASTER <-> REPLICA sync: receiving " + transferSize + " bytes from master to disk");
            }
        }
        byte[] all = inbox.toByteArray();
        inbox.reset();
        if (transferEofMark == null) {
            long need = transferSize - transfer.size();
            int take = (int) Math.min(need, all.length);
            transfer.write(all, 0, take);
            inbox.write(all, take, all.length - take);
            if (transfer.size() < transferSize) return false;
            loadTransfer(transfer.toByteArray(), (int) transferSize);
        } else {
            // the mark ends the RDB; stream bytes may follow it in the same read
            int searchFrom = Math.max(0, transfer.size() - transferEofMark.length);
            transfer.write(all, 0, all.length);
            byte[] got = transfer.toByteArray();
            int m = transferEofMark.length;
            int at = -1;
            for (int i = searchFrom; i + m <= got.length && at < 0; i++) {
                if (java.util.Arrays.equals(got, i, i + m, transferEofMark, 0, m)) at = i;
            }
            if (at < 0) return false;
            inbox.write(got, at + m, got.length - at - m);
            loadTransfer(got, at);
        }
        return true;
    }

    /**
     * readSyncBulkPayload's second half: the whole RDB has arrived (Glassbox buffers it in memory
     * whatever the mode); {@code repl-diskless-load} says what happens to it and to the old data.
     * {@code disabled} (the default): it is first written to this node's own RDB file (a temp file
     * renamed to {@code dbfilename}, as Redis does), then the old data is flushed and it is loaded:
     * a file that fails to load leaves the replica empty. {@code on-empty-db}: the same unless the
     * dataset is empty, then straight from memory. {@code swapdb}: loaded into a keyspace off to the
     * side while the old data stays; only a complete load replaces it, a failed one keeps it.
     */
    private void loadTransfer(byte[] rdb, int len) {
        String mode = server.config().value("repl-diskless-load");
        boolean diskless = "swapdb".equals(mode) || ("on-empty-db".equals(mode) && server.keyspace().totalKeys() == 0);
        if (!diskless) {
            try {
                saveTransferToDisk(rdb, len);
            } catch (IOException e) {
                handshakeError("Failed trying to rename the temp DB into " + server.config().value("dbfilename")
                        + " in MASTER <-> REPLICA synchronization: " + e.getMessage());
                return;
            }
        }
        io.glassbox.db.Keyspace target = server.keyspace();
        if ("swapdb".equals(mode)) {
            target = new io.glassbox.db.Keyspace(server.keyspace().databases(), server.keyspace().clock());
        } else {
            server.log("notice", "MASTER <-> REPLICA sync: Flushing old data");
            server.keyspace().emptyData(-1);
        }
        server.propagation().setLoading(true);
        try {
            server.log("notice", "MASTER <-> REPLICA sync: Loading DB in memory");
            RdbFile.loadRio(new RioInput(rdb, len), target, this.rdb.loadOptions(false));
        } catch (IOException | io.glassbox.persistence.rdb.RdbLoadException e) {
            server.propagation().setLoading(false);
            if (target != server.keyspace()) {
                server.log("warning", "MASTER <-> REPLICA sync: Discarding the half-loaded data, the old dataset stays");
            }
            handshakeError("Failed trying to load the MASTER synchronization DB from " + (diskless ? "socket: " : "disk: ")
                    + e.getMessage());
            return;
        } finally {
            server.propagation().setLoading(false);
        }
        if (target != server.keyspace()) {
            server.log("notice", "MASTER <-> REPLICA sync: Swapping the loaded data in for the old");
            server.keyspace().swapAllWith(target);
        }
        transfer = null;
        replid = masterReplidFromPsync;
        masterReplOffset = masterInitialOffset;
        clearReplicationId2();
        backlog = null;
        createBacklog();
        server.log("notice", "MASTER <-> REPLICA sync: Finished with success");
        becomeConnected(masterInitialOffset);
        // the AOF must start again from this dataset (restartAOFAfterSYNC)
        if (this.aof.state() != io.glassbox.persistence.aof.AppendOnlyFile.State.OFF) this.aof.rewriteBackground();
    }

    /** repl-diskless-load disabled: the transfer becomes this node's RDB file (temp file, fsync, rename). */
    private void saveTransferToDisk(byte[] rdb, int len) throws IOException {
        java.nio.file.Path dir = java.nio.file.Path.of(server.settings().dir);
        java.nio.file.Path tmp = dir.resolve("temp-" + ProcessHandle.current().pid() + "." + server.clock().millis() + ".rdb");
        server.log("notice", "MASTER <-> REPLICA sync: receiving " + len + " bytes from master to disk");
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(rdb, 0, len);
            while (buf.hasRemaining()) ch.write(buf);
            ch.force(true);
        }
        java.nio.file.Files.move(tmp, dir.resolve(server.config().value("dbfilename")),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** replicationCreateMasterClient: the link becomes a client whose commands we apply. */
    private void becomeConnected(long offset) {
        masterReplOffset = offset;
        MasterConnector.Link l = link;
        masterClient = server.createClient(new io.glassbox.server.Connection() {
            public void write(byte[] b, int off, int n) { l.write(java.util.Arrays.copyOfRange(b, off, off + n)); }
            public void close() { l.close(); }
            public String remoteAddress() { return masterHost + ":" + masterPort; }
            public String localAddress() { return l.localAddress(); }
            public boolean isLoopback() { return true; }
        });
        masterClient.markMaster();
        // a partial resync continues the stream in the db it had selected (the cached master's)
        if (cachedReplid != null) masterClient.selectDb(cachedDb);
        cachedReplid = null;
        cachedOffset = -1;
        linkDownSinceMillis = 0;
        replicaSelectedDb = -1;
        setState(ReplState.CONNECTED);
        server.log("notice", "MASTER <-> REPLICA sync: Master accepted a Partial Resynchronization or finished a full sync.");
        sendAck();
    }

    /**
     * The master client applied one command of {@code consumed} bytes (commandProcessed):
     * our offset moves by those bytes, and the same bytes go to our backlog and replicas.
     */
    public void masterCommandApplied(byte[] raw, long consumed) {
        createBacklog();
        backlog.append(raw, 0, raw.length);
        masterReplOffset += consumed;
        for (Replica r : replicas.values()) {
            r.client.addRawForced(raw);
            server.queueWrite(r.client);
        }
        listener.get().streamFed(masterReplOffset, consumed, backlog);
    }

    /** REPLCONF ACK offset to the master (replicationSendAck); also the answer to GETACK. */
    public void sendAck() {
        if (link == null || masterClient == null) return;
        send("REPLCONF", "ACK", Long.toString(masterReplOffset));
    }

    // ================================================================ INFO and ROLE

    /** The "# Replication" section (genRedisInfoString). */
    public void info(StringBuilder sb) {
        long now = server.clock().millis();
        sb.append("# Replication\r\n");
        field(sb, "role", masterHost == null ? "master" : "slave");
        if (masterHost != null) {
            field(sb, "master_host", masterHost);
            field(sb, "master_port", masterPort);
            field(sb, "master_link_status", state == ReplState.CONNECTED ? "up" : "down");
            field(sb, "master_last_io_seconds_ago", masterClient != null ? (now - lastIoMillis) / 1000 : -1);
            field(sb, "master_sync_in_progress", state == ReplState.TRANSFER ? 1 : 0);
            field(sb, "slave_read_repl_offset", replicaOffset());
            field(sb, "slave_repl_offset", replicaOffset());
            if (state == ReplState.TRANSFER) {
                long read = transfer == null ? 0 : transfer.size();
                field(sb, "master_sync_total_bytes", transferSize);
                field(sb, "master_sync_read_bytes", read);
                field(sb, "master_sync_left_bytes", transferSize < 0 ? -1 : transferSize - read);
                field(sb, "master_sync_perc", String.format(java.util.Locale.ROOT, "%.2f",
                        transferSize <= 0 ? 0.0 : read * 100.0 / transferSize));
                field(sb, "master_sync_last_io_seconds_ago", (now - lastIoMillis) / 1000);
            }
            if (state != ReplState.CONNECTED) {
                field(sb, "master_link_down_since_seconds", linkDownSinceMillis == 0 ? -1 : (now - linkDownSinceMillis) / 1000);
            }
            field(sb, "slave_priority", server.config().numeric("replica-priority").get());
            field(sb, "slave_read_only", server.config().bool("replica-read-only").get() ? 1 : 0);
            field(sb, "replica_announced", server.config().bool("replica-announced").get() ? 1 : 0);
        }
        field(sb, "connected_slaves", replicas.size());
        long minToWrite = server.config().numeric("min-replicas-to-write").get();
        if (minToWrite > 0 && server.config().numeric("min-replicas-max-lag").get() > 0) {
            field(sb, "min_slaves_good_slaves", goodReplicas());
        }
        int i = 0;
        for (Replica r : replicas.values()) {
            String ip = r.announcedIp != null ? r.announcedIp : hostOf(r.client.connection().remoteAddress());
            sb.append("slave").append(i++).append(":ip=").append(ip).append(",port=").append(r.listeningPort)
              .append(",state=online,offset=").append(r.ackOffset).append(",lag=").append((now - r.ackMillis) / 1000).append("\r\n");
        }
        field(sb, "master_failover_state", failoverState.infoName);
        field(sb, "master_replid", replid);
        field(sb, "master_replid2", replid2);
        field(sb, "master_repl_offset", masterReplOffset);
        field(sb, "second_repl_offset", secondReplidOffset);
        field(sb, "repl_backlog_active", backlog != null ? 1 : 0);
        field(sb, "repl_backlog_size", backlog != null ? backlog.size() : server.config().numeric("repl-backlog-size").get());
        field(sb, "repl_backlog_first_byte_offset", backlog != null ? backlog.firstByteOffset() : 0);
        field(sb, "repl_backlog_histlen", backlog != null ? backlog.histlen() : 0);
    }

    static String hostOf(String address) {
        int colon = address.lastIndexOf(':');
        return colon < 0 ? address : address.substring(0, colon);
    }

    private static void field(StringBuilder sb, String name, Object value) {
        sb.append(name).append(':').append(value).append("\r\n");
    }

    /** ROLE (roleCommand). */
    public void role(Client c) {
        if (masterHost == null) {
            c.addArrayLen(3);
            c.addBulk("master");
            c.addLong(masterReplOffset);
            c.addArrayLen(replicas.size());
            for (Replica r : replicas.values()) {
                String ip = r.announcedIp != null ? r.announcedIp : hostOf(r.client.connection().remoteAddress());
                c.addArrayLen(3);
                c.addBulk(ip);
                c.addBulk(Integer.toString(r.listeningPort));
                c.addBulk(Long.toString(r.ackOffset));
            }
        } else {
            c.addArrayLen(5);
            c.addBulk("slave");
            c.addBulk(masterHost);
            c.addLong(masterPort);
            c.addBulk(switch (state) {
                case CONNECT -> "connect";
                case CONNECTING -> "connecting";
                case TRANSFER -> "sync";
                case CONNECTED -> "connected";
                case NONE -> "none";
                default -> "handshake";
            });
            c.addLong(masterClient != null ? masterReplOffset : -1);
        }
    }

    // ================================================================ snapshot for the views

    /** One replica as its master sees it; {@code lagBytes} is how much of the stream it has not acknowledged. */
    public record ReplicaView(long clientId, String address, int listeningPort, long ackOffset, long lagBytes,
                              long lagSeconds) {}

    /** The backlog ring: {@code size} bytes, written up to {@code writeIndex}, holding {@code [firstByteOffset, offset]}. */
    public record BacklogView(int size, int writeIndex, long histlen, long firstByteOffset, long offset) {}

    /**
     * A copy of the replication state, taken on the command thread, for the REPL's {@code :repl}
     * and the visualizer: this node's role and offsets, its replicas, and the backlog ring (null
     * while no backlog exists). {@code masterHost} is null on a master.
     */
    public record Snapshot(String role, String masterHost, int masterPort, String state, String replid, String replid2,
                           long masterReplOffset, long secondReplOffset, List<ReplicaView> replicas, BacklogView backlog,
                           long syncFull, long syncPartialOk, long syncPartialErr) {}

    public Snapshot snapshot() {
        long now = server.clock().millis();
        List<ReplicaView> rs = new ArrayList<>();
        for (Replica r : replicas.values()) {
            rs.add(new ReplicaView(r.client.id, r.client.connection().remoteAddress(), r.listeningPort, r.ackOffset,
                    Math.max(0, masterReplOffset - r.ackOffset), (now - r.ackMillis) / 1000));
        }
        BacklogView b = backlog == null ? null
                : new BacklogView(backlog.size(), backlog.writeIndex(), backlog.histlen(), backlog.firstByteOffset(), backlog.offset());
        return new Snapshot(masterHost == null ? "master" : "slave", masterHost, masterPort, state.name().toLowerCase(),
                replid, replid2, masterHost == null ? masterReplOffset : replicaOffset(), secondReplidOffset, rs, b,
                server.stats().syncFull, server.stats().syncPartialOk, server.stats().syncPartialErr);
    }

    /** The last handshake error, for the REPL and tests. */
    public String lastHandshakeError() { return lastHandshakeError; }
}
