package io.glassbox.sentinel;

import io.glassbox.resp.RespValue;

import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.glassbox.sentinel.SentinelRedisInstance.*;

/**
 * The acting half of Sentinel ({@code sentinel.c}, "SENTINEL availability checks" and
 * "FAILOVER"): from one Sentinel's silence timer to every Sentinel's new master.
 *
 * <ol>
 * <li><b>SDOWN</b> (subjectively down): no valid PING reply for down-after-milliseconds.
 * <li><b>ODOWN</b> (objectively down): at least {@code quorum} Sentinels, this one included, say
 *     SDOWN; they are asked with SENTINEL IS-MASTER-DOWN-BY-ADDR every second.
 * <li><b>Election</b>: a Sentinel that sees ODOWN bumps the current epoch and asks for votes with
 *     the same command carrying its run id. Each Sentinel votes once per epoch, for the first who
 *     asks ({@link #voteLeader}); a leader needs a majority of all known Sentinels and at least
 *     quorum votes ({@link #getLeader}). Without one, the failover is retried after twice the
 *     failover-timeout, with a random delay so that candidates do not collide again.
 * <li><b>Failover</b>, by the leader only: pick a replica (priority, then offset, then run id),
 *     REPLICAOF NO ONE, wait for INFO to say master, then point the other replicas at it,
 *     parallel-syncs at a time; the new configuration carries the election's epoch, and the
 *     hello messages spread it: every Sentinel switches on the higher config epoch.
 * </ol>
 * Two masters are never promoted for one epoch: a Sentinel votes at most once per epoch, and a
 * majority cannot be split between two candidates.
 */
final class SentinelFailover {
    private final Sentinel s;

    SentinelFailover(Sentinel s) { this.s = s; }

    private long now() { return s.now(); }

    /**
     * sentinelCheckSubjectivelyDown: SDOWN when the oldest unanswered PING (or, disconnected, the
     * last good reply) is older than down-after-milliseconds, or a master reports itself a replica
     * for too long. Idle links are closed so that they reconnect.
     */
    void checkSubjectivelyDown(SentinelRedisInstance ri) {
        InstanceLink link = ri.link;
        long now = now();
        long elapsed = 0;
        if (link.actPingTime != 0) elapsed = now - link.actPingTime;
        else if (link.disconnected) elapsed = now - link.lastAvailTime;

        if (link.cc != null && now - link.ccConnTime > s.minLinkReconnectPeriod && link.actPingTime != 0
                && now - link.actPingTime > ri.downAfterPeriod / 2 && now - link.lastPongTime > ri.downAfterPeriod / 2) {
            link.close(link.cc);
        }
        if (link.pc != null && now - link.pcConnTime > s.minLinkReconnectPeriod
                && now - link.pcLastActivity > s.publishPeriod * 3) {
            link.close(link.pc);
        }
        if (elapsed > ri.downAfterPeriod
                || (ri.is(MASTER) && ri.roleReported == SLAVE && now - ri.roleReportedTime > ri.downAfterPeriod + s.infoPeriod * 2)
                || (ri.is(MASTER_REBOOT) && now - ri.masterRebootSinceTime > ri.masterRebootDownAfterPeriod)) {
            if (!ri.is(S_DOWN)) {
                s.event("warning", "+sdown", ri, "%@");
                ri.sDownSinceTime = now;
                ri.flags |= S_DOWN;
            }
        } else if (ri.is(S_DOWN)) {
            s.event("warning", "-sdown", ri, "%@");
            ri.flags &= ~(S_DOWN | SCRIPT_KILL_SENT);
        }
    }

    /** sentinelCheckObjectivelyDown: SDOWN here plus MASTER_DOWN from enough others reaches the quorum. */
    void checkObjectivelyDown(SentinelRedisInstance master) {
        int quorum = 0;
        boolean odown = false;
        if (master.is(S_DOWN)) {
            quorum = 1;
            for (SentinelRedisInstance ri : master.sentinels.values()) if (ri.is(MASTER_DOWN)) quorum++;
            if (quorum >= master.quorum) odown = true;
        }
        if (odown) {
            if (!master.is(O_DOWN)) {
                s.event("warning", "+odown", master, "%@ #quorum " + quorum + "/" + master.quorum);
                master.flags |= O_DOWN;
                master.oDownSinceTime = now();
            }
        } else if (master.is(O_DOWN)) {
            s.event("warning", "-odown", master, "%@");
            master.flags &= ~O_DOWN;
        }
    }

    /**
     * sentinelAskMasterStateToOtherSentinels: while the master is SDOWN here, ask every connected
     * Sentinel about it each ask-period (at once when {@code forced}); the run id in the request
     * asks for a vote once our failover started. Answers older than five periods are forgotten.
     */
    void askMasterStateToOtherSentinels(SentinelRedisInstance master, boolean forced) {
        for (SentinelRedisInstance ri : master.sentinels.values()) {
            long elapsed = now() - ri.lastMasterDownReplyTime;
            if (elapsed > s.askPeriod * 5) {
                ri.flags &= ~MASTER_DOWN;
                ri.leader = null;
            }
            if (!master.is(S_DOWN)) continue;
            if (ri.link.disconnected) continue;
            if (!forced && now() - ri.lastMasterDownReplyTime < s.askPeriod) continue;
            InstanceLink link = ri.link;
            InstanceLink.Conn cc = link.cc;
            cc.command(r -> receiveIsMasterDownReply(ri, cc, r), ri.command("SENTINEL"), "is-master-down-by-addr",
                    master.addr.announced(s.announceHostnames), String.valueOf(master.addr.port()),
                    Long.toUnsignedString(s.currentEpoch), master.failoverState > FAILOVER_NONE ? s.myid : "*");
            link.pendingCommands++;
        }
    }

    /** sentinelReceiveIsMasterDownReply: [down 0/1, leader run id or *, leader epoch]. */
    private void receiveIsMasterDownReply(SentinelRedisInstance ri, InstanceLink.Conn cc, RespValue r) {
        if (r == null || ri.link.cc != cc) return;
        ri.link.pendingCommands--;
        if (r instanceof RespValue.Array a && a.items().size() == 3 && a.items().get(0) instanceof RespValue.Int down
                && a.items().get(1) instanceof RespValue.Bulk leader && a.items().get(2) instanceof RespValue.Int epoch) {
            ri.lastMasterDownReplyTime = now();
            if (down.value() == 1) ri.flags |= MASTER_DOWN;
            else ri.flags &= ~MASTER_DOWN;
            if (!leader.asText().equals("*")) {
                if (ri.leaderEpoch != epoch.value()) {
                    s.host.log("warning", ri.name + " voted for " + leader.asText() + " " + Long.toUnsignedString(epoch.value()));
                }
                ri.leader = leader.asText();
                ri.leaderEpoch = epoch.value();
                s.failoverListenerVote(ri.name, ri.leader, ri.leaderEpoch);
            }
        }
    }

    /**
     * sentinelVoteLeader: a request from a greater epoch moves our current epoch; then, if we have
     * not voted in this epoch, the vote goes to the requester. Returns our vote (or null) and its epoch.
     */
    String voteLeader(SentinelRedisInstance master, long reqEpoch, String reqRunid, long[] leaderEpoch) {
        if (Long.compareUnsigned(reqEpoch, s.currentEpoch) > 0) {
            s.currentEpoch = reqEpoch;
            s.flushConfig();
            s.event("warning", "+new-epoch", master, Long.toUnsignedString(s.currentEpoch));
        }
        if (Long.compareUnsigned(master.leaderEpoch, reqEpoch) < 0 && Long.compareUnsigned(s.currentEpoch, reqEpoch) <= 0) {
            master.leader = reqRunid;
            master.leaderEpoch = s.currentEpoch;
            s.flushConfig();
            s.event("warning", "+vote-for-leader", master, master.leader + " " + Long.toUnsignedString(master.leaderEpoch));
            // having voted for another, wait before starting a failover of our own
            if (!master.leader.equalsIgnoreCase(s.myid)) master.failoverStartTime = now() + s.random.nextInt(Sentinel.MAX_DESYNC);
        }
        leaderEpoch[0] = master.leaderEpoch;
        return master.leader;
    }

    /**
     * sentinelGetLeader: count the votes of this epoch (ours goes to the front-runner, or to
     * ourselves); the winner needs more than half of all known Sentinels and at least quorum.
     */
    String getLeader(SentinelRedisInstance master, long epoch) {
        Map<String, Integer> counters = new LinkedHashMap<>();
        int voters = master.sentinels.size() + 1;
        for (SentinelRedisInstance ri : master.sentinels.values()) {
            if (ri.leader != null && ri.leaderEpoch == s.currentEpoch) counters.merge(ri.leader, 1, Integer::sum);
        }
        String winner = null;
        int maxVotes = 0;
        for (Map.Entry<String, Integer> e : counters.entrySet()) {
            if (e.getValue() > maxVotes) {
                maxVotes = e.getValue();
                winner = e.getKey();
            }
        }
        long[] leaderEpoch = new long[1];
        String myvote = voteLeader(master, epoch, winner != null ? winner : s.myid, leaderEpoch);
        if (myvote != null && leaderEpoch[0] == epoch) {
            int votes = counters.merge(myvote, 1, Integer::sum);
            if (votes > maxVotes) {
                maxVotes = votes;
                winner = myvote;
            }
        }
        int votersQuorum = voters / 2 + 1;
        if (winner != null && (maxVotes < votersQuorum || maxVotes < master.quorum)) winner = null;
        return winner;
    }

    /**
     * sentinelSendSlaveOf: in one MULTI, REPLICAOF (NO ONE when {@code addr} is null), CONFIG
     * REWRITE, and CLIENT KILL of normal and pubsub clients so they reconnect and ask again.
     * Replies are ignored: the effect is observed in the next INFO.
     */
    boolean sendSlaveOf(SentinelRedisInstance ri, SentinelAddr addr) {
        InstanceLink.Conn cc = ri.link.cc;
        if (cc == null) return false;
        String h = addr == null ? "NO" : addr.announced(s.announceHostnames);
        String p = addr == null ? "ONE" : String.valueOf(addr.port());
        s.discard(ri, cc, ri.command("MULTI"));
        s.discard(ri, cc, ri.command("SLAVEOF"), h, p);
        s.discard(ri, cc, ri.command("CONFIG"), "REWRITE");
        s.discard(ri, cc, ri.command("CLIENT"), "KILL", "TYPE", "normal");
        s.discard(ri, cc, ri.command("CLIENT"), "KILL", "TYPE", "pubsub");
        s.discard(ri, cc, ri.command("EXEC"));
        return true;
    }

    /** sentinelStartFailover: a new epoch, +try-failover, and a start time desynchronised by up to a second. */
    void startFailover(SentinelRedisInstance master) {
        master.failoverState = WAIT_START;
        master.flags |= FAILOVER_IN_PROGRESS;
        master.failoverEpoch = ++s.currentEpoch;
        s.event("warning", "+new-epoch", master, Long.toUnsignedString(s.currentEpoch));
        s.event("warning", "+try-failover", master, "%@");
        master.failoverStartTime = now() + s.random.nextInt(Sentinel.MAX_DESYNC);
        master.failoverStateChangeTime = now();
    }

    /** sentinelStartFailoverIfNeeded: ODOWN, no failover running, none tried in the last 2 x failover-timeout. */
    boolean startFailoverIfNeeded(SentinelRedisInstance master) {
        if (!master.is(O_DOWN) || master.is(FAILOVER_IN_PROGRESS)) return false;
        if (now() - master.failoverStartTime < master.failoverTimeout * 2) {
            if (master.failoverDelayLogged != master.failoverStartTime) {
                long clock = (master.failoverStartTime + master.failoverTimeout * 2) / 1000 * 1000;
                master.failoverDelayLogged = master.failoverStartTime;
                s.host.log("warning", "Next failover delay: I will not start a failover before "
                        + new SimpleDateFormat("EEE MMM d HH:mm:ss yyyy", Locale.ROOT).format(new Date(clock)));
            }
            return false;
        }
        startFailover(master);
        return true;
    }

    /**
     * sentinelSelectSlave: among replicas that are up, answered a PING recently, sent INFO recently,
     * lost their master not too long ago and have a non-zero priority, the lowest priority, then
     * the greatest offset, then the smallest run id.
     */
    SentinelRedisInstance selectSlave(SentinelRedisInstance master) {
        long now = now();
        long maxMasterDownTime = 0;
        if (master.is(S_DOWN)) maxMasterDownTime += now - master.sDownSinceTime;
        maxMasterDownTime += master.downAfterPeriod * 10;
        List<SentinelRedisInstance> candidates = new ArrayList<>();
        for (SentinelRedisInstance slave : master.slaves.values()) {
            if ((slave.flags & (S_DOWN | O_DOWN)) != 0) continue;
            if (slave.link.disconnected) continue;
            if (now - slave.link.lastAvailTime > s.pingPeriod * 5) continue;
            if (slave.slavePriority == 0) continue;
            long infoValidity = master.is(S_DOWN) ? s.pingPeriod * 5 : s.infoPeriod * 3;
            if (now - slave.infoRefresh > infoValidity) continue;
            if (slave.masterLinkDownTime > maxMasterDownTime) continue;
            candidates.add(slave);
        }
        candidates.sort(SentinelFailover::compareSlavesForPromotion);
        return candidates.isEmpty() ? null : candidates.get(0);
    }

    /** compareSlavesForPromotion: better first. */
    static int compareSlavesForPromotion(SentinelRedisInstance a, SentinelRedisInstance b) {
        if (a.slavePriority != b.slavePriority) return a.slavePriority - b.slavePriority;
        if (Long.compareUnsigned(a.slaveReplOffset, b.slaveReplOffset) != 0) return -Long.compareUnsigned(a.slaveReplOffset, b.slaveReplOffset);
        if (a.runid == null && b.runid == null) return 0;
        if (a.runid == null) return 1;
        if (b.runid == null) return -1;
        return a.runid.compareToIgnoreCase(b.runid);
    }

    /** sentinelFailoverStateMachine. */
    void stateMachine(SentinelRedisInstance ri) {
        if (!ri.is(FAILOVER_IN_PROGRESS)) return;
        switch (ri.failoverState) {
            case WAIT_START -> waitStart(ri);
            case SELECT_SLAVE -> selectSlaveState(ri);
            case SEND_SLAVEOF_NOONE -> sendSlaveOfNoOne(ri);
            case WAIT_PROMOTION -> waitPromotion(ri);
            case RECONF_SLAVES -> reconfNextSlave(ri);
            default -> { }
        }
    }

    private void setState(SentinelRedisInstance master, int state) {
        master.failoverState = state;
        master.failoverStateChangeTime = now();
        s.failoverListenerState(master.name, SentinelRedisInstance.failoverStateStr(state), master.failoverEpoch);
    }

    /** sentinelFailoverWaitStart: go on only as the elected leader (or forced); give up after the election timeout. */
    private void waitStart(SentinelRedisInstance ri) {
        String leader = getLeader(ri, ri.failoverEpoch);
        boolean isLeader = leader != null && leader.equalsIgnoreCase(s.myid);
        if (!isLeader && !ri.is(FORCE_FAILOVER)) {
            long electionTimeout = Math.min(s.electionTimeout, ri.failoverTimeout);
            if (now() - ri.failoverStartTime > electionTimeout) {
                s.event("warning", "-failover-abort-not-elected", ri, "%@");
                abortFailover(ri);
            }
            return;
        }
        s.event("warning", "+elected-leader", ri, "%@");
        if ((s.simfailureFlags & Sentinel.SIMFAILURE_CRASH_AFTER_ELECTION) != 0) simFailureCrash();
        setState(ri, SELECT_SLAVE);
        s.event("warning", "+failover-state-select-slave", ri, "%@");
    }

    private void simFailureCrash() {
        s.host.log("warning", "Sentinel CRASH because of SENTINEL simulate-failure");
        s.host.crash();
    }

    /** sentinelFailoverSelectSlave. */
    private void selectSlaveState(SentinelRedisInstance ri) {
        SentinelRedisInstance slave = selectSlave(ri);
        if (slave == null) {
            s.event("warning", "-failover-abort-no-good-slave", ri, "%@");
            abortFailover(ri);
            return;
        }
        s.event("warning", "+selected-slave", slave, "%@");
        slave.flags |= PROMOTED;
        ri.promotedSlave = slave;
        setState(ri, SEND_SLAVEOF_NOONE);
        s.event("notice", "+failover-state-send-slaveof-noone", slave, "%@");
    }

    /** sentinelFailoverSendSlaveOfNoOne: retried while the replica is unreachable, until failover-timeout. */
    private void sendSlaveOfNoOne(SentinelRedisInstance ri) {
        if (ri.promotedSlave.link.disconnected) {
            if (now() - ri.failoverStateChangeTime > ri.failoverTimeout) {
                s.event("warning", "-failover-abort-slave-timeout", ri, "%@");
                abortFailover(ri);
            }
            return;
        }
        if (!sendSlaveOf(ri.promotedSlave, null)) return;
        s.event("notice", "+failover-state-wait-promotion", ri.promotedSlave, "%@");
        setState(ri, WAIT_PROMOTION);
    }

    /** sentinelFailoverWaitPromotion: INFO moves us on ({@link #roleObserved}); here only the timeout. */
    private void waitPromotion(SentinelRedisInstance ri) {
        if (now() - ri.failoverStateChangeTime > ri.failoverTimeout) {
            s.event("warning", "-failover-abort-slave-timeout", ri, "%@");
            abortFailover(ri);
        }
    }

    /** sentinelFailoverDetectEnd: every reachable replica reconfigured, or failover-timeout passed. */
    private void detectEnd(SentinelRedisInstance master) {
        long elapsed = now() - master.failoverStateChangeTime;
        if (master.promotedSlave == null || master.promotedSlave.is(S_DOWN)) return;
        int notReconfigured = 0;
        boolean timeout = false;
        for (SentinelRedisInstance slave : master.slaves.values()) {
            if ((slave.flags & (PROMOTED | RECONF_DONE)) != 0) continue;
            if (slave.is(S_DOWN)) continue;
            notReconfigured++;
        }
        if (elapsed > master.failoverTimeout) {
            notReconfigured = 0;
            timeout = true;
            s.event("warning", "+failover-end-for-timeout", master, "%@");
        }
        if (notReconfigured == 0) {
            s.event("warning", "+failover-end", master, "%@");
            setState(master, UPDATE_CONFIG);
        }
        if (timeout) {
            for (SentinelRedisInstance slave : master.slaves.values()) {
                if ((slave.flags & (PROMOTED | RECONF_DONE | RECONF_SENT)) != 0) continue;
                if (slave.link.disconnected) continue;
                if (sendSlaveOf(slave, master.promotedSlave.addr)) {
                    s.event("notice", "+slave-reconf-sent-be", slave, "%@");
                    slave.flags |= RECONF_SENT;
                }
            }
        }
    }

    /** sentinelFailoverReconfNextSlave: REPLICAOF the new master to at most parallel-syncs replicas at a time. */
    private void reconfNextSlave(SentinelRedisInstance master) {
        int inProgress = 0;
        for (SentinelRedisInstance slave : master.slaves.values()) {
            if ((slave.flags & (RECONF_SENT | RECONF_INPROG)) != 0) inProgress++;
        }
        for (SentinelRedisInstance slave : master.slaves.values()) {
            if (inProgress >= master.parallelSyncs) break;
            if ((slave.flags & (PROMOTED | RECONF_DONE)) != 0) continue;
            if (slave.is(RECONF_SENT) && now() - slave.slaveReconfSentTime > s.slaveReconfTimeout) {
                s.event("notice", "-slave-reconf-sent-timeout", slave, "%@");
                slave.flags &= ~RECONF_SENT;
                slave.flags |= RECONF_DONE;
            }
            if ((slave.flags & (RECONF_SENT | RECONF_INPROG)) != 0) continue;
            if (slave.link.disconnected) continue;
            if (sendSlaveOf(slave, master.promotedSlave.addr)) {
                slave.flags |= RECONF_SENT;
                slave.slaveReconfSentTime = now();
                s.event("notice", "+slave-reconf-sent", slave, "%@");
                inProgress++;
            }
        }
        detectEnd(master);
    }

    /** sentinelFailoverSwitchToPromotedSlave: +switch-master, and the master is now the promoted replica. */
    void switchToPromotedSlave(SentinelRedisInstance master) {
        SentinelRedisInstance ref = master.promotedSlave != null ? master.promotedSlave : master;
        s.event("warning", "+switch-master", master, master.name + " " + master.addr.announced(s.announceHostnames) + " "
                + master.addr.port() + " " + ref.addr.announced(s.announceHostnames) + " " + ref.addr.port());
        s.resetMasterAndChangeAddress(master, ref.addr.hostname(), ref.addr.port());
    }

    /** sentinelAbortFailover: only before the promoted replica said it is a master. */
    void abortFailover(SentinelRedisInstance ri) {
        ri.flags &= ~(FAILOVER_IN_PROGRESS | FORCE_FAILOVER);
        ri.failoverState = FAILOVER_NONE;
        ri.failoverStateChangeTime = now();
        s.failoverListenerState(ri.name, "none", ri.failoverEpoch);
        if (ri.promotedSlave != null) {
            ri.promotedSlave.flags &= ~PROMOTED;
            ri.promotedSlave = null;
        }
    }

    /**
     * The acting half of sentinelRefreshInstanceInfo, once INFO gave {@code role}: the promoted
     * replica became a master (the failover moves to RECONF_SLAVES with the election's epoch as
     * the master's config epoch); a replica that turned master on its own, or replicates from the
     * wrong address, is set right once the master looks sane; a replica being reconfigured moves
     * from RECONF_SENT to RECONF_INPROG to RECONF_DONE.
     */
    void roleObserved(SentinelRedisInstance ri, int role) {
        long now = now();
        if (ri.is(SLAVE) && role == MASTER) {
            if (ri.is(PROMOTED) && ri.master.is(FAILOVER_IN_PROGRESS) && ri.master.failoverState == WAIT_PROMOTION) {
                ri.master.configEpoch = ri.master.failoverEpoch;
                setState(ri.master, RECONF_SLAVES);
                s.flushConfig();
                s.event("warning", "+promoted-slave", ri, "%@");
                if ((s.simfailureFlags & Sentinel.SIMFAILURE_CRASH_AFTER_PROMOTION) != 0) simFailureCrash();
                s.event("warning", "+failover-state-reconf-slaves", ri.master, "%@");
                s.callClientReconfScript(ri.master, true, ri.master.addr, ri.addr);
                s.forceHelloUpdateForMaster(ri.master);
            } else {
                long waitTime = s.publishPeriod * 4;
                if (!ri.is(PROMOTED) && s.masterLooksSane(ri.master) && ri.noDownFor(waitTime, now)
                        && now - ri.roleReportedTime > waitTime) {
                    if (sendSlaveOf(ri, ri.master.addr)) s.event("notice", "+convert-to-slave", ri, "%@");
                }
            }
        }
        if (ri.is(SLAVE) && role == SLAVE && (ri.slaveMasterPort != ri.master.addr.port()
                || !ri.master.addr.equalsHostname(ri.slaveMasterHost == null ? "" : ri.slaveMasterHost, s.resolveHostnames))) {
            long waitTime = ri.master.failoverTimeout;
            if (s.masterLooksSane(ri.master) && ri.noDownFor(waitTime, now) && now - ri.slaveConfChangeTime > waitTime) {
                if (sendSlaveOf(ri, ri.master.addr)) s.event("notice", "+fix-slave-config", ri, "%@");
            }
        }
        if (ri.is(SLAVE) && role == SLAVE && (ri.flags & (RECONF_SENT | RECONF_INPROG)) != 0) {
            SentinelRedisInstance promoted = ri.master.promotedSlave;
            if (ri.is(RECONF_SENT) && promoted != null && ri.slaveMasterHost != null
                    && promoted.addr.equalsHostname(ri.slaveMasterHost, s.resolveHostnames)
                    && ri.slaveMasterPort == promoted.addr.port()) {
                ri.flags &= ~RECONF_SENT;
                ri.flags |= RECONF_INPROG;
                s.event("notice", "+slave-reconf-inprog", ri, "%@");
            }
            if (ri.is(RECONF_INPROG) && ri.slaveMasterLinkUp) {
                ri.flags &= ~RECONF_INPROG;
                ri.flags |= RECONF_DONE;
                s.event("notice", "+slave-reconf-done", ri, "%@");
            }
        }
    }

    static final int ISQR_OK = 0, ISQR_NOQUORUM = 1, ISQR_NOAUTH = 2;

    /** sentinelIsQuorumReachable: usable Sentinels (this one and those not down) against quorum and majority. */
    int isQuorumReachable(SentinelRedisInstance master, int[] usablePtr) {
        int usable = 1;
        int voters = master.sentinels.size() + 1;
        for (SentinelRedisInstance ri : master.sentinels.values()) {
            if ((ri.flags & (S_DOWN | O_DOWN)) != 0) continue;
            usable++;
        }
        int result = ISQR_OK;
        if (usable < master.quorum) result |= ISQR_NOQUORUM;
        if (usable < voters / 2 + 1) result |= ISQR_NOAUTH;
        usablePtr[0] = usable;
        return result;
    }
}
