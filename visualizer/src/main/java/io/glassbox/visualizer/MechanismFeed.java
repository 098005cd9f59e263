package io.glassbox.visualizer;

import io.glassbox.engine.Engine;
import io.glassbox.eviction.Eviction;
import io.glassbox.hooks.EngineEvent;
import io.glassbox.tracking.TrackingTable;
import io.glassbox.visualizer.source.LocalSource;
import io.glassbox.visualizer.source.Source;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the Memory and the ACL-and-caching views watch: the window's own engine, or an engine a
 * lesson started (its LRU/LFU demos run on an engine of their own, on a clock the lesson moves), so
 * that the step's view shows what the step's captions speak of. Its own subscription, to the kinds
 * these views draw only (eviction, lazy free, latency, ACL, tracking: none of them is sampled, and
 * none comes per command unless the mechanism is at work), drained once per frame; the evictor's
 * and the tracking table's snapshots are asked for at most every {@link #SNAPSHOT_NANOS}, and only
 * while their view is on screen (a snapshot runs on the command thread).
 */
final class MechanismFeed implements AutoCloseable {
    static final long SNAPSHOT_NANOS = 250_000_000L;
    static final int CAPACITY = 4096;
    static final Class<?>[] KINDS = {EngineEvent.EvictionKeySampled.class, EngineEvent.EvictionPoolPopulated.class,
            EngineEvent.KeyEvicted.class, EngineEvent.LazyFreeQueued.class, EngineEvent.LazyFreeDone.class,
            EngineEvent.LatencySample.class, EngineEvent.AclDenied.class, EngineEvent.KeysTracked.class,
            EngineEvent.InvalidationSent.class};

    private final Source own;
    private Source source;
    private Engine followed;
    private Source.Feed feed;
    private ArrayBlockingQueue<EngineEvent> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicReference<Eviction.View> arrivedEviction = new AtomicReference<>();
    private final AtomicReference<TrackingTable.View> arrivedTracking = new AtomicReference<>();
    private CompletableFuture<?> evictionInFlight, trackingInFlight;
    private long evictionAt, trackingAt;
    private final MemoryView memory;
    private final AccessView access;

    MechanismFeed(Source own, MemoryView memory, AccessView access) {
        this.own = own;
        this.memory = memory;
        this.access = access;
        watch(own, null);
    }

    /**
     * Follows {@code e} (null: the window's own engine again). The views start afresh: what they
     * showed was another engine's.
     */
    void follow(Engine e) {
        Engine mine = own instanceof LocalSource l ? l.engine() : null;
        if (e == mine) e = null;
        if (e == followed) return;
        watch(e == null ? own : new LocalSource(e), e);
    }

    Engine followed() { return followed; }

    private void watch(Source s, Engine e) {
        if (feed != null) feed.close();
        source = s;
        followed = e;
        ArrayBlockingQueue<EngineEvent> q = new ArrayBlockingQueue<>(CAPACITY);
        queue = q;
        feed = s.subscribe(ev -> q.offer(ev), CAPACITY, KINDS);
        evictionInFlight = trackingInFlight = null;
        arrivedEviction.set(null);
        arrivedTracking.set(null);
        memory.clear();
        access.clear();
    }

    /**
     * One frame: hands the events that came to the views, applies snapshots that came back, asks
     * for new ones if a view is showing; repaints a view only if something reached it.
     */
    void frame(long now, boolean memoryShowing, boolean accessShowing) {
        List<EngineEvent> batch = new ArrayList<>();
        queue.drainTo(batch, EventFeed.MAX_PER_FRAME);
        boolean mem = false, acc = false;
        for (EngineEvent e : batch) {
            if (e instanceof EngineEvent.AclDenied || e instanceof EngineEvent.KeysTracked || e instanceof EngineEvent.InvalidationSent) {
                access.add(e);
                acc = true;
            } else {
                memory.add(e);
                mem = true;
            }
        }
        Eviction.View ev = arrivedEviction.getAndSet(null);
        if (ev != null) {
            memory.state(ev);
            mem = true;
        }
        TrackingTable.View tv = arrivedTracking.getAndSet(null);
        if (tv != null) {
            access.table(tv);
            acc = true;
        }
        if (memoryShowing && done(evictionInFlight) && now - evictionAt >= SNAPSHOT_NANOS) {
            evictionAt = now;
            evictionInFlight = eviction().thenAccept(v -> { if (v != null) arrivedEviction.set(v); });
        }
        if (accessShowing && done(trackingInFlight) && now - trackingAt >= SNAPSHOT_NANOS) {
            trackingAt = now;
            trackingInFlight = tracking().thenAccept(v -> { if (v != null) arrivedTracking.set(v); });
        }
        if (mem) memory.redraw();
        if (acc) access.redraw();
    }

    /** Done, or never asked, or stuck (an engine a lesson closed answers nobody): ask again. */
    private static boolean done(CompletableFuture<?> f) { return f == null || f.isDone(); }

    private CompletableFuture<Eviction.View> eviction() {
        Engine e = engineOf(source);
        if (e == null) return CompletableFuture.completedFuture(null); // a remote server: events only
        return e.hooks().evictionSnapshot().completeOnTimeout(null, 2, TimeUnit.SECONDS);
    }

    private CompletableFuture<TrackingTable.View> tracking() {
        Engine e = engineOf(source);
        if (e == null) return CompletableFuture.completedFuture(null);
        return e.hooks().trackingSnapshot(AccessView.TABLE_ROWS).completeOnTimeout(null, 2, TimeUnit.SECONDS);
    }

    private static Engine engineOf(Source s) { return s instanceof LocalSource l ? l.engine() : null; }

    /** Takes snapshots now and applies them with the events waiting (tests, screenshots). */
    void refreshNow() throws Exception {
        Eviction.View ev = eviction().get(5, TimeUnit.SECONDS);
        if (ev != null) arrivedEviction.set(ev);
        TrackingTable.View tv = tracking().get(5, TimeUnit.SECONDS);
        if (tv != null) arrivedTracking.set(tv);
    }

    @Override
    public void close() {
        if (feed != null) feed.close();
    }
}
