package io.glassbox.hooks;

import java.util.concurrent.ConcurrentLinkedQueue;
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
 * an offer is one compare-and-set on a linked queue and one counter increment, and never a wake-up:
 * the delivery thread, finding the queue empty, parks for a while by itself (50 µs, doubling up to
 * {@link #MAX_IDLE_NANOS} while nothing comes). An event therefore reaches its listener at most a
 * few milliseconds late, which no watcher drawing at 60 frames a second can see.
 */
public final class Subscription implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();
    /** The delivery thread's longest nap on an empty queue: the worst extra latency of an event. */
    static final long MIN_IDLE_NANOS = 50_000L, MAX_IDLE_NANOS = 4_000_000L;

    private final Hooks hooks;
    private final Consumer<EngineEvent> listener;
    private final int capacity;
    private final ConcurrentLinkedQueue<EngineEvent> queue = new ConcurrentLinkedQueue<>();
    /** Events in {@link #queue}: reserved before an offer, released after a poll, so it never exceeds capacity. */
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    Subscription(Hooks hooks, Consumer<EngineEvent> listener, int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1");
        this.hooks = hooks;
        this.listener = listener;
        this.capacity = capacity;
        this.thread = new Thread(this::deliver, "glassbox-hooks-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
    }

    /** Called on the command thread (and a few background threads): enqueue or drop, never wait, never wake. */
    void offer(EngineEvent e) {
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        queue.offer(e);
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
            size.decrementAndGet();
            try {
                listener.accept(e);
            } catch (RuntimeException ex) {
                // a faulty listener must not stop its own delivery thread, nor affect the engine
            }
            delivered.incrementAndGet();
        }
    }

    /** Events that did not fit in the queue and were thrown away. */
    public long dropped() { return dropped.get(); }

    /** Events handed to the listener so far. */
    public long delivered() { return delivered.get(); }

    /** Events waiting in the queue. */
    public int pending() { return size.get(); }

    public boolean isClosed() { return closed; }

    /** Stops delivery; events still queued are discarded. Same as {@link Hooks#unsubscribe}. */
    @Override
    public void close() { hooks.unsubscribe(this); }

    void stop() {
        closed = true;
        thread.interrupt();
    }
}
