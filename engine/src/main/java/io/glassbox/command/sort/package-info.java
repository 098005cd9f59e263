/**
 * SORT and SORT_RO: Redis's {@code sort.c} ({@code sortCommandGeneric}, {@code sortCompare},
 * {@code lookupKeyByPattern}, {@code pqsort.c} for a sort with LIMIT).
 *
 * <p>SORT is the one command that reads keys it is not given: BY and GET patterns name other keys
 * by substituting each element for the {@code *}, optionally reaching into a hash field with
 * {@code ->field}. That is why cluster mode restricts it and why COMMAND GETKEYS needs a function
 * ({@code sortGetKeys}) to find the STORE destination.
 *
 * <p>Invariants. Every option is parsed before the key is looked up, so a syntax error wins over
 * WRONGTYPE. A numeric sort is a total order (ties compare the elements' bytes); ALPHA ties keep the
 * order the elements were loaded in, as glibc's stable {@code qsort}; with BY and LIMIT the partial,
 * unstable quicksort of {@code pqsort.c} is ported so ties come out in Redis's order. SORT of a small
 * sorted set converts it to the skiplist encoding for good, as Redis does. STORE replaces the
 * destination with a list, or deletes it when the result is empty.
 *
 * <p>Bounds: O(N log N) for N elements plus O(N * patterns) key lookups; {@code BY nosort} skips
 * the sort, and on a list or sorted set reads only the LIMIT range. SORT on a big key is slow in
 * Redis too, which is why it is flagged {@code @slow}.
 */
package io.glassbox.command.sort;
