/**
 * HyperLogLog: Redis's {@code hyperloglog.c}, a cardinality estimator in 12 KB or less that is an
 * ordinary string value, byte for byte the one Redis writes.
 *
 * <pre>
 *   +------+---+-----+----------+----------------------------------+
 *   | HYLL | E | N/U | Cardin.  | registers (dense) or opcodes (sparse)
 *   +------+---+-----+----------+----------------------------------+
 *    4 B    1 B  3 B   8 B LE     12288 B, or a few bytes up to hll-sparse-max-bytes
 * </pre>
 *
 * <p>Why it works: each element is hashed to 64 bits; the low 14 bits choose one of 16384
 * registers, the other 50 give a "pattern length", the position of their first 1 bit. A register
 * keeps the longest pattern it has seen. Long runs of zeros are rare, so the registers'
 * distribution tells how many distinct elements went in, whatever their number, with a standard
 * error of 0.81%. Adding an element twice changes nothing, so PFADD answers whether the estimate
 * may have changed.
 *
 * <p>Two encodings. <em>Dense</em>: 16384 registers of 6 bits packed little-end first.
 * <em>Sparse</em>: a run-length code of the registers, three opcodes: {@code ZERO} (00xxxxxx, 1-64
 * zero registers), {@code XZERO} (01xxxxxx yyyyyyyy, 1-16384 zero registers) and {@code VAL}
 * (1vvvvvxx, 1-4 registers of value 1-32). An empty HLL is one XZERO:16384,
 * 18 bytes. A sparse HLL turns dense, never back, when a register needs a value above 32 or when
 * the string would grow past {@code hll-sparse-max-bytes} (3000 by default).
 *
 * <p>The header caches the last count (little endian); its top bit set means "stale": every
 * write sets it, and PFCOUNT recomputes and stores the count, which is why PFCOUNT can change the
 * bytes of the key.
 */
package io.glassbox.ds.hyperloglog;
