package io.glassbox.cluster;

import io.glassbox.command.CommandFlags;
import io.glassbox.command.KeySpec;
import io.glassbox.command.RedisCommand;
import io.glassbox.server.Client;
import io.glassbox.util.HashSlot;

import java.util.Arrays;
import java.util.List;

/**
 * Which node serves a command: cluster.c's {@code getNodeByQuery} and {@code clusterRedirectClient}.
 * All keys of the command (of every command of an EXEC) must hash to one slot; that slot's owner
 * serves it. A slot this node is migrating sends a client whose keys are gone to the target with
 * -ASK (and -TRYAGAIN when only some are gone); a slot it is importing is served to a client that
 * said ASKING. A replica serves reads of its master's slots to a READONLY client. Costs one
 * CRC16 per key and, while a slot moves, one dict lookup per key.
 */
final class Redirection {
    static final int REDIR_NONE = 0, REDIR_CROSS_SLOT = 1, REDIR_UNSTABLE = 2, REDIR_ASK = 3, REDIR_MOVED = 4,
            REDIR_DOWN_STATE = 5, REDIR_DOWN_UNBOUND = 6, REDIR_DOWN_RO_STATE = 7;

    private final Cluster cl;
    /** getKeysFromCommand's result, reused: one command thread. */
    private final KeySpec.IntList keyPos = new KeySpec.IntList(), keyFlags = new KeySpec.IntList();

    Redirection(Cluster cluster) { this.cl = cluster; }

    /** processCommand's check: null to run the command here, else the error to reply. */
    String redirect(Client c, RedisCommand cmd, long cmdFlags) {
        int[] slotOut = new int[1], errorOut = new int[1];
        ClusterNode n = getNodeByQuery(c, cmd, c.argv, cmdFlags, slotOut, errorOut);
        if (n == cl.myself) return null;
        String error = redirectError(n, slotOut[0], errorOut[0]);
        cl.listener.redirected(cl.myself.name, error);
        return error;
    }

    /**
     * getNodeByQuery: the node that can serve the command, with {@code errorCode[0]} MOVED or ASK
     * if it is another one; null with the reason in {@code errorCode[0]} if none can.
     */
    ClusterNode getNodeByQuery(Client c, RedisCommand cmd, List<byte[]> argv, long cmdFlags, int[] hashslot, int[] errorCode) {
        errorCode[0] = REDIR_NONE;
        boolean exec = cmd.parent == null && cmd.name.equals("exec");
        int count;
        if (exec) {
            if (!c.mstate.inMulti()) return cl.myself;
            count = c.mstate.queuedOrMinusOne();
        } else {
            count = 1;
        }
        ClusterNode n = null;
        byte[] firstkey = null;
        boolean multipleKeys = false, migratingSlot = false, importingSlot = false;
        int slot = 0, missingKeys = 0, existingKeys = 0;
        boolean pubsubshard = false;
        for (int i = 0; i < count; i++) {
            RedisCommand mcmd = exec ? c.mstate.queuedCommand(i) : cmd;
            List<byte[]> margv = exec ? c.mstate.queuedArgv(i) : argv;
            String top = (mcmd.parent == null ? mcmd : mcmd.parent).name;
            if (top.equals("ssubscribe") || top.equals("sunsubscribe") || top.equals("spublish")) pubsubshard = !exec;
            int numkeys = KeySpec.keys(mcmd, margv, keyPos, keyFlags);
            for (int k = 0; k < numkeys; k++) {
                int pos = keyPos.get(k);
                if (pos >= margv.size()) continue;
                byte[] thiskey = margv.get(pos);
                int thisslot = HashSlot.keyHashSlot(thiskey);
                if (firstkey == null) {
                    firstkey = thiskey;
                    slot = thisslot;
                    n = cl.slots[slot];
                    if (n == null) {
                        errorCode[0] = REDIR_DOWN_UNBOUND;
                        return null;
                    }
                    if (n == cl.myself && cl.migratingSlotsTo[slot] != null) migratingSlot = true;
                    else if (cl.importingSlotsFrom[slot] != null) importingSlot = true;
                } else if (!Arrays.equals(firstkey, thiskey)) {
                    if (slot != thisslot) {
                        errorCode[0] = REDIR_CROSS_SLOT;
                        return null;
                    }
                    multipleKeys = true;
                }
                if ((migratingSlot || importingSlot) && !pubsubshard) {
                    // LOOKUP_NOTOUCH|NOSTATS|NONOTIFY|NOEXPIRE: an expired key counts as gone, and is not deleted
                    var db0 = cl.host.keyspace().db(0);
                    long when = db0.dict().find(thiskey) == null ? -2 : db0.getExpire(thiskey);
                    // keyIsExpired outside call(): against the time now, not the last command's
                    if (when == -2 || (when >= 0 && cl.host.now() > when)) missingKeys++;
                    else existingKeys++;
                }
            }
        }
        if (n == null) return cl.myself; // no keys: served anywhere
        if (cl.state != Cluster.CLUSTER_OK) {
            if (pubsubshard) {
                if (!cl.allowPubsubshardWhenDown.get()) {
                    errorCode[0] = REDIR_DOWN_STATE;
                    return null;
                }
            } else if (!cl.allowReadsWhenDown.get()) {
                errorCode[0] = REDIR_DOWN_STATE;
                return null;
            } else if ((cmdFlags & CommandFlags.WRITE) != 0 || (exec && (c.mstate.queuedFlags() & CommandFlags.WRITE) != 0)) {
                errorCode[0] = REDIR_DOWN_RO_STATE;
                return null;
            }
        }
        hashslot[0] = slot;
        // MIGRATE always runs here while the slot is open: it is what moves the keys
        if ((migratingSlot || importingSlot) && cmd.parent == null && cmd.name.equals("migrate")) return cl.myself;
        if (migratingSlot && missingKeys > 0) {
            if (existingKeys > 0) {
                errorCode[0] = REDIR_UNSTABLE;
                return null;
            }
            errorCode[0] = REDIR_ASK;
            return cl.migratingSlotsTo[slot];
        }
        if (importingSlot && (c.asking || (cmdFlags & CommandFlags.ASKING) != 0)) {
            if (multipleKeys && missingKeys > 0) {
                errorCode[0] = REDIR_UNSTABLE;
                return null;
            }
            return cl.myself;
        }
        boolean write = (cmdFlags & CommandFlags.WRITE) != 0 || (exec && (c.mstate.queuedFlags() & CommandFlags.WRITE) != 0);
        if ((c.readonlyCluster || pubsubshard) && !write && cl.myself.isSlave() && cl.myself.slaveof == n) return cl.myself;
        if (n != cl.myself) errorCode[0] = REDIR_MOVED;
        return n;
    }

    /**
     * clusterRedirectBlockedClientIfNeeded: a blocked client hears -CLUSTERDOWN when the cluster is
     * down, and -MOVED (or "Hash slot not served") when its keys' slot is neither served nor being
     * imported here; a READONLY client reading its master's slot on a replica keeps waiting.
     */
    String redirectBlocked(Client c, List<byte[]> keys) {
        if (cl.state == Cluster.CLUSTER_FAIL) return redirectError(null, 0, REDIR_DOWN_STATE);
        int slot = HashSlot.keyHashSlot(keys.get(0));
        ClusterNode node = cl.slots[slot];
        boolean write = c.lastCmd != null && c.lastCmd.has(CommandFlags.WRITE);
        if (c.readonlyCluster && !write && cl.myself.isSlave() && cl.myself.slaveof == node) node = cl.myself;
        if (node != cl.myself && cl.importingSlotsFrom[slot] == null) {
            String error = node == null ? redirectError(null, 0, REDIR_DOWN_UNBOUND) : redirectError(node, slot, REDIR_MOVED);
            cl.listener.redirected(cl.myself.name, error);
            return error;
        }
        return null;
    }

    /** clusterRedirectClient's words. */
    String redirectError(ClusterNode n, int hashslot, int errorCode) {
        return switch (errorCode) {
            case REDIR_CROSS_SLOT -> "-CROSSSLOT Keys in request don't hash to the same slot";
            case REDIR_UNSTABLE -> "-TRYAGAIN Multiple keys request during rehashing of slot";
            case REDIR_DOWN_STATE -> "-CLUSTERDOWN The cluster is down";
            case REDIR_DOWN_RO_STATE -> "-CLUSTERDOWN The cluster is down and only accepts read commands";
            case REDIR_DOWN_UNBOUND -> "-CLUSTERDOWN Hash slot not served";
            case REDIR_MOVED, REDIR_ASK -> "-" + (errorCode == REDIR_ASK ? "ASK" : "MOVED") + " " + hashslot + " "
                    + cl.preferredEndpoint(n) + ":" + n.port;
            default -> throw new IllegalStateException("getNodeByQuery() unknown error.");
        };
    }
}
