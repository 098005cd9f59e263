/**
 * Publish/subscribe: Redis's {@code pubsub.c}, the channel tables and their commands (SUBSCRIBE,
 * PSUBSCRIBE, SSUBSCRIBE, their UNSUBSCRIBE counterparts, PUBLISH, SPUBLISH, PUBSUB ...).
 *
 * <p>Pub/Sub is messaging beside the keyspace: nothing is stored, a message goes to whoever is
 * subscribed when it is published ({@link io.glassbox.pubsub.PubSub}). The server keeps three
 * indexes from a name to its subscribers in subscription order: exact channels, glob patterns and
 * Redis 7.0's shard channels (SSUBSCRIBE; on a single server simply a third, separate index). Each
 * client keeps the reverse ({@link io.glassbox.server.ClientPubSub}, the client struct's
 * {@code pubsub_channels}), so unsubscribing everything or disconnecting costs O(its own
 * subscriptions). A (un)subscribe command answers once per name ({@code SUBSCRIBE a b} gets two
 * replies), as a push in RESP3.
 *
 * <p>Where it sits. Pub/Sub is a subsystem above the server core: {@code Engine} makes one
 * {@link io.glassbox.pubsub.PubSub} per engine, binds {@link io.glassbox.pubsub.PubSubCommands}
 * into its command table, and gives it to the server as {@link io.glassbox.server.PubSubChannels},
 * the narrow interface the core calls (publish, drop a closing client's subscriptions, count for
 * INFO). Keyspace notifications ({@code notify.c}) are core, {@link io.glassbox.server.Notify}:
 * every command calls it next to its {@code dirty++}, and it publishes through that interface, so
 * an event becomes up to two ordinary messages, on {@code __keyspace@db__:key} and
 * {@code __keyevent@db__:event}, when {@code notify-keyspace-events} enables its class.
 *
 * <p>Invariants. Messages are delivered synchronously, while the publishing command runs, in the
 * order the command causes them (RPOPLPUSH on a one-element list: "lpush" on the destination,
 * "rpop", then "del" on the source). A RESP2 connection with subscriptions may only (un)subscribe,
 * PING, QUIT and RESET, because a RESP2 client cannot tell a pushed message from a reply; in RESP3
 * a message is a {@code >} push frame and any command may follow.
 *
 * <p>Bounds: PUBLISH is O(N + M), N subscribers of the channel plus one glob match per distinct
 * pattern; PUBSUB CHANNELS with a pattern is O(channels). With notifications off (the default) an
 * event costs one volatile read.
 */
package io.glassbox.pubsub;
