package io.glassbox.hooks;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One listener's mailbox: a bounded queue filled on the command thread and drained by this
 * subscription's own daemon thread, which calls the listener. The command thread never waits: when
 * the queue is full the event is dropped and counted ({@link #dropped()}), so a slow listener loses
 * events rather than slowing the engine.
 */
public final class Subscription implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Hooks hooks;
    private final Consumer<EngineEvent> listener;
    /** The kinds this subscriber wants, or null for all: others are not even queued (nor counted as dropped). */
    private final java.util.Set<Class<?>> kinds;
    private final ArrayBlockingQueue<EngineEvent> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    Subscription(Hooks hooks, Consumer<EngineEvent> listener, int capacity, java.util.Set<Class<?>> kinds) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1");
        this.hooks = hooks;
        this.listener = listener;
        this.kinds = kinds == null ? null : java.util.Set.copyOf(kinds);
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::deliver, "glassbox-hooks-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
    }

    /** Called on the command thread: enqueue or drop, never wait. */
    void offer(EngineEvent e) {
        if (kinds != null && !kinds.contains(e.getClass())) return;
        if (!queue.offer(e)) dropped.incrementAndGet();
    }

    private void deliver() {
        while (!closed) {
            EngineEvent e;
            try {
                e = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException ie) {
                return;
            }
            if (e == null) continue;
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
