/**
 * Redis's skiplist ({@code zskiplist} in {@code t_zset.c}), the ordered half of a large sorted set.
 *
 * <p><b>Why a skiplist.</b> A sorted set must answer two kinds of question fast: "what is the score
 * of member m" (a dict answers that in O(1)) and "which members lie between these scores, ranks or
 * strings" (that needs order). Redis keeps both structures over the same members. For the ordered
 * half it chose William Pugh's skiplist over a balanced tree because it is simpler to write and
 * read, cheap to walk in both directions for ZRANGE, and its randomness replaces rebalancing.
 *
 * <p><b>What Redis changed in Pugh's design</b> (the three notes at the top of {@code t_zset.c}):
 * <ol>
 *   <li>scores may repeat; ties are ordered by the member bytes ({@code sdscmp}), so the order is
 *       total and every (score, member) pair has one place;</li>
 *   <li>the comparison is on score <em>and</em> member, never on the score alone;</li>
 *   <li>there is a backward pointer on level 0, so ZREVRANGE walks from the tail;</li>
 *   <li>every forward link carries a <em>span</em>: how many level-0 steps it jumps. Summing the
 *       spans on the way down gives a member's rank, which makes ZRANK and ZRANGE by index
 *       O(log n) instead of O(n).</li>
 * </ol>
 *
 * <p><b>Bounds.</b> A new node gets level {@code k} with probability {@code (1-p) p^(k-1)},
 * {@code p = 1/4} ({@code ZSKIPLIST_P}), capped at 32 ({@code ZSKIPLIST_MAXLEVEL}): on average
 * 1.33 forward pointers per node, and a search visits O(log n) nodes, expected about
 * {@code log_4(n)} levels times at most 4 nodes per level.
 */
package io.glassbox.ds.skiplist;
