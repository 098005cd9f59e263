/**
 * The quicklist: Redis's list type ({@code quicklist.c}), a doubly linked list of listpacks.
 *
 * <p>Why a hybrid: a plain linked list costs two pointers and an allocation per element, which for
 * short values is more than the values themselves; one big listpack is compact but every push to
 * its head moves all of it. A quicklist keeps listpacks small ("nodes", bounded by
 * {@code list-max-listpack-size}: a count of entries when positive, 4..64 KB when -1..-5) and links
 * them, so a push touches one small node and the list as a whole wastes little memory.
 *
 * <p>Invariants: no node is empty; {@code count} is the sum of the nodes' counts; a node holds a
 * listpack, except a "plain" node, which holds one element too big for a listpack (1 GB or more,
 * {@code packed_threshold}); with {@code list-compress-depth} d &gt; 0 the d nodes at each end are
 * never compressed (pushes and pops work there) and inner nodes are stored LZF-compressed when
 * that saves at least 8 bytes, and are decompressed only while an operation looks inside them.
 *
 * <p>Bounds: a push or pop touches one node; an index walks nodes from the nearer end, skipping
 * whole nodes by their counts, so it costs O(nodes) plus one node's listpack.
 */
package io.glassbox.ds.quicklist;
