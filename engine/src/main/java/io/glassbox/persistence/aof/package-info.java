/**
 * The append-only file, as Redis 7.0's {@code aof.c}.
 *
 * <p>An AOF is the server's write history in the protocol's own format: replaying it rebuilds the
 * dataset. What goes in is decided elsewhere, by propagation ({@code server/Propagation}): the
 * commands that changed something, rewritten into their effects (absolute expire times, the member
 * SPOP chose). This package only stores that stream and reads it back.
 *
 * <ul>
 *   <li>{@link io.glassbox.persistence.aof.AppendOnlyFile}: the write path (buffer, write and
 *       fsync in beforeSleep, before replies), the fsync policies, the rewrite and its end, turning
 *       AOF on and off at runtime, INFO persistence's aof_* fields.</li>
 *   <li>{@link io.glassbox.persistence.aof.AofManifest}: the multi-part layout (a base file, then
 *       incr files), and why 7.0 needs no rewrite buffer any more.</li>
 *   <li>{@link io.glassbox.persistence.aof.AofLoader}: start-up replay, truncated tails and bad
 *       bytes.</li>
 *   <li>{@link io.glassbox.persistence.aof.AofRewriter}: the dataset as commands, for a RESP base
 *       ({@code aof-use-rdb-preamble no}); with the preamble the base is an RDB file written by the
 *       RDB package's fork-less snapshot.</li>
 * </ul>
 *
 * The invariant that makes the files correct: base + incr files, replayed in order, equal the
 * dataset, because a rewrite's image is taken at the moment writes switch to a new incr file.
 */
package io.glassbox.persistence.aof;
