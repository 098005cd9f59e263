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
 * <p>Sampled commands. Under a load generator most events are command completions, one per
 * command, and a watcher drawing 60 frames a second cannot show them one by one anyway. A
 * subscription may therefore ask for at most {@link #commandsPerTick()} {@link EngineEvent.CommandExecuted}
 * events per loop tick (the first ones of the tick); the rest are only counted, and the tick's
 * {@link EngineEvent.CommandsSkipped} says how many. Every other kind of event is delivered in full.
 */
public final class Subscription implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();
    /**
     * The delivery thread's naps on an empty queue: the longest is the worst extra latency of an
     * event; the shortest is 1 ms because 50 µs naps were measured to cost the machine more CPU in
     * wake-ups (under load the queue empties often) than the events' delivery itself.
     */
    static final long MIN_IDLE_NANOS = 1_000_000L, MAX_IDLE_NANOS = 4_000_000L;
    /** {@link #commandsPerTick()} of a subscription that hears every command (tests, the REPL's :watch). */
    public static final int EVERY_COMMAND = Integer.MAX_VALUE;

    private final Hooks hooks;
    private final Consumer<EngineEvent> listener;
    /** The kinds this subscriber wants, or null for all: others are not even queued (nor counted as dropped). */
    private final java.util.Set<Class<?>> kinds;
    /** At most this many CommandExecuted per tick reach this subscriber ({@link #EVERY_COMMAND}: no limit). */
    private final int commandsPerTick;
    private final Queue<EngineEvent> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    Subscription(Hooks hooks, Consumer<EngineEvent> listener, int capacity, java.util.Set<Class<?>> kinds, int commandsPerTick) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1");
        if (commandsPerTick < 0) throw new IllegalArgumentException("commandsPerTick must be at least 0");
        this.commandsPerTick = commandsPerTick;
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

    /** The {@code nth} command completion of its tick (1-based): offered only within this subscriber's allowance. */
    void offerCommand(EngineEvent.CommandExecuted e, int nth) {
        if (nth <= commandsPerTick) offer(e);
    }

    /**
     * A tick ended after {@code commands} commands: a sampled subscriber hears how many it did not.
     * True if an event was built.
     */
    boolean tickCommands(long tick, long nanoTime, int commands) {
        if (commands <= commandsPerTick || !wants(EngineEvent.CommandsSkipped.class)) return false;
        offer(new EngineEvent.CommandsSkipped(tick, nanoTime, commands, commands - commandsPerTick));
        return true;
    }

    private void deliver() {
        long idle = MIN_IDLE_NANOS;
        while (!closed) {
            EngineEvent e = queue.poll();
            if (e == null) {
                LockSupport.parkNanos(this, idle);
                if (Thread.interrupted() && closed) return;
                idle = Math.min(MAX_IDLE_NANOS, idle * 2);
                continue;
            }
            idle = MIN_IDLE_NANOS;
            try {
                listener.accept(e);
            } catch (RuntimeException ex) {
                // a faulty listener must not stop its own delivery thread, nor affect the engine
            }
            delivered.incrementAndGet();
        }
    }

    /** At most this many {@link EngineEvent.CommandExecuted} per tick reach the listener; {@link #EVERY_COMMAND} for all. */
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
