/**
 * The pub/sub command group: SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE, their UNSUBSCRIBE counterparts,
 * PUBLISH, SPUBLISH and PUBSUB CHANNELS | NUMSUB | NUMPAT | SHARDCHANNELS | SHARDNUMSUB (the
 * commands of Redis's {@code pubsub.c}). Subscriptions and delivery are in {@code io.glassbox.pubsub}.
 *
 * <p>A (un)subscribe command answers once per name ({@code SUBSCRIBE a b} gets two replies), as a
 * push in RESP3. In RESP2 a subscribed client may send only (un)subscribe commands, PING, QUIT and
 * RESET, since it could not tell a message from a reply; the command processor refuses the rest.
 *
 * <p>Bounds: PUBLISH is O(N + M), N subscribers of the channel plus one glob match per distinct
 * pattern; PUBSUB CHANNELS with a pattern is O(channels). Nothing is stored: a message published
 * with nobody subscribed is gone, and PUBLISH answers 0.
 *
 * <p>On a single server, shard channels are a third index beside channels and patterns; in a
 * cluster they would stay within the shard that owns the channel's slot.
 */
package io.glassbox.command.pubsub;
