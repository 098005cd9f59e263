package io.glassbox.visualizer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * The window's own bill, and what it does when the bill is too high: a render budget.
 *
 * <p>The window shares the machine with the engine it shows. On a two-core machine with
 * redis-benchmark on one core and the command thread on the other, every millisecond the UI thread
 * (JavaFX's application thread: the frame loop, layout, recording canvas commands) and the render
 * thread (Prism's {@code QuantumRenderer}, which rasterises them in software on Monocle or without a
 * GPU) spend is taken from the engine. So twice a second the pane asks this class to measure the CPU
 * time those two threads used ({@link ThreadMXBean}), as a fraction of one core, and:
 * <ul>
 *   <li>over {@link #BUDGET}, it steps the <em>repaint level</em> up: the expensive views (the dict,
 *       the loop timeline) repaint half as often, and the watched structure is snapshotted half as
 *       often (a snapshot runs on the command thread: it is the one cost paid by the engine's own
 *       thread);</li>
 *   <li>under {@link #RELAX} (75%) of the budget, it steps back toward {@link #INTERVALS}[0]. The
 *       threshold is not half the budget: the window's idle cost (60 pulses a second, software
 *       rendering) is about half, so such a threshold would keep a window slowed by its start-up
 *       (JavaFX's code still being compiled) slow for ever.</li>
 * </ul>
 * The animation keeps its frame rate (the frame loop still runs 60 times a second, the skiplist's
 * new tower still grows smoothly); what slows is how often a picture of the engine is taken and
 * drawn, and the health line says so ("ui 7% cpu, repaint 30/s"), so a learner knows the picture
 * may be up to that much behind. Nothing is skipped: every repaint shows the newest snapshot.
 */
final class FrameBudget {
    /** The UI and render threads together should use at most this fraction of one core. */
    static final double BUDGET = 0.10;
    /** Under this fraction of the budget the level steps back toward full speed. */
    static final double RELAX = 0.75;
    /** Repaint intervals per level, in nanoseconds: 30, 15, 7.5 and 4 repaints a second. */
    static final long[] INTERVALS = {33_000_000L, 66_000_000L, 133_000_000L, 250_000_000L};

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final boolean measurable = threads.isThreadCpuTimeSupported() && threads.isCurrentThreadCpuTimeSupported();
    private long rendererId = -1;
    private long lastUi = -1, lastRenderer, lastAt;
    private double uiShare;
    private int level;

    /** Measures the UI and render threads' CPU since the last call and adjusts the level; UI thread, about twice a second. */
    void sample(long now) {
        if (!measurable) return;
        long ui = threads.getCurrentThreadCpuTime();
        long renderer = rendererCpu();
        if (lastUi >= 0 && now > lastAt) adjust((double) (ui - lastUi + Math.max(0, renderer - lastRenderer)) / (now - lastAt));
        lastUi = ui;
        lastRenderer = renderer;
        lastAt = now;
    }

    /**
     * Takes one measurement ({@code share} of one core used by the UI and render threads) and moves
     * the level one step: up when over {@link #BUDGET}, down when under {@link #RELAX} of it. Between
     * the two it stays, so the rate does not flap when the cost sits near the budget.
     */
    void adjust(double share) {
        uiShare = share;
        if (share > BUDGET && level < INTERVALS.length - 1) level++;
        else if (share < BUDGET * RELAX && level > 0) level--;
    }

    /** CPU time of Prism's render thread, found by name once; 0 when there is none (e.g. before the first pulse). */
    private long rendererCpu() {
        if (rendererId < 0) {
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().startsWith("QuantumRenderer")) rendererId = t.getId();
            }
            if (rendererId < 0) return 0;
        }
        long cpu = threads.getThreadCpuTime(rendererId);
        return Math.max(0, cpu);
    }

    /** How long an expensive view waits between repaints at the current level. */
    long repaintNanos() { return INTERVALS[level]; }

    /** The snapshot interval the pane would use at full speed, stretched by the current level. */
    long snapshotNanos(long base) { return base << level; }

    /** 0 at full speed; each level halves the repaint and snapshot rates. */
    int level() { return level; }

    /** The fraction of one core the UI and render threads used in the last measured period. */
    double uiShare() { return uiShare; }

    /** For the health line: "ui 7% cpu, repaint 30/s". */
    String describe() {
        return String.format(Locale.ROOT, "ui %.0f%% cpu, repaint %.0f/s", uiShare * 100, 1e9 / INTERVALS[level]);
    }
}
