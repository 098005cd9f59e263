package io.glassbox.replication;

import io.glassbox.config.ConfigRegistry;
import io.glassbox.db.Keyspace;
import io.glassbox.persistence.aof.AppendOnlyFile;
import io.glassbox.persistence.rdb.RdbFile;
import io.glassbox.persistence.rdb.RdbPersistence;
import io.glassbox.server.Client;
import io.glassbox.server.Connection;
import io.glassbox.server.Propagation;
import io.glassbox.server.ReplicationRole;
import io.glassbox.server.ServerStats;

import java.util.List;
import java.util.Map;

/**
 * Master-replica replication (Redis's {@code replication.c}): the face the engine, the commands,
 * the hooks and the server core see. One node plays one role at a time, but both roles share one
 * history, so the work is split by role, as a reader of {@code replication.c} would split it:
 * <ul>
 *   <li>{@link ReplicationIds}: the replication ID, the secondary ID of PSYNC2, the offset and the
 *       backlog, which both roles read and move;</li>
 *   <li>{@link MasterSide}: feeding the stream to the replicas, SYNC/PSYNC (full or partial
 *       resync), REPLCONF, WAIT; {@link Failover}: FAILOVER and its state machine;</li>
 *   <li>{@link ReplicaLink}: a replica's link to its master (REPLICAOF, the handshake state
 *       machine, the cached master, acks) and {@link ReplicaTransfer}: reading and loading the RDB
 *       of a full resync;</li>
 *   <li>{@link ReplicationReport}: INFO's replication section, ROLE and the {@link Snapshot} the
 *       views read.</li>
 * </ul>
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
public final class Replication implements Propagation.Target, ReplicationRole {

    /**
     * What replication needs from the server core, and nothing more (the package never sees
     * {@code Server}). {@code Engine} implements it over its server.
     */
    public interface Host {
        /** The settings; read once, at construction, for the holders CONFIG SET updates in place. */
        ConfigRegistry config();

        /** The command clock ({@code server.mstime}): ack times, timeouts, WAIT and FAILOVER deadlines. */
        long nowMillis();

        /** serverLog: {@code level} is "debug", "verbose", "notice" or "warning". */
        void log(String level, String msg);

        /** The dataset: saved for a full resync; on a replica marked as such, flushed, loaded, swapped. */
        Keyspace keyspace();

        /** The counters INFO stats shows; replication counts {@code sync_full}, {@code sync_partial_ok/err}. */
        ServerStats stats();

        /** The {@code dir} of the data files: a disk-loaded transfer becomes {@code dir/dbfilename}. */
        String dir();

        /** The port this server listens on: a replica's REPLCONF listening-port unless replica-announce-port is set. */
        int port();

        /** Makes {@code t} receive the propagated writes (from the first backlog on; adding twice is a no-op). */
        void addPropagationTarget(Propagation.Target t);

        /** A replica loads its master's RDB: while true, nothing the load does is propagated. */
        void setLoading(boolean loading);

        /** putClientInPendingWriteQueue: write {@code c}'s pending output before the loop sleeps. */
        void queueWrite(Client c);

        /** createClient: the link to the master becomes a client whose commands run (replicationCreateMasterClient). */
        Client createClient(Connection conn);

        /** readQueryFromClient's share: bytes from the master are parsed and run as the master client's commands. */
        void feedClientInput(Client c, byte[] b, int off, int len);

        /** freeClient: forget a client whose connection is already gone (calls back {@link #clientClosed}). */
        void freeClient(Client c);

        /** freeClient and close its connection: a silent replica, the master link given up. */
        void closeClient(Client c);

        /** pauseClients: FAILOVER stops the writes (and so the stream) until {@code endMillis}. */
        void pauseClients(long endMillis, boolean writesOnly);

        /** unpauseClients: FAILOVER is over, the held clients run. */
        void unpauseClients();

        /**
         * disconnectAllBlockedClients: a node that becomes a replica answers every client blocked
         * on a key with -UNBLOCKED (it must not serve what was waiting for a write).
         */
        void disconnectAllBlockedClients();

        /** This server became a replica, or a master again (replicationSetMaster/UnsetMaster's setOOMScoreAdj). */
        default void roleChanged() {}
    }

    final Host host;
    final ReplicationSettings settings;
    final ReplicationListener.Holder listener = new ReplicationListener.Holder();
    final RdbPersistence rdb;
    final AppendOnlyFile aof;
    final ReplicationIds ids;
    final MasterSide master;
    final Failover failover;
    final ReplicaLink link;
    final ReplicationReport report;

    /** The replication of the server behind {@code host}, which sends and receives RDB files through {@code rdb} and rewrites {@code aof} after a full sync. */
    public Replication(Host host, RdbPersistence rdb, AppendOnlyFile aof) {
        this.host = host;
        this.rdb = rdb;
        this.aof = aof;
        this.settings = new ReplicationSettings(host.config());
        this.ids = new ReplicationIds(host, settings, listener, this);
        this.master = new MasterSide(this);
        this.failover = new Failover(this);
        this.link = new ReplicaLink(this);
        this.report = new ReplicationReport(this);
        rdb.setSaveInfo(this::rdbSaveInfo);
        host.config().onChange("repl-backlog-size", ids::backlogSizeChanged);
    }

    public void setConnector(MasterConnector connector) { link.setConnector(connector); }

    public ReplicationListener.Holder listeners() { return listener; }

    // ================================================================ start-up and saves

    /**
     * rdbPopulateSaveInfo: what a save records of the stream, so that the file can restart a
     * replica where it was. A master with a backlog records its stream's selected db; a replica
     * the db its master client (or the cached one) is in; a node with neither records nothing.
     */
    public RdbFile.SaveInfo rdbSaveInfo() {
        if (!link.isReplica() && ids.backlog != null) {
            return new RdbFile.SaveInfo(master.streamDbOrZero(), ids.replid, ids.masterReplOffset);
        }
        return link.saveInfo();
    }

    /**
     * loadDataFromDisk's end, with {@code replicaof} configured: continue from the loaded RDB's
     * place in the master's stream (see {@link ReplicaLink#startFromLoadedHistory}).
     */
    public void startAsReplica(String host, int port, Map<String, String> aux) {
        link.startFromLoadedHistory(host, port, aux);
    }

    /**
     * loadDataFromDisk's end on a master: keep the saved history as the secondary ID so that the
     * replicas of before the restart continue (see {@link MasterSide#restoreHistory}).
     */
    public void startAsMaster(Map<String, String> aux) {
        master.restoreHistory(aux, rdb.takeStartupExpiredKeys());
    }

    // ================================================================ what the server core calls (ReplicationRole)

    /**
     * processCommand's replication checks, in Redis's order; null if the command may run, else the
     * error. {@code write}: the command is a write; {@code stale}: it may run on a stale replica.
     */
    @Override
    public String refuse(Client c, boolean write, boolean stale) {
        if (!link.isReplica()) {
            long minToWrite = settings.minReplicasToWrite.get();
            if (write && minToWrite > 0 && settings.minReplicasMaxLag.get() > 0 && master.goodReplicas() < minToWrite) {
                return "-NOREPLICAS Not enough good replicas to write.";
            }
            return null;
        }
        if (c.isMaster()) return null;
        if (write && settings.replicaReadOnly.get()) return "-READONLY You can't write against a read only replica.";
        if (!link.linkUp() && !settings.replicaServeStaleData.get() && !stale) {
            return "-MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.";
        }
        return null;
    }

    @Override
    public long masterReplOffset() { return ids.masterReplOffset; }

    @Override public boolean replicasCaughtUp() { return master.replicasCaughtUp(); }

    @Override public void requestAcks() { master.requestAcks(); }

    @Override public int replicaCount() { return master.replicaCount(); }

    @Override public java.util.List<String> laggingReplicas() { return master.laggingReplicas(); }

    @Override
    public void masterCommandApplied(byte[] raw, long consumed) { link.masterCommandApplied(raw, consumed); }

    /** A client closed: a replica leaves, a WAIT is dropped, the master link is lost. */
    @Override
    public void clientClosed(Client c) {
        master.clientClosed(c);
        link.clientClosed(c);
    }

    @Override
    public void beforeSleep() { master.beforeSleep(); }

    /** replicationCron, once a second: the failover first, then the replica's link, then the master's replicas. */
    @Override
    public void cron() {
        failover.updateFailoverStatus();
        long now = host.nowMillis();
        link.cron(now);
        master.cron(now);
    }

    @Override
    public void info(StringBuilder sb) { report.info(sb); }

    @Override
    public void debugChangeReplicationId() { ids.debugChangeReplicationId(); }

    // ================================================================ Propagation.Target

    @Override
    public boolean isReplication() { return true; }

    /** Propagation target: a write the master ran (replicationFeedSlaves). */
    @Override
    public void feed(int dbid, List<byte[]> argv) { master.feed(dbid, argv); }

    // ================================================================ what the commands call (ReplicationCommands)

    public boolean isReplica() { return link.isReplica(); }

    public String masterHost() { return link.masterHost(); }

    public int masterPort() { return link.masterPort(); }

    /** REPLICAOF host port (replicationSetMaster). */
    public void setMaster(String host, int port) { link.setMaster(host, port); }

    /** REPLICAOF NO ONE (replicationUnsetMaster). */
    public void unsetMaster() { link.unsetMaster(); }

    /** PSYNC / SYNC (syncCommand). */
    public void sync(Client c, String psyncReplid, long psyncOffset, boolean psync) {
        master.sync(c, psyncReplid, psyncOffset, psync);
    }

    /** PSYNC ... FAILOVER: the target's half of a failover; false (error replied) if it may not. */
    public boolean psyncFailover(Client c, String psyncReplid) { return failover.psyncFailover(c, psyncReplid); }

    public void replconfListeningPort(Client c, int port) { master.replconfListeningPort(c, port); }

    public void replconfIpAddress(Client c, String ip) { master.replconfIpAddress(c, ip); }

    public void replconfAck(Client c, long offset) { master.replconfAck(c, offset); }

    /** REPLCONF GETACK from our master: answer with our offset (replicationSendAck). */
    public void sendAck() { link.sendAck(); }

    public void waitCommand(Client c, long numReplicas, long timeoutMillis) { master.waitCommand(c, numReplicas, timeoutMillis); }

    public void failoverCommand(Client c) { failover.failoverCommand(c); }

    public void role(Client c) { report.role(c); }

    // ================================================================ for the views and tests

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

    public Snapshot snapshot() { return report.snapshot(); }

    /** The last handshake error, for the REPL and tests. */
    public String lastHandshakeError() { return link.lastHandshakeError(); }
}
