package io.glassbox.sentinel;

import io.glassbox.command.CommandTable;
import io.glassbox.resp.RespReader;
import io.glassbox.resp.RespValue;
import io.glassbox.server.Client;
import io.glassbox.util.Glob;
import io.glassbox.util.RedisNumbers;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static io.glassbox.sentinel.SentinelRedisInstance.*;

/**
 * The commands of a Sentinel ({@code sentinelCommand}, {@code sentinelInfoCommand},
 * {@code sentinelRoleCommand}, {@code sentinelPublishCommand}, {@code sentinelSetCommand}): the
 * SENTINEL family, and the Sentinel's own INFO, ROLE and PUBLISH, which replace the server's.
 * Arity and unknown subcommands are the command table's (Redis 7.0's sentinel metadata).
 */
public final class SentinelCommands {
    private final Sentinel s;
    private final List<String> help;

    public SentinelCommands(Sentinel sentinel) {
        this.s = sentinel;
        this.help = loadHelp();
    }

    private static List<String> loadHelp() {
        try (InputStream in = SentinelCommands.class.getResourceAsStream("redis-7.0-sentinel-help.resp")) {
            List<String> lines = new ArrayList<>();
            for (RespValue v : ((RespValue.Array) new RespReader(new BufferedInputStream(in)).read()).items()) lines.add(v.asText());
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void register(CommandTable t) {
        t.bind("sentinel|help", c -> { c.addArrayLen(help.size()); for (String l : help) c.addStatus(l); });
        t.bind("sentinel|masters", c -> addInstances(c, s.masters));
        t.bind("sentinel|master", c -> { SentinelRedisInstance ri = master(c, 2); if (ri != null) addInstance(c, ri); });
        t.bind("sentinel|replicas", this::replicas);
        t.bind("sentinel|slaves", this::replicas);
        t.bind("sentinel|sentinels", c -> { SentinelRedisInstance ri = master(c, 2); if (ri != null) addInstances(c, ri.sentinels); });
        t.bind("sentinel|myid", c -> c.addBulk(s.myid));
        t.bind("sentinel|is-master-down-by-addr", this::isMasterDownByAddr);
        t.bind("sentinel|reset", c -> c.addLong(s.resetMastersByPattern(c.argString(2), Sentinel.GENERATE_EVENT)));
        t.bind("sentinel|get-master-addr-by-name", this::getMasterAddrByName);
        t.bind("sentinel|failover", this::failover);
        t.bind("sentinel|pending-scripts", s.scripts::reply);
        t.bind("sentinel|monitor", this::monitor);
        t.bind("sentinel|flushconfig", this::flushConfigAndReply);
        t.bind("sentinel|remove", this::remove);
        t.bind("sentinel|ckquorum", this::ckquorum);
        t.bind("sentinel|set", this::set);
        t.bind("sentinel|config", this::config);
        t.bind("sentinel|info-cache", this::infoCache);
        t.bind("sentinel|simulate-failure", this::simulateFailure);
        t.bind("sentinel|debug", this::debug);
        t.bind("info", this::info);
        t.bind("role", this::role);
        t.bind("publish", this::publish);
    }

    /** sentinelGetMasterByNameOrReplyError. */
    private SentinelRedisInstance master(Client c, int arg) {
        SentinelRedisInstance ri = s.masterByName(c.argString(arg));
        if (ri == null) c.addError("No such master with that name");
        return ri;
    }

    private void replicas(Client c) {
        SentinelRedisInstance ri = master(c, 2);
        if (ri != null) addInstances(c, ri.slaves);
    }

    /** addReplyDictOfRedisInstances: unannounced replicas are left out. */
    private void addInstances(Client c, Map<String, SentinelRedisInstance> instances) {
        List<SentinelRedisInstance> shown = new ArrayList<>();
        for (SentinelRedisInstance ri : instances.values()) {
            if (ri.is(SLAVE) && ri.replicaAnnounced == 0) continue;
            shown.add(ri);
        }
        c.addArrayLen(shown.size());
        for (SentinelRedisInstance ri : shown) addInstance(c, ri);
    }

    /** addReplySentinelRedisInstance: the instance as a map, fields by kind. */
    private void addInstance(Client c, SentinelRedisInstance ri) {
        long now = s.now();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name", ri.name);
        f.put("ip", ri.addr.announced(s.announceHostnames));
        f.put("port", (long) ri.addr.port());
        f.put("runid", ri.runid == null ? "" : ri.runid);
        f.put("flags", flags(ri));
        f.put("link-pending-commands", (long) ri.link.pendingCommands);
        f.put("link-refcount", (long) ri.link.refcount);
        if (ri.is(FAILOVER_IN_PROGRESS)) f.put("failover-state", failoverStateStr(ri.failoverState));
        f.put("last-ping-sent", ri.link.actPingTime != 0 ? now - ri.link.actPingTime : 0L);
        f.put("last-ok-ping-reply", now - ri.link.lastAvailTime);
        f.put("last-ping-reply", now - ri.link.lastPongTime);
        if (ri.is(S_DOWN)) f.put("s-down-time", now - ri.sDownSinceTime);
        if (ri.is(O_DOWN)) f.put("o-down-time", now - ri.oDownSinceTime);
        f.put("down-after-milliseconds", ri.downAfterPeriod);
        if (ri.is(MASTER | SLAVE)) {
            f.put("info-refresh", ri.infoRefresh != 0 ? now - ri.infoRefresh : 0L);
            f.put("role-reported", ri.roleReported == MASTER ? "master" : "slave");
            f.put("role-reported-time", now - ri.roleReportedTime);
        }
        if (ri.is(MASTER)) {
            f.put("config-epoch", ri.configEpoch);
            f.put("num-slaves", (long) ri.slaves.size());
            f.put("num-other-sentinels", (long) ri.sentinels.size());
            f.put("quorum", (long) ri.quorum);
            f.put("failover-timeout", ri.failoverTimeout);
            f.put("parallel-syncs", (long) ri.parallelSyncs);
            if (ri.notificationScript != null) f.put("notification-script", ri.notificationScript);
            if (ri.clientReconfigScript != null) f.put("client-reconfig-script", ri.clientReconfigScript);
        }
        if (ri.is(SLAVE)) {
            f.put("master-link-down-time", ri.masterLinkDownTime);
            f.put("master-link-status", ri.slaveMasterLinkUp ? "ok" : "err");
            f.put("master-host", ri.slaveMasterHost != null ? ri.slaveMasterHost : "?");
            f.put("master-port", (long) ri.slaveMasterPort);
            f.put("slave-priority", (long) ri.slavePriority);
            f.put("slave-repl-offset", ri.slaveReplOffset);
            f.put("replica-announced", (long) ri.replicaAnnounced);
        }
        if (ri.is(SENTINEL)) {
            f.put("last-hello-message", now - ri.lastHelloTime);
            f.put("voted-leader", ri.leader != null ? ri.leader : "?");
            f.put("voted-leader-epoch", ri.leaderEpoch);
        }
        addMap(c, f);
    }

    /** A map of bulk names to bulk values (numbers as bulk strings, as addReplyBulkLongLong). */
    private static void addMap(Client c, Map<String, Object> f) {
        c.addMapLen(f.size());
        for (Map.Entry<String, Object> e : f.entrySet()) {
            c.addBulk(e.getKey());
            if (e.getValue() instanceof Long l) c.addBulkLong(l);
            else c.addBulk((String) e.getValue());
        }
    }

    static String flags(SentinelRedisInstance ri) {
        StringBuilder f = new StringBuilder();
        if (ri.is(S_DOWN)) f.append("s_down,");
        if (ri.is(O_DOWN)) f.append("o_down,");
        if (ri.is(MASTER)) f.append("master,");
        if (ri.is(SLAVE)) f.append("slave,");
        if (ri.is(SENTINEL)) f.append("sentinel,");
        if (ri.link.disconnected) f.append("disconnected,");
        if (ri.is(MASTER_DOWN)) f.append("master_down,");
        if (ri.is(FAILOVER_IN_PROGRESS)) f.append("failover_in_progress,");
        if (ri.is(PROMOTED)) f.append("promoted,");
        if (ri.is(RECONF_SENT)) f.append("reconf_sent,");
        if (ri.is(RECONF_INPROG)) f.append("reconf_inprog,");
        if (ri.is(RECONF_DONE)) f.append("reconf_done,");
        if (ri.is(FORCE_FAILOVER)) f.append("force_failover,");
        if (ri.is(SCRIPT_KILL_SENT)) f.append("script_kill_sent,");
        if (f.length() > 0) f.setLength(f.length() - 1);
        return f.toString();
    }

    private static Long longArg(Client c, int i) {
        long[] out = new long[1];
        return RedisNumbers.string2ll(c.arg(i), out) ? out[0] : null;
    }

    /**
     * SENTINEL IS-MASTER-DOWN-BY-ADDR ip port current-epoch runid: is that master SDOWN here
     * (always 0 in TILT), and, when runid is not "*", our vote for this epoch.
     */
    private void isMasterDownByAddr(Client c) {
        Long port = longArg(c, 3), reqEpoch = longArg(c, 4);
        if (port == null || reqEpoch == null) {
            c.addErrorNotInteger();
            return;
        }
        SentinelRedisInstance ri = s.instanceByAddrAndRunId(s.masters, c.argString(2), (int) (long) port, null);
        boolean isdown = !s.tilt && ri != null && ri.is(S_DOWN) && ri.is(MASTER);
        String leader = null;
        long[] leaderEpoch = new long[1];
        if (ri != null && ri.is(MASTER) && !c.argString(5).equals("*")) {
            leader = s.failover.voteLeader(ri, reqEpoch, c.argString(5), leaderEpoch);
        }
        c.addArrayLen(3);
        c.addLong(isdown ? 1 : 0);
        c.addBulk(leader != null ? leader : "*");
        c.addLong(leaderEpoch[0]);
    }

    private void getMasterAddrByName(Client c) {
        SentinelRedisInstance ri = s.masterByName(c.argString(2));
        if (ri == null) {
            c.addNullArray();
            return;
        }
        SentinelAddr addr = ri.currentMasterAddress();
        c.addArrayLen(2);
        c.addBulk(addr.announced(s.announceHostnames));
        c.addBulkLong(addr.port());
    }

    /** SENTINEL FAILOVER: a forced failover, no agreement asked (the epoch still grows). */
    private void failover(Client c) {
        SentinelRedisInstance ri = master(c, 2);
        if (ri == null) return;
        if (ri.is(FAILOVER_IN_PROGRESS)) {
            c.addError("-INPROG Failover already in progress");
            return;
        }
        if (s.failover.selectSlave(ri) == null) {
            c.addError("-NOGOODSLAVE No suitable replica to promote");
            return;
        }
        s.host.log("warning", "Executing user requested FAILOVER of '" + ri.name + "'");
        s.failover.startFailover(ri);
        ri.flags |= FORCE_FAILOVER;
        c.addOk();
    }

    private void monitor(Client c) {
        Long quorum = longArg(c, 5);
        if (quorum == null) {
            c.addError("Invalid quorum");
            return;
        }
        Long port = longArg(c, 4);
        if (port == null) {
            c.addError("Invalid port");
            return;
        }
        if (quorum <= 0) {
            c.addError("Quorum must be 1 or greater.");
            return;
        }
        if (SentinelAddr.resolve(c.argString(3), s.resolveHostnames) == null) {
            c.addError("Invalid IP address or hostname specified");
            return;
        }
        String[] err = new String[1];
        SentinelRedisInstance ri = port < Integer.MIN_VALUE || port > Integer.MAX_VALUE ? null
                : s.createInstance(c.argString(2), MASTER, c.argString(3), (int) (long) port, (int) Math.min(quorum, Integer.MAX_VALUE), null, err);
        if (ri == null) {
            c.addError(err[0] == null ? "Invalid port number." : err[0]);
            return;
        }
        flushConfigAndReply(c);
        s.event("warning", "+monitor", ri, "%@ quorum " + ri.quorum);
    }

    /** sentinelFlushConfigAndReply. */
    private void flushConfigAndReply(Client c) {
        if (s.flushConfig()) c.addOk();
        else c.addError("Failed to save config file. Check server logs.");
    }

    private void remove(Client c) {
        SentinelRedisInstance ri = master(c, 2);
        if (ri == null) return;
        s.event("warning", "-monitor", ri, "%@");
        s.masters.remove(ri.name);
        s.release(ri);
        flushConfigAndReply(c);
    }

    private void ckquorum(Client c) {
        SentinelRedisInstance ri = master(c, 2);
        if (ri == null) return;
        int[] usable = new int[1];
        int result = s.failover.isQuorumReachable(ri, usable);
        if (result == SentinelFailover.ISQR_OK) {
            c.addStatus("OK " + usable[0] + " usable Sentinels. Quorum and failover authorization can be reached");
            return;
        }
        StringBuilder e = new StringBuilder("-NOQUORUM " + usable[0] + " usable Sentinels. ");
        if ((result & SentinelFailover.ISQR_NOQUORUM) != 0) {
            e.append("Not enough available Sentinels to reach the specified quorum for this master");
        }
        if ((result & SentinelFailover.ISQR_NOAUTH) != 0) {
            if ((result & SentinelFailover.ISQR_NOQUORUM) != 0) e.append(". ");
            e.append("Not enough available Sentinels to reach the majority and authorize a failover");
        }
        c.addError(e.toString());
    }

    /** sentinelSetCommand: option/value pairs applied one by one, each a +set event; the first bad one stops. */
    private void set(Client c) {
        SentinelRedisInstance ri = master(c, 2);
        if (ri == null) return;
        int changes = 0;
        for (int j = 3; j < c.argc(); j++) {
            int moreargs = c.argc() - 1 - j;
            String option = c.argString(j);
            int oldJ = j;
            boolean redacted = false;
            String o = option.toLowerCase(Locale.ROOT);
            if (moreargs > 0 && (o.equals("down-after-milliseconds") || o.equals("failover-timeout") || o.equals("parallel-syncs")
                    || o.equals("quorum") || o.equals("master-reboot-down-after-period"))) {
                Long ll = longArg(c, ++j);
                boolean zeroOk = o.equals("master-reboot-down-after-period");
                if (ll == null || ll < 0 || (ll == 0 && !zeroOk)) {
                    c.addError("Invalid argument '" + c.argString(j) + "' for SENTINEL SET '" + option + "'");
                    if (changes > 0) s.flushConfig();
                    return;
                }
                switch (o) {
                    case "down-after-milliseconds" -> { ri.downAfterPeriod = ll; s.propagateDownAfterPeriod(ri); }
                    case "failover-timeout" -> ri.failoverTimeout = ll;
                    case "parallel-syncs" -> ri.parallelSyncs = (int) (long) ll;
                    case "quorum" -> ri.quorum = (int) (long) ll;
                    default -> ri.masterRebootDownAfterPeriod = ll;
                }
                changes++;
            } else if (moreargs > 0 && (o.equals("notification-script") || o.equals("client-reconfig-script"))) {
                String value = c.argString(++j);
                if (s.denyScriptsReconfig) {
                    c.addError("Reconfiguration of scripts path is denied for security reasons. Check the "
                            + "deny-scripts-reconfig configuration directive in your Sentinel configuration");
                    if (changes > 0) s.flushConfig();
                    return;
                }
                if (!value.isEmpty() && !java.nio.file.Files.isExecutable(s.host.path(value))) {
                    c.addError(o.equals("notification-script") ? "Notification script seems non existing or non executable"
                            : "Client reconfiguration script seems non existing or non executable");
                    if (changes > 0) s.flushConfig();
                    return;
                }
                if (o.equals("notification-script")) ri.notificationScript = value.isEmpty() ? null : value;
                else ri.clientReconfigScript = value.isEmpty() ? null : value;
                changes++;
            } else if (moreargs > 0 && o.equals("auth-pass")) {
                String value = c.argString(++j);
                ri.authPass = value.isEmpty() ? null : value;
                s.dropInstanceConnections(ri);
                changes++;
                redacted = true;
            } else if (moreargs > 0 && o.equals("auth-user")) {
                String value = c.argString(++j);
                ri.authUser = value.isEmpty() ? null : value;
                s.dropInstanceConnections(ri);
                changes++;
            } else if (moreargs > 1 && o.equals("rename-command")) {
                String oldname = c.argString(++j), newname = c.argString(++j);
                if (oldname.isEmpty() || newname.isEmpty()) {
                    int bad = newname.isEmpty() ? j : j - 1;
                    c.addError("Invalid argument '" + c.argString(bad) + "' for SENTINEL SET '" + option + "'");
                    if (changes > 0) s.flushConfig();
                    return;
                }
                ri.renamedCommands.keySet().removeIf(k -> k.equalsIgnoreCase(oldname));
                if (!oldname.equalsIgnoreCase(newname)) ri.renamedCommands.put(oldname, newname);
                changes++;
            } else {
                c.addError("Unknown option or number of arguments for SENTINEL SET '" + option + "'");
                if (changes > 0) s.flushConfig();
                return;
            }
            int numargs = j - oldJ + 1;
            if (numargs == 2) {
                s.event("warning", "+set", ri, "%@ " + c.argString(oldJ) + " " + (redacted ? "******" : c.argString(oldJ + 1)));
            } else if (numargs == 3) {
                s.event("warning", "+set", ri, "%@ " + c.argString(oldJ) + " " + c.argString(oldJ + 1) + " " + c.argString(oldJ + 2));
            } else {
                s.event("warning", "+set", ri, "%@ " + c.argString(oldJ));
            }
        }
        if (changes > 0) flushConfigAndReply(c);
    }

    private void config(Client c) {
        if (c.argString(2).equalsIgnoreCase("set") && c.argc() == 5) configSet(c);
        else if (c.argString(2).equalsIgnoreCase("get") && c.argc() == 4) configGet(c);
        else c.addError("Only SENTINEL CONFIG GET <option> / SET <option> <value> are supported.");
    }

    /** sentinelConfigSetCommand. */
    private void configSet(Client c) {
        String o = c.argString(3), val = c.argString(4);
        boolean dropConns = false;
        switch (o.toLowerCase(Locale.ROOT)) {
            case "resolve-hostnames", "announce-hostnames" -> {
                Boolean b = Sentinel.yesno(val);
                if (b == null) { badConfigValue(c, val, o); return; }
                if (o.equalsIgnoreCase("resolve-hostnames")) s.resolveHostnames = b;
                else s.announceHostnames = b;
            }
            case "announce-ip" -> s.announceIp = val;
            case "announce-port" -> {
                Long p = longArg(c, 4);
                if (p == null || p < 0 || p > 65535) { badConfigValue(c, val, o); return; }
                s.announcePort = (int) (long) p;
            }
            case "sentinel-user" -> { s.sentinelAuthUser = val.isEmpty() ? null : val; dropConns = true; }
            case "sentinel-pass" -> { s.sentinelAuthPass = val.isEmpty() ? null : val; dropConns = true; }
            default -> {
                c.addError("Invalid argument '" + o + "' to SENTINEL CONFIG SET");
                return;
            }
        }
        flushConfigAndReply(c);
        if (dropConns) s.dropSentinelConnections();
    }

    private static void badConfigValue(Client c, String val, String o) {
        c.addError("Invalid value '" + val + "' to SENTINEL CONFIG SET '" + o + "'");
    }

    /** sentinelConfigGetCommand: the global settings matching a glob pattern. */
    private void configGet(Client c) {
        byte[] pattern = c.arg(3);
        Map<String, Object> f = new LinkedHashMap<>();
        if (match(pattern, "resolve-hostnames")) f.put("resolve-hostnames", s.resolveHostnames ? "yes" : "no");
        if (match(pattern, "announce-hostnames")) f.put("announce-hostnames", s.announceHostnames ? "yes" : "no");
        if (match(pattern, "announce-ip")) f.put("announce-ip", s.announceIp != null ? s.announceIp : "");
        if (match(pattern, "announce-port")) f.put("announce-port", (long) s.announcePort);
        if (match(pattern, "sentinel-user")) f.put("sentinel-user", s.sentinelAuthUser != null ? s.sentinelAuthUser : "");
        if (match(pattern, "sentinel-pass")) f.put("sentinel-pass", s.sentinelAuthPass != null ? s.sentinelAuthPass : "");
        addMap(c, f);
    }

    private static boolean match(byte[] pattern, String name) {
        return Glob.match(pattern, name.getBytes(StandardCharsets.US_ASCII), true);
    }

    /** SENTINEL INFO-CACHE name...: the last INFO of each named master and its replicas, with its age. */
    private void infoCache(Client c) {
        long now = s.now();
        Map<String, SentinelRedisInstance> chosen = new LinkedHashMap<>();
        for (int i = 2; i < c.argc(); i++) {
            SentinelRedisInstance ri = s.masterByName(c.argString(i));
            if (ri != null) chosen.putIfAbsent(ri.name, ri);
        }
        c.addArrayLen(chosen.size() * 2L);
        for (SentinelRedisInstance ri : chosen.values()) {
            c.addBulk(ri.name);
            c.addArrayLen(ri.slaves.size() + 1);
            c.addArrayLen(2);
            c.addLong(ri.infoRefresh != 0 ? now - ri.infoRefresh : 0);
            if (ri.info != null) c.addBulk(ri.info);
            else c.addNull();
            for (SentinelRedisInstance sri : ri.slaves.values()) {
                c.addArrayLen(2);
                c.addLong(ri.infoRefresh != 0 ? now - sri.infoRefresh : 0); // Redis tests the master's info_refresh here
                if (sri.info != null) c.addBulk(sri.info);
                else c.addNull();
            }
        }
    }

    private void simulateFailure(Client c) {
        s.simfailureFlags = 0;
        for (int j = 2; j < c.argc(); j++) {
            String a = c.argString(j);
            if (a.equalsIgnoreCase("crash-after-election")) {
                s.simfailureFlags |= Sentinel.SIMFAILURE_CRASH_AFTER_ELECTION;
                s.host.log("warning", "Failure simulation: this Sentinel will crash after being successfully elected as failover leader");
            } else if (a.equalsIgnoreCase("crash-after-promotion")) {
                s.simfailureFlags |= Sentinel.SIMFAILURE_CRASH_AFTER_PROMOTION;
                s.host.log("warning", "Failure simulation: this Sentinel will crash after promoting the selected replica to master");
            } else if (a.equalsIgnoreCase("help")) {
                c.addArrayLen(2);
                c.addBulk("crash-after-election");
                c.addBulk("crash-after-promotion");
                return;
            } else {
                c.addError("Unknown failure simulation specified");
                return;
            }
        }
        c.addOk();
    }

    /** A timing parameter of SENTINEL DEBUG: its name and the Sentinel field it reads and sets. */
    private record Period(String name, java.util.function.LongSupplier get, java.util.function.LongConsumer set) {}

    /** The parameters in addReplySentinelDebugInfo's order. */
    private List<Period> periods() {
        return List.of(new Period("info-period", () -> s.infoPeriod, v -> s.infoPeriod = v),
                new Period("ping-period", () -> s.pingPeriod, v -> s.pingPeriod = v),
                new Period("ask-period", () -> s.askPeriod, v -> s.askPeriod = v),
                new Period("publish-period", () -> s.publishPeriod, v -> s.publishPeriod = v),
                new Period("default-down-after", () -> s.defaultDownAfter, v -> s.defaultDownAfter = v),
                new Period("default-failover-timeout", () -> s.defaultFailoverTimeout, v -> s.defaultFailoverTimeout = v),
                new Period("tilt-trigger", () -> s.tiltTrigger, v -> s.tiltTrigger = v),
                new Period("tilt-period", () -> s.tiltPeriod, v -> s.tiltPeriod = v),
                new Period("slave-reconf-timeout", () -> s.slaveReconfTimeout, v -> s.slaveReconfTimeout = v),
                new Period("min-link-reconnect-period", () -> s.minLinkReconnectPeriod, v -> s.minLinkReconnectPeriod = v),
                new Period("election-timeout", () -> s.electionTimeout, v -> s.electionTimeout = v),
                new Period("script-max-runtime", () -> s.scriptMaxRuntime, v -> s.scriptMaxRuntime = v),
                new Period("script-retry-delay", () -> s.scriptRetryDelay, v -> s.scriptRetryDelay = v));
    }

    /** SENTINEL DEBUG [name value ...]: the timing parameters (sentinel.c's statics), shown or set. */
    private void debug(Client c) {
        List<Period> periods = periods();
        if (c.argc() == 2) {
            Map<String, Object> f = new LinkedHashMap<>();
            for (Period p : periods) f.put(p.name().toUpperCase(Locale.ROOT), p.get().getAsLong());
            addMap(c, f);
            return;
        }
        for (int j = 2; j < c.argc(); j++) {
            int moreargs = c.argc() - 1 - j;
            String option = c.argString(j);
            Period period = null;
            for (Period p : periods) if (p.name().equalsIgnoreCase(option)) period = p;
            if (period == null || moreargs == 0) {
                c.addError("Unknown option or number of arguments for SENTINEL DEBUG '" + option + "'");
                return;
            }
            Long ll = longArg(c, ++j);
            if (ll == null || ll <= 0) {
                c.addError("Invalid argument '" + c.argString(j) + "' for SENTINEL DEBUG '" + option + "'");
                return;
            }
            period.set().accept(ll);
        }
        c.addOk();
    }

    private static final List<String> SENTINEL_SECTIONS = List.of("server", "clients", "cpu", "stats", "sentinel");

    /** sentinelInfoCommand: only server, clients, stats, cpu and the Sentinel section; a bulk reply. */
    private void info(Client c) {
        Set<String> sections = new LinkedHashSet<>();
        if (c.argc() == 1) sections.addAll(SENTINEL_SECTIONS);
        for (int i = 1; i < c.argc(); i++) {
            String a = c.argString(i).toLowerCase(Locale.ROOT);
            if (a.equals("all") || a.equals("everything") || a.equals("default")) sections.addAll(SENTINEL_SECTIONS);
            else if (SENTINEL_SECTIONS.contains(a)) sections.add(a);
        }
        StringBuilder info = new StringBuilder(s.host.info(sections));
        if (sections.contains("sentinel")) {
            if (info.length() != 0) info.append("\r\n");
            info.append("# Sentinel\r\n")
                .append("sentinel_masters:").append(s.masters.size()).append("\r\n")
                .append("sentinel_tilt:").append(s.tilt ? 1 : 0).append("\r\n")
                .append("sentinel_tilt_since_seconds:").append(s.tilt ? (s.now() - s.tiltStartTime) / 1000 : -1).append("\r\n")
                .append("sentinel_running_scripts:").append(s.scripts.running()).append("\r\n")
                .append("sentinel_scripts_queue_length:").append(s.scripts.queueLength()).append("\r\n")
                .append("sentinel_simulate_failure_flags:").append(s.simfailureFlags).append("\r\n");
            int id = 0;
            for (SentinelRedisInstance ri : s.masters.values()) {
                String status = ri.is(O_DOWN) ? "odown" : ri.is(S_DOWN) ? "sdown" : "ok";
                info.append("master").append(id++).append(":name=").append(ri.name).append(",status=").append(status)
                    .append(",address=").append(ri.addr.announced(s.announceHostnames)).append(':').append(ri.addr.port())
                    .append(",slaves=").append(ri.slaves.size()).append(",sentinels=").append(ri.sentinels.size() + 1).append("\r\n");
            }
        }
        c.addBulk(info.toString());
    }

    /** sentinelRoleCommand: "sentinel" and the names of the monitored masters. */
    private void role(Client c) {
        c.addArrayLen(2);
        c.addBulk("sentinel");
        c.addArrayLen(s.masters.size());
        for (String name : s.masters.keySet()) c.addBulk(name);
    }

    /** sentinelPublishCommand: only hello messages, which other Sentinels send us directly. */
    private void publish(Client c) {
        if (!c.argString(1).equals(Sentinel.HELLO_CHANNEL)) {
            c.addError("Only HELLO messages are accepted by Sentinel instances.");
            return;
        }
        s.processHelloMessage(c.argString(2));
        c.addLong(1);
    }
}
