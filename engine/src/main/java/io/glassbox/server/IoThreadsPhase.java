package io.glassbox.server;

/**
 * One fan-out and join of the I/O threads in a tick (see {@link ThreadedIO}), for the event-loop
 * view: {@code op} is "read" (handleClientsWithPendingReadsUsingThreads) or "write"
 * (handleClientsWithPendingWritesUsingThreads); index 0 of each array is the command thread's own
 * share, index i the thread {@code io_thd_i}. Client {@code clientIds[k]} was taken by thread
 * {@code clientThreads[k]} (round-robin, in arrival order); {@code busyNanos[i]} is how long thread i
 * worked on its clients and {@code bytes[i]} what it read or wrote;
 * {@code fanOutNanos} is the dealing out, {@code mainWaitNanos} the command thread's spin on
 * io_threads_pending after its own share, {@code fanInNanos} the follow-up on the command thread
 * (running the parsed commands, or handing unwritten bytes to the write handler).
 */
public record IoThreadsPhase(String op, long[] clientIds, long[] clientThreads, long[] busyNanos, long[] bytes, long fanOutNanos,
                             long mainWaitNanos, long fanInNanos) {}
