/**
 * The list commands: Redis 7.0's {@code t_list.c}, split in two files.
 *
 * <ul>
 *   <li>{@link io.glassbox.command.list.ListCommands}: pushes, pops, ranges, LINSERT, LREM, LTRIM,
 *       LPOS, LMOVE, LMPOP, on a {@link io.glassbox.ds.quicklist.Quicklist}.</li>
 *   <li>{@link io.glassbox.command.list.BlockingListCommands}: BLPOP, BRPOP, BLMOVE, BRPOPLPUSH,
 *       BLMPOP, which act like their non-blocking forms when there is data and otherwise park the
 *       client in {@link io.glassbox.server.Blocking} until a push serves it or its timeout passes.</li>
 * </ul>
 *
 * <p>In Redis 7.0 every list is a quicklist, whatever its size (7.2 brought back a single listpack
 * for small lists): a doubly linked list of listpack nodes bounded by {@code list-max-listpack-size},
 * inner nodes LZF-compressed past {@code list-compress-depth}.
 *
 * <p>Invariants. Every command that empties a list deletes the key: Redis never keeps an empty
 * list. A push that makes a key ready for a blocked client serves that client only after the push
 * has replied, before any other command, first blocked first served; the pop propagates as a plain
 * LPOP/RPOP/LMOVE, so a replica does not block.
 *
 * <p>Bounds: a push or pop touches one node, O(1); LINDEX and LSET skip whole nodes by their counts,
 * O(nodes); commands that look for an element (LINSERT, LREM, LPOS) walk with an iterator, O(N);
 * LRANGE is O(S + N) for the start offset S and N elements returned.
 */
package io.glassbox.command.list;
