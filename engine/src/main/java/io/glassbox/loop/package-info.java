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
 * In-process clients ({@code LocalClient}) post their commands to the same thread, so they take
 * their turn in a tick like a socket's read.
 *
 * <p>Invariants. One thread, the command thread, runs everything that touches the keyspace:
 * socket reads, the cron, in-process calls. Every tick that ran anything ends with
 * {@code beforeSleep}, so a reply never waits longer than the tick that produced it. What the
 * loop needs from the server is small, as {@code ae.c} needs only its callbacks
 * ({@code aeSetBeforeSleepProc}, a time event): run before-sleep, run the cron, hold and release
 * the parsing of input.
 *
 * <p>The teaching controls live here, not in the hooks, because only the loop can stop between
 * ticks: {@code pause} freezes it after the current tick (sockets are still read, but bytes wait
 * unparsed; the thread itself never blocks), {@code step(n)} lets n ticks run, and slow motion
 * waits after every tick and makes the cron's rehashing move one bucket per run.
 *
 * <p>Difference from the C code: Redis computes how long to sleep from its nearest timer
 * ({@code aeSearchNearestTimer}); Netty does that for its scheduled tasks, and a blocked client's
 * deadline is one more scheduled task that just runs a tick.
 */
package io.glassbox.loop;
