/**
 * The hash commands (Redis's {@code t_hash.c}, command group "hash"): HSET, HSETNX, HMSET, HGET,
 * HMGET, HGETALL, HKEYS, HVALS, HDEL, HLEN, HSTRLEN, HEXISTS, HINCRBY, HINCRBYFLOAT in
 * {@link io.glassbox.command.hash.HashCommands}; HRANDFIELD and HSCAN, whose sampling and walking
 * depend on the encoding, in {@code HashRandomAndScan}.
 *
 * <p>What a learner should watch here is the encoding: a hash is a {@code listpack} while it is
 * small and a {@code hashtable} once it passes {@code hash-max-listpack-entries} fields or holds a
 * string longer than {@code hash-max-listpack-value}. The type-level operations and the one-way
 * conversion live in {@link io.glassbox.db.HashObjects}; the commands only decide when to ask.
 */
package io.glassbox.command.hash;
