package io.glassbox.loop;

/**
 * What the event loop calls back, set once when the loop is made: the procedures Redis's {@code ae.c}
 * takes from {@code server.c} ({@code aeSetBeforeSleepProc}, the {@code serverCron} time event
 * created by {@code aeCreateTimeEvent}), plus the input hold that the teaching controls need. The
 * loop knows nothing else of the server: it only orders these calls into ticks.
 * All methods are called on the loop thread.
 */
public interface LoopProcs {
    /**
     * The end of a tick, before the loop waits again ({@code beforeSleep}): flush replies and the
     * AOF, the fast expire cycle. Returns how many clients were written to, for the tick's record.
     */
    int beforeSleep();

    /**
     * The cron time event ({@code serverCron}). Returns how many times a second it wants to run
     * next ({@code server.hz}, which CONFIG SET may change between two runs).
     */
    int cron();

    /** Commands run so far (the loop reports per tick how many ran in it). */
    long commandsProcessed();

    /**
     * Holds (true) or lets through (false) the parsing of bytes that arrived: a paused loop still
     * reads its sockets, but the requests wait unparsed in the query buffers.
     */
    void holdInput(boolean held);

    /** True if some client has requests waiting in its query buffer that it could run now. */
    boolean hasPendingInput();

    /** Runs what waited in the query buffers while input was held (the read events of a released tick). */
    void processPendingInput();

    /**
     * Slow motion on or off: when on, the cron's incremental work (active rehashing) moves one step
     * per run instead of a millisecond's worth, so that it can be watched step by step.
     */
    void slowMotion(boolean oneStepPerCron);
}
