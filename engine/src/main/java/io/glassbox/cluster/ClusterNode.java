package io.glassbox.cluster;

import io.glassbox.util.HashSlot;

import java.util.ArrayList;
import java.util.List;

/**
 * One node of the cluster as this node sees it: Redis's {@code clusterNode} (cluster.h). Myself is
 * one of them, flagged {@link #MYSELF}. The slots bitmap is the one the bus carries (bit
 * {@code slot & 7} of byte {@code slot / 8}), so a PING's myslots compares with it byte for byte.
 */
public final class ClusterNode {
    /** CLUSTER_NODE_* flags (cluster.h); the bus carries them as they are. */
    public static final int MASTER = 1, SLAVE = 2, PFAIL = 4, FAIL = 8, MYSELF = 16, HANDSHAKE = 32,
            NOADDR = 64, MEET = 128, MIGRATE_TO = 256, NOFAILOVER = 512;
    /** CLUSTER_NAMELEN: a node's name is 40 hex characters. */
    public static final int NAMELEN = 40;

    String name;
    int flags;
    final long ctime;
    long configEpoch;
    final byte[] slots = new byte[HashSlot.SLOTS / 8];
    int numslots;
    final List<ClusterNode> slaves = new ArrayList<>();
    ClusterNode slaveof;
    long pingSent, pongReceived, dataReceived, failTime, votedTime, replOffsetTime, orphanedTime;
    long replOffset;
    /** Number of the last PING whose gossip section carried this node (last_in_ping_gossip). */
    long lastInPingGossip;
    String ip = "";
    String hostname = "";
    int port, pport, cport;
    /** The link this node opened to it (node->link) and the one it accepted from it (inbound_link). */
    ClusterLink link, inboundLink;
    /** clusterNodeFailReport: which master said this node is failing, and when it last said so. */
    final List<FailReport> failReports = new ArrayList<>();

    record FailReport(ClusterNode node, long time) {}

    ClusterNode(String name, int flags, long now) {
        this.name = name;
        this.flags = flags;
        this.ctime = now;
    }

    public String name() { return name; }
    public int flags() { return flags; }
    public String ip() { return ip; }
    public int port() { return port; }
    public int cport() { return cport; }
    public long configEpoch() { return configEpoch; }
    public int numslots() { return numslots; }
    public ClusterNode slaveof() { return slaveof; }

    boolean isMaster() { return (flags & MASTER) != 0; }
    boolean isSlave() { return (flags & SLAVE) != 0; }
    boolean inHandshake() { return (flags & HANDSHAKE) != 0; }
    boolean hasAddr() { return (flags & NOADDR) == 0; }
    boolean timedOut() { return (flags & PFAIL) != 0; }
    boolean failed() { return (flags & FAIL) != 0; }

    boolean getSlotBit(int slot) { return (slots[slot >> 3] & (1 << (slot & 7))) != 0; }

    /** clusterNodeSetSlotBit without the MIGRATE_TO rule (the cluster applies it): the old value. */
    boolean setSlotBit(int slot) {
        boolean old = getSlotBit(slot);
        slots[slot >> 3] |= (byte) (1 << (slot & 7));
        if (!old) numslots++;
        return old;
    }

    /** clusterNodeClearSlotBit: the old value. */
    boolean clearSlotBit(int slot) {
        boolean old = getSlotBit(slot);
        slots[slot >> 3] &= (byte) ~(1 << (slot & 7));
        if (old) numslots--;
        return old;
    }

    /** clusterNodeAddSlave. */
    void addSlave(ClusterNode slave) {
        if (slaves.contains(slave)) return;
        slaves.add(slave);
        flags |= MIGRATE_TO;
    }

    /** clusterNodeRemoveSlave; a master left without replicas keeps MIGRATE_TO only if it still has some. */
    void removeSlave(ClusterNode slave) {
        if (slaves.remove(slave) && slaves.isEmpty()) flags &= ~MIGRATE_TO;
    }

    /** clusterCountNonFailingSlaves. */
    int countNonFailingSlaves() {
        int ok = 0;
        for (ClusterNode s : slaves) if (!s.failed()) ok++;
        return ok;
    }

    /** clusterNodeAddFailureReport: true if this is a new report, false if it refreshed an old one. */
    boolean addFailureReport(ClusterNode sender, long now) {
        for (int i = 0; i < failReports.size(); i++) {
            if (failReports.get(i).node() == sender) {
                failReports.set(i, new FailReport(sender, now));
                return false;
            }
        }
        failReports.add(new FailReport(sender, now));
        return true;
    }

    /** clusterNodeCleanupFailureReports: reports older than twice the node timeout are dropped. */
    void cleanupFailureReports(long nodeTimeout, long now) {
        long maxtime = nodeTimeout * 2; // CLUSTER_FAIL_REPORT_VALIDITY_MULT
        failReports.removeIf(r -> now - r.time() > maxtime);
    }

    /** clusterNodeDelFailureReport: true if the sender had reported this node. */
    boolean delFailureReport(ClusterNode sender, long nodeTimeout, long now) {
        boolean removed = failReports.removeIf(r -> r.node() == sender);
        cleanupFailureReports(nodeTimeout, now);
        return removed;
    }

    /** clusterNodeFailureReportsCount, after dropping the stale ones. */
    int failureReportsCount(long nodeTimeout, long now) {
        cleanupFailureReports(nodeTimeout, now);
        return failReports.size();
    }

    /** representClusterNodeFlags: "myself,master", or "noflags". */
    static String flagsString(int flags) {
        StringBuilder sb = new StringBuilder();
        if ((flags & MYSELF) != 0) sb.append("myself,");
        if ((flags & MASTER) != 0) sb.append("master,");
        if ((flags & SLAVE) != 0) sb.append("slave,");
        if ((flags & PFAIL) != 0) sb.append("fail?,");
        if ((flags & FAIL) != 0) sb.append("fail,");
        if ((flags & HANDSHAKE) != 0) sb.append("handshake,");
        if ((flags & NOADDR) != 0) sb.append("noaddr,");
        if ((flags & NOFAILOVER) != 0) sb.append("nofailover,");
        if (sb.length() == 0) sb.append("noflags,");
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }

    @Override public String toString() { return name + " " + ip + ":" + port + "@" + cport + " " + flagsString(flags); }
}
