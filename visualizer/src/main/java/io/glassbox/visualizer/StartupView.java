package io.glassbox.visualizer;

import io.glassbox.course.Messages;
import io.glassbox.hooks.StartupPhase;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;

import java.util.List;
import java.util.Locale;

/**
 * An engine's start as server.c's main() takes it, from {@code Engine.startup()}: one row per step
 * (initServerConfig, loadServerConfig, initServer, ACLLoadUsersAtStartup, InitServerLast,
 * listenToPort, loadDataFromDisk, aeMain) on a common time axis, each bar where the step began and
 * as long as it took, with what it did (the settings, the databases, the port, the keys loaded and
 * from which file, the hz). The step that took longest is drawn in the stall colour.
 */
public final class StartupView extends CanvasView {
    private final Messages m;
    private List<StartupPhase> phases = List.of();
    private int port;

    public StartupView(Messages m) {
        super(900, 360);
        this.m = m;
    }

    /** Shows these steps (an engine's {@code startup()}) of the engine listening on {@code port}. */
    void show(List<StartupPhase> phases, int port) {
        this.phases = List.copyOf(phases);
        this.port = port;
        redraw();
    }

    List<StartupPhase> phases() { return phases; }

    /** The step that took longest, or null. */
    StartupPhase longest() {
        StartupPhase out = null;
        for (StartupPhase p : phases) if (out == null || p.durationNanos() > out.durationNanos()) out = p;
        return out;
    }

    @Override
    protected void draw(GraphicsContext g, double w, double h) {
        g.setFill(Palette.TEXT);
        g.setFont(Font.font("System", FontWeight.BOLD, 12));
        if (phases.isEmpty()) {
            g.fillText(m.get("viz.start.none"), 8, 18);
            return;
        }
        long t0 = phases.get(0).startNanos();
        StartupPhase last = phases.get(phases.size() - 1), longest = longest();
        long total = Math.max(1, last.startNanos() + last.durationNanos() - t0);
        g.fillText(m.get("viz.start.title", port, String.format(Locale.ROOT, "%.1f", total / 1e6)), 8, 18);
        g.setFont(Font.font("System", 10));
        g.setFill(Palette.MUTED);
        g.fillText(m.get("viz.start.legend"), 8, 34);
        double labelW = 170, left = 8 + labelW, right = w - 12, row = Math.min(30, (h - 50) / phases.size());
        for (int i = 0; i < phases.size(); i++) {
            StartupPhase p = phases.get(i);
            double y = 44 + i * row;
            double x = left + (right - left) * (p.startNanos() - t0) / total;
            double bw = Math.max(2, Math.round((right - left) * p.durationNanos() / total));
            g.setFill(p == longest ? Palette.STALL : Palette.TICK);
            g.fillRect(Math.round(x), y + 2, bw, row * 0.45);
            g.setFill(Palette.TEXT);
            g.setFont(Font.font("System", FontWeight.BOLD, 10));
            g.fillText(p.function(), 8, y + 12);
            g.setFont(Font.font("System", 10));
            g.setFill(Palette.MUTED);
            String what = String.format(Locale.ROOT, "%.2f ms \u00b7 ", p.durationNanos() / 1e6) + did(p);
            g.fillText(MemoryView.cut(what, right - 8 - labelW), left, y + row * 0.45 + 13);
        }
    }

    /** What a step did, in the learner's language. */
    private String did(StartupPhase p) {
        return switch (p.function()) {
            case "initServerConfig" -> m.get("viz.start.defaults", p.count());
            case "loadServerConfig" -> m.get("viz.start.config", p.count(), p.detail());
            case "initServer" -> m.get("viz.start.init", p.count());
            case "ACLLoadUsersAtStartup" -> m.get("viz.start.acl", p.count());
            case "InitServerLast" -> m.get("viz.start.last", p.count());
            case "listenToPort" -> m.get("viz.start.listen", p.count(), p.detail());
            case "loadDataFromDisk" -> p.detail().isEmpty() ? m.get("viz.start.load.none") : m.get("viz.start.load", p.detail(), p.count());
            case "aeMain" -> m.get("viz.start.loop", p.count());
            default -> p.detail();
        };
    }
}
