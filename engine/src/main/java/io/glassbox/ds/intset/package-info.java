/**
 * The intset: Redis's sorted array of integers ({@code intset.c}), the compact encoding of a set
 * whose members are all integers.
 *
 * <pre>
 *   &lt;encoding:u32 LE&gt; &lt;length:u32 LE&gt; &lt;value&gt; ... &lt;value&gt;
 *   encoding = 2, 4 or 8 (bytes per value: int16, int32, int64), every value little endian
 * </pre>
 *
 * <p>Why it exists: a set of a few hundred small numbers (user ids, tags) stored in a dict costs
 * an entry, a key string and a bucket slot per member. The intset stores each number in 2 bytes
 * when all of them fit in 16 bits, with no pointers at all. Lookups are a binary search (the array
 * is kept sorted, without duplicates), insertions and deletions move the tail: O(n), which is
 * cheap while n stays below {@code set-max-intset-entries} (512 by default), the point where
 * Redis converts the set to a hash table.
 *
 * <p>The encoding only grows: adding a value that does not fit the current width rewrites every
 * value at the wider width ({@code intsetUpgradeAndAdd}); removing it later does not shrink the
 * array back. The byte layout is Redis's exactly, so an RDB file stores an intset as it is.
 */
package io.glassbox.ds.intset;
