package io.glassbox.replication;

import io.glassbox.server.Client;
import io.glassbox.util.RedisNumbers;

/**
 * A coordinated failover (replication.c's {@code failoverCommand}, {@code updateFailoverStatus},
 * {@code abortFailover}, {@code clearFailoverState}, and {@code syncCommand}'s
 * {@code PSYNC ... FAILOVER} branch): a master hands its role to one of its replicas without
 * losing a write.
 *
 * <p>The state machine ({@code master_failover_state} in INFO): {@code no-failover} ->
 * {@code waiting-for-sync} (writes paused, so the stream stops growing; the cron waits until the
 * target, or any replica, has acknowledged the whole stream, or the timeout) ->
 * {@code failover-in-progress} (this node became a replica of the target and asks
 * {@code PSYNC <replid> <offset+1> FAILOVER}) -> {@code no-failover} once the target answered
 * (writes resume, on the new master), or back as a master if it refused or the timeout hit.
 */
final class Failover {
    /** {@code master_failover_state}: none, waiting for a replica to catch up, handing over. */
    enum FailoverState {
        NO_FAILOVER("no-failover"), WAIT_FOR_SYNC("waiting-for-sync"), IN_PROGRESS("failover-in-progress");

        final String infoName;

        FailoverState(String infoName) { this.infoName = infoName; }
    }

    private final Replication r;
    private final Replication.Host host;

    private FailoverState state = FailoverState.NO_FAILOVER;
    private long endMillis;
    private boolean force;
    private String targetHost;
    private int targetPort;

    Failover(Replication r) {
        this.r = r;
        this.host = r.host;
    }

    FailoverState state() { return state; }

    /** A failover has begun and has not ended (SYNC/PSYNC are refused meanwhile). */
    boolean inProgress() { return state != FailoverState.NO_FAILOVER; }

    /** This node stepped down and its PSYNC ... FAILOVER is on the way to the target. */
    boolean handingOver() { return state == FailoverState.IN_PROGRESS; }

    /** A failover with a TIMEOUT is under way: the cron sends no PING, which would move the offset the target must reach. */
    boolean timedWaitInProgress() { return endMillis != 0 && state != FailoverState.NO_FAILOVER; }

    /**
     * FAILOVER [TO host port [FORCE]] [ABORT] [TIMEOUT ms] (failoverCommand): hand the master role
     * to a replica without losing a write. Writes are paused at once (CLIENT PAUSE WRITE), so the
     * stream stops growing; {@link #updateFailoverStatus} (once a second) waits until the target, or
     * any replica, has acknowledged the whole stream, then this node becomes a replica of it and
     * asks {@code PSYNC <replid> <offset+1> FAILOVER}: the target, whose history is ours, promotes
     * itself and answers +CONTINUE, and writes resume (on the new master). Replies +OK as soon as
     * the failover is under way; INFO's {@code master_failover_state} follows it.
     */
    void failoverCommand(Client c) {
        if (c.argc() == 2 && c.argString(1).equalsIgnoreCase("abort")) {
            if (state == FailoverState.NO_FAILOVER) { c.addError("No failover in progress."); return; }
            abortFailover("Failover manually aborted");
            c.addOk();
            return;
        }
        long timeoutMillis = 0;
        boolean forceArg = false;
        String hostArg = null;
        long port = 0;
        for (int j = 1; j < c.argc(); j++) {
            String a = c.argString(j);
            if (a.equalsIgnoreCase("timeout") && j + 1 < c.argc() && timeoutMillis == 0) {
                long[] v = new long[1];
                if (!RedisNumbers.string2ll(c.arg(j + 1), v)) { c.addErrorNotInteger(); return; }
                if (v[0] <= 0) { c.addError("FAILOVER timeout must be greater than 0"); return; }
                timeoutMillis = v[0];
                j++;
            } else if (a.equalsIgnoreCase("to") && j + 2 < c.argc() && hostArg == null) {
                long[] v = new long[1];
                if (!RedisNumbers.string2ll(c.arg(j + 2), v)) { c.addErrorNotInteger(); return; }
                port = v[0];
                hostArg = c.argString(j + 1);
                j += 2;
            } else if (a.equalsIgnoreCase("force") && !forceArg) {
                forceArg = true;
            } else {
                c.addErrorSyntax();
                return;
            }
        }
        if (state != FailoverState.NO_FAILOVER) { c.addError("FAILOVER already in progress."); return; }
        if (r.link.isReplica()) { c.addError("FAILOVER is not valid when server is a replica."); return; }
        if (!r.master.hasReplicas()) { c.addError("FAILOVER requires connected replicas."); return; }
        if (forceArg && (timeoutMillis == 0 || hostArg == null)) {
            c.addError("FAILOVER with force option requires both a timeout and target HOST and IP.");
            return;
        }
        if (hostArg != null) {
            if (r.master.findReplica(hostArg, port) == null) { c.addError("FAILOVER target HOST and PORT is not a replica."); return; }
            // every replica here is online: one still in its full sync is not in the master's replicas yet
            targetHost = hostArg;
            targetPort = (int) port;
            host.log("notice", "FAILOVER requested to " + hostArg + ":" + port + ".");
        } else {
            host.log("notice", "FAILOVER requested to any replica.");
        }
        endMillis = timeoutMillis > 0 ? host.nowMillis() + timeoutMillis : 0;
        force = forceArg;
        state = FailoverState.WAIT_FOR_SYNC;
        host.pauseClients(Long.MAX_VALUE, true);
        c.addOk();
    }

    /**
     * updateFailoverStatus, from the cron: while waiting, give up at the timeout (or, with FORCE,
     * hand over anyway), else hand over as soon as the target (or, without TO, any replica) has
     * acknowledged {@code master_repl_offset}.
     */
    void updateFailoverStatus() {
        if (state != FailoverState.WAIT_FOR_SYNC) return;
        if (endMillis != 0 && endMillis <= host.nowMillis()) {
            if (force) {
                host.log("notice", "FAILOVER to " + targetHost + ":" + targetPort + " time out exceeded, failing over.");
                state = FailoverState.IN_PROGRESS;
                r.link.setMaster(targetHost, targetPort);
            } else {
                abortFailover("Replica never caught up before timeout");
            }
            return;
        }
        long offset = r.ids.masterReplOffset;
        MasterSide.Replica target = null;
        if (targetHost != null) {
            target = r.master.findReplica(targetHost, targetPort);
        } else {
            for (MasterSide.Replica x : r.master.replicas()) {
                if (x.ackOffset == offset) {
                    target = x;
                    targetHost = x.ip();
                    targetPort = x.listeningPort;
                    break;
                }
            }
        }
        if (target != null && target.ackOffset == offset) {
            state = FailoverState.IN_PROGRESS;
            host.log("notice", "Failover target " + targetHost + ":" + targetPort + " is synced, failing over.");
            r.link.setMaster(targetHost, targetPort);
        }
    }

    /** abortFailover: back to a master if we had already stepped down, writes resume. */
    void abortFailover(String why) {
        if (state == FailoverState.NO_FAILOVER) return;
        host.log("notice", "FAILOVER to " + (targetHost == null ? "any replica"
                : targetHost + ":" + targetPort) + " aborted: " + why);
        if (state == FailoverState.IN_PROGRESS) r.link.unsetMaster();
        clearFailoverState();
    }

    /** clearFailoverState: the failover is over (done or aborted); writes resume. */
    void clearFailoverState() {
        endMillis = 0;
        force = false;
        targetHost = null;
        targetPort = 0;
        state = FailoverState.NO_FAILOVER;
        host.unpauseClients();
    }

    /**
     * The target's half of a failover, {@code PSYNC <replid> <offset> FAILOVER} (syncCommand): a
     * replica whose master asks it to take over, naming our shared history, becomes a master
     * (REPLICAOF NO ONE: the old ID becomes replid2), so the PSYNC that follows continues. False,
     * with the error replied, if it may not.
     */
    boolean psyncFailover(Client c, String psyncReplid) {
        host.log("warning", "Failover request received for replid " + psyncReplid + ".");
        if (!r.link.isReplica()) { c.addError("PSYNC FAILOVER can't be sent to a master."); return false; }
        if (!psyncReplid.equalsIgnoreCase(r.ids.replid)) { c.addError("PSYNC FAILOVER replid must match my replid."); return false; }
        r.link.unsetMaster();
        host.log("notice", "MASTER MODE enabled (failover request from '" + c.connection().remoteAddress() + "')");
        return true;
    }
}
