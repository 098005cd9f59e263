/**
 * The rax: Redis's radix tree with compressed nodes ({@code rax.c}, {@code rax.h}).
 *
 * <p>Why a radix tree: streams are indexed by 128-bit IDs written big endian, so consecutive IDs
 * share long prefixes (the same millisecond, the same high bytes of the time). A hash table would
 * lose their order; a balanced tree would repeat the 16-byte keys in every node. A radix tree stores
 * each shared prefix once and keeps keys in lexicographic order, which for big-endian numbers is
 * numeric order, so "the node with the greatest ID not above X" is one walk from the root.
 *
 * <p>Redis's node layout, kept here: a node holds the characters of its outgoing edges, not of the
 * edge that reaches it. A plain node has one character per child, sorted; a <em>compressed</em>
 * node holds a run of characters that leads to exactly one child, so a chain of single-child nodes
 * costs one node. A key is the string of characters walked from the root to a node marked
 * {@code iskey}; that node holds the key's value. So "foo" and "foobar" give:
 *
 * <pre>
 *   ["foo"] -> [] (iskey, value of foo) -> ["bar"] -> [] (iskey, value of foobar)
 * </pre>
 *
 * <p>Invariants (checked by {@link io.glassbox.ds.rax.Rax#verify}): children of a plain node are
 * sorted by their character; a compressed node has at least two characters and one child; every
 * node without children (but the root of an empty tree) is a key; no non-key node with a single
 * path continues into another non-key single-path node (they would have been merged).
 *
 * <p>Work per operation: insert, remove and find walk at most one node per key byte, and do at
 * most a constant number of splits or merges; a seek of the iterator walks one root-to-leaf path.
 */
package io.glassbox.ds.rax;
