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
 */
package io.glassbox.command.zset;
