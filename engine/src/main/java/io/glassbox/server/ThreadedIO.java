package io.glassbox.server;

import io.glassbox.config.ConfigRegistry;
import io.glassbox.resp.RequestParser;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Threaded I/O: the "Threaded I/O" section of Redis 6/7's {@code networking.c}
 * ({@code initThreadedIO}, {@code IOThreadMain}, {@code handleClientsWithPendingReadsUsingThreads},
 * {@code handleClientsWithPendingWritesUsingThreads}, {@code startThreadedIO},
 * {@code stopThreadedIOIfNeeded}). See docs/io-threads.md.
 *
 * <p>Why. Commands stay on one thread (the command thread), so nothing that touches the keyspace
 * locks; what is moved away is the per-client work that touches only that client: copying the bytes
 * that arrived into its query buffer and parsing its first request, and writing its replies to the
 * socket. {@code io-threads N} gives N-1 extra threads; the command thread takes a share itself.
 *
 * <p>How, per loop tick (fan-out, then join): while the sockets are served, a client's read is
 * only recorded ({@link #postponeClientRead}: its bytes stay in the connection). At the start of
 * beforeSleep the pending readers are dealt round-robin to the N lists, each I/O thread is given
 * its count ({@code io_threads_pending}), the command thread does list 0, then spins until every
 * count is back to 0. Only then, on the command thread and in the order the reads arrived, the
 * parsed commands run: ordering, MULTI, scripts, blocking, hooks and limits are what they were.
 * At the end of beforeSleep the clients with replies are dealt out the same way; each thread
 * calls write(2) itself, and what the socket did not take is handed to Netty's write path (Redis's
 * write handler) after the join.
 *
 * <p>Invariants. During a phase the command thread does nothing but its own share and the wait, so
 * a client is touched by exactly one thread at a time, and the atomic counts give the hand-over
 * its happens-before in both directions. I/O threads never touch shared state: bytes and counts
 * are kept per thread and summed by the command thread after the join. The threads are used only
 * when at least {@code 2 * io-threads} clients have replies waiting (otherwise they are stopped,
 * {@link #stopThreadedIOIfNeeded}), as in Redis. Replicas, in-process clients, watchers and a
 * socket with bytes already queued by Netty are written by the command thread (list 0).
 *
 * <p>Differences from the C code: Netty's loop does the read(2) itself (it reads when epoll says
 * so), so an I/O thread's read starts at the bytes Netty read (copy into the query buffer, parse);
 * the pending readers are served in arrival order (Redis pushes them at the list's head); a
 * stopped thread waits on a monitor instead of a mutex the command thread holds, since Java's
 * locks belong to the thread that took them and the engine is built on another thread.
 */
public final class ThreadedIO {
    /** IO_THREADS_MAX_NUM. */
    public static final int IO_THREADS_MAX_NUM = 128;
    /** NET_MAX_WRITES_PER_EVENT: an I/O thread writes at most this much per client per tick. */
    static final int NET_MAX_WRITES_PER_EVENT = 64 * 1024;

    static final int OP_IDLE = 0, OP_READ = 1, OP_WRITE = 2;

    private final Server server;
    private final Networking networking;
    /** io_threads_num and io_threads_do_reads (both immutable, as in Redis 7.0). */
    private final int ioThreadsNum;
    private final boolean doReads;
    /** io_threads_active: the threads spin for work (true) or wait at the gate (false). Command thread. */
    private boolean active;
    /** io_threads_op: what the threads do with their lists in the current phase. */
    private volatile int op = OP_IDLE;
    /** The stopped threads wait here (Redis's io_threads_mutex); {@link #running} opens it. */
    private final Object gate = new Object();
    private volatile boolean running;
    private volatile boolean shutdown;
    /** Slot 0 is the command thread's own share; 1..N-1 are the I/O threads. */
    private final Slot[] slots;
    /** clients_pending_read: clients whose read waits for the I/O threads, in arrival order. */
    private final List<Client> pendingRead = new ArrayList<>();
    private long readsProcessed, writesProcessed;

    /** One thread's list and its start/done count (io_threads_list[i], io_threads_pending[i]). */
    static final class Slot {
        final int id;
        final ArrayList<Client> list = new ArrayList<>();
        final AtomicLong pending = new AtomicLong();
        /** A direct buffer for write(2) (Netty's descriptor writes need native memory). */
        ByteBuffer scratch;
        /** Bytes read or written in the current phase, and the time spent on the list. */
        long bytes, busyNanos;
        Thread thread;

        Slot(int id) { this.id = id; }
    }

    ThreadedIO(Server server, Networking networking, ConfigRegistry config) {
        this.server = server;
        this.networking = networking;
        this.ioThreadsNum = (int) config.numeric("io-threads").get();
        this.doReads = config.bool("io-threads-do-reads").get();
        this.slots = new Slot[ioThreadsNum];
        initThreadedIO();
    }

    /** initThreadedIO: with io-threads 1 nothing is spawned; otherwise N-1 threads, stopped. */
    private void initThreadedIO() {
        for (int i = 0; i < ioThreadsNum; i++) slots[i] = new Slot(i);
        if (ioThreadsNum == 1) return;
        slots[0].scratch = ByteBuffer.allocateDirect(NET_MAX_WRITES_PER_EVENT);
        for (int i = 1; i < ioThreadsNum; i++) {
            Slot s = slots[i];
            s.scratch = ByteBuffer.allocateDirect(NET_MAX_WRITES_PER_EVENT);
            s.thread = new Thread(() -> ioThreadMain(s), "io_thd_" + i); // the name a profiler shows, as Redis's
            s.thread.setDaemon(true);
            s.thread.start();
        }
    }

    /** io-threads: how many threads share the I/O, the command thread included. */
    public int ioThreadsNum() { return ioThreadsNum; }

    /** INFO's io_threads_active. */
    public boolean active() { return active; }

    /** INFO's io_threaded_reads_processed. */
    public long readsProcessed() { return readsProcessed; }

    /** INFO's io_threaded_writes_processed. */
    public long writesProcessed() { return writesProcessed; }

    /**
     * IOThreadMain: spin up to a million times for a count, else wait at the gate; then serve the
     * list and set the count back to 0, the signal the command thread waits for.
     */
    private void ioThreadMain(Slot s) {
        while (!shutdown) {
            for (int j = 0; j < 1_000_000; j++) {
                if (s.pending.get() != 0) break;
            }
            if (s.pending.get() == 0) {
                // give the command thread a chance to stop this thread (the mutex in Redis)
                synchronized (gate) {
                    while (!running && !shutdown) {
                        try {
                            gate.wait();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
                continue;
            }
            serveList(s, op);
            s.pending.set(0);
        }
    }

    /** Serves a slot's list for the phase: a thread's share or the command thread's own. */
    private void serveList(Slot s, int phase) {
        long t0 = System.nanoTime();
        for (Client c : s.list) {
            try {
                if (phase == OP_WRITE) writeToClient(c, s);
                else readQueryFromClient(c, s);
            } catch (RuntimeException | Error e) {
                c.ioFailure = e; // the command thread logs it and closes the client after the join
            }
        }
        s.busyNanos = System.nanoTime() - t0;
    }

    /**
     * readQueryFromClient in an I/O thread: the bytes into the query buffer, then the first request
     * parsed; running it is left to the command thread (CLIENT_PENDING_COMMAND).
     */
    private static void readQueryFromClient(Client c, Slot s) {
        int n = c.connection.readPostponed(c.parser);
        c.ioReadBytes = n;
        c.totalNetInput += n;
        s.bytes += n;
        if (c.pendingCommand || c.closeAfterReply || c.closeAsap || c.blocked) return;
        long before = c.parser.consumedBytes();
        RequestParser.Result r = c.parser.parse();
        if (r == RequestParser.Result.NEED_MORE) return;
        c.pendingCommand = true;
        c.pendingResult = r;
        c.pendingRequestBytes = (int) (c.parser.consumedBytes() - before);
    }

    /** writeToClient in an I/O thread: up to NET_MAX_WRITES_PER_EVENT bytes, what the socket takes. */
    private static void writeToClient(Client c, Slot s) {
        int len = Math.min(c.pendingReplyBytes(), NET_MAX_WRITES_PER_EVENT);
        if (len == 0) return;
        int n = c.connection.writeFromIoThread(c.replyArray(), 0, len, s.scratch);
        if (n < 0) {
            c.ioWriteFailed = true;
            return;
        }
        c.consumeReply(n);
        c.totalNetOutput += n;
        s.bytes += n;
    }

    // ---------------------------------------------------------------- the command thread's side

    /**
     * postponeClientRead: with the threads active and threaded reads on, a normal client's read is
     * only recorded, and served by {@link #handleClientsWithPendingReadsUsingThreads}. A client
     * that already waits keeps waiting, so its bytes stay in order.
     */
    boolean postponeClientRead(Client c) {
        if (c.pendingRead) return true;
        if (!active || !doReads || op != OP_IDLE) return false;
        if (c.master || c.replica || c.blocked || c.watcher || c.pendingCommand || networking.inputHeld()) return false;
        if (!c.connection.canPostponeRead()) return false;
        c.pendingRead = true;
        pendingRead.add(c);
        return true;
    }

    /** freeClient of a client waiting for an I/O thread: off the list, its bytes dropped. */
    void clientFreed(Client c) {
        if (c.pendingRead) {
            c.pendingRead = false;
            pendingRead.remove(c);
        }
        c.connection.dropPostponed();
    }

    /**
     * handleClientsWithPendingReadsUsingThreads: fan the pending readers out, read the command
     * thread's share, wait, then run each client's parsed command and the rest of its query buffer,
     * in arrival order. Returns how many clients were read.
     */
    int handleClientsWithPendingReadsUsingThreads() {
        if (!active || !doReads) return 0;
        int processed = pendingRead.size();
        if (processed == 0) return 0;
        long t0 = System.nanoTime();
        List<Client> batch = new ArrayList<>(pendingRead);
        pendingRead.clear();
        for (int i = 0; i < batch.size(); i++) slots[i % ioThreadsNum].list.add(batch.get(i));
        PhaseRecord record = fanOutAndJoin(OP_READ, batch.size(), t0);
        long t1 = System.nanoTime();
        server.stats().netInputBytes += phaseBytes;
        for (Client c : batch) {
            c.pendingRead = false;
            if (c.closed) continue; // closed by a command of a client served before it
            if (failed(c)) continue;
            networking.readDone(c);
        }
        readsProcessed += processed;
        publish(record, System.nanoTime() - t1);
        return processed;
    }

    /**
     * handleClientsWithPendingWritesUsingThreads: with too few clients waiting, the plain
     * {@code handleClientsWithPendingWrites}; otherwise fan out, write the command thread's share,
     * wait, then hand what a socket did not take to Netty and do the per-client follow-up.
     * Returns how many clients had replies.
     */
    int handleClientsWithPendingWritesUsingThreads() {
        List<Client> pending = networking.pendingWrites();
        int processed = pending.size();
        if (processed == 0) return 0;
        if (ioThreadsNum == 1 || stopThreadedIOIfNeeded()) return networking.handleClientsWithPendingWrites();
        if (!active) startThreadedIO();
        long t0 = System.nanoTime();
        List<Client> batch = new ArrayList<>(pending);
        pending.clear();
        int item = 0;
        for (Client c : batch) {
            c.pendingWrite = false;
            if (c.closed || c.closeAsap) continue; // going to be closed anyway
            // replicas (the shared replication stream in Redis), in-process clients, watchers and a
            // socket with bytes already queued in Netty are the command thread's
            if (c.replica || c.watcher || c.eventStream != null || !c.connection.canWriteFromIoThread()) {
                slots[0].list.add(c);
                continue;
            }
            slots[item++ % ioThreadsNum].list.add(c);
        }
        PhaseRecord record = fanOutAndJoin(OP_WRITE, batch.size(), t0);
        long t1 = System.nanoTime();
        server.stats().netOutputBytes += phaseBytes;
        for (Client c : batch) {
            if (c.closed || c.closeAsap) continue;
            if (failed(c)) continue;
            // what the socket did not take goes to Netty's write path (installClientWriteHandler)
            networking.sendReplies(c);
        }
        // clients that ran more input in the follow-up (resumed after a pause) are answered now
        if (!pending.isEmpty()) networking.handleClientsWithPendingWrites();
        writesProcessed += processed;
        publish(record, System.nanoTime() - t1);
        return processed;
    }

    /** A client whose read or write failed in an I/O thread is closed now (freeClientAsync). */
    private boolean failed(Client c) {
        if (c.ioFailure != null) {
            server.log("warning", "Unexpected error serving a client in an I/O thread, closing it: " + c.ioFailure);
            c.ioFailure = null;
            c.ioWriteFailed = false;
            networking.closeClient(c);
            return true;
        }
        if (c.ioWriteFailed) {
            c.ioWriteFailed = false;
            server.log("verbose", "Error writing to client");
            c.connection.closeNow();
            networking.freeClient(c);
            return true;
        }
        return false;
    }

    /**
     * The fan-out and the join: give each I/O thread its count, serve list 0 here, then spin until
     * every count is 0 again (Redis's busy wait on io_threads_pending). Leaves the bytes moved in
     * {@link #phaseBytes} and the lists empty; returns what the phase did if somebody listens.
     */
    private PhaseRecord fanOutAndJoin(int phase, int clients, long t0) {
        op = phase;
        for (Slot s : slots) s.bytes = s.busyNanos = 0; // no thread runs yet: the counts below publish this
        for (int j = 1; j < ioThreadsNum; j++) slots[j].pending.set(slots[j].list.size());
        serveList(slots[0], phase);
        long waitStart = System.nanoTime();
        while (true) {
            long left = 0;
            for (int j = 1; j < ioThreadsNum; j++) left += slots[j].pending.get();
            if (left == 0) break;
            Thread.onSpinWait();
        }
        long wait = System.nanoTime() - waitStart;
        op = OP_IDLE;
        phaseBytes = 0;
        for (Slot s : slots) phaseBytes += s.bytes;
        return record(phase, clients, t0, wait);
    }

    /** Bytes the last phase read or wrote, all threads together. */
    private long phaseBytes;

    /** startThreadedIO: open the gate. */
    private void startThreadedIO() {
        running = true;
        synchronized (gate) { gate.notifyAll(); }
        active = true;
    }

    /** stopThreadedIO: serve the reads still pending, then close the gate behind the threads. */
    private void stopThreadedIO() {
        handleClientsWithPendingReadsUsingThreads();
        running = false;
        active = false;
    }

    /**
     * stopThreadedIOIfNeeded: fewer clients with replies waiting than twice the threads is not
     * worth the hand-over; the threads are stopped (if active) and true is returned.
     */
    boolean stopThreadedIOIfNeeded() {
        if (ioThreadsNum == 1) return true;
        if (networking.pendingWrites().size() < ioThreadsNum * 2) {
            if (active) stopThreadedIO();
            return true;
        }
        return false;
    }

    /** killIOThreads: the engine is closing. */
    void killIOThreads() {
        shutdown = true;
        synchronized (gate) { gate.notifyAll(); }
        for (Slot s : slots) {
            if (s.thread == null) continue;
            s.thread.interrupt();
            try {
                s.thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    // ---------------------------------------------------------------- the teaching face

    /** What a phase did, kept until the follow-up is timed; null when nobody listens. */
    private record PhaseRecord(int op, long[] clientIds, long[] clientThreads, long[] busyNanos, long[] bytes,
                               long fanOutNanos, long mainWaitNanos) {}

    private PhaseRecord record(int phase, int clients, long t0, long wait) {
        PhaseRecord r = null;
        if (server.listener() != ServerListener.NONE) {
            long[] ids = new long[clients], threads = new long[clients];
            long[] busy = new long[ioThreadsNum], bytes = new long[ioThreadsNum];
            int k = 0;
            for (int j = 0; j < ioThreadsNum; j++) {
                for (Client c : slots[j].list) {
                    ids[k] = c.id;
                    threads[k++] = j;
                }
                busy[j] = slots[j].busyNanos;
                bytes[j] = slots[j].bytes;
            }
            long total = System.nanoTime() - t0;
            r = new PhaseRecord(phase, java.util.Arrays.copyOf(ids, k), java.util.Arrays.copyOf(threads, k), busy, bytes,
                    Math.max(0, total - slots[0].busyNanos - wait), wait);
        }
        for (Slot s : slots) s.list.clear();
        return r;
    }

    private void publish(PhaseRecord r, long fanInNanos) {
        if (r == null) return;
        server.listener().ioThreadsPhase(new IoThreadsPhase(r.op == OP_READ ? "read" : "write", r.clientIds, r.clientThreads, r.busyNanos,
                r.bytes, r.fanOutNanos, r.mainWaitNanos, fanInNanos));
    }
}
