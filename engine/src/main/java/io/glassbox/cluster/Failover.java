package io.glassbox.cluster;

import io.glassbox.util.HashSlot;

/**
 * Failover, cluster.c's election and manual failover. A replica whose master is FAIL waits
 * 500-1000 ms plus one second per better-placed replica (its rank by replication offset), then
 * bumps currentEpoch and asks every master for its vote (FAILOVER_AUTH_REQUEST). A master votes
 * once per epoch, for a replica of a failed master, unless it voted about that master within two
 * node timeouts or the replica's claimed slots are served under a greater epoch
 * ({@link #sendFailoverAuthIfNeeded}). With a majority of the masters' votes the replica takes its
 * master's slots under the election's epoch and tells everyone with a PONG
 * ({@link #replaceYourMaster}). CLUSTER FAILOVER starts a manual failover: the replica sends
 * MFSTART, the master pauses writes and announces its offset (the PAUSED flag), the replica
 * catches up to it and then runs the election with FORCEACK, which masters grant though the master
 * is up; FORCE skips the catching up, TAKEOVER the election.
 *
 * <p>Not applied: cluster-replica-validity-factor (a replica disconnected too long still runs),
 * replica migration (clusterHandleSlaveMigration).
 */
final class Failover {
    private final Cluster cl;
    /** failover_auth_time, _count, _sent, _rank, _epoch: the election this replica runs. */
    long authTime;
    int authCount;
    boolean authSent;
    int authRank;
    long authEpoch;
    /** mf_end: a manual failover's deadline, 0 when none runs. */
    long mfEnd;
    /** mf_slave: on a master, the replica doing a manual failover. */
    ClusterNode mfSlave;
    /** mf_master_offset: on the replica, the paused master's offset, -1 until it is known. */
    long mfMasterOffset = -1;
    /** mf_can_start: the replica caught up, the election may begin. */
    boolean mfCanStart;
    static final long MF_TIMEOUT = 5000, MF_PAUSE_MULT = 2;

    Failover(Cluster cluster) { this.cl = cluster; }

    /** resetManualFailover: a master that paused its writers lets them go. */
    void resetManualFailover() {
        if (mfSlave != null) cl.host.unpauseWrites();
        mfEnd = 0;
        mfCanStart = false;
        mfSlave = null;
        mfMasterOffset = -1;
    }

    /** A replica doing a manual failover learns the paused master's offset from its PING. */
    void onSenderOffset(ClusterNode sender, ClusterMsg hdr) {
        if (mfEnd != 0 && cl.myself.isSlave() && cl.myself.slaveof == sender
                && (hdr.mflags0() & ClusterMsg.FLAG0_PAUSED) != 0 && mfMasterOffset == -1) {
            mfMasterOffset = sender.replOffset;
            cl.doBeforeSleep(Cluster.TODO_HANDLE_MANUALFAILOVER);
            cl.host.log("warning", "Received replication offset for paused master manual failover: " + mfMasterOffset);
        }
    }

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

    /** MFSTART from one of my replicas: pause writes for twice the manual failover timeout and ping it with my offset. */
    void mfStartReceived(ClusterNode sender, ClusterLink link) {
        resetManualFailover();
        long now = cl.host.now();
        mfEnd = now + MF_TIMEOUT;
        mfSlave = sender;
        cl.host.pauseWrites(now + MF_TIMEOUT * MF_PAUSE_MULT);
        cl.host.log("warning", "Manual failover requested by replica " + sender.name + ".");
        cl.bus.sendPing(link, ClusterMsg.PING);
    }

    /** clusterCron's "ping the replica doing a manual failover continuously". */
    boolean pingManualFailoverSlave(ClusterNode node) {
        if (mfEnd != 0 && cl.myself.isMaster() && mfSlave == node && node.link != null) {
            cl.bus.sendPing(node.link, ClusterMsg.PING);
            return true;
        }
        return false;
    }

    /** CLUSTER FAILOVER [FORCE|TAKEOVER] once its preconditions hold. */
    void manualFailover(boolean force, boolean takeover) {
        resetManualFailover();
        mfEnd = cl.host.now() + MF_TIMEOUT;
        if (takeover) {
            cl.host.log("warning", "Taking over the master (user request).");
            cl.bumpConfigEpochWithoutConsensus();
            replaceYourMaster();
        } else if (force) {
            cl.host.log("warning", "Forced failover user request accepted.");
            mfCanStart = true;
        } else {
            cl.host.log("warning", "Manual failover user request accepted.");
            if (cl.myself.slaveof.link != null) cl.bus.send(cl.myself.slaveof.link, cl.bus.headerOnly(ClusterMsg.MFSTART, 0));
        }
    }

    /** clusterHandleManualFailover: the replica reached the paused master's offset, the election may start. */
    void handleManualFailover() {
        if (mfEnd == 0 || mfCanStart || mfMasterOffset == -1) return;
        if (mfMasterOffset == cl.host.replicaOffset()) {
            mfCanStart = true;
            cl.host.log("warning", "All master replication stream processed, manual failover can start.");
            cl.doBeforeSleep(Cluster.TODO_HANDLE_FAILOVER);
            return;
        }
        cl.doBeforeSleep(Cluster.TODO_HANDLE_MANUALFAILOVER);
    }

    /** clusterGetSlaveRank: how many replicas of my master have a greater offset than mine. */
    private int slaveRank() {
        long myoffset = cl.host.replicaOffset();
        int rank = 0;
        for (ClusterNode s : cl.myself.slaveof.slaves) {
            if (s != cl.myself && (s.flags & ClusterNode.NOFAILOVER) == 0 && s.replOffset > myoffset) rank++;
        }
        return rank;
    }

    /** clusterHandleSlaveFailover: the replica's election, one step per call (cron and beforeSleep). */
    void handleSlaveFailover() {
        cl.todoBeforeSleep &= ~Cluster.TODO_HANDLE_FAILOVER;
        ClusterNode myself = cl.myself;
        long now = cl.host.now();
        long authAge = now - authTime;
        int neededQuorum = cl.size / 2 + 1;
        boolean manual = mfEnd != 0 && mfCanStart;
        long authTimeout = Math.max(2000, cl.nodeTimeout.get() * 2);
        long authRetryTime = authTimeout * 2;
        if (myself.isMaster() || myself.slaveof == null || (!myself.slaveof.failed() && !manual)
                || (cl.config.bool("cluster-replica-no-failover").get() && !manual) || myself.slaveof.numslots == 0) {
            return;
        }
        if (authAge > authRetryTime) {
            authTime = now + 500 + java.util.concurrent.ThreadLocalRandom.current().nextInt(500);
            authCount = 0;
            authSent = false;
            authRank = slaveRank();
            authTime += authRank * 1000L;
            if (mfEnd != 0) {
                authTime = now;
                authRank = 0;
                cl.doBeforeSleep(Cluster.TODO_HANDLE_FAILOVER);
            }
            cl.host.log("warning", "Start of election delayed for " + (authTime - now) + " milliseconds (rank #" + authRank
                    + ", offset " + cl.host.replicaOffset() + ").");
            cl.bus.broadcastPong(ClusterBus.BROADCAST_LOCAL_SLAVES);
            return;
        }
        if (!authSent && mfEnd == 0) {
            int newrank = slaveRank();
            if (newrank > authRank) {
                long added = (newrank - authRank) * 1000L;
                authTime += added;
                authRank = newrank;
                cl.host.log("warning", "Replica rank updated to #" + newrank + ", added " + added + " milliseconds of delay.");
            }
        }
        if (now < authTime) return; // waiting the delay
        if (authAge > authTimeout) return; // this attempt expired
        if (!authSent) {
            cl.currentEpoch++;
            authEpoch = cl.currentEpoch;
            cl.host.log("warning", "Starting a failover election for epoch " + cl.currentEpoch + ".");
            cl.listener.epochChanged(myself.name, cl.currentEpoch, myself.configEpoch, "election");
            cl.bus.broadcast(cl.bus.headerOnly(ClusterMsg.FAILOVER_AUTH_REQUEST, mfEnd != 0 ? ClusterMsg.FLAG0_FORCEACK : 0));
            authSent = true;
            cl.doBeforeSleep(Cluster.TODO_SAVE_CONFIG | Cluster.TODO_UPDATE_STATE | Cluster.TODO_FSYNC_CONFIG);
        }
        if (authCount >= neededQuorum) {
            cl.host.log("warning", "Failover election won: I'm the new master.");
            if (myself.configEpoch < authEpoch) {
                myself.configEpoch = authEpoch;
                cl.host.log("warning", "configEpoch set to " + myself.configEpoch + " after successful failover");
            }
            replaceYourMaster();
        }
    }

    /**
     * clusterFailoverReplaceYourMaster: myself becomes a master, takes every slot of the old master,
     * and tells everyone at once with a PONG.
     */
    void replaceYourMaster() {
        ClusterNode oldmaster = cl.myself.slaveof;
        if (cl.myself.isMaster() || oldmaster == null) return;
        cl.setNodeAsMaster(cl.myself);
        cl.host.unsetMaster();
        for (int j = 0; j < HashSlot.SLOTS; j++) {
            if (oldmaster.getSlotBit(j)) {
                cl.delSlot(j);
                cl.addSlot(cl.myself, j);
            }
        }
        cl.updateState();
        cl.nodesConfig.saveOrDie(true);
        cl.bus.broadcastPong(ClusterBus.BROADCAST_ALL);
        resetManualFailover();
        cl.listener.epochChanged(cl.myself.name, cl.currentEpoch, cl.myself.configEpoch, "failover");
    }

    /** clusterCron's replica duties: manual failover timeout and steps, the election. */
    void cron(int orphanedMasters, int maxSlaves, int thisSlaves) {
        if (mfEnd != 0 && mfEnd < cl.host.now()) {
            cl.host.log("warning", "Manual failover timed out.");
            resetManualFailover();
        }
        if (cl.myself.isSlave()) {
            handleManualFailover();
            handleSlaveFailover();
        }
    }

    /** clusterBeforeSleep's share: react at once to votes and to a caught-up manual failover. */
    void beforeSleep(int flags) {
        if ((flags & Cluster.TODO_HANDLE_MANUALFAILOVER) != 0) {
            if (cl.myself.isSlave()) {
                handleManualFailover();
                handleSlaveFailover();
            }
        } else if ((flags & Cluster.TODO_HANDLE_FAILOVER) != 0) {
            handleSlaveFailover();
        }
    }
}
