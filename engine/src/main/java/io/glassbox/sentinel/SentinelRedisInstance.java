package io.glassbox.sentinel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A monitored instance ({@code sentinelRedisInstance}): a master, one of its replicas, or another
 * Sentinel watching it. A master owns the tables of its replicas (keyed "ip:port") and of the other
 * Sentinels (keyed by run id); the failover state lives on the master. Times are milliseconds of
 * the engine's clock.
 */
final class SentinelRedisInstance {
    static final int MASTER = 1;
    static final int SLAVE = 1 << 1;
    static final int SENTINEL = 1 << 2;
    static final int S_DOWN = 1 << 3;
    static final int O_DOWN = 1 << 4;
    static final int MASTER_DOWN = 1 << 5;
    static final int FAILOVER_IN_PROGRESS = 1 << 6;
    static final int PROMOTED = 1 << 7;
    static final int RECONF_SENT = 1 << 8;
    static final int RECONF_INPROG = 1 << 9;
    static final int RECONF_DONE = 1 << 10;
    static final int FORCE_FAILOVER = 1 << 11;
    static final int SCRIPT_KILL_SENT = 1 << 12;
    static final int MASTER_REBOOT = 1 << 13;

    /** The failover states (SENTINEL_FAILOVER_STATE_*), in order. */
    static final int FAILOVER_NONE = 0, WAIT_START = 1, SELECT_SLAVE = 2, SEND_SLAVEOF_NOONE = 3,
            WAIT_PROMOTION = 4, RECONF_SLAVES = 5, UPDATE_CONFIG = 6;

    static final int DEFAULT_SLAVE_PRIORITY = 100;

    int flags;
    final String name;
    String runid;
    long configEpoch;
    SentinelAddr addr;
    InstanceLink link;
    long lastPubTime;
    long lastHelloTime;
    long lastMasterDownReplyTime;
    long sDownSinceTime;
    long oDownSinceTime;
    long downAfterPeriod;
    long masterRebootDownAfterPeriod;
    long masterRebootSinceTime;
    long infoRefresh;
    final Map<String, String> renamedCommands = new LinkedHashMap<>();

    int roleReported;
    long roleReportedTime;
    long slaveConfChangeTime;

    // master
    final Map<String, SentinelRedisInstance> sentinels = new LinkedHashMap<>();
    Map<String, SentinelRedisInstance> slaves = new LinkedHashMap<>();
    int quorum;
    int parallelSyncs = 1;
    String authPass;
    String authUser;

    // replica
    long masterLinkDownTime;
    int slavePriority = DEFAULT_SLAVE_PRIORITY;
    int replicaAnnounced = 1;
    long slaveReconfSentTime;
    final SentinelRedisInstance master;
    String slaveMasterHost;
    int slaveMasterPort;
    boolean slaveMasterLinkUp;
    long slaveReplOffset;

    // failover
    /** A master: the Sentinel elected to fail it over; a Sentinel: whom it voted for. */
    String leader;
    long leaderEpoch;
    long failoverEpoch;
    int failoverState = FAILOVER_NONE;
    long failoverStateChangeTime;
    long failoverStartTime;
    long failoverTimeout;
    long failoverDelayLogged;
    SentinelRedisInstance promotedSlave;
    String notificationScript;
    String clientReconfigScript;
    /** The last INFO reply, for SENTINEL INFO-CACHE. */
    String info;

    SentinelRedisInstance(String name, int flags, SentinelAddr addr, int quorum, SentinelRedisInstance master,
                          long now, long defaultDownAfter, long defaultFailoverTimeout) {
        this.name = name;
        this.flags = flags;
        this.addr = addr;
        this.quorum = quorum;
        this.master = master;
        this.link = new InstanceLink(now);
        this.lastPubTime = now;
        this.lastHelloTime = now;
        this.lastMasterDownReplyTime = now;
        this.downAfterPeriod = master != null ? master.downAfterPeriod : defaultDownAfter;
        this.failoverTimeout = defaultFailoverTimeout;
        this.roleReported = flags & (MASTER | SLAVE);
        this.roleReportedTime = now;
        this.slaveConfChangeTime = now;
    }

    boolean is(int flag) { return (flags & flag) != 0; }

    /** sentinelRedisInstanceTypeStr. */
    String typeStr() {
        if (is(MASTER)) return "master";
        if (is(SLAVE)) return "slave";
        if (is(SENTINEL)) return "sentinel";
        return "unknown";
    }

    /** sentinelRedisInstanceNoDownFor: no SDOWN or ODOWN in the last {@code ms}. */
    boolean noDownFor(long ms, long now) {
        long mostRecent = Math.max(sDownSinceTime, oDownSinceTime);
        return mostRecent == 0 || now - mostRecent > ms;
    }

    /** sentinelGetCurrentMasterAddress: the promoted replica's once the failover reached RECONF_SLAVES. */
    SentinelAddr currentMasterAddress() {
        if (is(FAILOVER_IN_PROGRESS) && promotedSlave != null && failoverState >= RECONF_SLAVES) return promotedSlave.addr;
        return addr;
    }

    /** sentinelInstanceMapCommand: the name this instance (or its master) knows the command by. */
    String command(String name) {
        SentinelRedisInstance ri = master != null ? master : this;
        String renamed = null;
        for (Map.Entry<String, String> e : ri.renamedCommands.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) renamed = e.getValue();
        }
        return renamed != null ? renamed : name;
    }

    static String failoverStateStr(int state) {
        return switch (state) {
            case FAILOVER_NONE -> "none";
            case WAIT_START -> "wait_start";
            case SELECT_SLAVE -> "select_slave";
            case SEND_SLAVEOF_NOONE -> "send_slaveof_noone";
            case WAIT_PROMOTION -> "wait_promotion";
            case RECONF_SLAVES -> "reconf_slaves";
            case UPDATE_CONFIG -> "update_config";
            default -> "unknown";
        };
    }
}
