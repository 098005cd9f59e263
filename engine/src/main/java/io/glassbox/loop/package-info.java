/**
 * The event loop: Redis's {@code ae.c}, on one Netty event loop thread.
 *
 * <p>Redis's loop, {@code aeMain}, repeats one <em>tick</em>: wait in epoll for ready sockets
 * (file events) or the next timer, handle the ready sockets (read, parse, run commands, buffer the
 * replies), run the timers that are due (time events: {@code serverCron} at {@code hz}), and,
 * before waiting again, run {@code beforeSleep} (write the buffered replies, a fast expire cycle).
 *
 * <p>A single-threaded Netty {@code EpollEventLoop} does the same dance: {@code epoll_wait}, then
 * the channels' reads, then its scheduled tasks, then its "tail tasks". Glassbox runs commands
 * inside the reads, schedules the cron as a Netty timer, and registers {@code beforeSleep} as a
 * tail task the first time anything happens in a tick. That makes ticks real and countable
 * ({@link io.glassbox.loop.Tick}), with the same thread doing I/O and commands, as plain Redis.
 */
package io.glassbox.loop;
