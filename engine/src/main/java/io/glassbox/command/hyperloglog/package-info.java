/**
 * The HyperLogLog commands: the command half of Redis's {@code hyperloglog.c} (PFADD, PFCOUNT,
 * PFMERGE, PFDEBUG, PFSELFTEST). The representation, its two encodings and why the estimate works
 * are in {@link io.glassbox.ds.hyperloglog}.
 *
 * <p>There is no HyperLogLog type: an HLL is an ordinary string key, so TYPE says {@code string},
 * GET returns its bytes and a Redis server reads the same bytes as the same HLL. Any string that
 * looks like one (the "HYLL" magic, a known encoding, the exact dense size) is accepted; any other
 * is {@code WRONGTYPE Key is not a valid HyperLogLog string value.}, and one whose registers do not
 * decode is {@code INVALIDOBJ}.
 *
 * <p>Invariants. A write leaves the value {@code raw} and owned by its key ({@code
 * dbUnshareStringValue}) and sets the header's "stale" bit. PFCOUNT of one key is a read that may
 * write: it stores the count it computed, so the next PFCOUNT is O(1) until a PFADD changes a
 * register (and it propagates, since the bytes changed). PFCOUNT of several keys merges them into a
 * temporary register array and writes nothing. A sparse HLL turns dense when it must and never back.
 *
 * <p>Bounds: PFADD is O(1) per element (O(sparse size) while sparse, at most
 * {@code hll-sparse-max-bytes}); PFCOUNT is O(16384) registers when stale; PFMERGE O(16384 * keys).
 */
package io.glassbox.command.hyperloglog;
