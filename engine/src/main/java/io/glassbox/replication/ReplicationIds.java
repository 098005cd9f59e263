package io.glassbox.replication;

import io.glassbox.server.Propagation;

import java.security.SecureRandom;

/**
 * The history both roles share (replication.c's {@code changeReplicationId},
 * {@code clearReplicationId2}, {@code shiftReplicationId}, {@code createReplicationBacklog},
 * {@code resizeReplicationBacklog}): the replication ID that names this node's history, the
 * secondary ID a promoted replica keeps valid up to {@code second_repl_offset} (PSYNC2), the
 * offset {@code master_repl_offset}, and the backlog ring. A master moves the offset as it feeds
 * its replicas; a replica as it applies its master's stream; both keep the same backlog so that a
 * replica's own replicas can PSYNC from it.
 */
final class ReplicationIds {
    static final String ZERO_ID = "0000000000000000000000000000000000000000";

    private final Replication.Host host;
    private final ReplicationSettings settings;
    private final ReplicationListener.Holder listener;
    /** What propagation feeds once a backlog exists: the replication itself. */
    private final Propagation.Target target;

    /** The ID of the history this node's stream belongs to (server.replid). */
    String replid = newReplicationId();
    /** The previous history's ID, valid up to {@link #secondReplidOffset} (server.replid2). */
    String replid2 = ZERO_ID;
    long secondReplidOffset = -1;
    /** Bytes of the stream so far (server.master_repl_offset). */
    long masterReplOffset;
    /** The last bytes of the stream; null until the first replica (or the first link to a master). */
    ReplicationBacklog backlog;

    ReplicationIds(Replication.Host host, ReplicationSettings settings, ReplicationListener.Holder listener,
                   Propagation.Target target) {
        this.host = host;
        this.settings = settings;
        this.listener = listener;
        this.target = target;
    }

    private static String newReplicationId() {
        byte[] b = new byte[20];
        new SecureRandom().nextBytes(b);
        StringBuilder sb = new StringBuilder(40);
        for (byte x : b) sb.append(String.format("%02x", x & 0xff));
        return sb.toString();
    }

    /**
     * createReplicationBacklog: the backlog exists from the first replica on; only then does this
     * node listen to propagation, so a server without replicas queues nothing for them.
     */
    void createBacklog() {
        host.addPropagationTarget(target);
        if (backlog == null) {
            backlog = new ReplicationBacklog(backlogSize(), masterReplOffset);
            listener.get().backlogCreated(backlog.size());
        }
    }

    /** freeReplicationBacklog: the history it held is no longer ours (a full resync from a master). */
    void freeBacklog() { backlog = null; }

    private int backlogSize() {
        return (int) Math.min(Integer.MAX_VALUE - 16, settings.backlogSize.get());
    }

    /** CONFIG SET repl-backlog-size (resizeReplicationBacklog). */
    void backlogSizeChanged() { if (backlog != null) backlog.resize(backlogSize()); }

    /** A new history begins (changeReplicationId). */
    void changeReplicationId() { replid = newReplicationId(); }

    /** clearReplicationId2: no previous history any more. */
    void clearReplicationId2() {
        replid2 = ZERO_ID;
        secondReplidOffset = -1;
    }

    /** shiftReplicationId: the old ID stays valid up to this offset, so our replicas can PSYNC after a promotion. */
    void shiftReplicationId() {
        replid2 = replid;
        secondReplidOffset = masterReplOffset + 1;
        changeReplicationId();
    }

    /**
     * Our master continued us under a new ID (slaveTryPartialResynchronization's +CONTINUE with an
     * ID: it was promoted): {@code oldId} stays valid up to here as our replid2, for our replicas.
     */
    void masterChangedId(String oldId, String newId) {
        replid2 = oldId;
        secondReplidOffset = masterReplOffset + 1;
        replid = newId;
    }

    /**
     * DEBUG CHANGE-REPL-ID (debug.c): a new history and no secondary one, as if this node had never
     * been anyone's replica. Its replicas' next PSYNC names an ID nobody knows, so they resync in full;
     * tests use it to force exactly that.
     */
    void debugChangeReplicationId() {
        host.log("warning", "Changing replication IDs after receiving DEBUG change-repl-id");
        changeReplicationId();
        clearReplicationId2();
    }
}
