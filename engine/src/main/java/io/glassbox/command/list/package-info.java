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
 * <p>Every command that empties a list deletes the key: Redis never keeps an empty list.
 */
package io.glassbox.command.list;
