/**
 * The keyspace: numbered databases, each a {@link io.glassbox.ds.dict.Dict} of keys to
 * {@link io.glassbox.db.RedisObject}s plus a second dict of expire times; and the values' types
 * above their encodings. Redis's {@code db.c}, {@code expire.c}, {@code object.c}, {@code sds.c}
 * and the type-level halves of the {@code t_*.c} files ({@code hashType*}, {@code setType*},
 * {@code zset*}/{@code zzl*}, {@code listType*}).
 *
 * <p>Why expires live in a dict of their own: most keys have no TTL, so a TTL field on every key
 * would waste memory; and the active expire cycle wants to sample <em>only</em> keys that can
 * expire. The price is a second lookup for keys that have one.
 *
 * <p>Expiry is two-pronged, as in Redis. Lazily, every lookup checks the key's deadline first
 * ({@code expireIfNeeded}), so a client never sees an expired key. Actively, the cron and
 * {@code beforeSleep} sample keys with a TTL and delete the expired ones
 * ({@link io.glassbox.db.ActiveExpire}, {@code activeExpireCycle}), so memory is reclaimed even for
 * keys nobody reads again. A replica never deletes an expired key itself (reads just do not see
 * it): it waits for the master's DEL, so master and replica stay identical.
 *
 * <p>Invariants. A key's expire entry exists only while the key does. Expiry decisions use the
 * time the current command started, so a key cannot expire half-way through one command. A value's
 * type never changes; its encoding only grows (listpack to hashtable or skiplist, intset to
 * hashtable), never back on deletion, as in Redis 7.0. A plain {@code byte[]} string is never
 * written in place (it may be a command's argument, still held by propagation); a command that
 * writes into a string first makes it an {@link io.glassbox.db.Sds} ({@code dbUnshareStringValue}).
 *
 * <p>Lazy free ({@link io.glassbox.db.LazyFree}, Redis's {@code lazyfree.c}): deletes and flushes
 * may hand a big value, or a database's old dicts, to the {@code bio_lazy_free} thread
 * ({@code io.glassbox.bio}); only ever once nothing in the keyspace leads to them.
 *
 * <p>Bounds: a lookup is O(1) plus at most one rehash step of the dict; the active cycle is bounded
 * by time (25% of the CPU in the cron, 1 ms before sleep) and by buckets visited per key sampled.
 *
 * <p>Difference from the C code: Redis reaches the databases, the clock and the stats through its
 * global {@code server}; here {@link io.glassbox.db.Keyspace} is one object passed to whoever needs
 * it, and this package knows nothing of clients, commands or the network. The listener interfaces
 * ({@code KeyspaceListener}, {@code ValueListener}, {@code EncodingListener}) exist for the server
 * and the hooks; Redis has the first as direct calls and no equivalent of the others.
 */
package io.glassbox.db;
