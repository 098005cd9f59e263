/**
 * The type-agnostic key commands: Redis's "generic" command group, from {@code db.c} (DEL, UNLINK,
 * EXISTS, TYPE, RENAME[NX], MOVE, COPY, KEYS, SCAN, RANDOMKEY, FLUSHDB, FLUSHALL, SWAPDB),
 * {@code expire.c} (EXPIRE and its variants, TTL, PTTL, EXPIRETIME, PERSIST, TOUCH),
 * {@code object.c} (OBJECT) and {@code cluster.c} (DUMP, RESTORE).
 *
 * <p>They see the keyspace as Redis does: a dict from key to value plus a second dict from key to
 * expire time, so moving a key (RENAME, MOVE, COPY) moves both entries, and a TTL is an absolute
 * unix time in milliseconds. Which lookup a command uses follows Redis: reads that use the value
 * refresh its LRU clock, questions about the key (EXISTS, TYPE, OBJECT) do not, and every lookup
 * first deletes the key if it has expired.
 *
 * <p>Invariants. SCAN guarantees every key present for the whole scan is returned at least once,
 * even across a rehash, because its cursor is advanced by reversed-bit increments ({@code dictScan}
 * in {@code ds/dict}); it may return a key twice. A time already past in EXPIRE deletes the key at
 * once, except on a replica or while loading. RESTORE validates the whole payload (footer, CRC64,
 * every blob) before anything reaches the keyspace.
 *
 * <p>Bounds: SCAN visits at most 10 * COUNT buckets per call and stops once it has COUNT keys, so
 * it never blocks the server as KEYS, O(N), can. FLUSHALL and DEL of a big value are
 * O(N) in Redis; here a synchronous delete or flush drops the references (the garbage collector
 * frees), and UNLINK, FLUSH* ASYNC and the lazyfree-lazy-* settings hand big values and old dicts
 * to the {@code bio_lazy_free} thread ({@code db/LazyFree}, which says what that buys in a JVM).
 */
package io.glassbox.command.generic;
