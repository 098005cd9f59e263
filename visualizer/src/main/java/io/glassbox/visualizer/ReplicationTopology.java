package io.glassbox.visualizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Several nodes' {@code INFO replication} put together as one picture: who replicates whom, each
 * link with the replica's acknowledged offset, how many bytes of the stream it still lacks, the
 * seconds since its last ack and its state, and each node's own offset and backlog.
 *
 * <p>No node knows the whole topology; each knows its half of every link. A master lists its
 * replicas ({@code slaveN:ip=..,port=..,state=..,offset=..,lag=..}, where {@code port} is the one
 * the replica announced with {@code REPLCONF listening-port}); a replica names its master
 * ({@code master_host}, {@code master_port}, {@code master_link_status}). A link is drawn from
 * either half: the master's line when it has one (it holds the acked offset and lag), else the
 * replica's own view (a link that is down, or still in its handshake, is on the replica's side
 * only). An address one node mentions but nobody polls becomes a {@link Kind#GHOST} node, so the
 * picture never hides a link; the poller may then start polling it ({@link TopologyPoller}).
 *
 * <p>Nodes are named {@code host:port} after {@code normalize} (a host name resolved, any local
 * address written as 127.0.0.1), since one node may be called "localhost" by a replica and
 * "127.0.0.1" by its master. Built on the poller's thread: pure, no I/O besides the normalizer.
 */
public record ReplicationTopology(List<Node> nodes, List<Link> links) {

    public enum Kind {
        /** The engine this window watches. */
        THIS_ENGINE,
        /** Another engine in this JVM (a REPL {@code :node}, a demo's replica), read in-process. */
        IN_JVM,
        /** A node read over RESP (Glassbox or Redis). */
        REMOTE,
        /** Named in another node's INFO, not polled (yet). */
        GHOST
    }

    /**
     * One node. {@code state} is null for a ghost or a node that did not answer ({@code error} says
     * why). {@code writeIndex} is the ring's exact write position when the node is an engine in
     * this JVM, else -1 (Redis 7.0 keeps no ring: the position is then the offset modulo the size).
     */
    public record Node(String id, String label, Kind kind, ReplicationState state, long writeIndex, String error) {
        public boolean isReplica() { return state != null && state.masterHost() != null; }

        public boolean backlogActive() { return state != null && state.backlogActive() && state.backlogSize() > 0; }

        /** Where the next stream byte goes in the ring. */
        public long ringWriteIndex() {
            if (writeIndex >= 0) return writeIndex;
            return backlogActive() ? state.masterReplOffset() % state.backlogSize() : 0;
        }
    }

    /**
     * master -> replica. {@code state}: the master's word for it (online, wait_bgsave, send_bulk)
     * or, when the master does not list it, the replica's link status ("down", "connecting");
     * {@code ackOffset} the replica's acknowledged offset (its own offset when the master does not
     * list it); {@code lagBytes} the stream it lacks, -1 when unknown; {@code lagSeconds} since its
     * last ack, -1 when unknown.
     */
    public record Link(String masterId, String replicaId, String state, long ackOffset, long lagBytes, long lagSeconds) {
        public boolean up() { return "online".equals(state); }

        public boolean caughtUp() { return up() && lagBytes == 0; }
    }

    public Node node(String id) {
        for (Node n : nodes) if (n.id().equals(id)) return n;
        return null;
    }

    /** How many links separate {@code id} from a node that replicates nobody here (0 for a root). */
    public int depth(String id) {
        int d = 0;
        String cur = id;
        for (int guard = 0; guard < nodes.size(); guard++) {
            String up = null;
            for (Link l : links) if (l.replicaId().equals(cur)) { up = l.masterId(); break; }
            if (up == null) return d;
            d++;
            cur = up;
        }
        return d; // a cycle (a replica of its own replica, briefly, during a failover): stop
    }

    /**
     * The topology of {@code polled} (in their order); links from both halves, ghosts appended for
     * addresses nobody polls. {@code normalize} maps a host as some INFO wrote it to the form node
     * ids use.
     */
    public static ReplicationTopology of(List<Node> polled, UnaryOperator<String> normalize) {
        Map<String, Node> nodes = new LinkedHashMap<>();
        for (Node n : polled) nodes.putIfAbsent(n.id(), n);
        Map<String, Link> links = new LinkedHashMap<>();
        // the masters' halves: every slaveN line
        for (Node m : polled) {
            if (m.state() == null) continue;
            for (ReplicationState.Replica r : m.state().replicas()) {
                String rid = id(r.addr(), normalize);
                if (!nodes.containsKey(rid)) nodes.put(rid, ghost(rid, "listed by " + m.id()));
                links.putIfAbsent(m.id() + ">" + rid,
                        new Link(m.id(), rid, r.state(), r.offset(), m.state().lagBytes(r), r.lag()));
            }
        }
        // the replicas' halves: a link the master does not list (yet, or any more)
        for (Node r : polled) {
            if (!r.isReplica()) continue;
            String mid = id(r.state().masterHost() + ":" + r.state().masterPort(), normalize);
            if (!nodes.containsKey(mid)) nodes.put(mid, ghost(mid, "master of " + r.id()));
            String status = r.state().masterLinkStatus() == null ? "?" : r.state().masterLinkStatus();
            long offset = r.state().replicaOffset() >= 0 ? r.state().replicaOffset() : r.state().masterReplOffset();
            Node m = nodes.get(mid);
            long behind = m.state() != null && "up".equals(status) ? Math.max(0, m.state().masterReplOffset() - offset) : -1;
            links.putIfAbsent(mid + ">" + r.id(), new Link(mid, r.id(), "up".equals(status) ? "online" : status, offset, behind, -1));
        }
        return new ReplicationTopology(List.copyOf(nodes.values()), List.copyOf(links.values()));
    }

    private static Node ghost(String id, String why) {
        return new Node(id, id, Kind.GHOST, null, -1, why);
    }

    /** "host:port" with the host normalized; an address without a port is kept as it is. */
    static String id(String addr, UnaryOperator<String> normalize) {
        int colon = addr.lastIndexOf(':');
        if (colon <= 0) return addr;
        return normalize.apply(addr.substring(0, colon)) + addr.substring(colon);
    }

    /** The nodes in columns by depth (masters left, their replicas right), each column in node order. */
    public List<List<Node>> columns() {
        List<List<Node>> cols = new ArrayList<>();
        for (Node n : nodes) {
            int d = depth(n.id());
            while (cols.size() <= d) cols.add(new ArrayList<>());
            cols.get(d).add(n);
        }
        return cols;
    }
}
