/**
 * The sorted-set commands: Redis's {@code t_zset.c} command half.
 *
 * <ul>
 *   <li>{@link io.glassbox.command.zset.ZsetCommands}: ZADD/ZINCRBY (zaddGenericCommand), ZREM,
 *       ZCARD, ZSCORE, ZMSCORE, ZRANK, ZREVRANK, ZPOPMIN/ZPOPMAX, ZMPOP, BZPOPMIN/BZPOPMAX/BZMPOP
 *       (blocking through {@link io.glassbox.server.Blocking}), ZRANDMEMBER, ZSCAN;</li>
 *   <li>{@link io.glassbox.command.zset.ZrangeCommands}: the ZRANGE family (zrangeGenericCommand
 *       and its result handlers: to the client or into ZRANGESTORE's destination), ZCOUNT,
 *       ZLEXCOUNT and ZREMRANGEBY*;</li>
 *   <li>{@link io.glassbox.command.zset.ZsetSetOps}: ZUNION, ZINTER, ZDIFF, their STORE forms and
 *       ZINTERCARD (zunionInterDiffGenericCommand).</li>
 * </ul>
 * The values themselves (listpack or dict+skiplist, and when one becomes the other) live in
 * {@link io.glassbox.db.ZsetObjects}; the skiplist in {@link io.glassbox.ds.skiplist}.
 *
 * <p>What a learner watches: a small sorted set is a listpack of member, score pairs in score order;
 * past {@code zset-max-listpack-entries} members or {@code zset-max-listpack-value} bytes it becomes
 * a dict (member to score: ZSCORE in O(1)) plus a skiplist over the same members (ranges and ranks in
 * O(log N)), and never goes back on deletion.
 *
 * <p>Invariants. The order is total: by score, ties by member bytes. ZADD's options are checked
 * together before any member is added (NX with XX, GT/LT with NX, INCR with more than one pair are
 * errors), and a NaN result of ZINCRBY is refused without a write. A command that empties the set
 * deletes the key. The blocking pops and ZMPOP propagate as ZPOPMIN/ZPOPMAX, so a replica pops the
 * same members and never blocks.
 *
 * <p>Bounds: ZADD, ZREM, ZRANK are O(log N) on a skiplist (O(N) on a listpack, which is small by
 * construction); ranges are O(log N + M) by rank, O(log N + offset + M) by score or lex.
 */
package io.glassbox.command.zset;
