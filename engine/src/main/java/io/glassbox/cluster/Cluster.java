package io.glassbox.cluster;

import io.glassbox.command.RedisCommand;
import io.glassbox.config.BoolConfig;
import io.glassbox.config.ConfigRegistry;
import io.glassbox.config.NumericConfig;
import io.glassbox.config.StringConfig;
import io.glassbox.db.Keyspace;
import io.glassbox.server.Client;
import io.glassbox.server.ClusterRouting;
import io.glassbox.util.HashSlot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One node's view of the cluster: Redis's {@code clusterState} (cluster.h) and the functions of
 * cluster.c that keep it (clusterInit, clusterAddSlot/DelSlot, clusterUpdateState,
 * clusterBeforeSleep, clusterReset, the epoch rules). The bus ({@link ClusterBus}) changes it as
 * messages arrive, the CLUSTER command ({@link ClusterCommands}) as the administrator asks,
 * {@link NodesConfig} writes it to nodes.conf, and {@link Redirection} reads it for every command
 * with keys.
 *
 * <p>Invariants, as in Redis: {@code slots[j]} is the node whose bitmap has bit j (one owner per
 * slot); a slave's {@code slaveof} lists it in its {@code slaves}; myself is in {@code nodes} under
 * its current name. Everything runs on the command thread.
 */
public final class Cluster implements ClusterRouting {
    /** What the cluster needs of the server: {@code Engine} gives it an adapter ({@code engine/ClusterHost}). */
    public interface Host {
        /** mstime(). */
        long now();

        void log(String level, String message);

        Keyspace keyspace();

        /** server.master_repl_offset. */
        long masterReplOffset();

        /** replicationGetSlaveOffset. */
        long replicaOffset();

        /** replicationSetMaster: replicate this address. */
        void setMaster(String ip, int port);

        /** replicationUnsetMaster. */
        void unsetMaster();

        /** server.masterhost, or null for a master. */
        String masterHost();

        /** pauseClients(PAUSE_DURING_FAILOVER, until, CLIENT_PAUSE_WRITE): a manual failover's master stops writers. */
        void pauseWrites(long untilMillis);

        /** unpauseClients(PAUSE_DURING_FAILOVER). */
        void unpauseWrites();
    }

    static final int CLUSTER_OK = 0, CLUSTER_FAIL = 1;
    /** clusterState todo_before_sleep flags. */
    static final int TODO_HANDLE_FAILOVER = 1, TODO_UPDATE_STATE = 2, TODO_SAVE_CONFIG = 4, TODO_FSYNC_CONFIG = 8,
            TODO_HANDLE_MANUALFAILOVER = 16;
    static final int PORT_INCR = 10000;
    static final long BLACKLIST_TTL = 60; // seconds
    static final long MAX_REJOIN_DELAY = 5000, MIN_REJOIN_DELAY = 500, WRITABLE_DELAY = 2000;

    final Host host;
    final ConfigRegistry config;
    final NumericConfig nodeTimeout;
    final BoolConfig requireFullCoverage, allowReadsWhenDown, allowReplicaMigration, allowPubsubshardWhenDown;
    final StringConfig announceIp, announceHostname;
    final NumericConfig announcePort, announceBusPort, clusterPort;
    final io.glassbox.config.EnumConfig preferredEndpointType;
    final ClusterBus bus;
    final NodesConfig nodesConfig;
    final Redirection redirection = new Redirection(this);
    final Failover failover = new Failover(this);
    ClusterListener listener = ClusterListener.NONE;

    ClusterNode myself;
    long currentEpoch, lastVoteEpoch;
    int state = CLUSTER_FAIL;
    int size = 1;
    /** The nodes by name (server.cluster->nodes). */
    final Map<String, ClusterNode> nodes = new LinkedHashMap<>();
    /** Names not re-added for a minute after CLUSTER FORGET (nodes_black_list): name to unix time. */
    final Map<String, Long> blacklist = new HashMap<>();
    final ClusterNode[] slots = new ClusterNode[HashSlot.SLOTS];
    final ClusterNode[] migratingSlotsTo = new ClusterNode[HashSlot.SLOTS];
    final ClusterNode[] importingSlotsFrom = new ClusterNode[HashSlot.SLOTS];
    final byte[] ownerNotClaimingSlot = new byte[HashSlot.SLOTS / 8];
    int todoBeforeSleep;
    final long[] statsBusMessagesSent = new long[ClusterMsg.TYPE_COUNT];
    final long[] statsBusMessagesReceived = new long[ClusterMsg.TYPE_COUNT];
    long statsPfailNodes;
    /** clusterUpdateState's statics. */
    private long firstCallTime, amongMinorityTime;

    public Cluster(Host host, ConfigRegistry config, BusTransport transport) {
        this.host = host;
        this.config = config;
        this.nodeTimeout = config.numeric("cluster-node-timeout");
        this.requireFullCoverage = config.bool("cluster-require-full-coverage");
        this.allowReadsWhenDown = config.bool("cluster-allow-reads-when-down");
        this.allowReplicaMigration = config.bool("cluster-allow-replica-migration");
        this.allowPubsubshardWhenDown = config.bool("cluster-allow-pubsubshard-when-down");
        this.announceIp = config.string("cluster-announce-ip");
        this.announceHostname = config.string("cluster-announce-hostname");
        this.announcePort = config.numeric("cluster-announce-port");
        this.announceBusPort = config.numeric("cluster-announce-bus-port");
        this.clusterPort = config.numeric("cluster-port");
        this.preferredEndpointType = config.enumConfig("cluster-preferred-endpoint-type");
        this.bus = new ClusterBus(this, transport);
        this.nodesConfig = new NodesConfig(this, config.string("cluster-config-file").get());
        // CONFIG SET of what myself announces takes effect at once (clusterUpdateMyselfAnnouncedPorts, ...Ip)
        for (String name : new String[] {"cluster-announce-port", "cluster-announce-bus-port", "cluster-announce-tls-port"}) {
            config.onChange(name, () -> { if (myself != null) deriveAnnouncedPorts(myself); });
        }
        config.onChange("cluster-announce-ip", () -> { if (myself != null) updateMyselfIp(); });
        config.onChange("cluster-announce-hostname", () -> { if (myself != null) updateMyselfHostname(); });
    }

    /** Hook events (gossip, failure detection, slot states, redirections); observe only. */
    public void setListener(ClusterListener l) { this.listener = l == null ? ClusterListener.NONE : l; }

    /**
     * clusterInit: load nodes.conf or create myself with a random name (and write the file), listen
     * on the bus port, index the keys by slot. A corrupt config file stops the start.
     */
    public void init(int port, List<String> bindAddresses, java.nio.file.Path dir) throws java.io.IOException, BusTransport.BindFailed {
        nodesConfig.setDirectory(dir);
        nodesConfig.lock();
        for (int j = 0; j < HashSlot.SLOTS; j++) slots[j] = null;
        closeAllSlots();
        if (!nodesConfig.load()) {
            myself = createNode(null, ClusterNode.MYSELF | ClusterNode.MASTER);
            host.log("notice", "No cluster configuration found, I'm " + myself.name);
            addNode(myself);
            nodesConfig.saveOrDie(true);
        }
        int announced = port;
        if (clusterPort.get() == 0 && port > 65535 - PORT_INCR) {
            throw new BusTransport.BindFailed("Redis port number too high. Cluster communication port is 10,000 port "
                    + "numbers higher than your Redis port. Your Redis port number must be 55535 or less.");
        }
        int cport = clusterPort.get() != 0 ? (int) clusterPort.get() : announced + PORT_INCR;
        bus.listen(bindAddresses, cport);
        host.keyspace().enableSlotToKeys();
        this.serverPort = port;
        deriveAnnouncedPorts(myself);
        updateMyselfIp();
        updateMyselfHostname();
    }

    /** server.port, for the announced ports. */
    int serverPort;

    /** deriveAnnouncedPorts into myself. */
    void deriveAnnouncedPorts(ClusterNode n) {
        n.port = announcePort.get() != 0 ? (int) announcePort.get() : serverPort;
        n.pport = 0;
        n.cport = announceBusPort.get() != 0 ? (int) announceBusPort.get()
                : clusterPort.get() != 0 ? (int) clusterPort.get() : serverPort + PORT_INCR;
    }

    /** clusterUpdateMyselfIp: cluster-announce-ip, or empty to be learnt from the first MEET. */
    private String prevAnnounceIp;

    void updateMyselfIp() {
        String cur = announceIp.get();
        if (cur != null && cur.isEmpty()) cur = null;
        if (java.util.Objects.equals(cur, prevAnnounceIp)) return;
        prevAnnounceIp = cur;
        myself.ip = cur == null ? "" : (cur.length() > ClusterMsg.IP_LEN - 1 ? cur.substring(0, ClusterMsg.IP_LEN - 1) : cur);
    }

    void updateMyselfHostname() {
        String h = announceHostname.get();
        myself.hostname = h == null ? "" : h;
    }

    /** getRandomHexChars: a fresh 40-character node name. */
    static String randomName() {
        StringBuilder sb = new StringBuilder(ClusterNode.NAMELEN);
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < ClusterNode.NAMELEN; i++) sb.append("0123456789abcdef".charAt(r.nextInt(16)));
        return sb.toString();
    }

    /** createClusterNode: a random name when {@code name} is null (a handshake's stand-in). */
    ClusterNode createNode(String name, int flags) {
        return new ClusterNode(name == null ? randomName() : name, flags, host.now());
    }

    void addNode(ClusterNode n) { nodes.put(n.name, n); }

    /** verifyClusterNodeId: 40 characters of [a-z0-9]. */
    static boolean verifyNodeId(String name) {
        if (name == null || name.length() != ClusterNode.NAMELEN) return false;
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))) return false;
        }
        return true;
    }

    /** clusterLookupNode. */
    ClusterNode lookupNode(String name) {
        if (!verifyNodeId(name)) return null;
        return nodes.get(name);
    }

    /** clusterDelNode: its slots unassigned, its failure reports gone, its links closed. */
    void delNode(ClusterNode del) {
        for (int j = 0; j < HashSlot.SLOTS; j++) {
            if (importingSlotsFrom[j] == del) importingSlotsFrom[j] = null;
            if (migratingSlotsTo[j] == del) migratingSlotsTo[j] = null;
            if (slots[j] == del) delSlot(j);
        }
        long now = host.now();
        for (ClusterNode n : nodes.values()) if (n != del) n.delFailureReport(del, nodeTimeout.get(), now);
        // freeClusterNode
        for (ClusterNode s : del.slaves) s.slaveof = null;
        if (del.isSlave() && del.slaveof != null) del.slaveof.removeSlave(del);
        nodes.remove(del.name);
        if (del.link != null) bus.freeClusterLink(del.link);
        if (del.inboundLink != null) bus.freeClusterLink(del.inboundLink);
        listener.nodeForgotten(myself.name, del.name);
    }

    /** clusterRenameNode: the handshake learnt the node's real name. */
    void renameNode(ClusterNode n, String newName) {
        nodes.remove(n.name);
        n.name = newName;
        addNode(n);
    }

    // ---------------------------------------------------------------- slots

    /** clusterAddSlot: false if the slot already has an owner. */
    boolean addSlot(ClusterNode n, int slot) {
        if (slots[slot] != null) return false;
        if (!n.setSlotBit(slot) && n.numslots == 1 && mastersHaveSlaves()) n.flags |= ClusterNode.MIGRATE_TO;
        slots[slot] = n;
        return true;
    }

    /** clusterDelSlot: false if the slot was unassigned. */
    boolean delSlot(int slot) {
        ClusterNode n = slots[slot];
        if (n == null) return false;
        n.clearSlotBit(slot);
        slots[slot] = null;
        return true;
    }

    /** clusterDelNodeSlots: how many slots the node lost. */
    int delNodeSlots(ClusterNode n) {
        int deleted = 0;
        for (int j = 0; j < HashSlot.SLOTS; j++) {
            if (n.getSlotBit(j)) { delSlot(j); deleted++; }
        }
        return deleted;
    }

    private boolean mastersHaveSlaves() {
        for (ClusterNode n : nodes.values()) if (!n.isSlave() && !n.slaves.isEmpty()) return true;
        return false;
    }

    /** clusterCloseAllSlots: no slot migrating or importing. */
    void closeAllSlots() {
        java.util.Arrays.fill(migratingSlotsTo, null);
        java.util.Arrays.fill(importingSlotsFrom, null);
    }

    /** isSlotUnclaimed: nobody owns it, or its owner stopped claiming it. */
    boolean isSlotUnclaimed(int slot) {
        return slots[slot] == null || (ownerNotClaimingSlot[slot >> 3] & (1 << (slot & 7))) != 0;
    }

    long countKeysInSlot(int slot) {
        var idx = host.keyspace().db(0).slotToKeys();
        return idx == null ? 0 : idx.countKeysInSlot(slot);
    }

    /** delKeysInSlot: the keys of a slot this node lost (an UPDATE took it away). */
    int delKeysInSlot(int slot) {
        var db = host.keyspace().db(0);
        List<byte[]> keys = db.slotToKeys().keysInSlot(slot, Long.MAX_VALUE);
        for (byte[] k : keys) db.dbDelete(k);
        return keys.size();
    }

    // ---------------------------------------------------------------- epochs

    /** clusterGetMaxEpoch. */
    long maxEpoch() {
        long max = 0;
        for (ClusterNode n : nodes.values()) if (Long.compareUnsigned(n.configEpoch, max) > 0) max = n.configEpoch;
        return Long.compareUnsigned(max, currentEpoch) < 0 ? currentEpoch : max;
    }

    /** clusterBumpConfigEpochWithoutConsensus: true if myself got a new, greatest epoch. */
    boolean bumpConfigEpochWithoutConsensus() {
        long maxEpoch = maxEpoch();
        if (myself.configEpoch == 0 || myself.configEpoch != maxEpoch) {
            currentEpoch++;
            myself.configEpoch = currentEpoch;
            doBeforeSleep(TODO_SAVE_CONFIG | TODO_FSYNC_CONFIG);
            host.log("warning", "New configEpoch set to " + Long.toUnsignedString(myself.configEpoch));
            listener.epochChanged(myself.name, currentEpoch, myself.configEpoch, "bump");
            return true;
        }
        return false;
    }

    /**
     * clusterHandleConfigEpochCollision: two masters with the same config epoch; the one with the
     * smaller name takes the next epoch, so all masters end with distinct epochs.
     */
    void handleConfigEpochCollision(ClusterNode sender) {
        if (sender.configEpoch != myself.configEpoch || !sender.isMaster() || !myself.isMaster()) return;
        if (sender.name.compareTo(myself.name) <= 0) return;
        currentEpoch++;
        myself.configEpoch = currentEpoch;
        nodesConfig.saveOrDie(true);
        host.log("verbose", "WARNING: configEpoch collision with node " + sender.name + ". configEpoch set to "
                + Long.toUnsignedString(myself.configEpoch));
        listener.epochChanged(myself.name, currentEpoch, myself.configEpoch, "collision");
    }

    // ---------------------------------------------------------------- roles

    /** clusterSetNodeAsMaster: a node we thought a replica acts as a master. */
    void setNodeAsMaster(ClusterNode n) {
        if (n.isMaster()) return;
        if (n.slaveof != null) {
            n.slaveof.removeSlave(n);
            if (n != myself) n.flags |= ClusterNode.MIGRATE_TO;
        }
        n.flags &= ~ClusterNode.SLAVE;
        n.flags |= ClusterNode.MASTER;
        n.slaveof = null;
        doBeforeSleep(TODO_SAVE_CONFIG | TODO_UPDATE_STATE);
    }

    /** clusterSetMaster: myself becomes a replica of {@code n}. */
    void setMaster(ClusterNode n) {
        if (myself.isMaster()) {
            myself.flags &= ~(ClusterNode.MASTER | ClusterNode.MIGRATE_TO);
            myself.flags |= ClusterNode.SLAVE;
            closeAllSlots();
        } else if (myself.slaveof != null) {
            myself.slaveof.removeSlave(myself);
        }
        myself.slaveof = n;
        n.addSlave(myself);
        host.setMaster(n.ip, n.port);
        failover.resetManualFailover();
    }

    // ---------------------------------------------------------------- state

    void doBeforeSleep(int flags) { todoBeforeSleep |= flags; }

    /**
     * clusterUpdateState: ok when every slot is served by a reachable master (with
     * cluster-require-full-coverage) and a majority of the masters with slots is reachable; a master
     * waits {@code WRITABLE_DELAY} after start, and after leaving a minority partition, before ok.
     */
    void updateState() {
        todoBeforeSleep &= ~TODO_UPDATE_STATE;
        long now = host.now();
        if (firstCallTime == 0) firstCallTime = now;
        if (myself.isMaster() && state == CLUSTER_FAIL && now - firstCallTime < WRITABLE_DELAY) return;
        int newState = CLUSTER_OK;
        if (requireFullCoverage.get()) {
            for (int j = 0; j < HashSlot.SLOTS; j++) {
                if (slots[j] == null || slots[j].failed()) { newState = CLUSTER_FAIL; break; }
            }
        }
        int reachable = 0;
        size = 0;
        for (ClusterNode n : nodes.values()) {
            if (n.isMaster() && n.numslots > 0) {
                size++;
                if ((n.flags & (ClusterNode.FAIL | ClusterNode.PFAIL)) == 0) reachable++;
            }
        }
        int neededQuorum = size / 2 + 1;
        if (reachable < neededQuorum) {
            newState = CLUSTER_FAIL;
            amongMinorityTime = now;
        }
        if (newState != state) {
            long rejoinDelay = Math.max(MIN_REJOIN_DELAY, Math.min(MAX_REJOIN_DELAY, nodeTimeout.get()));
            if (newState == CLUSTER_OK && myself.isMaster() && now - amongMinorityTime < rejoinDelay) return;
            host.log("warning", "Cluster state changed: " + (newState == CLUSTER_OK ? "ok" : "fail"));
            state = newState;
            listener.stateChanged(myself.name, newState == CLUSTER_OK);
        }
    }

    /** clusterBeforeSleep. */
    @Override
    public void beforeSleep() {
        int flags = todoBeforeSleep;
        todoBeforeSleep = 0;
        failover.beforeSleep(flags);
        if ((flags & TODO_UPDATE_STATE) != 0) updateState();
        if ((flags & TODO_SAVE_CONFIG) != 0) nodesConfig.saveOrDie((flags & TODO_FSYNC_CONFIG) != 0);
    }

    @Override public void cron() { bus.cron(); }

    @Override public boolean enabled() { return true; }

    @Override public String redirect(Client c, RedisCommand cmd, long flags) { return redirection.redirect(c, cmd, flags); }

    @Override public String redirectBlocked(Client c, List<byte[]> keys) { return redirection.redirectBlocked(c, keys); }

    /** getClusterConnectionsCount: two sockets per other node. */
    @Override public long connections() { return (nodes.size() - 1) * 2L; }

    @Override
    public void info(StringBuilder sb) { sb.append("# Cluster\r\ncluster_enabled:1\r\n"); }

    /**
     * clusterReset: forget every other node, release every slot, a replica turns master (and its
     * data goes); HARD also zeroes the epochs and takes a new name.
     */
    void reset(boolean hard) {
        if (myself.isSlave()) {
            setNodeAsMaster(myself);
            host.unsetMaster();
            host.keyspace().emptyData(-1);
        }
        closeAllSlots();
        failover.resetManualFailover();
        for (int j = 0; j < HashSlot.SLOTS; j++) delSlot(j);
        for (ClusterNode n : new ArrayList<>(nodes.values())) if (n != myself) delNode(n);
        if (hard) {
            currentEpoch = 0;
            lastVoteEpoch = 0;
            myself.configEpoch = 0;
            host.log("warning", "configEpoch set to 0 via CLUSTER RESET HARD");
            nodes.remove(myself.name);
            myself.name = randomName();
            addNode(myself);
            host.log("notice", "Node hard reset, now I'm " + myself.name);
        }
        doBeforeSleep(TODO_SAVE_CONFIG | TODO_UPDATE_STATE | TODO_FSYNC_CONFIG);
    }

    /** getPreferredEndpoint: the address clients are sent to (cluster-preferred-endpoint-type). */
    String preferredEndpoint(ClusterNode n) {
        return switch (preferredEndpointType.get()) {
            case 0 -> n.ip;
            case 1 -> n.hostname.isEmpty() ? "?" : n.hostname;
            case 2 -> "";
            default -> "unknown";
        };
    }

    // ---------------------------------------------------------------- blacklist

    void blacklistCleanup() {
        long now = host.now() / 1000;
        blacklist.values().removeIf(expire -> expire < now);
    }

    void blacklistAddNode(ClusterNode n) {
        blacklistCleanup();
        blacklist.put(n.name, host.now() / 1000 + BLACKLIST_TTL);
    }

    boolean blacklistExists(String name) {
        blacklistCleanup();
        return blacklist.containsKey(name);
    }

    // ---------------------------------------------------------------- for the engine, the hooks and tests

    /** This node's name (CLUSTER MYID). */
    public String myId() { return myself.name; }

    /** The bus port actually listened on. */
    public int busPort() { return bus.listeningPort(); }

    /** Closes the bus: its listener and every link. */
    public void close() {
        bus.close();
        nodesConfig.unlock();
    }

    /** The nodes this node knows, myself included, for the hooks' snapshot. */
    public List<ClusterNode> knownNodes() { return new ArrayList<>(nodes.values()); }

    /** True when cluster_state is ok. */
    public boolean stateOk() { return state == CLUSTER_OK; }

    /** The owner of a slot from this node's point of view, or null. */
    public ClusterNode slotOwner(int slot) { return slots[slot]; }
}
