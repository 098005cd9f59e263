package io.glassbox.bio;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Redis's {@code bio.c}: a queue of jobs and a thread per kind of job ({@code bioInit},
 * {@code bioSubmitJob}, {@code bioProcessBackgroundJobs}, {@code bioPendingJobsOfType},
 * {@code bioKillThreads}). One per engine: two engines in a JVM never share a queue.
 */
public final class Bio {
    /** The kinds of job (bio.h's {@code BIO_*}), each with its thread's name (redis_set_thread_title). */
    public enum Op {
        LAZY_FREE("bio_lazy_free");

        final String threadName;

        Op(String threadName) { this.threadName = threadName; }

        public String threadName() { return threadName; }
    }

    private final Worker[] workers = new Worker[Op.values().length];

    /** Appends a job to its kind's queue and wakes its thread (bioSubmitJob); O(1) for the caller. */
    public void submit(Op op, Runnable job) {
        worker(op).submit(job);
    }

    /** Jobs queued or running of this kind (bioPendingJobsOfType). */
    public long pending(Op op) {
        Worker w = workers[op.ordinal()];
        return w == null ? 0 : w.pending.get();
    }

    /**
     * Waits until every job of this kind submitted so far has run (bioDrainWorker in later Redis;
     * 7.0's bioWaitStepOfType waits for one). For tests, DEBUG and shutdown, never the command path.
     */
    public void drain(Op op) throws InterruptedException {
        Worker w = workers[op.ordinal()];
        if (w == null) return;
        synchronized (w) {
            while (w.pending.get() > 0) w.wait(100);
        }
    }

    /** Stops the threads (bioKillThreads); jobs still queued are dropped with their references. */
    public void shutdown() {
        synchronized (workers) {
            for (int i = 0; i < workers.length; i++) {
                if (workers[i] != null) workers[i].thread.interrupt();
                workers[i] = null;
            }
        }
    }

    /** The thread that runs {@code op}'s jobs, started on first use; null before. */
    public Thread thread(Op op) {
        Worker w = workers[op.ordinal()];
        return w == null ? null : w.thread;
    }

    private Worker worker(Op op) {
        Worker w = workers[op.ordinal()];
        if (w != null) return w;
        synchronized (workers) {
            w = workers[op.ordinal()];
            if (w == null) {
                w = new Worker(op);
                workers[op.ordinal()] = w;
            }
            return w;
        }
    }

    /** One kind's list, mutex and condition (a blocking queue) and its thread. */
    private static final class Worker {
        final LinkedBlockingQueue<Runnable> jobs = new LinkedBlockingQueue<>();
        /** Counted before the job is queued and after it ran, as bio_pending[type]. */
        final AtomicLong pending = new AtomicLong();
        final Thread thread;

        Worker(Op op) {
            thread = new Thread(this::run, op.threadName);
            thread.setDaemon(true);
            thread.start();
        }

        void submit(Runnable job) {
            pending.incrementAndGet();
            jobs.add(job);
        }

        /** bioProcessBackgroundJobs: pop in order, run one at a time, forever. */
        private void run() {
            while (!Thread.currentThread().isInterrupted()) {
                Runnable job;
                try {
                    job = jobs.take();
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    job.run();
                } catch (RuntimeException e) {
                    // Redis would panic; a failed free must not kill the thread that serves the next one
                    System.err.println(Thread.currentThread().getName() + ": job failed: " + e);
                } finally {
                    pending.decrementAndGet();
                    synchronized (this) { notifyAll(); }
                }
            }
        }
    }
}
