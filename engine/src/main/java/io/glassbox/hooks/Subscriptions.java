package io.glassbox.hooks;

import io.glassbox.loop.EventLoop;
import io.glassbox.loop.Tick;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Who listens and what each one hears: the subscriptions of one engine, the {@code active} flag
 * every hook point reads first, the sampling of ticks and commands, and the ring of recent ticks.
 * {@link EventAdapters} build events and hand them here ({@link #publish}); {@link Hooks} is the
 * face the REPL and the visualizer call.
 *
 * <p>Sampling. A command completion and a tick come once per command and once per loop turn, so
 * under a load generator they are nearly all the events. A sampled subscriber hears a tick only
 * when at least {@link Hooks#SAMPLED_TICK_NANOS} passed since the last one it heard (so every tick
 * that took that long), and after it at most K commands; the rest are counted here and told in one
 * {@link EngineEvent.Sampled}. While no subscriber takes every command, a command past the largest
 * K costs {@code ++periodCommands} and a compare, a tick nobody hears a clock read and a compare.
 *
 * <p>Threads: {@link #add} and {@link #remove} run on any thread (under this object's lock); the
 * rest runs on the command thread, which is also the loop thread.
 */
final class Subscriptions {
    private final EventLoop loop;
    private final CopyOnWriteArrayList<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    /** The hot-path check: true while at least one subscription exists. */
    private volatile boolean active;
    private final AtomicLong eventsCreated = new AtomicLong();
    /**
     * The largest per-tick command allowance of any subscription ({@link Subscription#EVERY_COMMAND}
     * if one takes every command): a command past it builds no event. Recomputed on (un)subscribe.
     */
    private volatile int commandEventsPerTick;
    /** Some subscription takes every LoopTick (is not sampled). */
    private volatile boolean everyTick;
    /** Some subscription is sampled. */
    private volatile boolean anySampled;
    /** Since the last tick the sampled subscriptions heard: ticks and commands (command thread only). */
    private int periodTicks, periodCommands;
    private long lastHeardTickNanos;
    /** A ring of the last {@link Hooks#RECENT_TICKS} ticks (written by the loop thread only). */
    private final Tick[] recent = new Tick[Hooks.RECENT_TICKS];
    private long recentCount;

    Subscriptions(EventLoop loop) {
        this.loop = loop;
    }

    /** Adds {@code s}; for the first subscription, runs {@code firstCame} on the command thread before returning. */
    synchronized void add(Subscription s, Runnable firstCame) {
        subscriptions.add(s);
        recountCommandAllowance();
        if (!active) {
            onCommandThread(firstCame);
            active = true;
        }
    }

    /** Removes {@code s}; after the last one, runs {@code lastLeft} on the command thread. False if it was not there. */
    synchronized boolean remove(Subscription s, Runnable lastLeft) {
        if (!subscriptions.remove(s)) return false;
        recountCommandAllowance();
        if (subscriptions.isEmpty()) {
            active = false;
            onCommandThread(lastLeft);
        }
        return true;
    }

    /** Who wants what among the subscriptions: see {@link #commandEventsPerTick} (under the lock). */
    private void recountCommandAllowance() {
        int most = 0;
        boolean every = false, sampled = false;
        for (Subscription s : subscriptions) {
            // a subscription for other kinds only (the visualizer's SkipListInsert watcher) wants no command event
            if (s.wants(EngineEvent.CommandExecuted.class)) most = Math.max(most, s.commandsPerTick());
            if (s.sampled()) sampled = true;
            else if (s.wants(EngineEvent.LoopTick.class)) every = true;
        }
        commandEventsPerTick = most;
        everyTick = every;
        anySampled = sampled;
    }

    /** Runs {@code r} on the command thread and waits; directly if the engine has stopped. */
    private void onCommandThread(Runnable r) {
        try {
            loop.submitOutsideTicks(() -> {
                r.run();
                return null;
            }).join();
        } catch (RejectedExecutionException e) {
            r.run(); // the loop is gone: nothing runs concurrently any more
        }
    }

    /** True while at least one subscription exists: every hook point reads this first. */
    boolean active() { return active; }

    long eventsCreated() { return eventsCreated.get(); }

    /** The tick in progress (completed ticks + 1). Command thread only. */
    long tick() { return loop.ticks() + 1; }

    /** Offers {@code e} to every subscription (each keeps only the kinds it asked for). */
    void publish(EngineEvent e) {
        eventsCreated.incrementAndGet();
        for (Subscription s : subscriptions) s.offer(e);
    }

    /**
     * A command finished (while somebody subscribes): sampled subscribers hear the first commands
     * after each tick they hear; past the largest allowance this is all a command costs, no event
     * built and nothing queued.
     */
    void commandExecuted(long clientId, String command, long micros) {
        int nth = ++periodCommands;
        if (nth <= commandEventsPerTick) {
            EngineEvent.CommandExecuted e = new EngineEvent.CommandExecuted(tick(), System.nanoTime(), clientId, command, micros);
            eventsCreated.incrementAndGet();
            for (Subscription s : subscriptions) s.offerCommand(e, nth);
        }
    }

    /** The loop's tick listener: remembers the tick, and tells it to whoever hears it (see the class comment). */
    void onTick(Tick t) {
        recent[(int) (recentCount++ % Hooks.RECENT_TICKS)] = t;
        if (!active || !anySampled) {
            periodTicks = 0;
            periodCommands = 0;
            if (!active) return;
        }
        periodTicks++;
        long now = System.nanoTime();
        boolean heard = anySampled && now - lastHeardTickNanos >= Hooks.SAMPLED_TICK_NANOS;
        if (heard) {
            for (Subscription s : subscriptions) {
                if (s.summary(t.number(), now, periodTicks, periodCommands)) eventsCreated.incrementAndGet();
            }
            periodTicks = 0;
            periodCommands = 0;
            lastHeardTickNanos = now;
        } else if (!everyTick) {
            return; // only sampled subscribers, and this tick is not one they hear: nothing is built
        }
        EngineEvent.LoopTick e = new EngineEvent.LoopTick(t.number(), now, t.startNanos(), t.durationNanos(), t.reads(),
                t.commands(), t.cronRuns(), t.clientsWritten());
        eventsCreated.incrementAndGet();
        for (Subscription s : subscriptions) s.offerTick(e, heard);
    }

    /** The last finished ticks, oldest first. Loop thread only (a snapshot). */
    List<Tick> recentTicks() {
        List<Tick> out = new ArrayList<>();
        long from = Math.max(0, recentCount - Hooks.RECENT_TICKS);
        for (long i = from; i < recentCount; i++) out.add(recent[(int) (i % Hooks.RECENT_TICKS)]);
        return out;
    }
}
