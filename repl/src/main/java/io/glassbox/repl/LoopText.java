package io.glassbox.repl;

import io.glassbox.loop.Tick;

import java.util.List;

/**
 * Draws the loop's recent ticks for {@code :loop}: each tick is one turn of aeMain (read the ready
 * sockets and run their commands, run due time events such as serverCron, then beforeSleep writes
 * the replies). The columns are those phases' counts; the time column shows how the ticks are
 * spaced, which is what slow motion and the cron's hz change.
 */
final class LoopText {
    private LoopText() {}

    static String render(List<Tick> ticks, int max, boolean paused, String state) {
        StringBuilder out = new StringBuilder();
        out.append("event loop: ").append(paused ? "paused" : "running").append(state).append("; last ")
           .append(Math.min(max, ticks.size())).append(" ticks\n");
        if (ticks.isEmpty()) return out.append("  (no tick yet)\n").toString();
        out.append(String.format("  %8s %10s %9s %6s %9s %5s %8s%n", "tick", "at (ms)", "took(us)", "reads", "commands", "cron",
                "written"));
        List<Tick> shown = ticks.subList(Math.max(0, ticks.size() - max), ticks.size());
        long t0 = shown.get(0).startNanos();
        for (Tick t : shown) {
            out.append(String.format("  %8d %10.1f %9.1f %6d %9d %5d %8d%n", t.number(), (t.startNanos() - t0) / 1e6,
                    t.durationNanos() / 1e3, t.reads(), t.commands(), t.cronRuns(), t.clientsWritten()));
        }
        out.append("  reads: sockets or in-process tasks handled; cron: serverCron runs (hz per second: expiry, rehash);\n")
           .append("  written: clients whose replies beforeSleep flushed\n");
        return out.toString();
    }
}
