package io.glassbox.loop;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.SingleThreadEventLoop;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The command thread and its ticks (see the package comment). Everything that touches the
 * keyspace runs on this one thread: network reads, the cron, and in-process calls submitted with
 * {@link #submit}.
 */
public final class EventLoop implements AutoCloseable {
    private final LoopProcs procs;
    private final EventLoopGroup group;
    private final SingleThreadEventLoop loop;
    private final boolean epoll;
    private ScheduledFuture<?> cron;
    private int cronHz;
    private volatile boolean cronHeld;
    private volatile TickListener tickListener;

    // the tick being built; only touched on the loop thread
    private boolean tickOpen;
    private long tickNumber;
    private long tickStart;
    private int tickReads;
    private int tickCron;
    private long tickCommandsAtStart;

    // the teaching controls (pause, step, slow motion); only touched on the loop thread
    private volatile boolean paused;
    private int stepsLeft;
    private boolean slowHold;
    private long slowDelayMillis;
    /** In-process work that arrived while the loop was frozen; it runs in the next released tick. */
    private final ArrayDeque<Runnable> heldTasks = new ArrayDeque<>();

    /** A loop that calls {@code procs} (the server's before-sleep, cron and input hold) on its one thread. */
    public EventLoop(LoopProcs procs) {
        this.procs = procs;
        this.epoll = Epoll.isAvailable();
        DefaultThreadFactory tf = new DefaultThreadFactory("glassbox-main", false);
        this.group = epoll ? new EpollEventLoopGroup(1, tf) : new NioEventLoopGroup(1, tf);
        this.loop = (SingleThreadEventLoop) group.next();
    }

    /**
     * A timer event that just runs a tick (and so beforeSleep) {@code delayMillis} from now: how
     * blocked clients' deadlines are met without waiting for the next cron run.
     */
    public void wakeAfter(long delayMillis) {
        loop.schedule(() -> execute(() -> {}), delayMillis, TimeUnit.MILLISECONDS);
    }

    /** The Netty group that serves sockets on this same thread. */
    public EventLoopGroup group() { return group; }

    public boolean usesEpoll() { return epoll; }

    public boolean inLoop() { return loop.inEventLoop(); }

    public long ticks() { return tickNumber; }

    public void setTickListener(TickListener listener) { this.tickListener = listener; }

    /** Starts serverCron at {@code hz} times a second (aeCreateTimeEvent). */
    public void startCron(int hz) {
        loop.execute(() -> scheduleCron(hz));
    }

    private void scheduleCron(int hz) {
        if (cron != null) cron.cancel(false);
        cronHz = Math.max(1, Math.min(500, hz));
        long period = 1000L / cronHz;
        cron = loop.scheduleAtFixedRate(this::runCron, period, period, TimeUnit.MILLISECONDS);
    }

    private void runCron() {
        if (frozen()) return; // a paused loop keeps no house: no expiry, no rehashing
        if (cronHeld) return; // a test runs the cron itself, see tick()
        cronTick();
    }

    /** The cron's time event: opens a tick (whose end runs beforeSleep) and calls serverCron. */
    private void cronTick() {
        fileOrTimeEvent();
        tickCron++;
        int hz = Math.max(1, Math.min(500, procs.cron()));
        if (hz != cronHz) scheduleCron(hz); // CONFIG SET hz takes effect at the next run
    }

    /**
     * Holds (true) or lets run (false) the cron's own timer: while held, serverCron runs only when
     * {@link #tick} asks, so that a test decides when the keyspace is kept (active expire, rehash).
     * Not Redis (whose nearest is {@code DEBUG PAUSE-CRON}, which would stop {@link #tick} too).
     */
    public void holdCron(boolean held) { this.cronHeld = held; }

    /**
     * Runs one tick now, as the cron's timer would start it: serverCron, then beforeSleep (the fast
     * expire cycle, the replies and the AOF written); completes once the tick has ended. Refused
     * while paused (use {@link #step}).
     */
    public CompletableFuture<Long> tick() {
        CompletableFuture<Long> done = new CompletableFuture<>();
        loop.execute(() -> {
            if (frozen()) {
                done.completeExceptionally(new IllegalStateException("the loop is paused: step(1) runs one tick"));
                return;
            }
            cronTick();
            // tail tasks run in order after this iteration: after the beforeSleep cronTick scheduled
            loop.executeAfterEventLoopIteration(() -> done.complete(tickNumber));
        });
        return done;
    }

    /** Marks that a socket read happened in this tick (a file event). Called on the loop thread. */
    public void fileEvent() {
        if (frozen()) return; // the bytes wait in the query buffer, see pause()
        fileOrTimeEvent();
        tickReads++;
    }

    private void fileOrTimeEvent() {
        if (tickOpen) return;
        tickOpen = true;
        tickStart = System.nanoTime();
        tickReads = 0;
        tickCron = 0;
        tickCommandsAtStart = procs.commandsProcessed();
        loop.executeAfterEventLoopIteration(this::beforeSleep);
    }

    /** The end of a tick: Redis's beforeSleep, then the tick is published. */
    private void beforeSleep() {
        int written = procs.beforeSleep();
        tickOpen = false;
        long n = ++tickNumber;
        if (paused) {
            if (stepsLeft > 0) stepsLeft--;
            if (stepsLeft == 0) procs.holdInput(true);
        }
        if (slowDelayMillis > 0 && !slowHold) {
            slowHold = true;
            procs.holdInput(true);
            loop.schedule(() -> { slowHold = false; release(); }, slowDelayMillis, TimeUnit.MILLISECONDS);
        }
        TickListener l = tickListener;
        if (l != null) {
            l.onTick(new Tick(n, tickStart, System.nanoTime() - tickStart, tickReads,
                    procs.commandsProcessed() - tickCommandsAtStart, tickCron, written));
        }
    }

    /** Runs work on the command thread as part of a tick (in-process clients enter here). */
    public void execute(Runnable task) {
        loop.execute(() -> runOrHold(task));
    }

    /**
     * Runs work on the command thread after the loop has next looked at its sockets. Long work
     * done in slices (the BGSAVE walk) reschedules itself with this, so clients are served between
     * any two slices; with {@link #execute} Netty would run many slices in one batch of tasks.
     */
    public void executeAfterIo(Runnable task) {
        executeLater(task, 0);
    }

    /** The same after {@code delayMicros} on a timer (a slow walk waits there, the loop serves meanwhile). */
    public void executeLater(Runnable task, long delayMicros) {
        loop.schedule(() -> runOrHold(task), Math.max(0, delayMicros), TimeUnit.MICROSECONDS);
    }

    private void runOrHold(Runnable task) {
        if (frozen()) {
            heldTasks.add(task);
            return;
        }
        fileEvent();
        task.run();
    }

    /**
     * Runs a computation on the command thread outside the tick machinery: it runs even while the
     * loop is paused and does not count as a tick. For read-only snapshots and for attaching
     * in-process clients, never for commands.
     */
    public <T> CompletableFuture<T> submitOutsideTicks(Supplier<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Runnable r = () -> {
            try {
                f.complete(task.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        };
        if (loop.inEventLoop()) r.run();
        else loop.execute(r);
        return f;
    }

    // ---------------------------------------------------------------- teaching controls

    /**
     * True while no new work may start: paused with no steps left, or waiting out a slow-motion
     * delay. A tick already under way still ends with its beforeSleep (replies are written).
     */
    private boolean frozen() {
        return paused && stepsLeft == 0 || slowHold;
    }

    /**
     * Freezes the loop: nothing submitted or read after this call runs until {@link #step} or
     * {@link #resume}. The thread itself never blocks: sockets are still read, but the bytes wait
     * unparsed in the query buffers; in-process commands wait in a queue; the cron skips its runs
     * (no active expiry, no rehashing). A tick under way finishes writing its replies. Network
     * clients simply wait.
     */
    public void pause() {
        onLoopAndWait(() -> {
            paused = true;
            stepsLeft = 0;
            procs.holdInput(true);
        });
    }

    /**
     * Runs a control action on the loop thread and returns once it has taken effect, so that a
     * caller (the REPL, a test) that pauses and then sends a command knows the command will wait.
     */
    private void onLoopAndWait(Runnable action) {
        if (loop.inEventLoop()) action.run();
        else loop.submit(action).syncUninterruptibly();
    }

    /** Unfreezes the loop; whatever waited runs in the next tick. */
    public void resume() {
        onLoopAndWait(() -> {
            paused = false;
            stepsLeft = 0;
            release();
        });
    }

    /**
     * While paused, lets {@code n} more ticks run, then pauses again. If work is waiting, the first
     * of them starts at once and runs all of it (as one real tick handles every ready socket);
     * otherwise the next event (a command, a cron run) starts it.
     */
    public void step(int n) {
        if (n <= 0) return;
        onLoopAndWait(() -> {
            if (!paused) return;
            stepsLeft += n;
            release();
        });
    }

    public boolean isPaused() { return paused; }

    /**
     * Slow motion: wait {@code delayPerTickMillis} after every tick before the next may start
     * (without blocking the thread: the loop is frozen as by {@link #pause} meanwhile), and, with
     * {@code oneRehashStepPerTick}, make the cron's active rehashing move one bucket per run instead
     * of 1 ms worth, so a resize can be watched bucket by bucket. 0 and false restore full speed.
     */
    public void setSlowMotion(long delayPerTickMillis, boolean oneRehashStepPerTick) {
        loop.execute(() -> {
            slowDelayMillis = Math.max(0, delayPerTickMillis);
            procs.slowMotion(oneRehashStepPerTick);
            if (slowDelayMillis == 0 && slowHold) {
                slowHold = false;
                release();
            }
        });
    }

    /**
     * Ends a freeze if nothing else holds the loop: input may be parsed again and, if work waited,
     * a tick starts now and runs it (held in-process tasks first, then the clients' query buffers).
     */
    private void release() {
        if (frozen()) return;
        procs.holdInput(false);
        if (heldTasks.isEmpty() && !procs.hasPendingInput()) return;
        fileOrTimeEvent();
        while (!heldTasks.isEmpty()) runOrHold(heldTasks.poll());
        procs.processPendingInput();
    }

    /** Runs a computation on the command thread and returns its result. */
    public <T> CompletableFuture<T> submit(Supplier<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        execute(() -> {
            try {
                f.complete(task.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
