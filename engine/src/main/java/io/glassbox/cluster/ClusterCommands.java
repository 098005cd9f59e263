package io.glassbox.cluster;

import io.glassbox.command.CommandTable;
import io.glassbox.server.Client;
import io.glassbox.util.HashSlot;
import io.glassbox.util.RedisNumbers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * CLUSTER and its subcommands, ASKING, READONLY and READWRITE: cluster.c's {@code clusterCommand},
 * {@code askingCommand}, {@code readonlyCommand}, {@code readwriteCommand}, each check in Redis's
 * order with Redis's words. Bound on every engine: with cluster-enabled no each answers "This
 * instance has cluster support disabled", as Redis does.
 */
public final class ClusterCommands {
    private static final String DISABLED = "This instance has cluster support disabled";
    /** The cluster, or null when cluster-enabled is no. */
    private final Cluster cl;

    public ClusterCommands(Cluster cluster) { this.cl = cluster; }

    public void register(CommandTable t) {
        t.bind("asking", c -> { if (enabled(c)) { c.asking = true; c.addOk(); } });
        t.bind("readonly", c -> { if (enabled(c)) { c.readonlyCluster = true; c.addOk(); } });
        t.bind("readwrite", c -> { if (enabled(c)) { c.readonlyCluster = false; c.addOk(); } });
        t.bind("cluster|help", c -> { if (enabled(c)) help(c); });
        t.bind("cluster|meet", c -> { if (enabled(c)) meet(c); });
        t.bind("cluster|nodes", c -> { if (enabled(c)) c.addVerbatim(bytes(cl.nodesConfig.describeNodes(0)), "txt"); });
        t.bind("cluster|myid", c -> { if (enabled(c)) c.addBulk(bytes(cl.myself.name)); });
        t.bind("cluster|slots", c -> { if (enabled(c)) slots(c); });
        t.bind("cluster|shards", c -> { if (enabled(c)) shards(c); });
        t.bind("cluster|flushslots", c -> { if (enabled(c)) flushslots(c); });
        t.bind("cluster|addslots", c -> { if (enabled(c)) addDelSlots(c, false); });
        t.bind("cluster|delslots", c -> { if (enabled(c)) addDelSlots(c, true); });
        t.bind("cluster|addslotsrange", c -> { if (enabled(c)) addDelSlotsRange(c, false); });
        t.bind("cluster|delslotsrange", c -> { if (enabled(c)) addDelSlotsRange(c, true); });
        t.bind("cluster|setslot", c -> { if (enabled(c)) setslot(c); });
        t.bind("cluster|bumpepoch", c -> { if (enabled(c)) bumpepoch(c); });
        t.bind("cluster|info", c -> { if (enabled(c)) c.addVerbatim(bytes(clusterInfo()), "txt"); });
        t.bind("cluster|saveconfig", c -> { if (enabled(c)) saveconfig(c); });
        t.bind("cluster|keyslot", c -> { if (enabled(c)) c.addLong(HashSlot.keyHashSlot(c.arg(2))); });
        t.bind("cluster|countkeysinslot", c -> { if (enabled(c)) countkeysinslot(c); });
        t.bind("cluster|getkeysinslot", c -> { if (enabled(c)) getkeysinslot(c); });
        t.bind("cluster|forget", c -> { if (enabled(c)) forget(c); });
        t.bind("cluster|replicate", c -> { if (enabled(c)) replicate(c); });
        t.bind("cluster|replicas", c -> { if (enabled(c)) replicas(c); });
        t.bind("cluster|slaves", c -> { if (enabled(c)) replicas(c); });
        t.bind("cluster|count-failure-reports", c -> { if (enabled(c)) countFailureReports(c); });
        t.bind("cluster|failover", c -> { if (enabled(c)) failover(c); });
        t.bind("cluster|set-config-epoch", c -> { if (enabled(c)) setConfigEpoch(c); });
        t.bind("cluster|reset", c -> { if (enabled(c)) reset(c); });
        t.bind("cluster|links", c -> { if (enabled(c)) links(c); });
    }

    private boolean enabled(Client c) {
        if (cl == null) c.addError(DISABLED);
        return cl != null;
    }

    private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }

    private static final String[] HELP = {
        "ADDSLOTS <slot> [<slot> ...]",
        "    Assign slots to current node.",
        "ADDSLOTSRANGE <start slot> <end slot> [<start slot> <end slot> ...]",
        "    Assign slots which are between <start-slot> and <end-slot> to current node.",
        "BUMPEPOCH",
        "    Advance the cluster config epoch.",
        "COUNT-FAILURE-REPORTS <node-id>",
        "    Return number of failure reports for <node-id>.",
        "COUNTKEYSINSLOT <slot>",
        "    Return the number of keys in <slot>.",
        "DELSLOTS <slot> [<slot> ...]",
        "    Delete slots information from current node.",
        "DELSLOTSRANGE <start slot> <end slot> [<start slot> <end slot> ...]",
        "    Delete slots information which are between <start-slot> and <end-slot> from current node.",
        "FAILOVER [FORCE|TAKEOVER]",
        "    Promote current replica node to being a master.",
        "FORGET <node-id>",
        "    Remove a node from the cluster.",
        "GETKEYSINSLOT <slot> <count>",
        "    Return key names stored by current node in a slot.",
        "FLUSHSLOTS",
        "    Delete current node own slots information.",
        "INFO",
        "    Return information about the cluster.",
        "KEYSLOT <key>",
        "    Return the hash slot for <key>.",
        "MEET <ip> <port> [<bus-port>]",
        "    Connect nodes into a working cluster.",
        "MYID",
        "    Return the node id.",
        "NODES",
        "    Return cluster configuration seen by node. Output format:",
        "    <id> <ip:port> <flags> <master> <pings> <pongs> <epoch> <link> <slot> ...",
        "REPLICATE <node-id>",
        "    Configure current node as replica to <node-id>.",
        "RESET [HARD|SOFT]",
        "    Reset current node (default: soft).",
        "SET-CONFIG-EPOCH <epoch>",
        "    Set config epoch of current node.",
        "SETSLOT <slot> (IMPORTING <node-id>|MIGRATING <node-id>|STABLE|NODE <node-id>)",
        "    Set slot state.",
        "REPLICAS <node-id>",
        "    Return <node-id> replicas.",
        "SAVECONFIG",
        "    Force saving cluster configuration on disk.",
        "SLOTS",
        "    Return information about slots range mappings. Each range is made of:",
        "    start, end, master and replicas IP addresses, ports and ids",
        "SHARDS",
        "    Return information about slot range mappings and the nodes associated with them.",
        "LINKS",
        "    Return information about all network links between this node and its peers.",
        "    Output format is an array where each array element is a map containing attributes of a link",
    };

    /** addReplyHelp: the title line, the subcommands, then HELP itself. */
    private static void help(Client c) {
        c.addArrayLen(HELP.length + 3);
        c.addStatus("CLUSTER <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        for (String line : HELP) c.addStatus(line);
        c.addStatus("HELP");
        c.addStatus("    Prints this help.");
    }

    /** getLongLongFromObject. */
    private static Long parseLong(byte[] arg) {
        long[] out = new long[1];
        return RedisNumbers.string2ll(arg, out) ? out[0] : null;
    }

    /** getSlotOrReply: -1 after replying "Invalid or out of range slot". */
    private static int getSlotOrReply(Client c, byte[] arg) {
        Long slot = parseLong(arg);
        if (slot == null || slot < 0 || slot >= HashSlot.SLOTS) {
            c.addError("Invalid or out of range slot");
            return -1;
        }
        return (int) (long) slot;
    }

    /** CLUSTER MEET ip port [cport]. */
    private void meet(Client c) {
        if (c.argc() != 4 && c.argc() != 5) {
            c.addErrorSubcommandSyntax();
            return;
        }
        Long port = parseLong(c.arg(3));
        if (port == null) {
            c.addError("Invalid TCP base port specified: " + c.argString(3));
            return;
        }
        long cport;
        if (c.argc() == 5) {
            Long cp = parseLong(c.arg(4));
            if (cp == null) {
                c.addError("Invalid TCP bus port specified: " + c.argString(4));
                return;
            }
            cport = cp;
        } else {
            cport = port + Cluster.PORT_INCR;
        }
        boolean[] einval = new boolean[1];
        int p = port > Integer.MAX_VALUE || port < Integer.MIN_VALUE ? -1 : (int) (long) port;
        int cp = cport > Integer.MAX_VALUE || cport < Integer.MIN_VALUE ? -1 : (int) cport;
        if (cl.bus.startHandshake(c.argString(2), p, cp, einval) == 0 && einval[0]) {
            c.addError("Invalid node address specified: " + c.argString(2) + ":" + c.argString(3));
        } else {
            c.addOk();
        }
    }

    /** CLUSTER SLOTS (clusterReplyMultiBulkSlots): one entry per range of slots with one owner. */
    private void slots(Client c) {
        List<int[]> ranges = new ArrayList<>();
        List<ClusterNode> owners = new ArrayList<>();
        ClusterNode n = null;
        int start = -1;
        for (int i = 0; i <= HashSlot.SLOTS; i++) {
            if (n == null) {
                if (i == HashSlot.SLOTS) break;
                n = cl.slots[i];
                start = i;
                continue;
            }
            if (i == HashSlot.SLOTS || n != cl.slots[i]) {
                ranges.add(new int[] {start, i - 1});
                owners.add(n);
                if (i == HashSlot.SLOTS) break;
                n = cl.slots[i];
                start = i;
            }
        }
        c.addArrayLen(ranges.size());
        for (int r = 0; r < ranges.size(); r++) {
            ClusterNode owner = owners.get(r);
            List<ClusterNode> replicas = new ArrayList<>();
            for (ClusterNode s : owner.slaves) if (isReplicaAvailable(s)) replicas.add(s);
            c.addArrayLen(3 + replicas.size());
            c.addLong(ranges.get(r)[0]);
            c.addLong(ranges.get(r)[1]);
            addNodeToNodeReply(c, owner);
            for (ClusterNode s : replicas) addNodeToNodeReply(c, s);
        }
    }

    /** isReplicaAvailable: not failed, and it has synced (a non-zero offset). */
    private boolean isReplicaAvailable(ClusterNode node) {
        if (node.failed()) return false;
        long offset = (node.flags & ClusterNode.MYSELF) != 0 ? cl.host.replicaOffset() : node.replOffset;
        return offset != 0;
    }

    /** addNodeToNodeReply: endpoint, port, name, and a map of the other endpoints. */
    private void addNodeToNodeReply(Client c, ClusterNode node) {
        c.addArrayLen(4);
        int type = cl.preferredEndpointType.get();
        if (type == 0) c.addBulk(bytes(node.ip));
        else if (type == 1) c.addBulk(bytes(node.hostname.isEmpty() ? "?" : node.hostname));
        else c.addNull();
        c.addLong(node.port);
        c.addBulk(bytes(node.name));
        int length = 0;
        if (type != 0) length++;
        if (type != 1 && !node.hostname.isEmpty()) length++;
        c.addMapLen(length);
        if (type != 0) {
            c.addBulk("ip");
            c.addBulk(bytes(node.ip));
        }
        if (type != 1 && !node.hostname.isEmpty()) {
            c.addBulk("hostname");
            c.addBulk(bytes(node.hostname));
        }
    }

    /** CLUSTER SHARDS (clusterReplyShards): per master, its slot ranges and its nodes. */
    private void shards(Client c) {
        List<ClusterNode> masters = new ArrayList<>();
        for (ClusterNode n : cl.nodes.values()) if (n.isMaster()) masters.add(n);
        c.addArrayLen(masters.size());
        for (ClusterNode m : masters) {
            List<Integer> pairs = new ArrayList<>();
            int start = -1;
            for (int j = 0; j <= HashSlot.SLOTS; j++) {
                boolean mine = j < HashSlot.SLOTS && cl.slots[j] == m;
                if (mine && start == -1) start = j;
                if (!mine && start != -1) {
                    pairs.add(start);
                    pairs.add(j - 1);
                    start = -1;
                }
            }
            c.addMapLen(2);
            c.addBulk("slots");
            c.addArrayLen(pairs.size());
            for (int p : pairs) c.addLong(p);
            c.addBulk("nodes");
            c.addArrayLen(1 + m.slaves.size());
            addNodeDetailsToShardReply(c, m);
            for (ClusterNode s : m.slaves) addNodeDetailsToShardReply(c, s);
        }
    }

    /** addNodeDetailsToShardReply. */
    private void addNodeDetailsToShardReply(Client c, ClusterNode node) {
        long offset = (node.flags & ClusterNode.MYSELF) != 0
                ? (node.isSlave() ? cl.host.replicaOffset() : cl.host.masterReplOffset()) : node.replOffset;
        int count = 6 + (node.port != 0 ? 1 : 0) + (node.hostname.isEmpty() ? 0 : 1);
        c.addMapLen(count);
        c.addBulk("id");
        c.addBulk(bytes(node.name));
        if (node.port != 0) {
            c.addBulk("port");
            c.addLong(node.port);
        }
        c.addBulk("ip");
        c.addBulk(bytes(node.ip));
        c.addBulk("endpoint");
        c.addBulk(bytes(cl.preferredEndpoint(node)));
        if (!node.hostname.isEmpty()) {
            c.addBulk("hostname");
            c.addBulk(bytes(node.hostname));
        }
        c.addBulk("role");
        c.addBulk(node.isSlave() ? "replica" : "master");
        c.addBulk("replication-offset");
        c.addLong(offset);
        c.addBulk("health");
        c.addBulk(node.failed() ? "fail" : node.isSlave() && offset == 0 ? "loading" : "online");
    }

    /** CLUSTER FLUSHSLOTS. */
    private void flushslots(Client c) {
        if (cl.host.keyspace().db(0).size() != 0) {
            c.addError("DB must be empty to perform CLUSTER FLUSHSLOTS.");
            return;
        }
        cl.delNodeSlots(cl.myself);
        cl.doBeforeSleep(Cluster.TODO_UPDATE_STATE | Cluster.TODO_SAVE_CONFIG);
        c.addOk();
    }

    /** checkSlotAssignmentsOrReply. */
    private boolean checkSlotAssignments(Client c, byte[] seen, boolean del, int start, int end) {
        for (int slot = start; slot <= end; slot++) {
            if (del && cl.slots[slot] == null) {
                c.addError("Slot " + slot + " is already unassigned");
                return false;
            } else if (!del && cl.slots[slot] != null) {
                c.addError("Slot " + slot + " is already busy");
                return false;
            }
            if (seen[slot]++ == 1) {
                c.addError("Slot " + slot + " specified multiple times");
                return false;
            }
        }
        return true;
    }

    /** clusterUpdateSlots: add or delete the checked slots; an added slot is no longer importing. */
    private void updateSlots(byte[] seen, boolean del) {
        for (int j = 0; j < HashSlot.SLOTS; j++) {
            if (seen[j] == 0) continue;
            if (cl.importingSlotsFrom[j] != null) cl.importingSlotsFrom[j] = null;
            if (del) cl.delSlot(j);
            else cl.addSlot(cl.myself, j);
        }
        cl.listener.slotStateChanged(cl.myself.name, -1, del ? "delslots" : "addslots", cl.myself.name);
    }

    /** CLUSTER ADDSLOTS / DELSLOTS slot... */
    private void addDelSlots(Client c, boolean del) {
        byte[] seen = new byte[HashSlot.SLOTS];
        for (int j = 2; j < c.argc(); j++) if (getSlotOrReply(c, c.arg(j)) == -1) return;
        for (int j = 2; j < c.argc(); j++) {
            int slot = getSlotOrReply(c, c.arg(j));
            if (!checkSlotAssignments(c, seen, del, slot, slot)) return;
        }
        updateSlots(seen, del);
        cl.doBeforeSleep(Cluster.TODO_UPDATE_STATE | Cluster.TODO_SAVE_CONFIG);
        c.addOk();
    }

    /** CLUSTER ADDSLOTSRANGE / DELSLOTSRANGE start end ... */
    private void addDelSlotsRange(Client c, boolean del) {
        if (c.argc() % 2 == 1) {
            c.addErrorArity();
            return;
        }
        byte[] seen = new byte[HashSlot.SLOTS];
        for (int j = 2; j < c.argc(); j += 2) {
            int start = getSlotOrReply(c, c.arg(j));
            if (start == -1) return;
            int end = getSlotOrReply(c, c.arg(j + 1));
            if (end == -1) return;
            if (start > end) {
                c.addError("start slot number " + start + " is greater than end slot number " + end);
                return;
            }
            if (!checkSlotAssignments(c, seen, del, start, end)) return;
        }
        updateSlots(seen, del);
        cl.doBeforeSleep(Cluster.TODO_UPDATE_STATE | Cluster.TODO_SAVE_CONFIG);
        c.addOk();
    }

    /** CLUSTER SETSLOT slot IMPORTING|MIGRATING node | STABLE | NODE node. */
    private void setslot(Client c) {
        if (cl.myself.isSlave()) {
            c.addError("Please use SETSLOT only with masters.");
            return;
        }
        int slot = getSlotOrReply(c, c.arg(2));
        if (slot == -1) return;
        String action = c.argString(3);
        ClusterNode n;
        if (action.equalsIgnoreCase("migrating") && c.argc() == 5) {
            if (cl.slots[slot] != cl.myself) {
                c.addError("I'm not the owner of hash slot " + slot);
                return;
            }
            n = masterOrReply(c, "I don't know about node ");
            if (n == null) return;
            cl.migratingSlotsTo[slot] = n;
            cl.listener.slotStateChanged(cl.myself.name, slot, "migrating", n.name);
        } else if (action.equalsIgnoreCase("importing") && c.argc() == 5) {
            if (cl.slots[slot] == cl.myself) {
                c.addError("I'm already the owner of hash slot " + slot);
                return;
            }
            n = masterOrReply(c, "I don't know about node ");
            if (n == null) return;
            cl.importingSlotsFrom[slot] = n;
            cl.listener.slotStateChanged(cl.myself.name, slot, "importing", n.name);
        } else if (action.equalsIgnoreCase("stable") && c.argc() == 4) {
            cl.importingSlotsFrom[slot] = null;
            cl.migratingSlotsTo[slot] = null;
            cl.listener.slotStateChanged(cl.myself.name, slot, "stable", null);
        } else if (action.equalsIgnoreCase("node") && c.argc() == 5) {
            n = masterOrReply(c, "Unknown node ");
            if (n == null) return;
            if (cl.slots[slot] == cl.myself && n != cl.myself && cl.countKeysInSlot(slot) != 0) {
                c.addError("Can't assign hashslot " + slot + " to a different node while I still hold keys for this hash slot.");
                return;
            }
            if (cl.countKeysInSlot(slot) == 0 && cl.migratingSlotsTo[slot] != null) cl.migratingSlotsTo[slot] = null;
            boolean slotWasMine = cl.slots[slot] == cl.myself;
            cl.delSlot(slot);
            cl.addSlot(n, slot);
            cl.listener.slotStateChanged(cl.myself.name, slot, "node", n.name);
            if (slotWasMine && n != cl.myself && cl.myself.numslots == 0 && cl.allowReplicaMigration.get()) {
                cl.host.log("warning", "Configuration change detected. Reconfiguring myself as a replica of " + n.name);
                cl.setMaster(n);
                cl.doBeforeSleep(Cluster.TODO_SAVE_CONFIG | Cluster.TODO_UPDATE_STATE | Cluster.TODO_FSYNC_CONFIG);
            }
            if (n == cl.myself && cl.importingSlotsFrom[slot] != null) {
                // a slot migrated by hand: a new epoch, so that the cluster takes our claim
                if (cl.bumpConfigEpochWithoutConsensus()) {
                    cl.host.log("warning", "configEpoch updated after importing slot " + slot);
                }
                cl.importingSlotsFrom[slot] = null;
                cl.bus.broadcastPong(ClusterBus.BROADCAST_ALL);
            }
        } else {
            c.addError("Invalid CLUSTER SETSLOT action or number of arguments. Try CLUSTER HELP");
            return;
        }
        cl.doBeforeSleep(Cluster.TODO_SAVE_CONFIG | Cluster.TODO_UPDATE_STATE);
        c.addOk();
    }

    /** SETSLOT's target (argv[4]): a known master, or null after replying {@code unknown} + name or "Target node is not a master". */
    private ClusterNode masterOrReply(Client c, String unknown) {
        ClusterNode n = cl.lookupNode(c.argString(4));
        if (n == null) {
            c.addError(unknown + c.argString(4));
            return null;
        }
        if (n.isSlave()) {
            c.addError("Target node is not a master");
            return null;
        }
        return n;
    }

    private void bumpepoch(Client c) {
        boolean bumped = cl.bumpConfigEpochWithoutConsensus();
        c.addStatus((bumped ? "BUMPED " : "STILL ") + Long.toUnsignedString(cl.myself.configEpoch));
    }

    /** CLUSTER INFO's text. */
    String clusterInfo() {
        int assigned = 0, ok = 0, pfail = 0, fail = 0;
        for (int j = 0; j < HashSlot.SLOTS; j++) {
            ClusterNode n = cl.slots[j];
            if (n == null) continue;
            assigned++;
            if (n.failed()) fail++;
            else if (n.timedOut()) pfail++;
            else ok++;
        }
        long myepoch = cl.myself.isSlave() && cl.myself.slaveof != null ? cl.myself.slaveof.configEpoch : cl.myself.configEpoch;
        StringBuilder sb = new StringBuilder();
        sb.append("cluster_state:").append(cl.state == Cluster.CLUSTER_OK ? "ok" : "fail").append("\r\n")
          .append("cluster_slots_assigned:").append(assigned).append("\r\n")
          .append("cluster_slots_ok:").append(ok).append("\r\n")
          .append("cluster_slots_pfail:").append(pfail).append("\r\n")
          .append("cluster_slots_fail:").append(fail).append("\r\n")
          .append("cluster_known_nodes:").append(cl.nodes.size()).append("\r\n")
          .append("cluster_size:").append(cl.size).append("\r\n")
          .append("cluster_current_epoch:").append(Long.toUnsignedString(cl.currentEpoch)).append("\r\n")
          .append("cluster_my_epoch:").append(Long.toUnsignedString(myepoch)).append("\r\n");
        long sent = 0, received = 0;
        for (int i = 0; i < ClusterMsg.TYPE_COUNT; i++) {
            if (cl.statsBusMessagesSent[i] == 0) continue;
            sent += cl.statsBusMessagesSent[i];
            sb.append("cluster_stats_messages_").append(ClusterMsg.typeName(i)).append("_sent:").append(cl.statsBusMessagesSent[i]).append("\r\n");
        }
        sb.append("cluster_stats_messages_sent:").append(sent).append("\r\n");
        for (int i = 0; i < ClusterMsg.TYPE_COUNT; i++) {
            if (cl.statsBusMessagesReceived[i] == 0) continue;
            received += cl.statsBusMessagesReceived[i];
            sb.append("cluster_stats_messages_").append(ClusterMsg.typeName(i)).append("_received:").append(cl.statsBusMessagesReceived[i]).append("\r\n");
        }
        sb.append("cluster_stats_messages_received:").append(received).append("\r\n");
        sb.append("total_cluster_links_buffer_limit_exceeded:0\r\n");
        return sb.toString();
    }

    private void saveconfig(Client c) {
        if (cl.nodesConfig.save(true)) c.addOk();
        else c.addError("error saving the cluster node config: " + cl.nodesConfig.lastError);
    }

    private void countkeysinslot(Client c) {
        Long slot = parseLong(c.arg(2));
        if (slot == null) {
            c.addErrorNotInteger();
            return;
        }
        if (slot < 0 || slot >= HashSlot.SLOTS) {
            c.addError("Invalid slot");
            return;
        }
        c.addLong(cl.countKeysInSlot((int) (long) slot));
    }

    private void getkeysinslot(Client c) {
        Long slot = parseLong(c.arg(2));
        if (slot == null) {
            c.addErrorNotInteger();
            return;
        }
        Long maxkeys = parseLong(c.arg(3));
        if (maxkeys == null) {
            c.addErrorNotInteger();
            return;
        }
        if (slot < 0 || slot >= HashSlot.SLOTS || maxkeys < 0) {
            c.addError("Invalid slot or number of keys");
            return;
        }
        var idx = cl.host.keyspace().db(0).slotToKeys();
        List<byte[]> keys = idx == null ? List.of() : idx.keysInSlot((int) (long) slot, maxkeys);
        c.addArrayLen(keys.size());
        for (byte[] k : keys) c.addBulk(k);
    }

    /** The node named by argv[2], or null after replying "Unknown node NAME". */
    private ClusterNode nodeOrReply(Client c) {
        ClusterNode n = cl.lookupNode(c.argString(2));
        if (n == null) c.addError("Unknown node " + c.argString(2));
        return n;
    }

    private void forget(Client c) {
        ClusterNode n = nodeOrReply(c);
        if (n == null) return; else if (n == cl.myself) {
            c.addError("I tried hard but I can't forget myself...");
            return;
        } else if (cl.myself.isSlave() && cl.myself.slaveof == n) {
            c.addError("Can't forget my master!");
            return;
        }
        cl.blacklistAddNode(n);
        cl.delNode(n);
        cl.doBeforeSleep(Cluster.TODO_UPDATE_STATE | Cluster.TODO_SAVE_CONFIG);
        c.addOk();
    }

    private void replicate(Client c) {
        ClusterNode n = nodeOrReply(c);
        if (n == null) return;
        if (n == cl.myself) {
            c.addError("Can't replicate myself");
            return;
        }
        if (n.isSlave()) {
            c.addError("I can only replicate a master, not a replica.");
            return;
        }
        if (cl.myself.isMaster() && (cl.myself.numslots != 0 || cl.host.keyspace().db(0).size() != 0)) {
            c.addError("To set a master the node must be empty and without assigned slots.");
            return;
        }
        cl.setMaster(n);
        cl.doBeforeSleep(Cluster.TODO_UPDATE_STATE | Cluster.TODO_SAVE_CONFIG);
        c.addOk();
    }

    private void replicas(Client c) {
        ClusterNode n = nodeOrReply(c);
        if (n == null) return;
        if (n.isSlave()) {
            c.addError("The specified node is not a master");
            return;
        }
        c.addArrayLen(n.slaves.size());
        for (ClusterNode s : n.slaves) {
            StringBuilder sb = new StringBuilder();
            cl.nodesConfig.describeNode(sb, s);
            c.addBulk(bytes(sb.toString()));
        }
    }

    private void countFailureReports(Client c) {
        ClusterNode n = nodeOrReply(c);
        if (n == null) return;
        c.addLong(n.failureReportsCount(cl.nodeTimeout.get(), cl.host.now()));
    }

    /** CLUSTER FAILOVER [FORCE|TAKEOVER]: the preconditions, then {@link Failover#manualFailover}. */
    private void failover(Client c) {
        if (c.argc() != 2 && c.argc() != 3) {
            c.addErrorSubcommandSyntax();
            return;
        }
        boolean force = false, takeover = false;
        if (c.argc() == 3) {
            if (c.argString(2).equalsIgnoreCase("force")) force = true;
            else if (c.argString(2).equalsIgnoreCase("takeover")) { takeover = true; force = true; }
            else { c.addErrorSyntax(); return; }
        }
        if (cl.myself.isMaster()) {
            c.addError("You should send CLUSTER FAILOVER to a replica");
            return;
        } else if (cl.myself.slaveof == null) {
            c.addError("I'm a replica but my master is unknown to me");
            return;
        } else if (!force && (cl.myself.slaveof.failed() || cl.myself.slaveof.link == null)) {
            c.addError("Master is down or failed, please use CLUSTER FAILOVER FORCE");
            return;
        }
        cl.failover.manualFailover(force, takeover);
        c.addOk();
    }

    private void setConfigEpoch(Client c) {
        Long epoch = parseLong(c.arg(2));
        if (epoch == null) {
            c.addErrorNotInteger();
            return;
        }
        if (epoch < 0) {
            c.addError("Invalid config epoch specified: " + epoch);
        } else if (cl.nodes.size() > 1) {
            c.addError("The user can assign a config epoch only when the node does not know any other node.");
        } else if (cl.myself.configEpoch != 0) {
            c.addError("Node config epoch is already non-zero");
        } else {
            cl.myself.configEpoch = epoch;
            cl.host.log("warning", "configEpoch set to " + epoch + " via CLUSTER SET-CONFIG-EPOCH");
            if (cl.currentEpoch < epoch) cl.currentEpoch = epoch;
            cl.doBeforeSleep(Cluster.TODO_UPDATE_STATE | Cluster.TODO_SAVE_CONFIG);
            cl.listener.epochChanged(cl.myself.name, cl.currentEpoch, epoch, "set-config-epoch");
            c.addOk();
        }
    }

    private void reset(Client c) {
        if (c.argc() != 2 && c.argc() != 3) {
            c.addErrorSubcommandSyntax();
            return;
        }
        boolean hard = false;
        if (c.argc() == 3) {
            if (c.argString(2).equalsIgnoreCase("hard")) hard = true;
            else if (!c.argString(2).equalsIgnoreCase("soft")) {
                c.addErrorSyntax();
                return;
            }
        }
        if (cl.myself.isMaster() && c.db().size() != 0) {
            c.addError("CLUSTER RESET can't be called with master nodes containing keys");
            return;
        }
        cl.reset(hard);
        c.addOk();
    }

    /** CLUSTER LINKS (addReplyClusterLinksDescription). */
    private void links(Client c) {
        List<ClusterLink> links = new ArrayList<>();
        for (ClusterNode n : cl.nodes.values()) {
            if (n.link != null) links.add(n.link);
            if (n.inboundLink != null) links.add(n.inboundLink);
        }
        c.addArrayLen(links.size());
        for (ClusterLink l : links) {
            c.addMapLen(6);
            c.addBulk("direction");
            c.addBulk(l.inbound ? "from" : "to");
            c.addBulk("node");
            c.addBulk(bytes(l.node.name));
            c.addBulk("create-time");
            c.addLong(l.ctime);
            c.addBulk("events");
            c.addBulk(l.conn == null ? "" : "r");
            c.addBulk("send-buffer-allocated");
            c.addLong(0);
            c.addBulk("send-buffer-used");
            c.addLong(0);
        }
    }
}
