package io.glassbox.visualizer;

import io.glassbox.hooks.EngineEvent;
import io.glassbox.hooks.Hooks;
import io.glassbox.hooks.Subscription;
import io.glassbox.visualizer.source.Source;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The only road from the engine to the UI: a hooks subscription whose delivery thread offers each
 * event to a bounded queue that the UI drains once per frame.
 *
 * <p>Two bounded buffers stand between the command thread and a frame: the subscription's own
 * queue (the hooks drop when the delivery thread falls behind) and this feed's queue (dropped here
 * when frames fall behind, e.g. while the window is hidden or the UI thread is busy). Neither ever
 * blocks: under a flood the learner sees a growing "dropped" counter instead of a stalled engine.
 * {@link #dropped()} is the sum of both. From a remote server ({@link Source}) the first buffer is
 * the server's per-connection queue and socket, and its drops are the count the server reports.
 *
 * <p>Ticks and commands are <em>sampled</em> (see {@code Hooks.subscribe}): the feed hears a loop tick
 * at most once a millisecond, and every tick that took longer (stalls are never left out), and after
 * each at most {@link #COMMANDS_PER_TICK} command completions; a {@link EngineEvent.Sampled} before the
 * next heard tick says how many ticks and commands were only counted ("N more commands"), and the
 * captions, the timeline, the loop view's rates and the health line show it. Under a load generator
 * the engine runs tens of thousands of ticks and hundreds of thousands of commands a second: an event
 * for each cost the command thread more than anything the window draws, and no frame could show them
 * one by one. Every other kind of event (rehash steps, conversions, expiries...) comes in full.
 */
public final class EventFeed implements AutoCloseable {
    /** Events one frame takes at most; the rest wait for the next frame (or are dropped if the queue fills). */
    static final int MAX_PER_FRAME = 4096;
    /** Command completions heard after each heard tick; the rest are counted by the engine (see the class comment). */
    public static final int COMMANDS_PER_TICK = 8;

    private final ArrayBlockingQueue<EngineEvent> queue;
    private final AtomicLong droppedHere = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong commandsSkipped = new AtomicLong(), ticksSkipped = new AtomicLong();
    private final Source.Feed subscription;

    public EventFeed(Hooks hooks, int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        Subscription s = hooks.subscribe(this::offer, capacity, null, COMMANDS_PER_TICK);
        this.subscription = new Source.Feed() {
            @Override public long dropped() { return s.dropped(); }
            @Override public void close() { s.close(); }
        };
    }

    /** Events from wherever {@code source} reads them (an engine here, or a server over the network). */
    public EventFeed(Source source, int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.subscription = source.subscribe(this::offer, capacity, COMMANDS_PER_TICK);
    }

    private void offer(EngineEvent e) {
        received.incrementAndGet();
        if (e instanceof EngineEvent.Sampled s) {
            commandsSkipped.addAndGet(s.commandsSkipped());
            ticksSkipped.addAndGet(s.ticksSkipped());
        }
        if (!queue.offer(e)) droppedHere.incrementAndGet();
    }

    /** The events that arrived since the last call, oldest first, at most {@link #MAX_PER_FRAME}. */
    public List<EngineEvent> drain() {
        List<EngineEvent> out = new ArrayList<>(Math.min(queue.size(), MAX_PER_FRAME));
        queue.drainTo(out, MAX_PER_FRAME);
        return out;
    }

    /** Events lost because a buffer was full: the hooks' queue plus this feed's. */
    public long dropped() {
        return subscription.dropped() + droppedHere.get();
    }

    /** Events that reached this feed (kept or dropped here). */
    public long received() {
        return received.get();
    }

    /** Commands the engine ran but only counted for this feed (past {@link #COMMANDS_PER_TICK} after a heard tick). */
    public long commandsSkipped() {
        return commandsSkipped.get();
    }

    /** Ticks the engine ran but only counted for this feed (short ones, less than a millisecond after a heard one). */
    public long ticksSkipped() {
        return ticksSkipped.get();
    }

    /** Events waiting for a frame. */
    public int pending() {
        return queue.size();
    }

    @Override
    public void close() {
        subscription.close();
    }
}
