package io.glassbox.server;

/**
 * What the server core needs of replication ({@code replication.c}), which lives above it in
 * {@code io.glassbox.replication}: {@code processCommand}'s replication checks (NOREPLICAS,
 * READONLY, MASTERDOWN), the offset a write reached (for WAIT), the bytes the master client applied
 * ({@code commandProcessed} moves the replica's offset and feeds its own backlog and
 * sub-replicas), a closing client that was a replica or the master, and the loop's two moments.
 * {@code Engine} gives the server its replication through this.
 */
public interface ReplicationRole {
    /**
     * processCommand's replication checks, in Redis's order: null if the command may run, else the
     * error line. {@code write}: the command writes; {@code stale}: it may run on a stale replica.
     */
    String refuse(Client c, boolean write, boolean stale);

    /** master_repl_offset: where the replication stream is now. */
    long masterReplOffset();

    /**
     * The master client applied one command that came as {@code raw} bytes, {@code consumed} of the
     * stream (a replica's side of {@code commandProcessed}).
     */
    void masterCommandApplied(byte[] raw, long consumed);

    /** A client is being freed: forget it as a replica, or drop the link if it was the master. */
    void clientClosed(Client c);

    /** beforeSleep's share: GETACK requests, acks to the master. */
    void beforeSleep();

    /** replicationCron, once a second. */
    void cron();

    /** The "# Replication" section of INFO. */
    void info(StringBuilder sb);

    /** DEBUG CHANGE-REPL-ID: a new replication id, so the replicas' next PSYNC is a full resync. */
    void debugChangeReplicationId();

    /** isReadyToShutdown: every replica acknowledged the whole stream (true without replicas). */
    default boolean replicasCaughtUp() { return true; }

    /** sendGetackToReplicas: ask the replicas for their offsets (REPLCONF GETACK * into the stream). */
    default void requestAcks() { }

    /** The replicas attached now (finishShutdown's count). */
    default int replicaCount() { return 0; }

    /** finishShutdown's warning for each replica behind the stream, in Redis's words ("Lagging replica ..."). */
    default java.util.List<String> laggingReplicas() { return java.util.List.of(); }

    /** A server without replication (a bare server in a unit test): a master with no replicas. */
    ReplicationRole NONE = new ReplicationRole() {
        @Override public String refuse(Client c, boolean write, boolean stale) { return null; }
        @Override public long masterReplOffset() { return 0; }
        @Override public void masterCommandApplied(byte[] raw, long consumed) { }
        @Override public void clientClosed(Client c) { }
        @Override public void beforeSleep() { }
        @Override public void cron() { }
        @Override public void info(StringBuilder sb) { sb.append("# Replication\r\nrole:master\r\nconnected_slaves:0\r\n"); }
        @Override public void debugChangeReplicationId() { }
    };
}
