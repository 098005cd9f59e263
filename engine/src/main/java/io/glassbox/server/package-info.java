/**
 * The server core: what Redis's {@code server.c}, the client half of {@code networking.c},
 * {@code blocked.c}, {@code multi.c}, {@code slowlog.c} and the propagation part of {@code server.c}
 * do, without the sockets (those are {@code io.glassbox.net}) and without the commands themselves
 * (those are {@code io.glassbox.command}, which may know this package as the {@code t_*.c} files
 * know {@code server.h}).
 *
 * <p>The path of one request: bytes arrive in a client's query buffer; every complete request is
 * parsed ({@code processInputBuffer}), checked in Redis's order ({@code processCommand}: unknown
 * command, arity, auth, a busy script, replica read-only and min-replicas, the pub/sub context,
 * CLIENT PAUSE, MULTI queueing), run
 * ({@code call}: timing, command stats, the slow log, MONITOR), and its effect queued for the AOF and
 * the replicas ({@code alsoPropagate}, flushed when the outermost call returns). The reply stays in
 * the client's buffer until {@code beforeSleep} writes every pending client once per loop tick.
 * {@code serverCron} runs {@code hz} times a second: client timeouts, active expiry, shrinking
 * sparse dicts, 1 ms of incremental rehashing, save points, the replication cron.
 *
 * <p>Invariants. Everything here runs on one thread, the command thread, so nothing locks and a
 * command sees the keyspace as no other command can change it. A command never writes to a socket.
 * A blocked client is served only after the command that made its key ready has finished and
 * replied, before any other command runs. Propagation sends effects, not requests (SET EX becomes
 * SET PXAT, SPOP the SREM of what it popped), wrapped in MULTI/EXEC when one call did several.
 *
 * <p>Bounds. A read runs every complete command in the buffer; a query buffer past
 * {@code client-query-buffer-limit} closes the client; a client whose unread replies (its reply
 * buffer past 16 KB plus what its socket did not take) reach its class's
 * {@code client-output-buffer-limit} is closed, and when clients together reach
 * {@code maxmemory-clients} the largest are evicted ({@link io.glassbox.server.ClientMemory}). The cron's rehashing takes at most 1 ms
 * per run (one bucket per run in slow motion) and moves one database's dict per run.
 *
 * <p>Differences from the C code. Redis keeps all of this in one global {@code server} struct
 * reached from everywhere; here the server is an object, and each subsystem (AOF, RDB, replication,
 * scripting) is reached through the narrow interface it declares. {@code clientsCron} looks at
 * every client each run instead of a slice of them. The reply buffer
 * is one growable array per client, not Redis's 16 KB static buffer plus a list of blocks; what a
 * socket does not take waits in Netty's outbound queue, which counts as the client's output buffer. A slow
 * script runs on a thread of its own while the command thread answers -BUSY (Netty's loop cannot
 * be re-entered as {@code processEventsWhileBlocked} re-enters {@code ae}).
 */
package io.glassbox.server;
