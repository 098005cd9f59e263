package io.glassbox.sentinel;

import io.glassbox.config.ConfigLoader;
import io.glassbox.config.RewriteLines;
import io.glassbox.resp.RespValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static io.glassbox.sentinel.SentinelRedisInstance.*;

/**
 * Redis Sentinel ({@code sentinel.c}): the state of one Sentinel and its timer, the "main" of a
 * Sentinel, which is wholly non-blocking. Ten times a second {@link #timer} walks every monitored
 * master, its replicas and the other Sentinels watching it, and for each does the monitoring half
 * (keep two connections open, PING every second, INFO every ten, publish a hello every two) and,
 * unless in TILT, the acting half: SDOWN, ODOWN, the election and the failover state machine
 * ({@link SentinelFailover}).
 *
 * <p>Everything here runs on the engine's command thread, as in Redis; replies from the monitored
 * instances arrive as callbacks on the same thread. Settings Redis keeps in C statics (the periods
 * SENTINEL DEBUG changes) are fields, so two Sentinels in one JVM never share them.
 */
public final class Sentinel {
    /** What the sentinel needs of the server it runs in. */
    public interface Host {
        long nowMillis();

        /** serverLog; {@code level} is "debug", "verbose", "notice" or "warning". */
        void log(String level, String msg);

        /** pubsubPublishMessage: the event, to this Sentinel's own subscribers. */
        void publish(String channel, String message);

        /** Opens an outbound connection (redisAsyncConnectBind); the outcome comes through {@code events}. */
        void connect(String host, int port, LinkEvents events);

        /** server.port: announced in hello messages unless announce-port is set. */
        int port();

        /** server.requirepass: used to authenticate to other Sentinels when sentinel-pass is not set. */
        String requirePass();

        /** rewriteConfig(server.configfile, 0); the exception's message says why it failed. */
        void rewriteConfig() throws Exception;

        /** sentinelSimFailureCrash's exit(99). */
        void crash();

        /** A file named in a command or the config, relative to {@code dir} as Redis's chdir makes it. */
        java.nio.file.Path path(String file);

        /** genRedisInfoString for these of the server's own sections (server, clients, stats, cpu). */
        String info(java.util.Set<String> sections);
    }

    /** An open outbound connection. */
    public interface Link {
        void write(byte[] b);

        void close();

        /** The local end, as Netty prints it ("/127.0.0.1:54321"). */
        String localAddress();
    }

    /** What happens on an outbound connection; every call on the command thread. */
    public interface LinkEvents {
        void connected(Link link);

        void bytes(byte[] b, int off, int len);

        void closed(String why);
    }

    static final String HELLO_CHANNEL = "__sentinel__:hello";
    static final int MAX_PENDING_COMMANDS = 100;
    static final int MAX_DESYNC = 1000;
    static final int SIMFAILURE_CRASH_AFTER_ELECTION = 1;
    static final int SIMFAILURE_CRASH_AFTER_PROMOTION = 2;

    // the periods of sentinel.c's statics, per Sentinel (SENTINEL DEBUG changes them)
    long infoPeriod = 10000;
    long pingPeriod = 1000;
    long askPeriod = 1000;
    long publishPeriod = 2000;
    long defaultDownAfter = 30000;
    long tiltTrigger = 2000;
    long tiltPeriod = 1000 * 30;
    long slaveReconfTimeout = 10000;
    long minLinkReconnectPeriod = 15000;
    long electionTimeout = 10000;
    long scriptMaxRuntime = 60000;
    long scriptRetryDelay = 30000;
    long defaultFailoverTimeout = 60 * 3 * 1000;

    final Host host;
    final Random random = new Random();
    final SentinelFailover failover = new SentinelFailover(this);
    final SentinelScripts scripts = new SentinelScripts(this);
    private SentinelListener listener = SentinelListener.NONE;

    String myid;
    long currentEpoch;
    final Map<String, SentinelRedisInstance> masters = new LinkedHashMap<>();
    boolean tilt;
    long tiltStartTime;
    long previousTime;
    String announceIp;
    int announcePort;
    int simfailureFlags;
    boolean denyScriptsReconfig = true;
    String sentinelAuthPass;
    String sentinelAuthUser;
    boolean resolveHostnames;
    boolean announceHostnames;

    public Sentinel(Host host) {
        this.host = host;
        this.previousTime = host.nowMillis();
    }

    public void setListener(SentinelListener l) { this.listener = l == null ? SentinelListener.NONE : l; }

    public SentinelListener listener() { return listener; }

    /** This Sentinel's id (SENTINEL MYID), or null before {@link #isRunning}. */
    public String myid() { return myid; }

    public long currentEpoch() { return currentEpoch; }

    long now() { return host.nowMillis(); }

    void failoverListenerVote(String voter, String leader, long epoch) { listener.vote(voter, leader, epoch); }

    void failoverListenerState(String master, String state, long epoch) { listener.failoverState(master, state, epoch); }

    /* ------------------------------------------------------------------ events */

    /**
     * sentinelEvent: logs the event (if the level passes loglevel) as "type message" and publishes
     * it on the channel named by its type. A {@code rest} starting with "%@" starts the message with
     * the instance ("master mymaster 127.0.0.1 6379", and for a replica or Sentinel also
     * "@ master-name ip port"), as sentinelEvent's format does.
     */
    void event(String level, String type, SentinelRedisInstance ri, String rest) {
        StringBuilder msg = new StringBuilder();
        if (rest.startsWith("%@")) {
            rest = rest.substring(2);
            SentinelRedisInstance m = ri.is(MASTER) ? null : ri.master;
            msg.append(ri.typeStr()).append(' ').append(ri.name).append(' ').append(ri.addr.announced(announceHostnames))
               .append(' ').append(ri.addr.port());
            if (m != null) {
                msg.append(" @ ").append(m.name).append(' ').append(m.addr.announced(announceHostnames)).append(' ')
                   .append(m.addr.port());
            }
        }
        msg.append(rest);
        String text = msg.toString();
        host.log(level, type + " " + text);
        if (!level.equals("debug")) host.publish(type, text);
        listener.event(type, text, currentEpoch);
        if (level.equals("warning") && ri != null) { // the notification script hears the warnings
            SentinelRedisInstance master = ri.is(MASTER) ? ri : ri.master;
            if (master != null && master.notificationScript != null) scripts.schedule(master.notificationScript, type, text);
        }
    }

    /* ------------------------------------------------------------------ instances */

    /**
     * createSentinelRedisInstance: a master (into {@link #masters}), a replica or a Sentinel (into
     * its master's tables). Null with the reason in {@code error[0]} for a bad address or a duplicate.
     */
    SentinelRedisInstance createInstance(String name, int flags, String hostname, int port, int quorum,
                                         SentinelRedisInstance master, String[] error) {
        SentinelAddr addr = SentinelAddr.create(hostname, port, true, resolveHostnames, error);
        if (addr == null) {
            if ("Can't resolve instance hostname.".equals(error[0])) host.log("warning", "Failed to resolve hostname '" + hostname + "'");
            return null;
        }
        String key = (flags & SLAVE) != 0 ? addr.announcedWithPort(announceHostnames) : name;
        Map<String, SentinelRedisInstance> table = (flags & MASTER) != 0 ? masters
                : (flags & SLAVE) != 0 ? master.slaves : master.sentinels;
        if (table.containsKey(key)) {
            error[0] = (flags & MASTER) != 0 ? "Duplicate master name." : (flags & SLAVE) != 0
                    ? "Duplicate hostname and port for replica." : "Duplicate runid for sentinel.";
            return null;
        }
        SentinelRedisInstance ri = new SentinelRedisInstance(key, flags, addr, quorum, master, now(),
                defaultDownAfter, defaultFailoverTimeout);
        table.put(key, ri);
        return ri;
    }

    SentinelRedisInstance masterByName(String name) { return masters.get(name); }

    /** sentinelRedisInstanceLookupSlave. */
    SentinelRedisInstance lookupSlave(SentinelRedisInstance master, String ip, int port) {
        SentinelAddr a = SentinelAddr.create(ip, port, false, resolveHostnames, new String[1]);
        return a == null ? null : master.slaves.get(a.announcedWithPort(announceHostnames));
    }

    /** getSentinelRedisInstanceByAddrAndRunID: by address, by run id, or both. */
    SentinelRedisInstance instanceByAddrAndRunId(Map<String, SentinelRedisInstance> instances, String ip, int port, String runid) {
        SentinelAddr a = null;
        if (ip != null) {
            a = SentinelAddr.create(ip, port, true, resolveHostnames, new String[1]);
            if (a == null) return null;
        }
        for (SentinelRedisInstance ri : instances.values()) {
            if (runid != null && ri.runid == null) continue;
            if ((runid == null || ri.runid.equals(runid)) && (a == null || ri.addr.sameAs(a))) return ri;
        }
        return null;
    }

    /** releaseSentinelRedisInstance's share: drop its links (a shared link stays for its other owners). */
    void release(SentinelRedisInstance ri) {
        for (SentinelRedisInstance s : ri.slaves.values()) release(s);
        for (SentinelRedisInstance s : ri.sentinels.values()) release(s);
        releaseLink(ri.link);
        if (ri.is(SLAVE) && ri.is(PROMOTED) && ri.master != null) ri.master.promotedSlave = null;
    }

    private void releaseLink(InstanceLink link) {
        if (--link.refcount != 0) return;
        link.close(link.cc);
        link.close(link.pc);
    }

    /** sentinelTryConnectionSharing: a Sentinel known through another master reuses that link. */
    void tryConnectionSharing(SentinelRedisInstance ri) {
        if (ri.runid == null || ri.link.refcount > 1) return;
        for (SentinelRedisInstance m : masters.values()) {
            if (m == ri.master) continue;
            SentinelRedisInstance match = instanceByAddrAndRunId(m.sentinels, null, 0, ri.runid);
            if (match == null || match == ri) continue;
            releaseLink(ri.link);
            ri.link = match.link;
            match.link.refcount++;
            return;
        }
    }

    /** removeMatchingSentinelFromMaster. */
    int removeMatchingSentinel(SentinelRedisInstance master, String runid) {
        if (runid == null) return 0;
        int removed = 0;
        for (var it = master.sentinels.values().iterator(); it.hasNext(); ) {
            SentinelRedisInstance ri = it.next();
            if (runid.equals(ri.runid)) {
                it.remove();
                release(ri);
                removed++;
            }
        }
        return removed;
    }

    /** sentinelUpdateSentinelAddressInAllMasters. */
    void updateSentinelAddressInAllMasters(SentinelRedisInstance ri) {
        int reconfigured = 0;
        for (SentinelRedisInstance m : masters.values()) {
            SentinelRedisInstance match = instanceByAddrAndRunId(m.sentinels, null, 0, ri.runid);
            if (match == null) continue;
            if (match.link.cc != null) match.link.close(match.link.cc);
            if (match.link.pc != null) match.link.close(match.link.pc);
            if (match == ri) continue;
            match.addr = ri.addr;
            reconfigured++;
        }
        if (reconfigured > 0) event("notice", "+sentinel-address-update", ri, "%@ " + reconfigured + " additional matching instances");
    }

    static final int RESET_NO_SENTINELS = 1;
    static final int GENERATE_EVENT = 1 << 16;

    /** sentinelResetMaster: forget replicas (and Sentinels), runtime flags and timers; reconnect. */
    void resetMaster(SentinelRedisInstance ri, int flags) {
        for (SentinelRedisInstance s : ri.slaves.values()) release(s);
        ri.slaves = new LinkedHashMap<>();
        if ((flags & RESET_NO_SENTINELS) == 0) {
            for (SentinelRedisInstance s : ri.sentinels.values()) release(s);
            ri.sentinels.clear();
        }
        ri.link.close(ri.link.cc);
        ri.link.close(ri.link.pc);
        ri.flags &= MASTER;
        ri.leader = null;
        ri.failoverState = FAILOVER_NONE;
        ri.failoverStateChangeTime = 0;
        ri.failoverStartTime = 0;
        ri.promotedSlave = null;
        ri.runid = null;
        ri.slaveMasterHost = null;
        long now = now();
        ri.link.actPingTime = now;
        ri.link.lastPingTime = 0;
        ri.link.lastAvailTime = now;
        ri.link.lastPongTime = now;
        ri.roleReportedTime = now;
        ri.roleReported = MASTER;
        if ((flags & GENERATE_EVENT) != 0) event("warning", "+reset-master", ri, "%@");
    }

    /** sentinelResetMastersByPattern. */
    int resetMastersByPattern(String pattern, int flags) {
        int reset = 0;
        for (SentinelRedisInstance ri : masters.values()) {
            if (io.glassbox.util.Glob.match(pattern.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    ri.name.getBytes(java.nio.charset.StandardCharsets.UTF_8), false)) {
                resetMaster(ri, flags);
                reset++;
            }
        }
        return reset;
    }

    /**
     * sentinelResetMasterAndChangeAddress (+switch-master): the master gets the new address and
     * the other replicas plus the old master become its replicas, so the old master is watched and
     * reconfigured when it comes back.
     */
    boolean resetMasterAndChangeAddress(SentinelRedisInstance master, String hostname, int port) {
        SentinelAddr newaddr = SentinelAddr.create(hostname, port, false, resolveHostnames, new String[1]);
        if (newaddr == null) return false;
        List<SentinelAddr> slaves = new ArrayList<>();
        for (SentinelRedisInstance s : master.slaves.values()) {
            if (s.addr.sameAs(newaddr)) continue;
            slaves.add(s.addr);
        }
        if (!newaddr.sameAs(master.addr)) slaves.add(master.addr);
        resetMaster(master, RESET_NO_SENTINELS);
        master.addr = newaddr;
        master.oDownSinceTime = 0;
        master.sDownSinceTime = 0;
        for (SentinelAddr a : slaves) {
            SentinelRedisInstance s = createInstance(null, SLAVE, a.hostname(), a.port(), master.quorum, master, new String[1]);
            if (s != null) event("notice", "+slave", s, "%@");
        }
        flushConfig();
        return true;
    }

    /* ------------------------------------------------------------------ configuration */

    /** sentinelHandleConfiguration: one {@code sentinel ...} line (without the word sentinel); null or the error. */
    String handleConfiguration(List<String> argv) {
        String d = argv.get(0).toLowerCase(Locale.ROOT);
        int argc = argv.size();
        SentinelRedisInstance ri;
        String[] err = new String[1];
        if (d.equals("monitor") && argc == 5) {
            int quorum = atoi(argv.get(4));
            if (quorum <= 0) return "Quorum must be 1 or greater.";
            if (createInstance(argv.get(1), MASTER, argv.get(2), atoi(argv.get(3)), quorum, null, err) == null) return err[0];
        } else if (d.equals("down-after-milliseconds") && argc == 3) {
            if ((ri = masterByName(argv.get(1))) == null) return "No such master with specified name.";
            ri.downAfterPeriod = atoi(argv.get(2));
            if (ri.downAfterPeriod <= 0) return "negative or zero time parameter.";
            propagateDownAfterPeriod(ri);
        } else if (d.equals("failover-timeout") && argc == 3) {
            if ((ri = masterByName(argv.get(1))) == null) return "No such master with specified name.";
            ri.failoverTimeout = atoi(argv.get(2));
            if (ri.failoverTimeout <= 0) return "negative or zero time parameter.";
        } else if (d.equals("parallel-syncs") && argc == 3) {
            if ((ri = masterByName(argv.get(1))) == null) return "No such master with specified name.";
            ri.parallelSyncs = atoi(argv.get(2));
        } else if (d.equals("notification-script") && argc == 3) {
            if ((ri = masterByName(argv.get(1))) == null) return "No such master with specified name.";
            if (!java.nio.file.Files.isExecutable(host.path(argv.get(2))))
                return "Notification script seems non existing or non executable.";
            ri.notificationScript = argv.get(2);
        } else if (d.equals("client-reconfig-script") && argc == 3) {
            if ((ri = masterByName(argv.get(1))) == null) return "No such master with specified name.";
            if (!java.nio.file.Files.isExecutable(host.path(argv.get(2))))
                return "Client reconfiguration script seems non existing or non executable.";
            ri.clientReconfigScript = argv.get(2);
        } else if (d.equals("auth-pass") && argc == 3) {
            if ((ri = masterByName(argv.get(1))) == null) return "No such master with specified name.";
            ri.authPass = argv.get(2);
        } else if (d.equals("auth-user") && argc == 3) {
            if ((ri = masterByName(argv.get(1))) == null) return "No such master with specified name.";
            ri.authUser = argv.get(2);
        } else if (d.equals("current-epoch") && argc == 2) {
            long e = strtoull(argv.get(1));
            if (Long.compareUnsigned(e, currentEpoch) > 0) currentEpoch = e;
        } else if (d.equals("myid") && argc == 2) {
            if (argv.get(1).length() != 40) return "Malformed Sentinel id in myid option.";
            myid = argv.get(1);
        } else if (d.equals("config-epoch") && argc == 3) {
            if ((ri = masterByName(argv.get(1))) == null) return "No such master with specified name.";
            ri.configEpoch = strtoull(argv.get(2));
            if (Long.compareUnsigned(ri.configEpoch, currentEpoch) > 0) currentEpoch = ri.configEpoch;
        } else if (d.equals("leader-epoch") && argc == 3) {
            if ((ri = masterByName(argv.get(1))) == null) return "No such master with specified name.";
            ri.leaderEpoch = strtoull(argv.get(2));
        } else if ((d.equals("known-slave") || d.equals("known-replica")) && argc == 4) {
            if ((ri = masterByName(argv.get(1))) == null) return "No such master with specified name.";
            if (createInstance(null, SLAVE, argv.get(2), atoi(argv.get(3)), ri.quorum, ri, err) == null) return err[0];
        } else if (d.equals("known-sentinel") && (argc == 4 || argc == 5)) {
            if (argc == 5) { // the old form without run id is ignored
                if ((ri = masterByName(argv.get(1))) == null) return "No such master with specified name.";
                SentinelRedisInstance si = createInstance(argv.get(4), SENTINEL, argv.get(2), atoi(argv.get(3)), ri.quorum, ri, err);
                if (si == null) return err[0];
                si.runid = argv.get(4);
                tryConnectionSharing(si);
            }
        } else if (d.equals("rename-command") && argc == 4) {
            if ((ri = masterByName(argv.get(1))) == null) return "No such master with specified name.";
            for (String k : ri.renamedCommands.keySet()) {
                if (k.equalsIgnoreCase(argv.get(2))) return "Same command renamed multiple times with rename-command.";
            }
            ri.renamedCommands.put(argv.get(2), argv.get(3));
        } else if (d.equals("announce-ip") && argc == 2) {
            if (!argv.get(1).isEmpty()) announceIp = argv.get(1);
        } else if (d.equals("announce-port") && argc == 2) {
            announcePort = atoi(argv.get(1));
        } else if (d.equals("deny-scripts-reconfig") && argc == 2) {
            Boolean b = yesno(argv.get(1));
            if (b == null) return "Please specify yes or no for the deny-scripts-reconfig options.";
            denyScriptsReconfig = b;
        } else if (d.equals("sentinel-user") && argc == 2) {
            if (!argv.get(1).isEmpty()) sentinelAuthUser = argv.get(1);
        } else if (d.equals("sentinel-pass") && argc == 2) {
            if (!argv.get(1).isEmpty()) sentinelAuthPass = argv.get(1);
        } else if (d.equals("resolve-hostnames") && argc == 2) {
            Boolean b = yesno(argv.get(1));
            if (b == null) return "Please specify yes or no for the resolve-hostnames option.";
            resolveHostnames = b;
        } else if (d.equals("announce-hostnames") && argc == 2) {
            Boolean b = yesno(argv.get(1));
            if (b == null) return "Please specify yes or no for the announce-hostnames option.";
            announceHostnames = b;
        } else if (d.equals("master-reboot-down-after-period") && argc == 3) {
            if ((ri = masterByName(argv.get(1))) == null) return "No such master with specified name.";
            ri.masterRebootDownAfterPeriod = atoi(argv.get(2));
            if (ri.masterRebootDownAfterPeriod < 0) return "negative time parameter.";
        } else {
            return "Unrecognized sentinel configuration statement.";
        }
        return null;
    }

    /** The settings a master line depends on come first, then the monitors, then the rest (preMonitorCfgName). */
    private static final List<String> PRE_MONITOR = List.of("announce-ip", "announce-port", "deny-scripts-reconfig",
            "sentinel-user", "sentinel-pass", "current-epoch", "myid", "resolve-hostnames", "announce-hostnames");

    /** loadSentinelConfigFromQueue: the queued lines, in three passes; the first bad line stops the start. */
    public void loadConfig(List<ConfigLoader.Directive> lines) throws ConfigLoader.FatalConfigError {
        List<ConfigLoader.Directive> pre = new ArrayList<>(), monitor = new ArrayList<>(), post = new ArrayList<>();
        for (ConfigLoader.Directive d : lines) {
            String name = d.argv().get(0).toLowerCase(Locale.ROOT);
            if (name.equals("monitor")) monitor.add(d);
            else if (PRE_MONITOR.contains(name)) pre.add(d);
            else post.add(d);
        }
        for (List<ConfigLoader.Directive> pass : List.of(pre, monitor, post)) {
            for (ConfigLoader.Directive d : pass) {
                String err = handleConfiguration(d.argv());
                if (err != null) throw ConfigLoader.lineError(d, err);
            }
        }
    }

    void propagateDownAfterPeriod(SentinelRedisInstance master) {
        for (SentinelRedisInstance r : master.slaves.values()) r.downAfterPeriod = master.downAfterPeriod;
        for (SentinelRedisInstance r : master.sentinels.values()) r.downAfterPeriod = master.downAfterPeriod;
    }

    /**
     * rewriteConfigSentinelOption: the state a restart must keep (id, epochs, the replicas and
     * Sentinels met) as {@code sentinel ...} lines, each kind replacing its old lines in place.
     */
    public void rewriteConfig(RewriteLines state) {
        state.rewriteLine("sentinel myid", "sentinel myid " + myid, true);
        state.rewriteLine("sentinel deny-scripts-reconfig", "sentinel deny-scripts-reconfig " + (denyScriptsReconfig ? "yes" : "no"),
                !denyScriptsReconfig);
        state.rewriteLine("sentinel resolve-hostnames", "sentinel resolve-hostnames " + (resolveHostnames ? "yes" : "no"), resolveHostnames);
        state.rewriteLine("sentinel announce-hostnames", "sentinel announce-hostnames " + (announceHostnames ? "yes" : "no"),
                announceHostnames);
        for (SentinelRedisInstance master : masters.values()) {
            SentinelAddr ma = master.currentMasterAddress();
            state.rewriteLine("sentinel monitor", "sentinel monitor " + master.name + " " + ma.announced(announceHostnames) + " "
                    + ma.port() + " " + master.quorum, true);
            if (master.downAfterPeriod != defaultDownAfter) {
                state.rewriteLine("sentinel down-after-milliseconds", "sentinel down-after-milliseconds " + master.name + " "
                        + master.downAfterPeriod, true);
            }
            if (master.failoverTimeout != defaultFailoverTimeout) {
                state.rewriteLine("sentinel failover-timeout", "sentinel failover-timeout " + master.name + " " + master.failoverTimeout, true);
            }
            if (master.parallelSyncs != 1) {
                state.rewriteLine("sentinel parallel-syncs", "sentinel parallel-syncs " + master.name + " " + master.parallelSyncs, true);
            }
            if (master.notificationScript != null) {
                state.rewriteLine("sentinel notification-script", "sentinel notification-script " + master.name + " "
                        + master.notificationScript, true);
            }
            if (master.clientReconfigScript != null) {
                state.rewriteLine("sentinel client-reconfig-script", "sentinel client-reconfig-script " + master.name + " "
                        + master.clientReconfigScript, true);
            }
            if (master.authPass != null) {
                state.rewriteLine("sentinel auth-pass", "sentinel auth-pass " + master.name + " " + master.authPass, true);
            }
            if (master.authUser != null) {
                state.rewriteLine("sentinel auth-user", "sentinel auth-user " + master.name + " " + master.authUser, true);
            }
            if (master.masterRebootDownAfterPeriod != 0) {
                state.rewriteLine("sentinel master-reboot-down-after-period", "sentinel master-reboot-down-after-period "
                        + master.name + " " + master.masterRebootDownAfterPeriod, true);
            }
            state.rewriteLine("sentinel config-epoch", "sentinel config-epoch " + master.name + " "
                    + Long.toUnsignedString(master.configEpoch), true);
            state.rewriteLine("sentinel leader-epoch", "sentinel leader-epoch " + master.name + " "
                    + Long.toUnsignedString(master.leaderEpoch), true);
            for (SentinelRedisInstance ri : master.slaves.values()) {
                // the promoted replica, while the failover runs, is written as the old master
                SentinelAddr sa = ri.addr.sameAs(ma) ? master.addr : ri.addr;
                state.rewriteLine("sentinel known-replica", "sentinel known-replica " + master.name + " "
                        + sa.announced(announceHostnames) + " " + sa.port(), true);
            }
            for (SentinelRedisInstance ri : master.sentinels.values()) {
                if (ri.runid == null) continue;
                state.rewriteLine("sentinel known-sentinel", "sentinel known-sentinel " + master.name + " "
                        + ri.addr.announced(announceHostnames) + " " + ri.addr.port() + " " + ri.runid, true);
            }
            for (Map.Entry<String, String> e : master.renamedCommands.entrySet()) {
                state.rewriteLine("sentinel rename-command", "sentinel rename-command " + master.name + " " + e.getKey() + " "
                        + e.getValue(), true);
            }
        }
        state.rewriteLine("sentinel current-epoch", "sentinel current-epoch " + Long.toUnsignedString(currentEpoch), true);
        if (announceIp != null) state.rewriteLine("sentinel announce-ip", "sentinel announce-ip " + repr(announceIp), true);
        else state.markAsProcessed("sentinel announce-ip");
        if (announcePort != 0) state.rewriteLine("sentinel announce-port", "sentinel announce-port " + announcePort, true);
        else state.markAsProcessed("sentinel announce-port");
        if (sentinelAuthUser != null) state.rewriteLine("sentinel sentinel-user", "sentinel sentinel-user " + sentinelAuthUser, true);
        else state.markAsProcessed("sentinel sentinel-user");
        if (sentinelAuthPass != null) state.rewriteLine("sentinel sentinel-pass", "sentinel sentinel-pass " + sentinelAuthPass, true);
        else state.markAsProcessed("sentinel sentinel-pass");
        for (String o : List.of("monitor", "down-after-milliseconds", "failover-timeout", "parallel-syncs", "notification-script",
                "client-reconfig-script", "auth-pass", "auth-user", "config-epoch", "leader-epoch", "known-replica",
                "known-sentinel", "rename-command", "master-reboot-down-after-period")) {
            state.markAsProcessed("sentinel " + o);
        }
    }

    /** sdscatrepr: quoted, with non-printable bytes escaped. */
    private static String repr(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\', '"' -> sb.append('\\').append(c);
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 32 || c > 126) sb.append(String.format("\\x%02x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    /** sentinelFlushConfig: the state, saved in the config file. */
    boolean flushConfig() {
        try {
            host.rewriteConfig();
            host.log("notice", "Sentinel new configuration saved on disk");
            return true;
        } catch (Exception e) {
            host.log("warning", "WARNING: Sentinel was not able to save the new configuration on disk!!!: " + e.getMessage());
            return false;
        }
    }

    /**
     * sentinelIsRunning: a Sentinel without an id picks one and saves it, logs it, and raises
     * +monitor for every configured master.
     */
    public void isRunning() {
        if (myid == null) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 40; i++) sb.append(Character.forDigit(random.nextInt(16), 16));
            myid = sb.toString();
            flushConfig();
        }
        host.log("warning", "Sentinel ID is " + myid);
        previousTime = now(); // the timer starts now: the time the engine took to start is no clock jump
        for (SentinelRedisInstance ri : masters.values()) event("warning", "+monitor", ri, "%@ quorum " + ri.quorum);
    }

    /* ------------------------------------------------------------------ the timer */

    /** sentinelTimer: run from serverCron, about ten times a second. */
    public void timer() {
        checkTiltCondition();
        handleDictOfInstances(masters);
        scripts.runPending();
        scripts.collectTerminated();
        scripts.killTimedOut();
    }

    /**
     * sentinelCallClientReconfScript: "master-name role state from-ip from-port to-ip to-port",
     * role "leader" or "observer", state always "start".
     */
    void callClientReconfScript(SentinelRedisInstance master, boolean leader, SentinelAddr from, SentinelAddr to) {
        if (master.clientReconfigScript == null) return;
        scripts.schedule(master.clientReconfigScript, master.name, leader ? "leader" : "observer", "start",
                from.announced(announceHostnames), String.valueOf(from.port()), to.announced(announceHostnames), String.valueOf(to.port()));
    }

    /**
     * sentinelCheckTiltCondition: a jump of the clock (backwards, or more than tilt-trigger between
     * two runs: the process was stopped, the machine froze) makes every timeout a lie; TILT keeps
     * collecting but stops acting for tilt-period.
     */
    private void checkTiltCondition() {
        long now = now();
        long delta = now - previousTime;
        if (delta < 0 || delta > tiltTrigger) {
            tilt = true;
            tiltStartTime = now;
            event("warning", "+tilt", null, "#tilt mode entered");
        }
        previousTime = now;
    }

    private void handleDictOfInstances(Map<String, SentinelRedisInstance> instances) {
        SentinelRedisInstance switchToPromoted = null;
        for (SentinelRedisInstance ri : new ArrayList<>(instances.values())) {
            if (instances.get(ri.name) != ri) continue; // removed while we walked (a Sentinel's address switch)
            handleInstance(ri);
            if (ri.is(MASTER)) {
                handleDictOfInstances(ri.slaves);
                handleDictOfInstances(ri.sentinels);
                if (ri.failoverState == UPDATE_CONFIG) switchToPromoted = ri;
            }
        }
        if (switchToPromoted != null) failover.switchToPromotedSlave(switchToPromoted);
    }

    /** sentinelHandleRedisInstance: the monitoring half always, the acting half unless in TILT. */
    private void handleInstance(SentinelRedisInstance ri) {
        reconnectInstance(ri);
        sendPeriodicCommands(ri);
        if (tilt) {
            if (now() - tiltStartTime < tiltPeriod) return;
            tilt = false;
            event("warning", "-tilt", null, "#tilt mode exited");
        }
        failover.checkSubjectivelyDown(ri);
        if (ri.is(MASTER)) {
            failover.checkObjectivelyDown(ri);
            if (failover.startFailoverIfNeeded(ri)) failover.askMasterStateToOtherSentinels(ri, true);
            failover.stateMachine(ri);
            failover.askMasterStateToOtherSentinels(ri, false);
        }
    }

    /* ------------------------------------------------------------------ the links */

    /**
     * sentinelReconnectInstance: open the command connection (AUTH, CLIENT SETNAME, a PING at once)
     * and, for masters and replicas, the Pub/Sub one subscribed to the hello channel; at most one
     * attempt per ping period.
     */
    private void reconnectInstance(SentinelRedisInstance ri) {
        InstanceLink link = ri.link;
        if (!link.disconnected || ri.addr.port() == 0) return;
        long now = now();
        if (now - link.lastReconnTime < pingPeriod) return;
        link.lastReconnTime = now;
        if (link.cc == null) {
            if (resolveHostnames) {
                SentinelAddr a = SentinelAddr.create(ri.addr.hostname(), ri.addr.port(), false, true, new String[1]);
                if (a != null) ri.addr = a;
            }
            InstanceLink.Conn cc = new InstanceLink.Conn(link);
            link.cc = cc;
            link.pendingCommands = 0;
            link.ccConnTime = now;
            host.connect(ri.addr.ip(), ri.addr.port(), cc);
            sendAuthIfNeeded(ri, cc);
            setClientName(ri, cc, "cmd");
            sendPing(ri);
        }
        if (ri.is(MASTER | SLAVE) && link.pc == null) {
            InstanceLink.Conn pc = new InstanceLink.Conn(link);
            link.pc = pc;
            link.pcConnTime = now;
            host.connect(ri.addr.ip(), ri.addr.port(), pc);
            sendAuthIfNeeded(ri, pc);
            setClientName(ri, pc, "pubsub");
            pc.subscribe(r -> receiveHelloMessages(ri, r), ri.command("SUBSCRIBE"), HELLO_CHANNEL);
        }
        if (link.cc != null && (ri.is(SENTINEL) || link.pc != null)) link.disconnected = false;
    }

    /** A command whose reply only counts as no longer pending (sentinelDiscardReplyCallback). */
    void discard(SentinelRedisInstance ri, InstanceLink.Conn c, String... argv) {
        InstanceLink link = ri.link;
        c.command(r -> { if (r != null && link.cc == c) link.pendingCommands--; }, argv);
        link.pendingCommands++;
    }

    /** sentinelSendAuthIfNeeded: the master's auth-pass/auth-user for it and its replicas; sentinel-pass (or requirepass) for Sentinels. */
    private void sendAuthIfNeeded(SentinelRedisInstance ri, InstanceLink.Conn c) {
        String pass = null, user = null;
        if (ri.is(MASTER)) {
            pass = ri.authPass;
            user = ri.authUser;
        } else if (ri.is(SLAVE)) {
            pass = ri.master.authPass;
            user = ri.master.authUser;
        } else if (ri.is(SENTINEL)) {
            if (sentinelAuthPass != null) {
                pass = sentinelAuthPass;
                user = sentinelAuthUser;
            } else {
                String rp = host.requirePass();
                pass = rp == null || rp.isEmpty() ? null : rp;
            }
        }
        if (pass != null && user == null) discard(ri, c, ri.command("AUTH"), pass);
        else if (pass != null) discard(ri, c, ri.command("AUTH"), user, pass);
    }

    /** sentinelSetClientName: "sentinel-<first 8 of myid>-cmd|pubsub", so CLIENT LIST shows who is who. */
    private void setClientName(SentinelRedisInstance ri, InstanceLink.Conn c, String type) {
        discard(ri, c, ri.command("CLIENT"), "SETNAME", "sentinel-" + myid.substring(0, 8) + "-" + type);
    }

    /** sentinelSendPing: act_ping_time starts with the first unanswered PING. */
    boolean sendPing(SentinelRedisInstance ri) {
        InstanceLink link = ri.link;
        InstanceLink.Conn cc = link.cc;
        if (cc == null) return false;
        cc.command(r -> pingReply(ri, cc, r), ri.command("PING"));
        link.pendingCommands++;
        link.lastPingTime = now();
        if (link.actPingTime == 0) link.actPingTime = link.lastPingTime;
        return true;
    }

    /** sentinelPingReplyCallback: PONG, LOADING and MASTERDOWN count as alive; a BUSY SDOWN instance gets SCRIPT KILL. */
    private void pingReply(SentinelRedisInstance ri, InstanceLink.Conn cc, RespValue r) {
        InstanceLink link = ri.link;
        if (r == null || link.cc != cc) return;
        link.pendingCommands--;
        String s = r instanceof RespValue.SimpleString ss ? ss.asText() : r instanceof RespValue.Error e ? e.asText() : null;
        if (s != null) {
            if (s.startsWith("PONG") || s.startsWith("LOADING") || s.startsWith("MASTERDOWN")) {
                link.lastAvailTime = now();
                link.actPingTime = 0;
                if (ri.is(MASTER_REBOOT) && s.startsWith("PONG")) ri.flags &= ~MASTER_REBOOT;
            } else if (s.startsWith("BUSY") && ri.is(S_DOWN) && !ri.is(SCRIPT_KILL_SENT)) {
                discard(ri, cc, ri.command("SCRIPT"), "KILL");
                ri.flags |= SCRIPT_KILL_SENT;
            }
        }
        link.lastPongTime = now();
    }

    /**
     * sentinelSendPeriodicCommands: INFO every info-period (every second for a replica of a master
     * that is ODOWN or being failed over, or whose link to its master is down), PING when the last
     * pong is older than min(down-after, ping-period), a hello every publish-period.
     */
    private void sendPeriodicCommands(SentinelRedisInstance ri) {
        InstanceLink link = ri.link;
        if (link.disconnected) return;
        if (link.pendingCommands >= MAX_PENDING_COMMANDS * link.refcount) return;
        long now = now();
        long infoPeriodNow = ri.is(SLAVE) && ((ri.master.flags & (O_DOWN | FAILOVER_IN_PROGRESS)) != 0 || ri.masterLinkDownTime != 0)
                ? 1000 : infoPeriod;
        long pingPeriodNow = Math.min(ri.downAfterPeriod, pingPeriod);
        if (!ri.is(SENTINEL) && (ri.infoRefresh == 0 || now - ri.infoRefresh > infoPeriodNow)) {
            InstanceLink.Conn cc = link.cc;
            cc.command(r -> {
                if (r == null || link.cc != cc) return;
                link.pendingCommands--;
                if (r instanceof RespValue.Bulk b) refreshInstanceInfo(ri, b.asText());
            }, ri.command("INFO"));
            link.pendingCommands++;
        }
        if (now - link.lastPongTime > pingPeriodNow && now - link.lastPingTime > pingPeriodNow / 2) sendPing(ri);
        if (now - ri.lastPubTime > publishPeriod) sendHello(ri);
    }

    /* ------------------------------------------------------------------ INFO */

    /** sentinelMasterLooksSane. */
    boolean masterLooksSane(SentinelRedisInstance master) {
        return master.is(MASTER) && master.roleReported == MASTER && (master.flags & (S_DOWN | O_DOWN)) == 0
                && now() - master.infoRefresh < infoPeriod * 2;
    }

    /**
     * sentinelRefreshInstanceInfo: read run id, replicas, role, the replica's view of its master,
     * priority and offset from INFO; then act on a role change (the promoted replica now a master
     * moves the failover on; a replica pointing elsewhere is set right after a while).
     */
    void refreshInstanceInfo(SentinelRedisInstance ri, String info) {
        ri.info = info;
        ri.masterLinkDownTime = 0;
        int role = 0;
        long now = now();
        for (String l : info.split("\r\n")) {
            if (l.length() >= 47 && l.startsWith("run_id:")) {
                String id = l.substring(7, 47);
                if (ri.runid == null) {
                    ri.runid = id;
                } else if (!ri.runid.equals(id)) {
                    event("notice", "+reboot", ri, "%@");
                    if (ri.is(MASTER) && ri.masterRebootDownAfterPeriod != 0) {
                        ri.flags |= MASTER_REBOOT;
                        ri.masterRebootSinceTime = now;
                    }
                    ri.runid = id;
                }
            }
            if (ri.is(MASTER) && l.length() >= 7 && l.startsWith("slave") && Character.isDigit(l.charAt(5))) {
                String ip, port;
                if (!l.contains("ip=")) {
                    String[] p = l.substring(l.indexOf(':') + 1).split(",");
                    if (p.length < 3) continue;
                    ip = p[0];
                    port = p[1];
                } else {
                    int i = l.indexOf("ip="), pi = l.indexOf("port=");
                    if (pi < 0) continue;
                    ip = field(l, i + 3);
                    port = field(l, pi + 5);
                }
                if (lookupSlave(ri, ip, atoi(port)) == null) {
                    SentinelRedisInstance slave = createInstance(null, SLAVE, ip, atoi(port), ri.quorum, ri, new String[1]);
                    if (slave != null) {
                        event("notice", "+slave", slave, "%@");
                        flushConfig();
                    }
                }
            }
            if (l.length() >= 32 && l.startsWith("master_link_down_since_seconds")) {
                ri.masterLinkDownTime = strtoll(l.substring(31)) * 1000;
            }
            if (l.startsWith("role:master")) role = MASTER;
            else if (l.startsWith("role:slave")) role = SLAVE;
            if (role == SLAVE) {
                if (l.startsWith("master_host:")) {
                    String h = l.substring(12);
                    if (ri.slaveMasterHost == null || !h.equalsIgnoreCase(ri.slaveMasterHost)) {
                        ri.slaveMasterHost = h;
                        ri.slaveConfChangeTime = now;
                    }
                }
                if (l.startsWith("master_port:")) {
                    int p = atoi(l.substring(12));
                    if (ri.slaveMasterPort != p) {
                        ri.slaveMasterPort = p;
                        ri.slaveConfChangeTime = now;
                    }
                }
                if (l.startsWith("master_link_status:")) ri.slaveMasterLinkUp = l.substring(19).equalsIgnoreCase("up");
                if (l.startsWith("slave_priority:")) ri.slavePriority = atoi(l.substring(15));
                if (l.startsWith("slave_repl_offset:")) ri.slaveReplOffset = strtoull(l.substring(18));
                if (l.startsWith("replica_announced:")) ri.replicaAnnounced = atoi(l.substring(18));
            }
        }
        ri.infoRefresh = now;

        if (role != ri.roleReported) {
            ri.roleReportedTime = now;
            ri.roleReported = role;
            if (role == SLAVE) ri.slaveConfChangeTime = now;
            event("verbose", (ri.flags & (MASTER | SLAVE)) == role ? "+role-change" : "-role-change", ri,
                    "%@ new reported role is " + (role == MASTER ? "master" : "slave"));
        }
        if (tilt) return;
        failover.roleObserved(ri, role);
    }

    private static String field(String l, int from) {
        int end = l.indexOf(',', from);
        return end < 0 ? l.substring(from) : l.substring(from, end);
    }

    /* ------------------------------------------------------------------ hello */

    /**
     * sentinelSendHello: "ip,port,runid,current_epoch,master_name,master_ip,master_port,master_config_epoch"
     * on the hello channel of a master or replica (the Sentinels there discover us), or straight
     * to another Sentinel through its PUBLISH.
     */
    boolean sendHello(SentinelRedisInstance ri) {
        SentinelRedisInstance master = ri.is(MASTER) ? ri : ri.master;
        SentinelAddr ma = master.currentMasterAddress();
        InstanceLink link = ri.link;
        if (link.disconnected || link.cc == null) return false;
        String ip = announceIp;
        if (ip == null) {
            ip = localIp(link.cc.localAddress);
            if (ip == null) return false;
        }
        int port = announcePort != 0 ? announcePort : host.port();
        String payload = ip + "," + port + "," + myid + "," + Long.toUnsignedString(currentEpoch) + ","
                + master.name + "," + ma.announced(announceHostnames) + "," + ma.port() + ","
                + Long.toUnsignedString(master.configEpoch);
        InstanceLink.Conn cc = link.cc;
        cc.command(r -> {
            if (r == null || link.cc != cc) return;
            link.pendingCommands--;
            if (!(r instanceof RespValue.Error)) ri.lastPubTime = now();
        }, ri.command("PUBLISH"), HELLO_CHANNEL, payload);
        link.pendingCommands++;
        return true;
    }

    /** anetFdToString(FD_TO_SOCK_NAME): the IP of "/127.0.0.1:54321". */
    private static String localIp(String local) {
        if (local == null || local.equals("null")) return null;
        String s = local.startsWith("/") ? local.substring(1) : local;
        int colon = s.lastIndexOf(':');
        if (colon < 0) return null;
        s = s.substring(0, colon);
        if (s.startsWith("[") && s.endsWith("]")) s = s.substring(1, s.length() - 1);
        int pct = s.indexOf('%');
        return pct >= 0 ? s.substring(0, pct) : s;
    }

    /** sentinelReceiveHelloMessages: messages on the hello channel of a master or replica (ours ignored). */
    private void receiveHelloMessages(SentinelRedisInstance ri, RespValue r) {
        if (r == null) return;
        ri.link.pcLastActivity = now();
        if (!(r instanceof RespValue.Array a) || a.items().size() != 3) return;
        for (RespValue v : a.items()) if (!(v instanceof RespValue.Bulk)) return;
        if (!a.items().get(0).asText().equals("message")) return;
        String hello = a.items().get(2).asText();
        if (hello.contains(myid)) return;
        processHelloMessage(hello);
    }

    /**
     * sentinelProcessHelloMessage: a Sentinel met (or met again at a new address), a greater
     * current epoch adopted, and a newer master configuration (a failover someone else led)
     * switched to with +config-update-from and +switch-master.
     */
    void processHelloMessage(String hello) {
        String[] token = hello.split(",", -1);
        if (token.length != 8) return;
        SentinelRedisInstance master = masterByName(token[4]);
        if (master == null) return;
        int port = atoi(token[1]);
        int masterPort = atoi(token[6]);
        SentinelRedisInstance si = instanceByAddrAndRunId(master.sentinels, token[0], port, token[2]);
        long helloEpoch = strtoull(token[3]);
        long masterConfigEpoch = strtoull(token[7]);
        if (si == null) {
            int removed = removeMatchingSentinel(master, token[2]);
            if (removed > 0) {
                event("notice", "+sentinel-address-switch", master, "%@ ip " + token[0] + " port " + port + " for " + token[2]);
            } else {
                SentinelRedisInstance other = instanceByAddrAndRunId(master.sentinels, token[0], port, null);
                if (other != null) {
                    event("notice", "+sentinel-invalid-addr", other, "%@");
                    String obsolete = other.runid;
                    for (SentinelRedisInstance m : masters.values()) removeMatchingSentinel(m, obsolete);
                }
            }
            si = createInstance(token[2], SENTINEL, token[0], port, master.quorum, master, new String[1]);
            if (si != null) {
                if (removed == 0) event("notice", "+sentinel", si, "%@");
                si.runid = token[2];
                tryConnectionSharing(si);
                if (removed > 0) updateSentinelAddressInAllMasters(si);
                flushConfig();
            }
        }
        if (Long.compareUnsigned(helloEpoch, currentEpoch) > 0) {
            currentEpoch = helloEpoch;
            flushConfig();
            event("warning", "+new-epoch", master, "" + Long.toUnsignedString(currentEpoch));
        }
        if (si != null && Long.compareUnsigned(master.configEpoch, masterConfigEpoch) < 0) {
            master.configEpoch = masterConfigEpoch;
            if (masterPort != master.addr.port() || !master.addr.equalsHostname(token[5], resolveHostnames)) {
                event("warning", "+config-update-from", si, "%@");
                event("warning", "+switch-master", master, master.name + " " + master.addr.announced(announceHostnames) + " "
                        + master.addr.port() + " " + token[5] + " " + masterPort);
                SentinelAddr oldAddr = master.addr;
                resetMasterAndChangeAddress(master, token[5], masterPort);
                callClientReconfScript(master, false, oldAddr, master.addr);
            }
        }
        if (si != null) si.lastHelloTime = now();
    }

    /** sentinelForceHelloUpdateForMaster: hello to everyone of this master at the next timer run. */
    void forceHelloUpdateForMaster(SentinelRedisInstance master) {
        if (!master.is(MASTER)) return;
        if (master.lastPubTime >= publishPeriod + 1) master.lastPubTime -= publishPeriod + 1;
        for (SentinelRedisInstance r : master.sentinels.values()) if (r.lastPubTime >= publishPeriod + 1) r.lastPubTime -= publishPeriod + 1;
        for (SentinelRedisInstance r : master.slaves.values()) if (r.lastPubTime >= publishPeriod + 1) r.lastPubTime -= publishPeriod + 1;
    }

    /** dropInstanceConnections: a master's and its replicas' links, after its credentials changed. */
    void dropInstanceConnections(SentinelRedisInstance ri) {
        ri.link.close(ri.link.cc);
        ri.link.close(ri.link.pc);
        for (SentinelRedisInstance s : ri.slaves.values()) {
            s.link.close(s.link.cc);
            s.link.close(s.link.pc);
        }
    }

    /** sentinelDropConnections: every link to another Sentinel (after sentinel-user/pass changed). */
    int dropSentinelConnections() {
        int dropped = 0;
        for (SentinelRedisInstance m : masters.values()) {
            for (SentinelRedisInstance si : m.sentinels.values()) {
                if (!si.link.disconnected) {
                    si.link.close(si.link.pc);
                    si.link.close(si.link.cc);
                    dropped++;
                }
            }
        }
        return dropped;
    }

    /** What this Sentinel sees now; command thread only. */
    public SentinelSnapshot snapshot() {
        List<SentinelSnapshot.Master> out = new ArrayList<>();
        for (SentinelRedisInstance m : masters.values()) {
            SentinelAddr a = m.currentMasterAddress();
            List<SentinelSnapshot.Instance> replicas = new ArrayList<>(), others = new ArrayList<>();
            for (SentinelRedisInstance r : m.slaves.values()) replicas.add(view(r));
            for (SentinelRedisInstance r : m.sentinels.values()) others.add(view(r));
            out.add(new SentinelSnapshot.Master(m.name, a.announced(announceHostnames), a.port(), SentinelCommands.flags(m), m.quorum,
                    m.configEpoch, m.leader, m.leaderEpoch, SentinelRedisInstance.failoverStateStr(m.failoverState), replicas, others));
        }
        return new SentinelSnapshot(myid, currentEpoch, tilt, out);
    }

    private SentinelSnapshot.Instance view(SentinelRedisInstance r) {
        return new SentinelSnapshot.Instance(r.name, r.runid, r.addr.announced(announceHostnames), r.addr.port(),
                SentinelCommands.flags(r), r.leader, r.leaderEpoch);
    }

    /** Every link closed: the engine stops. */
    public void shutdown() {
        for (SentinelRedisInstance m : masters.values()) release(m);
        scripts.shutdown();
    }

    /* ------------------------------------------------------------------ C conversions */

    /** atoi: leading digits with an optional sign, 0 if none. */
    static int atoi(String s) {
        long v = strtoll(s);
        return (int) v;
    }

    static long strtoll(String s) {
        int i = 0, n = s.length();
        while (i < n && Character.isWhitespace(s.charAt(i))) i++;
        boolean neg = false;
        if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) neg = s.charAt(i++) == '-';
        long v = 0;
        while (i < n && Character.isDigit(s.charAt(i))) v = v * 10 + (s.charAt(i++) - '0');
        return neg ? -v : v;
    }

    static long strtoull(String s) {
        try {
            String t = s.trim();
            int end = 0;
            while (end < t.length() && Character.isDigit(t.charAt(end))) end++;
            return end == 0 ? 0 : Long.parseUnsignedLong(t.substring(0, end));
        } catch (NumberFormatException e) {
            return -1; // ULLONG_MAX on overflow
        }
    }

    /** yesnotoi. */
    static Boolean yesno(String s) {
        if (s.equalsIgnoreCase("yes")) return true;
        if (s.equalsIgnoreCase("no")) return false;
        return null;
    }
}
