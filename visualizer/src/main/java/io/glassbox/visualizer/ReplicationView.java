package io.glassbox.visualizer;

import io.glassbox.hooks.EngineEvent;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.shape.ArcType;
import javafx.scene.text.Font;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * replication.c on screen, as a topology: every node side by side, masters left of their
 * replicas, each drawn with its role, {@code master_repl_offset} and replication ID; an arrow
 * master -> replica for every link, labelled with the replica's acknowledged offset, the bytes of
 * the stream it still lacks, the seconds since its last ack and the link's state (green: online
 * and caught up; blue: online, behind; grey: down or in its handshake); and on every node that
 * has one, the backlog as a ring: the write position (the red hand) moves round as the master
 * appends its command stream, and the valid window (the green arc, histlen bytes ending at the
 * hand) is what a reconnecting replica can still resume from with PSYNC instead of a full resync.
 *
 * <p>The picture is a {@link ReplicationTopology} (from a {@link TopologyPoller}: nodes of this
 * JVM and remote ones, Glassbox or Redis, all read through {@code INFO replication}).
 * {@link #show(ReplicationState)} draws a single node, what one INFO says.
 * {@link #streamFed} takes the watched engine's own {@link EngineEvent.ReplicationStreamFed}
 * events, which carry the ring's true write index between two polls. Without an exact index the
 * hand is placed at the offset modulo the size (Redis 7.0 has no ring: its backlog is a list of
 * shared reply blocks, so for a Redis node the hand shows where a ring would write).
 */
public final class ReplicationView extends CanvasView {
    static final double BOX_W = 270, BOX_H = 132, GAP_X = 150, GAP_Y = 24, LEFT = 16, TOP = 34, RING_R = 34;

    private ReplicationTopology topology = single(ReplicationState.LOCAL);
    /** The last stream event of the watched engine, or null (no write yet). */
    private EngineEvent.ReplicationStreamFed fed;
    /** Where each node was drawn last, for tests and hit-testing. */
    private final Map<String, double[]> drawnAt = new HashMap<>();

    public ReplicationView() {
        super(900, 300);
    }

    /** One node, what its {@code INFO replication} says: its replicas and its master appear as ghosts. */
    public void show(ReplicationState s) {
        show(single(s));
    }

    public void show(ReplicationTopology t) {
        this.topology = t;
        redraw();
    }

    private static ReplicationTopology single(ReplicationState s) {
        return ReplicationTopology.of(List.of(new ReplicationTopology.Node("this node", "this node",
                ReplicationTopology.Kind.THIS_ENGINE, s, -1, null)), h -> h);
    }

    /** The watched engine appended to the stream: the ring's write index and window, exactly. */
    public void streamFed(EngineEvent.ReplicationStreamFed e) {
        this.fed = e;
        redraw();
    }

    public ReplicationTopology topology() { return topology; }

    /** The watched engine's state (the first node of kind THIS_ENGINE), or {@link ReplicationState#LOCAL}. */
    public ReplicationState shown() {
        ReplicationTopology.Node n = thisEngine();
        return n == null || n.state() == null ? ReplicationState.LOCAL : n.state();
    }

    private ReplicationTopology.Node thisEngine() {
        for (ReplicationTopology.Node n : topology.nodes()) if (n.kind() == ReplicationTopology.Kind.THIS_ENGINE) return n;
        return null;
    }

    /** The watched engine's ring write index shown: the latest event's, else the poll's. */
    public long writeIndex() {
        ReplicationTopology.Node n = thisEngine();
        return n == null ? 0 : writeIndex(n);
    }

    private long writeIndex(ReplicationTopology.Node n) {
        if (n.kind() == ReplicationTopology.Kind.THIS_ENGINE && fed != null && n.state() != null
            && fed.backlogSize() == n.state().backlogSize() && fed.masterReplOffset() >= n.state().masterReplOffset()) {
            return fed.writeIndex();
        }
        return n.ringWriteIndex();
    }

    /** The ids of the nodes drawn by the last paint, left to right, top to bottom. */
    public List<String> drawnNodes() {
        List<String> ids = new ArrayList<>();
        for (List<ReplicationTopology.Node> col : topology.columns()) for (ReplicationTopology.Node n : col) {
            if (drawnAt.containsKey(n.id())) ids.add(n.id());
        }
        return ids;
    }

    @Override
    protected void draw(GraphicsContext g, double w, double h) {
        g.setFont(Font.font("System", 12));
        g.setTextBaseline(VPos.BASELINE);
        g.setFill(Palette.TEXT);
        g.fillText("replication: " + topology.nodes().size() + " node(s), " + topology.links().size()
                + " link(s); offsets are bytes of the master's stream", 10, 18);
        drawnAt.clear();
        List<List<ReplicationTopology.Node>> cols = topology.columns();
        for (int c = 0; c < cols.size(); c++) {
            for (int r = 0; r < cols.get(c).size(); r++) {
                drawnAt.put(cols.get(c).get(r).id(), new double[] {LEFT + c * (BOX_W + GAP_X), TOP + r * (BOX_H + GAP_Y)});
            }
        }
        for (ReplicationTopology.Link l : topology.links()) link(g, l);
        for (List<ReplicationTopology.Node> col : cols) for (ReplicationTopology.Node n : col) node(g, n);
        if (topology.links().isEmpty()) {
            g.setFill(Palette.MUTED);
            g.setFont(Font.font("System", 12));
            g.fillText("No links: REPLICAOF on another node adds one here; add other nodes by host:port above.",
                    LEFT, TOP + BOX_H + GAP_Y + 16);
        }
    }

    /** A box: who the node is, its role and offset, and its backlog ring if it has one. */
    private void node(GraphicsContext g, ReplicationTopology.Node n) {
        double[] at = drawnAt.get(n.id());
        double x = Math.floor(at[0]) + 0.5, y = Math.floor(at[1]) + 0.5;
        boolean ghost = n.kind() == ReplicationTopology.Kind.GHOST;
        g.setFill(ghost || n.state() == null ? Palette.BACKGROUND : Palette.CELL);
        g.fillRect(x, y, BOX_W, BOX_H);
        g.setStroke(Palette.CELL_BORDER);
        g.setLineWidth(1);
        if (ghost) g.setLineDashes(4, 4);
        g.strokeRect(x, y, BOX_W, BOX_H);
        g.setLineDashes();
        g.setFont(Font.font("System", 12));
        g.setFill(Palette.TEXT);
        g.fillText(n.label(), x + 8, y + 16);
        g.setFont(Font.font("System", 11));
        ReplicationState s = n.state();
        if (s == null) {
            g.setFill(Palette.MUTED);
            g.fillText(ghost ? "not polled: " + n.error() : "unreachable", x + 8, y + 34);
            if (!ghost && n.error() != null) g.fillText(clip(n.error(), 40), x + 8, y + 50);
            return;
        }
        g.fillText(s.masterHost() != null ? "replica of " + s.masterHost() + ":" + s.masterPort() : "role " + s.role(), x + 8, y + 34);
        if (s.masterHost() != null) g.fillText("link " + s.masterLinkStatus(), x + 8, y + 50);
        g.fillText("offset " + s.masterReplOffset(), x + 8, y + 66);
        if (s.replid() != null) g.fillText("replid " + s.replid().substring(0, Math.min(8, s.replid().length())) + "…", x + 8, y + 82);
        g.fillText(s.replicas().size() + " replica(s)", x + 8, y + 98);
        if (s.failoverState() != null && !"no-failover".equals(s.failoverState())) {
            g.setFill(Palette.CURSOR); // writes are paused while a FAILOVER hands the role over
            g.fillText("FAILOVER: " + s.failoverState(), x + 8, y + 116);
        }
        ring(g, n, x + BOX_W - RING_R - 14, y + RING_R + 22);
    }

    /** The backlog ring: the valid window as an arc ending at the write position (the red hand). */
    private void ring(GraphicsContext g, ReplicationTopology.Node n, double cx, double cy) {
        ReplicationState s = n.state();
        g.setStroke(Palette.MOVED_OUT);
        g.setLineWidth(12);
        g.strokeOval(cx - RING_R, cy - RING_R, 2 * RING_R, 2 * RING_R);
        g.setFont(Font.font("System", 10));
        g.setFill(Palette.TEXT);
        if (!n.backlogActive()) {
            g.setLineWidth(1);
            g.setFill(Palette.MUTED);
            g.fillText("no backlog", cx - 26, cy + 4);
            return;
        }
        long writePos = writeIndex(n);
        double end = 90 - 360.0 * writePos / s.backlogSize();
        double extent = 360.0 * Math.min(s.backlogHistlen(), s.backlogSize()) / s.backlogSize();
        if (s.backlogHistlen() > 0) extent = Math.max(extent, 6); // a few KB in a 1 MB ring would be invisible
        g.setStroke(Palette.JUST_MOVED);
        g.strokeArc(cx - RING_R, cy - RING_R, 2 * RING_R, 2 * RING_R, end, extent, ArcType.OPEN);
        double a = Math.toRadians(end);
        g.setStroke(Palette.CURSOR);
        g.setLineWidth(3);
        g.strokeLine(cx, cy, cx + RING_R * Math.cos(a), cy - RING_R * Math.sin(a));
        g.setLineWidth(1);
        g.setFill(Palette.TEXT);
        g.fillText("write " + writePos + " / " + s.backlogSize(), cx - RING_R - 24, cy + RING_R + 16);
        g.fillText("valid [" + s.backlogFirstByteOffset() + ", " + (s.backlogFirstByteOffset() + s.backlogHistlen() - 1) + "]",
                cx - RING_R - 24, cy + RING_R + 29);
    }

    /**
     * master -> replica, drawn with axis-parallel segments (out of the master's right side, along
     * the gap, into the replica's left side) so it reads cleanly whatever the rows; labelled with
     * what the master knows of the replica.
     */
    private void link(GraphicsContext g, ReplicationTopology.Link l) {
        double[] m = drawnAt.get(l.masterId()), r = drawnAt.get(l.replicaId());
        if (m == null || r == null) return;
        double x1 = m[0] + BOX_W, y1 = Math.floor(m[1] + BOX_H / 2) + 0.5;
        double x2 = r[0], y2 = Math.floor(r[1] + BOX_H / 2) + 0.5;
        double mid = Math.floor(x1 + 18) + 0.5;
        g.setStroke(l.caughtUp() ? Palette.WRITES : l.up() ? Palette.TICK : Palette.EXPECTED);
        g.setLineWidth(3);
        if (x2 <= x1) { // a cycle or a replica drawn left of its master: a plain line
            g.strokeLine(x1, y1, x2, y2);
        } else {
            g.strokeLine(x1, y1, mid, y1);
            g.strokeLine(mid, y1, mid, y2);
            g.strokeLine(mid, y2, x2 - 6, y2);
            g.setFill(g.getStroke());
            g.fillPolygon(new double[] {x2 - 8, x2, x2 - 8}, new double[] {y2 - 6, y2, y2 + 6}, 3);
        }
        g.setLineWidth(1);
        g.setFont(Font.font("System", 10));
        g.setFill(Palette.TEXT);
        double tx = mid + 6, ty = y2 - 34;
        g.fillText(l.state(), tx, ty);
        g.fillText("acked " + l.ackOffset(), tx, ty + 12);
        g.fillText(l.lagBytes() < 0 ? "behind ?" : "behind " + l.lagBytes() + " B", tx, ty + 24);
        if (l.lagSeconds() >= 0) g.fillText("ack " + l.lagSeconds() + " s ago", tx, ty + 46);
    }

    private static String clip(String s, int n) { return s.length() <= n ? s : s.substring(0, n - 1) + "…"; }
}
