package io.glassbox.loop;

import io.glassbox.server.Server;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SingleThreadEventLoop;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The command thread and its ticks (see the package comment). Everything that touches the
 * keyspace runs on this one thread: network reads, the cron, and in-process calls submitted with
 * {@link #submit}.
 */
public final class EventLoop implements AutoCloseable {
    private final Server server;
    private final EventLoopGroup group;
    private final SingleThreadEventLoop loop;
    private final boolean epoll;
    private ScheduledFuture<?> cron;
    private int cronHz;
    private volatile TickListener tickListener;

    // the tick being built; only touched on the loop thread
    private boolean tickOpen;
    private long tickNumber;
    private long tickStart;
    private int tickReads;
    private int tickCron;
    private long tickCommandsAtStart;

    public EventLoop(Server server) {
        this.server = server;
        this.epoll = Epoll.isAvailable();
        DefaultThreadFactory tf = new DefaultThreadFactory("glassbox-main", false);
        this.group = epoll ? new EpollEventLoopGroup(1, tf) : new NioEventLoopGroup(1, tf);
        this.loop = (SingleThreadEventLoop) group.next();
        // a timer event that just runs a tick (and so beforeSleep): blocked clients' deadlines
        server.setWakeup(ms -> loop.schedule(() -> execute(() -> {}), ms, TimeUnit.MILLISECONDS));
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
        fileOrTimeEvent();
        tickCron++;
        server.serverCron();
        int hz = Math.max(1, Math.min(500, server.settings().hz));
        if (hz != cronHz) scheduleCron(hz); // CONFIG SET hz takes effect at the next run
    }

    /** Marks that a socket read happened in this tick (a file event). Called on the loop thread. */
    public void fileEvent() {
        fileOrTimeEvent();
        tickReads++;
    }

    private void fileOrTimeEvent() {
        if (tickOpen) return;
        tickOpen = true;
        tickStart = System.nanoTime();
        tickReads = 0;
        tickCron = 0;
        tickCommandsAtStart = server.stats().numCommands;
        loop.executeAfterEventLoopIteration(this::beforeSleep);
    }

    /** The end of a tick: Redis's beforeSleep, then the tick is published. */
    private void beforeSleep() {
        int written = server.beforeSleep();
        tickOpen = false;
        long n = ++tickNumber;
        TickListener l = tickListener;
        if (l != null) {
            l.onTick(new Tick(n, tickStart, System.nanoTime() - tickStart, tickReads,
                    server.stats().numCommands - tickCommandsAtStart, tickCron, written));
        }
    }

    /** Runs work on the command thread as part of a tick (in-process clients enter here). */
    public void execute(Runnable task) {
        loop.execute(() -> {
            fileEvent();
            task.run();
        });
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
