/**
 * The string commands: Redis's {@code t_string.c} (GET, SET and its options, GETEX, GETDEL, MGET,
 * MSET[NX], APPEND, STRLEN, GETRANGE, SETRANGE, the INCR/DECR family, INCRBYFLOAT, LCS).
 *
 * <p>A string is bytes, stored in one of three encodings ({@link io.glassbox.db.StringObjects},
 * {@code tryObjectEncoding}): {@code int} when the bytes are the canonical text of a 64-bit
 * integer, {@code embstr} up to 44 bytes, {@code raw} beyond. The encoding is what a learner watches
 * here: INCR keeps a value {@code int}; APPEND and SETRANGE make it {@code raw} and owned by its key
 * ({@link io.glassbox.db.Sds}, growing greedily so a loop of APPENDs is amortised O(1)); a value
 * that is a small integer is reported as shared by OBJECT REFCOUNT, as Redis's shared integers.
 *
 * <p>Invariants. Every option of SET is parsed before the key is touched, so a syntax error wins
 * over WRONGTYPE; a write counts in {@code dirty}, signals the modified key (WATCH) and sends its
 * keyspace notification. A string never grows past 512 MB ({@code checkStringLength}), so one
 * SETRANGE or APPEND cannot allocate more. SET with EX/PX propagates as SET ... PXAT (an absolute
 * time), so a replica or an AOF replayed later expires the key at the same instant.
 *
 * <p>Bounds: O(1) for the single-key commands except the range ones (O(length of the range)) and
 * LCS, whose (len(a)+1) x (len(b)+1) table is O(len(a) * len(b)) time and memory, refused past
 * the same limit Redis checks.
 *
 * <p>Differences from the C code: an {@code embstr} is not a separate allocation layout in a JVM;
 * the name is kept because OBJECT ENCODING must say it, and the 44-byte limit decides it as in Redis.
 */
package io.glassbox.command.string;
