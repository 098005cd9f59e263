package io.glassbox.visualizer;

import io.glassbox.hooks.EngineEvent;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.text.Font;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * ae.c's turns on screen: the last {@link #CAPACITY} ticks of the event loop, newest on the right.
 * Each tick is a bar as tall as its duration (log scale, 1 µs to 1 s) with, below it, its three
 * phases as aeProcessEvents runs them: file events (reads and the commands they carried), time
 * events (serverCron runs) and beforeSleep (clients whose replies were written).
 *
 * <p>The ticks are a sample under load (see {@code EventFeed}): at most one a millisecond, and every
 * tick that took longer, so stalls are all here; the rates in the header count the skipped ticks and
 * their commands too, from the tick numbers and each {@code Sampled} summary.
 *
 * <p>A stall is a tick that took at least {@link #STALL_NANOS} (Redis's own latency monitor
 * watches the same thing): one slow command, or a big rehash or expiry cycle, holds every other
 * client for that long, because one thread runs them all. Stalls are drawn red.
 */
public final class LoopTimelineView extends CanvasView {
    public static final int CAPACITY = 240;
    /** A tick this long is a stall. */
    public static final long STALL_NANOS = 10_000_000;

    private final ArrayDeque<EngineEvent.LoopTick> ticks = new ArrayDeque<>();
    /** For each shown tick, the commands run since the previous heard tick (its own, plus skipped ticks'). */
    private final ArrayDeque<Long> covered = new ArrayDeque<>();
    /** Summaries that arrived before their ticks (same number), by tick number, until those are added. */
    private final java.util.HashMap<Long, EngineEvent.Sampled> summaries = new java.util.HashMap<>();
    private long totalTicks, stalls;
    private double ticksPerSecond, commandsPerSecond;
    private long paintedAt;
    private boolean stale;
    /** Least time between two repaints: 33 ms (30 a second) unless the {@link FrameBudget} stretches it. */
    private long repaintNanos = FrameBudget.INTERVALS[0];

    public LoopTimelineView() {
        super(900, 300);
    }

    /** Adds ticks that arrived in one frame (oldest first) and repaints once (at most every {@link #repaintNanos()}). */
    public void add(List<EngineEvent.LoopTick> batch) {
        if (batch.isEmpty()) return;
        for (EngineEvent.LoopTick t : batch) {
            EngineEvent.LoopTick before = ticks.peekLast();
            EngineEvent.Sampled sum = summaries.remove(t.tick());
            ticks.addLast(t);
            covered.addLast(sum != null ? sum.commands() : t.commands());
            totalTicks += sum != null ? sum.ticks() : before == null ? 1 : Math.max(1, t.tick() - before.tick());
            if (t.durationNanos() >= STALL_NANOS) stalls++;
            if (ticks.size() > CAPACITY) {
                ticks.removeFirst();
                covered.removeFirst();
            }
        }
        EngineEvent.LoopTick first = ticks.peekFirst(), last = ticks.peekLast();
        double secs = (last.nanoTime() - first.nanoTime()) / 1e9;
        if (secs > 0) {
            long cmds = -covered.peekFirst(); // what ran after the first shown tick ended
            for (long c : covered) cmds += c;
            ticksPerSecond = (last.tick() - first.tick()) / secs; // tick numbers count the skipped ones too
            commandsPerSecond = cmds / secs;
        }
        long now = System.nanoTime();
        if (now - paintedAt >= repaintNanos) {
            paintedAt = now;
            redraw();
        } else {
            stale = true;
        }
    }

    /** A sampled feed's summary; it comes just before the tick it accounts for. */
    public void sampled(EngineEvent.Sampled s) {
        if (summaries.size() > CAPACITY) summaries.clear(); // their ticks were dropped on the way
        summaries.put(s.tick(), s);
    }

    /** Repaints if ticks arrived since the last paint (called every frame). */
    void frame() {
        if (stale && System.nanoTime() - paintedAt >= repaintNanos) {
            stale = false;
            paintedAt = System.nanoTime();
            redraw();
        }
    }

    /** Sets the least time between repaints (the pane's render budget); ticks keep being recorded in between. */
    void setRepaintNanos(long nanos) { repaintNanos = nanos; }

    long repaintNanos() { return repaintNanos; }

    public List<EngineEvent.LoopTick> shown() { return new ArrayList<>(ticks); }

    public long stalls() { return stalls; }

    /** Commands a second over the ticks shown (the skipped ones' included). */
    public double commandsPerSecond() { return commandsPerSecond; }

    public long totalTicks() { return totalTicks; }

    public static boolean isStall(EngineEvent.LoopTick t) { return t.durationNanos() >= STALL_NANOS; }

    /** X of the bar of the i-th shown tick (0 = oldest). */
    public double barX(int i, double width) {
        double barW = barWidth(width);
        return Math.floor(width - 10 - (ticks.size() - i) * barW);
    }

    private static double barWidth(double width) {
        return Math.max(2, Math.floor((width - 80) / CAPACITY)); // whole pixels: bars keep their exact colour
    }

    @Override
    protected void draw(GraphicsContext g, double w, double h) {
        g.setFont(Font.font("System", 12));
        g.setFill(Palette.TEXT);
        g.fillText(String.format(java.util.Locale.ROOT,
                "event loop: %d ticks seen, %.0f ticks/s, %.0f commands/s, %d stalls (ticks ≥ %d ms)",
                totalTicks, ticksPerSecond, commandsPerSecond, stalls, STALL_NANOS / 1_000_000), 10, 18);
        double top = 40, phases = 3 * 12 + 16, plotH = h - top - phases - 10;
        double barW = barWidth(w);
        g.setFill(Palette.MUTED);
        g.setFont(Font.font("System", 9));
        String[] scale = {"1 s", "1 ms", "1 µs"};
        for (int i = 0; i < 3; i++) {
            double y = top + plotH * i / 2.0;
            g.fillText(scale[i], 10, y + 4);
            g.setStroke(Palette.MOVED_OUT);
            g.strokeLine(50, y, w - 10, y);
        }
        double stallY = top + plotH * (1 - (Math.log10(STALL_NANOS) - 3) / 6);
        g.setStroke(Palette.STALL);
        g.setLineDashes(4, 4);
        g.strokeLine(50, stallY, w - 10, stallY);
        g.setLineDashes((double[]) null);
        int i = 0;
        double rowY = top + plotH + 8;
        for (EngineEvent.LoopTick t : ticks) {
            double x = barX(i++, w);
            double frac = Math.max(0, Math.min(1, (Math.log10(Math.max(1000, t.durationNanos())) - 3) / 6));
            double bh = Math.max(1, Math.round(frac * plotH));
            g.setFill(isStall(t) ? Palette.STALL : Palette.TICK);
            g.fillRect(x, Math.round(top + plotH - bh), Math.max(1, barW - 1), bh);
            if (t.reads() > 0 || t.commands() > 0) dot(g, x, rowY, barW, Palette.TICK, t.commands());
            if (t.cronRuns() > 0) dot(g, x, rowY + 12, barW, Palette.CRON, t.cronRuns());
            if (t.clientsWritten() > 0) dot(g, x, rowY + 24, barW, Palette.WRITES, t.clientsWritten());
        }
        g.setFill(Palette.MUTED);
        g.setFont(Font.font("System", 9));
        g.fillText("files", 10, rowY + 8);
        g.fillText("cron", 10, rowY + 20);
        g.fillText("sleep", 10, rowY + 32);
    }

    /** A phase marker whose height grows with the count (1 thin, many full). */
    private static void dot(GraphicsContext g, double x, double y, double barW, javafx.scene.paint.Color c, long count) {
        g.setFill(c);
        double hh = Math.min(10, 3 + Math.log(count + 1) * 2);
        g.fillRect(x, y + 10 - hh, Math.max(1, barW - 1), hh);
    }
}
