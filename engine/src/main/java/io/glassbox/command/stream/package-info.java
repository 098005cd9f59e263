/**
 * The stream commands: Redis 7.0's {@code t_stream.c}. XADD, XLEN, XRANGE, XREVRANGE, XDEL, XTRIM
 * and XSETID in {@code StreamCommands}; XREAD and XREADGROUP (blocking or not) in
 * {@code StreamReadCommands}; consumer groups (XGROUP, XACK, XPENDING, XCLAIM, XAUTOCLAIM) in
 * {@code StreamGroupCommands}; XINFO in {@code StreamInfoCommand}. The structure is
 * {@link io.glassbox.ds.stream}: a radix tree of listpacks, keyed by entry ID.
 *
 * <p>Invariants. IDs ({@code ms-seq}) only grow: XADD refuses an ID not greater than the stream's
 * last, and {@code *} generates one from the clock that still exceeds it. A message read through
 * XREADGROUP stays in its group's and its consumer's pending entries list (PEL) until XACK; XCLAIM
 * and XAUTOCLAIM move idle pending messages to another consumer. A stream is not deleted when it
 * becomes empty (unlike a list): its last ID and groups must survive.
 *
 * <p>Bounds: XADD is O(1) (append to the last listpack, or a new node past
 * {@code stream-node-max-entries}/{@code -bytes}); XRANGE is O(log N + M) (the rax finds the node);
 * XTRIM with {@code ~} removes whole nodes only, and LIMIT caps the entries removed per call (by
 * default 100 * {@code stream-node-max-entries}, at most 10000), so trimming never stalls the loop.
 *
 * <p>Blocking: XREAD BLOCK and XREADGROUP BLOCK park the client on its keys through the server's
 * blocking machinery; an XADD serves them after it has replied, before any other command.
 */
package io.glassbox.command.stream;
