package io.glassbox.engine;

import io.glassbox.loop.EventLoop;

/**
 * The teaching controls of one engine's event loop: pause, step, resume, slow motion (what the
 * REPL's {@code :pause}/{@code :step}/{@code :slow} and the visualizer's buttons press; remotely,
 * {@code GLASSBOX.LOOP}). Redis has no such thing; see docs/hooks.md, "Pause, step, slow motion".
 * The calls that change the state wait until the loop has taken them in, so call them off the
 * loop thread.
 */
public final class TeachingControls {
    private final EventLoop loop;
    private final io.glassbox.util.Clock clock;

    TeachingControls(EventLoop loop, io.glassbox.util.Clock clock) {
        this.loop = loop;
        this.clock = clock;
    }

    /** Freezes the loop after the current tick: input waits unparsed, the cron skips its runs. */
    public void pause() { loop.pause(); }

    /** Unfreezes the loop; whatever waited runs in the next tick. */
    public void resume() { loop.resume(); }

    /** While paused, lets {@code n} more ticks run, then pauses again. */
    public void step(int n) { loop.step(n); }

    /** Waits {@code delayPerTickMillis} after each tick; with {@code oneRehashStepPerTick} the cron moves one bucket per run. (0, false) is full speed. */
    public void setSlowMotion(long delayPerTickMillis, boolean oneRehashStepPerTick) {
        loop.setSlowMotion(delayPerTickMillis, oneRehashStepPerTick);
    }

    public boolean isPaused() { return loop.isPaused(); }

    /** Ticks completed so far. */
    public long ticks() { return loop.ticks(); }

    /**
     * Moves the clock of an engine started with {@link Engine#startWithManualClock} forward by
     * {@code millis}: what the next command reads as now (LRU idle times, LFU minutes, expiry).
     *
     * @throws IllegalStateException on an engine that runs on the system clock
     */
    public void advanceClock(long millis) {
        if (!(clock instanceof io.glassbox.util.ManualClock m)) throw new IllegalStateException("this engine runs on the system clock");
        if (millis < 0) throw new IllegalArgumentException("the clock only moves forward");
        m.advance(millis);
    }

    /** Whether {@link #advanceClock} can move this engine's clock. */
    public boolean hasManualClock() { return clock instanceof io.glassbox.util.ManualClock; }
}
