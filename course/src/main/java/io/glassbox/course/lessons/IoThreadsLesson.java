package io.glassbox.course.lessons;

import io.glassbox.course.Lesson;
import io.glassbox.course.LessonRun;
import io.glassbox.course.Verifier;
import io.glassbox.course.View;
import io.glassbox.hooks.EngineEvent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Chapter 13, did Redis 6's I/O threads make it faster (networking.c's threaded I/O)? The same load
 * (16 clients, each pipelining 16 SETs over TCP for a moment) against three servers of the lesson's
 * own, with io-threads 1, 2 and 4 (io-threads-do-reads yes): the throughput of each, and, from the
 * hook events of each fan-out and join ({@code IoThreadsPhase}), how long the I/O threads worked,
 * how long the command thread waited for them, and how long it spent running the commands after
 * the join. The last step estimates from those phase times what more cores would give.
 */
final class IoThreadsLesson {
    private IoThreadsLesson() {}

    static final int CLIENTS = 16, PIPELINE = 16;
    static final long LOAD_MILLIS = 600;

    static Lesson lesson() {
        return Lesson.builder("13", 13)
                .step(r -> {
                    Result one = measure(r, "io1", 1);
                    r.view(View.Kind.LOOP);
                    r.caption("l13.s1.load", CLIENTS, PIPELINE, LOAD_MILLIS, one.port);
                    r.caption("l13.s1.one", one.opsPerSec(), one.reads, one.writes);
                    r.caption("l13.s1.why");
                    r.cite("networking.c", "handleClientsWithPendingWrites", "server.Networking.handleClientsWithPendingWrites");
                    r.fact("io1", 1L);
                }, v -> checkThreads(v, "io1"))
                .step(r -> {
                    Result two = measure(r, "io2", 2);
                    r.view(View.Kind.LOOP);
                    r.caption("l13.s2.fanout");
                    phaseCaptions(r, two);
                    r.cite("networking.c", "handleClientsWithPendingReadsUsingThreads", "server.ThreadedIO.handleClientsWithPendingReadsUsingThreads");
                    r.cite("networking.c", "IOThreadMain", "server.ThreadedIO.ioThreadMain");
                    r.fact("io2", 2L);
                    r.fact("two", two);
                }, v -> checkThreads(v, "io2"))
                .step(r -> {
                    Result four = measure(r, "io4", 4);
                    Result two = (Result) r.recalled("two");
                    r.view(View.Kind.LOOP);
                    phaseCaptions(r, four);
                    r.caption("l13.s3.compare", two == null ? 0 : two.opsPerSec(), four.opsPerSec(), Runtime.getRuntime().availableProcessors());
                    r.caption("l13.s3.cores");
                    // from the run with the least contention for the cores that had phases to measure
                    Result base = two != null && two.phases > 0 ? two : four;
                    if (base.phases > 0) {
                        r.caption("l13.s3.estimate", micros(base.parallelNanos, base.phases), micros(base.serialNanos, base.phases),
                                String.format(Locale.ROOT, "%.2f", base.estimatedSpeedup(4)),
                                String.format(Locale.ROOT, "%.2f", base.estimatedSpeedup(Integer.MAX_VALUE)), base.threads);
                    }
                    r.cite("networking.c", "handleClientsWithPendingWritesUsingThreads", "server.ThreadedIO.handleClientsWithPendingWritesUsingThreads");
                    r.cite("networking.c", "stopThreadedIOIfNeeded", "server.ThreadedIO.stopThreadedIOIfNeeded");
                    r.fact("io4", 4L);
                }, v -> checkThreads(v, "io4"))
                .build();
    }

    private static void phaseCaptions(LessonRun r, Result x) {
        r.caption("l13.s2.result", x.threads, x.opsPerSec(), x.reads, x.writes, x.ioThreadsCpuNanos / 1_000_000, LOAD_MILLIS);
        if (x.phases == 0) {
            r.caption("l13.s2.inactive", x.threads * 2);
            return;
        }
        r.caption("l13.s2.phases", x.phases, micros(x.mainShareNanos, x.phases), micros(x.threadBusyNanos, x.phases),
                micros(x.waitNanos, x.phases), micros(x.fanInNanos, x.phases), String.format(Locale.ROOT, "%.1f", (double) x.clients / x.phases));
    }

    /** The lesson's server {@code name} runs with the io-threads the step gave it. */
    private static void checkThreads(Verifier v, String name) {
        LessonRun.Node n = ReplicationLesson.node(v.run(), name);
        v.expect("io-threads of " + name, String.valueOf(v.fact(name)), LessonRun.strings(n.client().call("CONFIG", "GET", "io-threads")).get(1));
    }

    private static String micros(long nanos, long count) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1000.0 / Math.max(1, count));
    }

    /** One load's outcome: requests per second and the sums of the phases the hooks reported. */
    record Result(int threads, int port, long ops, long nanos, long reads, long writes, long phases, long clients,
                  long mainShareNanos, long threadBusyNanos, long waitNanos, long fanInNanos, long parallelNanos, long serialNanos,
                  long ioThreadsCpuNanos) {
        long opsPerSec() { return nanos == 0 ? 0 : ops * 1_000_000_000L / nanos; }

        /**
         * Amdahl's estimate from the measured ticks: the per-client work of the phases (the threads'
         * and the command thread's shares) divides among {@code cores} threads running truly at
         * once; the rest of the command thread's ticks (epoll's reads, dealing out, the commands,
         * the cron) does not.
         */
        double estimatedSpeedup(int cores) {
            double serial = serialNanos, parallel = parallelNanos;
            if (serial + parallel == 0) return 1;
            return (serial + parallel) / (serial + parallel / Math.min(cores, 1 << 20));
        }
    }

    /** Starts the lesson's server with {@code threads} I/O threads and runs the load against it. */
    static Result measure(LessonRun r, String name, int threads) throws Exception {
        LessonRun.Node n = r.startEngine(name, "--io-threads", Integer.toString(threads), "--io-threads-do-reads", "yes");
        LessonRun.Recorder rec = r.record(n.engine(), EngineEvent.IoThreadsPhase.class, EngineEvent.LoopTick.class);
        long cpu0 = ioThreadsCpuNanos();
        long[] done = load(n.engine().port());
        long cpu = ioThreadsCpuNanos() - cpu0;
        Thread.sleep(100); // the hooks deliver their events a few milliseconds late
        long phases = 0, clients = 0, share = 0, busy = 0, wait = 0, fanIn = 0, parallel = 0, ticks = 0;
        for (EngineEvent.IoThreadsPhase p : rec.of(EngineEvent.IoThreadsPhase.class)) {
            phases++;
            clients += p.clientIds().length;
            share += p.busyNanos()[0];
            for (int i = 1; i < p.busyNanos().length; i++) busy += p.busyNanos()[i];
            for (long b : p.busyNanos()) parallel += b;
            wait += p.mainWaitNanos();
            fanIn += p.fanInNanos();
        }
        for (EngineEvent.LoopTick t : rec.of(EngineEvent.LoopTick.class)) ticks += t.durationNanos();
        // the command thread's own work in those ticks, but its share of the I/O and its wait: what no thread can take over
        long serial = Math.max(0, ticks - share - wait);
        long reads = Long.parseLong(LessonRun.info(n.client(), "stats", "io_threaded_reads_processed"));
        long writes = Long.parseLong(LessonRun.info(n.client(), "stats", "io_threaded_writes_processed"));
        return new Result(threads, n.engine().port(), done[0], done[1], reads, writes, phases, clients, share, busy, wait, fanIn, parallel, serial, cpu);
    }

    /**
     * The CPU time of every I/O thread in this JVM ({@code io_thd_*}, ThreadMXBean). Another
     * engine's threads are stopped while a load runs (they wait at their gate), so the difference
     * across a load is the loaded engine's.
     */
    static long ioThreadsCpuNanos() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!t.getName().startsWith("io_thd_")) continue;
            long ns = mx.getThreadCpuTime(t.getId());
            if (ns > 0) sum += ns;
        }
        return sum;
    }

    /**
     * {@link #CLIENTS} sockets, each on its own thread, each sending {@link #PIPELINE} SETs at a time
     * and reading their +OK replies, for {@link #LOAD_MILLIS}: the requests answered and the time.
     */
    static long[] load(int port) throws Exception {
        byte[] one = "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] batch = new byte[one.length * PIPELINE];
        for (int i = 0; i < PIPELINE; i++) System.arraycopy(one, 0, batch, i * one.length, one.length);
        AtomicLong ops = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        List<Socket> sockets = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            Socket s = new Socket();
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setTcpNoDelay(true);
            s.setSoTimeout(10_000);
            sockets.add(s);
        }
        long start = System.nanoTime();
        for (Socket s : sockets) {
            Thread t = new Thread(() -> {
                byte[] replies = new byte[5 * PIPELINE]; // "+OK\r\n" each
                try {
                    OutputStream out = s.getOutputStream();
                    InputStream in = s.getInputStream();
                    while (!stop.get()) {
                        out.write(batch);
                        for (int got = 0; got < replies.length; ) {
                            int n = in.read(replies, got, replies.length - got);
                            if (n < 0) return;
                            got += n;
                        }
                        ops.addAndGet(PIPELINE);
                    }
                } catch (IOException e) {
                    // the load stops with the socket; what was answered is counted
                }
            }, "lesson-load");
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        Thread.sleep(LOAD_MILLIS);
        stop.set(true);
        for (Thread t : workers) t.join(10_000);
        long nanos = System.nanoTime() - start;
        for (Socket s : sockets) s.close();
        return new long[] {ops.get(), nanos};
    }
}
