package io.glassbox.visualizer;

import javafx.scene.canvas.GraphicsContext;
import javafx.scene.shape.ArcType;
import javafx.scene.text.Font;

/**
 * replication.c on screen: this node with its role and {@code master_repl_offset}, each replica
 * with its acknowledged offset and lag, and the backlog as a ring buffer: the write position moves
 * round as the master appends its command stream, and the valid window (histlen bytes ending at
 * the write position) is what a reconnecting replica can still resume from with PSYNC instead of a
 * full resync.
 *
 * <p>Glassbox has no replication yet (issue 7), so this shows the local node only; the layout
 * already has the places the replication issue fills from {@link ReplicationState}.
 */
public final class ReplicationView extends CanvasView {
    private ReplicationState state = ReplicationState.LOCAL;

    public ReplicationView() {
        super(900, 300);
    }

    public void show(ReplicationState s) {
        this.state = s;
        redraw();
    }

    public ReplicationState shown() { return state; }

    @Override
    protected void draw(GraphicsContext g, double w, double h) {
        g.setFont(Font.font("System", 12));
        g.setFill(Palette.TEXT);
        g.fillText("replication", 10, 18);
        // This node.
        g.setFill(Palette.CELL);
        g.fillRect(20, 40, 220, 70);
        g.setStroke(Palette.CELL_BORDER);
        g.strokeRect(20.5, 40.5, 219, 69);
        g.setFill(Palette.TEXT);
        g.fillText("this node: " + state.role(), 30, 60);
        g.fillText("master_repl_offset " + state.masterReplOffset(), 30, 80);
        g.fillText(state.replicas().size() + " replica(s)", 30, 100);
        // Replicas.
        double y = 140;
        if (state.replicas().isEmpty()) {
            g.setFill(Palette.MUTED);
            g.fillText("No replicas. (Replication is issue 7: REPLICAOF will add them here, with offsets and lag.)", 20, y);
        }
        for (ReplicationState.Replica r : state.replicas()) {
            g.setFill(Palette.TEXT);
            g.fillText(r.addr() + "  " + r.state() + "  offset " + r.offset() + "  lag " + r.lag() + " s", 20, y);
            double frac = state.masterReplOffset() == 0 ? 1 : Math.min(1, (double) r.offset() / state.masterReplOffset());
            g.setFill(Palette.TICK);
            g.fillRect(320, y - 10, 200 * frac, 10);
            y += 20;
        }
        // The backlog ring.
        double cx = w - 150, cy = 120, rr = 80;
        g.setStroke(Palette.CELL_BORDER);
        g.setLineWidth(14);
        g.strokeOval(cx - rr, cy - rr, 2 * rr, 2 * rr);
        if (state.backlogActive() && state.backlogSize() > 0) {
            long writePos = state.masterReplOffset() % state.backlogSize();
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
        g.fillText(state.backlogActive()
                ? "backlog " + state.backlogSize() + " bytes, valid " + state.backlogHistlen()
                : "backlog: not allocated (created with the first replica)", cx - rr - 40, cy + rr + 24);
    }
}
