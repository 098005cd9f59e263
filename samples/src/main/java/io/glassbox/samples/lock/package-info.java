/**
 * A distributed lock on one Redis instance, as the course's chapter 14 reads it: why
 * {@code SET key token NX PX ttl} is atomic (one command, run whole by {@code processCommand} and
 * {@code call} on the one command thread) and why the release must be a Lua script (a script's
 * {@code redis.call}s run with nothing in between, so "GET, compare, DEL" cannot interleave with an
 * expiry and another client's SET).
 *
 * <ul>
 *   <li>{@link io.glassbox.samples.lock.DistributedLock}: acquire, release, and why each piece
 *       (NX, PX, the random token, the script) is there.</li>
 *   <li>{@link io.glassbox.samples.lock.LockDemo}: four workers do an unsafe read-modify-write under
 *       the lock; the counter ends at workers x rounds, which it would not without it.</li>
 * </ul>
 *
 * <p>Invariants the sample shows: at most one holder per key at a time while the TTL runs; only the
 * holder's token releases the lock. What it does not give (as the chapter says, and Redlock
 * discusses): safety when the instance fails over to a replica that had not received the SET, or
 * when a holder pauses past its TTL. The sample uses only the engine's public face
 * ({@code Engine}, its settings, {@code LocalClient}), and the same two commands work over TCP with any client.
 */
package io.glassbox.samples.lock;
