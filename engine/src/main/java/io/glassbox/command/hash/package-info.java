/**
 * The hash commands: the command half of Redis's {@code t_hash.c}. HSET, HSETNX, HMSET, HGET,
 * HMGET, HGETALL, HKEYS, HVALS, HDEL, HLEN, HSTRLEN, HEXISTS, HINCRBY, HINCRBYFLOAT in
 * {@link io.glassbox.command.hash.HashCommands}; HRANDFIELD and HSCAN, whose sampling and walking
 * depend on the encoding, in {@code HashRandomAndScan}.
 *
 * <p>What a learner should watch here is the encoding: a hash is a {@code listpack} while it is
 * small and a {@code hashtable} once it passes {@code hash-max-listpack-entries} fields or holds a
 * string longer than {@code hash-max-listpack-value}. The type-level operations and the one-way
 * conversion live in {@link io.glassbox.db.HashObjects}; the commands only decide when to ask.
 *
 * <p>Invariants. Writes follow Redis's order: parse, look up or create
 * ({@code hashTypeLookupWriteOrCreate}), convert if the new strings are too long
 * ({@code hashTypeTryConversion}), write, count the change in {@code dirty}, signal the modified key
 * and notify. A command that removes the last field deletes the key. The thresholds are read from
 * the live configuration, so CONFIG SET takes effect on the next write. A hashtable never goes back
 * to a listpack.
 *
 * <p>Bounds: on a listpack each field operation is a linear walk, O(N) with N at most
 * {@code hash-max-listpack-entries}; on a hashtable O(1) plus at most one rehash step. HGETALL, HKEYS
 * and HVALS are O(N). HSCAN of a listpack returns everything in one call (cursor 0), as in Redis;
 * of a hashtable it walks buckets with the dict's reverse-binary cursor.
 */
package io.glassbox.command.hash;
