package io.glassbox.visualizer;

import io.glassbox.hooks.EngineEvent;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.shape.ArcType;
import javafx.scene.text.Font;

/**
 * replication.c on screen: this node with its role and {@code master_repl_offset} (on a replica,
 * its master and link), each replica with its acknowledged offset, how many bytes of the stream it
 * has not acknowledged and how long ago it last did, and the backlog as a ring buffer: the write
 * position moves round as the master appends its command stream, and the valid window (histlen
 * bytes ending at the write position) is what a reconnecting replica can still resume from with
 * PSYNC instead of a full resync.
 *
 * <p>Two sources. {@link #show} takes {@code INFO replication} (any node, Glassbox or Redis);
 * {@link #streamFed} takes the engine's own {@link EngineEvent.ReplicationStreamFed} events, which
 * carry the ring's true write index. Without them the write position is estimated as the offset
 * modulo the size (Redis 7.0 has no ring: its backlog is a list of shared reply blocks).
 */
public final class ReplicationView extends CanvasView {
    private ReplicationState state = ReplicationState.LOCAL;
    /** The last stream event of the local engine, or null (a remote node, or no write yet). */
    private EngineEvent.ReplicationStreamFed fed;

    public ReplicationView() {
        super(900, 300);
    }

    public void show(ReplicationState s) {
        this.state = s;
        redraw();
    }

    /** The local engine appended to the stream: the ring's write index and window, exactly. */
    public void streamFed(EngineEvent.ReplicationStreamFed e) {
        this.fed = e;
        redraw();
    }

    public ReplicationState shown() { return state; }

    /** The ring's write index shown: the event's, else the estimate from INFO. */
    public long writeIndex() {
        if (fed != null && fed.backlogSize() == state.backlogSize() && fed.masterReplOffset() >= state.masterReplOffset()) {
            return fed.writeIndex();
        }
        return state.backlogSize() > 0 ? state.masterReplOffset() % state.backlogSize() : 0;
    }

    @Override
    protected void draw(GraphicsContext g, double w, double h) {
        g.setFont(Font.font("System", 12));
        g.setFill(Palette.TEXT);
        g.fillText("replication", 10, 18);
        // This node.
        boolean replica = state.masterHost() != null;
        g.setFill(Palette.CELL);
        g.fillRect(20, 40, 320, 70);
        g.setStroke(Palette.CELL_BORDER);
        g.strokeRect(20.5, 40.5, 319, 69);
        g.setFill(Palette.TEXT);
        g.fillText(replica ? "this node: replica of " + state.masterHost() + ":" + state.masterPort()
                + " (link " + state.masterLinkStatus() + ")" : "this node: " + state.role(), 30, 60);
        g.fillText("master_repl_offset " + state.masterReplOffset(), 30, 80);
        g.fillText(state.replicas().size() + " replica(s)"
                + (state.replid() != null ? "   replid " + state.replid().substring(0, Math.min(8, state.replid().length())) + "…" : ""), 30, 100);
        // Replicas: acked offset, bytes behind, seconds since the ack; the bar is how much of the stream they hold.
        double y = 140;
        if (state.replicas().isEmpty()) {
            g.setFill(Palette.MUTED);
            g.fillText(replica ? "No replicas of this replica." : "No replicas: REPLICAOF on another node adds one here.", 20, y);
        }
        for (ReplicationState.Replica r : state.replicas()) {
            long behind = state.lagBytes(r);
            g.setFill(Palette.TEXT);
            g.fillText(r.addr() + "  " + r.state() + "  acked " + r.offset() + "  behind " + behind + " B  ack " + r.lag() + " s ago",
                    20, y);
            double frac = state.masterReplOffset() == 0 ? 1 : Math.min(1, (double) r.offset() / state.masterReplOffset());
            g.setFill(behind == 0 ? Palette.WRITES : Palette.TICK);
            g.fillRect(420, y - 10, 200 * frac, 10);
            g.setStroke(Palette.CELL_BORDER);
            g.strokeRect(420.5, y - 10.5, 200, 11);
            y += 20;
        }
        // The backlog ring: the valid window as an arc ending at the write position (the red hand).
        double cx = w - 150, cy = 120, rr = 80;
        g.setStroke(Palette.CELL_BORDER);
        g.setLineWidth(14);
        g.strokeOval(cx - rr, cy - rr, 2 * rr, 2 * rr);
        if (state.backlogActive() && state.backlogSize() > 0) {
            long writePos = writeIndex();
            double end = 90 - 360.0 * writePos / state.backlogSize();
            double extent = 360.0 * Math.min(state.backlogHistlen(), state.backlogSize()) / state.backlogSize();
            g.setStroke(Palette.JUST_MOVED);
            g.strokeArc(cx - rr, cy - rr, 2 * rr, 2 * rr, end, extent, ArcType.OPEN);
            double a = Math.toRadians(end);
            g.setStroke(Palette.CURSOR);
            g.setLineWidth(3);
            g.strokeLine(cx, cy, cx + rr * Math.cos(a), cy - rr * Math.sin(a));
        }
        g.setLineWidth(1);
        g.setFill(Palette.TEXT);
        g.setFont(Font.font("System", 11));
        if (state.backlogActive()) {
            g.fillText("backlog " + state.backlogSize() + " bytes, write index " + writeIndex(), cx - rr - 40, cy + rr + 24);
            g.fillText("valid offsets [" + state.backlogFirstByteOffset() + ", "
                    + (state.backlogFirstByteOffset() + state.backlogHistlen() - 1) + "]", cx - rr - 40, cy + rr + 38);
        } else {
            g.fillText("backlog: not allocated (created with the first replica)", cx - rr - 40, cy + rr + 24);
        }
    }
}
