package io.glassbox.cluster;

import io.glassbox.util.HashSlot;

/**
 * Failover, cluster.c's election: a master's vote for a replica of a failed master
 * ({@link #sendFailoverAuthIfNeeded}: one vote per epoch, the requester's claimed slots must not be
 * served with a greater epoch, at most one vote per master every two node timeouts), and the
 * replica's side (the votes it counts). Glassbox masters vote in clusters with Redis replicas.
 * The replica's own election (clusterHandleSlaveFailover) and manual failover are not built yet
 * (docs/cluster.md): a Glassbox replica answers CLUSTER FAILOVER with Redis's precondition errors.
 */
final class Failover {
    private final Cluster cl;
    /** failover_auth_count / failover_auth_epoch of the election this replica runs, if any. */
    int authCount;
    long authEpoch;
    /** mf_end: a manual failover's deadline, 0 when none runs. */
    long mfEnd;
    ClusterNode mfSlave;

    Failover(Cluster cluster) { this.cl = cluster; }

    /** A master's offset in a PING: a replica doing a manual failover learns where to catch up. */
    void onSenderOffset(ClusterNode sender, ClusterMsg hdr) { }

    /** clusterSendFailoverAuthIfNeeded: vote for {@code node} if every rule allows. */
    void sendFailoverAuthIfNeeded(ClusterNode node, ClusterMsg request) {
        ClusterNode myself = cl.myself;
        ClusterNode master = node.slaveof;
        long requestCurrentEpoch = request.currentEpoch();
        long requestConfigEpoch = request.configEpoch();
        byte[] claimed = request.myslots();
        boolean forceAck = (request.mflags0() & ClusterMsg.FLAG0_FORCEACK) != 0;
        if (myself.isSlave() || myself.numslots == 0) return; // only masters with slots vote
        if (requestCurrentEpoch < cl.currentEpoch) {
            cl.host.log("warning", "Failover auth denied to " + node.name + ": reqEpoch (" + requestCurrentEpoch
                    + ") < curEpoch(" + cl.currentEpoch + ")");
            return;
        }
        if (cl.lastVoteEpoch == cl.currentEpoch) {
            cl.host.log("warning", "Failover auth denied to " + node.name + ": already voted for epoch " + cl.currentEpoch);
            return;
        }
        if (node.isMaster() || master == null || (!master.failed() && !forceAck)) {
            if (node.isMaster()) cl.host.log("warning", "Failover auth denied to " + node.name + ": it is a master node");
            else if (master == null) cl.host.log("warning", "Failover auth denied to " + node.name + ": I don't know its master");
            else cl.host.log("warning", "Failover auth denied to " + node.name + ": its master is up");
            return;
        }
        long now = cl.host.now();
        long nodeTimeout = cl.nodeTimeout.get();
        if (now - master.votedTime < nodeTimeout * 2) {
            cl.host.log("warning", "Failover auth denied to " + node.name + ": can't vote about this master before "
                    + (nodeTimeout * 2 - (now - master.votedTime)) + " milliseconds");
            return;
        }
        for (int j = 0; j < HashSlot.SLOTS; j++) {
            if ((claimed[j >> 3] & (1 << (j & 7))) == 0) continue;
            if (cl.isSlotUnclaimed(j) || cl.slots[j].configEpoch <= requestConfigEpoch) continue;
            cl.host.log("warning", "Failover auth denied to " + node.name + ": slot " + j + " epoch ("
                    + cl.slots[j].configEpoch + ") > reqEpoch (" + requestConfigEpoch + ")");
            return;
        }
        cl.lastVoteEpoch = cl.currentEpoch;
        master.votedTime = now;
        cl.doBeforeSleep(Cluster.TODO_SAVE_CONFIG | Cluster.TODO_FSYNC_CONFIG);
        cl.bus.send(node.link, cl.bus.headerOnly(ClusterMsg.FAILOVER_AUTH_ACK, 0));
        cl.host.log("warning", "Failover auth granted to " + node.name + " for epoch " + cl.currentEpoch);
        cl.listener.epochChanged(myself.name, cl.currentEpoch, myself.configEpoch, "voted for " + node.name);
    }

    /** FAILOVER_AUTH_ACK: a vote counts if it comes from a master with slots, in this election's epoch. */
    void authAckReceived(ClusterNode sender, long senderCurrentEpoch) {
        if (sender.isMaster() && sender.numslots > 0 && senderCurrentEpoch >= authEpoch) {
            authCount++;
            cl.doBeforeSleep(Cluster.TODO_HANDLE_FAILOVER);
        }
    }

    /** MFSTART from one of my replicas: not supported yet, the replica's manual failover times out. */
    void mfStartReceived(ClusterNode sender, ClusterLink link) { }

    /** clusterCron's "ping the replica doing a manual failover continuously". */
    boolean pingManualFailoverSlave(ClusterNode node) {
        if (mfEnd != 0 && cl.myself.isMaster() && mfSlave == node && node.link != null) {
            cl.bus.sendPing(node.link, ClusterMsg.PING);
            return true;
        }
        return false;
    }

    /** clusterCron's replica duties (manual failover timeout, election, replica migration). */
    void cron(int orphanedMasters, int maxSlaves, int thisSlaves) {
        if (mfEnd != 0 && mfEnd < cl.host.now()) {
            cl.host.log("warning", "Manual failover timed out.");
            mfEnd = 0;
            mfSlave = null;
        }
    }
}
