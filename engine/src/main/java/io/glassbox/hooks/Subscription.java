package io.glassbox.hooks;

import io.netty.util.internal.PlatformDependent;

import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One listener's mailbox: a bounded queue filled on the command thread and drained by this
 * subscription's own daemon thread, which calls the listener. The command thread never waits: when
 * the queue is full the event is dropped and counted ({@link #dropped()}), so a slow listener loses
 * events rather than slowing the engine.
 *
 * <p>Why the queue is lock-free and the delivery thread polls instead of being woken. Under a load
 * generator the command thread publishes hundreds of thousands of events a second. With a blocking
 * queue each offer took a lock the delivery thread also takes, and woke that thread whenever it had
 * gone to sleep on an empty queue: a futex system call on the command thread, per event, costing
 * more than the command itself (the visualizer halved the engine's throughput through it). Here
 * the queue is a bounded multi-producer single-consumer ring (JCTools' {@code MpscArrayQueue}, as
 * shaded in Netty, the same kind of queue Netty's event loops use for their tasks): an offer is a
 * compare-and-set on the producers' index and a store into the array, with no allocation and no
 * wake-up. The delivery thread, finding the queue empty, parks by itself ({@link #MIN_IDLE_NANOS},
 * doubling up to {@link #MAX_IDLE_NANOS} while nothing comes), so it wakes at most a thousand times a
 * second and takes whatever piled up in one go. An event therefore reaches its listener at most a
 * few milliseconds late, which no watcher drawing at 60 frames a second can see. The capacity is
 * rounded up to a power of two (the ring's index is masked, not divided).
 *
 * <p>Sampled subscriptions. Under a load generator nearly every event is a command completion or a
 * tick (hundreds of thousands a second), and a watcher drawing 60 frames a second cannot show them
 * one by one anyway. A subscription may therefore be <em>sampled</em> ({@link #commandsPerTick()}
 * below {@link #EVERY_COMMAND}): it hears a {@link EngineEvent.LoopTick} only when at least
 * {@link Hooks#SAMPLED_TICK_NANOS} passed since the last one it heard (so every tick that took that
 * long, stalls included, is heard), and after each heard tick only the first
 * {@link #commandsPerTick()} {@link EngineEvent.CommandExecuted}; the rest are counted, and a
 * {@link EngineEvent.Sampled} before the next heard tick says how many. Every other kind of event
 * (rehash steps, conversions, expiries...) is delivered in full.
 */
public final class Subscription implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();
    /**
     * The delivery thread's naps on an empty queue: the longest is the worst extra latency of an
     * event; the shortest is 1 ms because 50 µs naps were measured to cost the machine more CPU in
     * wake-ups (under load the queue empties often) than the events' delivery itself.
     */
    static final long MIN_IDLE_NANOS = 1_000_000L, MAX_IDLE_NANOS = 4_000_000L;
    /**
     * A sampled subscription's thread always naps {@link #MAX_IDLE_NANOS}: its ticks and commands come
     * at most about ten a millisecond, so a longer nap fills no queue, and under load it spares three
     * wake-ups in four (measured: the visualizer's delivery thread was 2% of a core at -c 8).
     */
    private final long minIdleNanos;
    /** {@link #commandsPerTick()} of a subscription that hears every command and tick (tests, the REPL's :watch). */
    public static final int EVERY_COMMAND = Integer.MAX_VALUE;

    private final Hooks hooks;
    private final Consumer<EngineEvent> listener;
    /** The kinds this subscriber wants, or null for all: others are not even queued (nor counted as dropped). */
    private final java.util.Set<Class<?>> kinds;
    /** At most this many CommandExecuted per heard tick reach this subscriber ({@link #EVERY_COMMAND}: all, and every tick). */
    private final int commandsPerTick;
    /** Counts of summaries that did not fit in the queue, for the next one (command thread only). */
    private long owedTicks, owedCommands, owedCommandsSkipped;
    private final Queue<EngineEvent> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    Subscription(Hooks hooks, Consumer<EngineEvent> listener, int capacity, java.util.Set<Class<?>> kinds, int commandsPerTick) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1");
        if (commandsPerTick < 0) throw new IllegalArgumentException("commandsPerTick must be at least 0");
        this.commandsPerTick = commandsPerTick;
        this.minIdleNanos = commandsPerTick == EVERY_COMMAND ? MIN_IDLE_NANOS : MAX_IDLE_NANOS;
        this.hooks = hooks;
        this.listener = listener;
        this.kinds = kinds == null ? null : java.util.Set.copyOf(kinds);
        this.queue = PlatformDependent.newFixedMpscQueue(Math.max(2, capacity));
        this.thread = new Thread(this::deliver, "glassbox-hooks-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
    }

    /** Called on the command thread (and a few background threads): enqueue or drop, never wait, never wake. */
    /** Whether events of this kind are queued for this subscriber at all. */
    boolean wants(Class<?> kind) {
        return kinds == null || kinds.contains(kind);
    }

    void offer(EngineEvent e) {
        if (kinds != null && !kinds.contains(e.getClass())) return;
        if (!queue.offer(e)) dropped.incrementAndGet();
    }

    /** The {@code nth} command completion since the last tick a sampled subscriber heard: offered within the allowance. */
    void offerCommand(EngineEvent.CommandExecuted e, int nth) {
        if (nth <= commandsPerTick) offer(e);
    }

    /** A tick ended; {@code heard}: it is one that sampled subscribers hear. */
    void offerTick(EngineEvent.LoopTick e, boolean heard) {
        if (heard || !sampled()) offer(e);
    }

    /**
     * Before a heard tick: {@code ticks} ticks and {@code commands} commands since the previous one.
     * A sampled subscriber that missed some of them is told how many. A summary that does not fit in
     * the queue is not lost like other events: its counts are owed and added to the next one, so
     * every skipped tick and command is told sooner or later. True if an event was built.
     */
    boolean summary(long tick, long nanoTime, long ticks, long commands) {
        if (!sampled() || !wants(EngineEvent.Sampled.class)) return false;
        long allTicks = ticks + owedTicks, allCommands = commands + owedCommands;
        long skipped = Math.max(0, commands - commandsPerTick) + owedCommandsSkipped;
        if (allTicks <= 1 && skipped == 0) return false;
        if (queue.offer(new EngineEvent.Sampled(tick, nanoTime, allTicks, allCommands, allTicks - 1, skipped))) {
            owedTicks = owedCommands = owedCommandsSkipped = 0;
        } else {
            dropped.incrementAndGet();
            owedTicks = allTicks;
            owedCommands = allCommands;
            owedCommandsSkipped = skipped;
        }
        return true;
    }

    /** True if this subscription hears a sample of the ticks and commands, not every one. */
    public boolean sampled() { return commandsPerTick != EVERY_COMMAND; }

    private void deliver() {
        long idle = minIdleNanos;
        while (!closed) {
            EngineEvent e = queue.poll();
            if (e == null) {
                LockSupport.parkNanos(this, idle);
                if (Thread.interrupted() && closed) return;
                idle = Math.min(MAX_IDLE_NANOS, idle * 2);
                continue;
            }
            idle = minIdleNanos;
            try {
                listener.accept(e);
            } catch (RuntimeException ex) {
                // a faulty listener must not stop its own delivery thread, nor affect the engine
            }
            delivered.incrementAndGet();
        }
    }

    /** At most this many {@link EngineEvent.CommandExecuted} per heard tick reach the listener; {@link #EVERY_COMMAND} for all. */
    public int commandsPerTick() { return commandsPerTick; }

    /** Events that did not fit in the queue and were thrown away. */
    public long dropped() { return dropped.get(); }

    /** Events handed to the listener so far. */
    public long delivered() { return delivered.get(); }

    /** Events waiting in the queue. */
    public int pending() { return queue.size(); }

    public boolean isClosed() { return closed; }

    /** Stops delivery; events still queued are discarded. Same as {@link Hooks#unsubscribe}. */
    @Override
    public void close() { hooks.unsubscribe(this); }

    void stop() {
        closed = true;
        thread.interrupt();
    }
}
