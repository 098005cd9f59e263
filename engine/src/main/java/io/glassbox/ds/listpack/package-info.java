/**
 * The listpack: Redis's compact serialized list ({@code listpack.c}), one contiguous byte array.
 *
 * <pre>
 *   &lt;total-bytes:u32 LE&gt; &lt;num-elements:u16 LE&gt; &lt;entry&gt; ... &lt;entry&gt; &lt;end:0xFF&gt;
 *   entry = &lt;encoding+data&gt; &lt;backlen&gt;
 * </pre>
 *
 * <p>Why it exists: a hash, set or sorted set with a handful of small members would spend most of
 * its memory on pointers and allocator headers if stored in a dict or skiplist. A listpack stores
 * them back to back, integers in as few bytes as they need (1 byte for 0..127), at the price of
 * O(n) search and O(n) insertion, which is cheap while n is small. Redis switches to the general
 * structure when a threshold ({@code *-max-listpack-entries}, {@code *-max-listpack-value}) is
 * crossed.
 *
 * <p>Each entry ends with its own length written backwards ({@code backlen}), so the list can be
 * walked from the tail too; and unlike the ziplist it replaced, an entry never stores the previous
 * entry's length, so an insertion can never cascade into updating its neighbours.
 *
 * <p>The byte layout is Redis's exactly, so RDB files can store a listpack as it is.
 */
package io.glassbox.ds.listpack;
