/**
 * The keyspace: sixteen numbered databases, each a {@link io.glassbox.ds.dict.Dict} of keys to
 * {@link io.glassbox.db.RedisObject}s plus a second dict of expire times
 * ({@code db.c}, {@code expire.c}, {@code object.c} in Redis).
 *
 * <p>Why expires live in a dict of their own: most keys have no TTL, so a TTL field on every key
 * would waste memory; and the active expire cycle wants to sample <em>only</em> keys that can
 * expire. The price is a second lookup for keys that have one.
 *
 * <p>Expiry is two-pronged, as in Redis. Lazily, every lookup checks the key's deadline first
 * ({@code expireIfNeeded}), so a client never sees an expired key. Actively, the cron samples keys
 * with a TTL and deletes the expired ones ({@link io.glassbox.db.ActiveExpire}), so memory is
 * reclaimed even for keys nobody reads again.
 */
package io.glassbox.db;
