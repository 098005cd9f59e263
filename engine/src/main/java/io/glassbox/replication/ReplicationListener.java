package io.glassbox.replication;

/**
 * What replication tells the hooks: offsets moving, replicas coming and going, acks, and the
 * replica's handshake states. Every method runs on the command thread and must return quickly;
 * the defaults do nothing, so an engine nobody watches pays one virtual call per stream write.
 */
public interface ReplicationListener {
    ReplicationListener NONE = new ReplicationListener() {};

    /** Bytes were added to the replication stream; the backlog now ends at {@code masterReplOffset}. */
    default void streamFed(long masterReplOffset, long bytes, ReplicationBacklog backlog) {}

    default void backlogCreated(int size) {}

    default void replicaAttached(long clientId, String address) {}

    default void replicaDetached(long clientId) {}

    /** A replica acknowledged {@code ackOffset}; the master is at {@code masterReplOffset}. */
    default void replicaAck(long clientId, long ackOffset, long masterReplOffset) {}

    /** This node, as a replica, moved from one handshake/link state to another (names as {@code ReplicaLink.ReplState}, lower case). */
    default void replicaStateChanged(String from, String to) {}

    /** The listener in force; replaced, not chained (the hooks wrap the previous one). */
    final class Holder {
        private volatile ReplicationListener l = NONE;

        public ReplicationListener get() { return l; }

        public void set(ReplicationListener l) { this.l = l == null ? NONE : l; }
    }
}
