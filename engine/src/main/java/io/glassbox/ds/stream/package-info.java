/**
 * Streams: Redis's {@code stream.h} and the data-structure half of {@code t_stream.c}.
 *
 * <p>A stream is an append-only log of entries, each an ID ({@link io.glassbox.ds.stream.StreamID},
 * milliseconds and sequence) and field/value pairs. Redis stores it as a {@link io.glassbox.ds.rax.Rax}
 * whose keys are the 128-bit big-endian IDs of the first entry of each node (the <em>master ID</em>)
 * and whose values are listpacks holding many entries. Per-entry overhead is then a few bytes: IDs
 * are stored as deltas from the master ID, and an entry that has the same fields as the node's first
 * entry stores only its values.
 *
 * <p>The listpack of a node, in Redis's exact layout (so it can be written to RDB as is):
 * <pre>
 *   master entry: count | deleted | num-fields | field_1 ... field_N | 0
 *   each entry:   flags | ms-diff | seq-diff | num-fields | field_1 | value_1 ... | lp-count
 *   SAMEFIELDS:   flags | ms-diff | seq-diff | value_1 ... value_N | lp-count
 * </pre>
 * {@code count} and {@code deleted} are the live and deleted entries of the node; flags are
 * DELETED (1) and SAMEFIELDS (2); {@code lp-count} is the number of elements of the entry before it,
 * so the node can be read backwards; the master entry's final {@code 0} plays that role for the
 * master. A new node starts when the tail one reaches {@code stream-node-max-bytes} or
 * {@code stream-node-max-entries}. Deleting only flags an entry, and frees its node once no live
 * entry is left.
 *
 * <p>Consumer groups ({@link io.glassbox.ds.stream.StreamCG}) are a rax by name; each has a pending
 * entries list (PEL), a rax from ID to {@link io.glassbox.ds.stream.StreamNACK}, shared with the PEL
 * of the consumer that owns each message.
 */
package io.glassbox.ds.stream;
