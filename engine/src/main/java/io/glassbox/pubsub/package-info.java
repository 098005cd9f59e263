/**
 * Publish/subscribe and keyspace notifications: Redis's {@code pubsub.c} and {@code notify.c}.
 *
 * <p>Pub/Sub is messaging beside the keyspace: nothing is stored, a message goes to whoever is
 * subscribed when it is published ({@link io.glassbox.pubsub.PubSub}). The server keeps three
 * indexes from a name to its subscribers in subscription order: exact channels, glob patterns and
 * Redis 7.0's shard channels (SSUBSCRIBE; on a single server simply a third, separate index). Each
 * client keeps the reverse ({@link io.glassbox.pubsub.ClientPubSub}), so unsubscribing everything
 * or disconnecting costs O(its own subscriptions).
 *
 * <p>Keyspace notifications are built on it: a command that changes a key calls
 * {@link io.glassbox.pubsub.Notify} next to its {@code dirty++}, and the event becomes up to two
 * ordinary messages, on {@code __keyspace@db__:key} and {@code __keyevent@db__:event}, when
 * {@code notify-keyspace-events} enables its class. So watching the keyspace needs nothing but
 * SUBSCRIBE.
 *
 * <p>Invariants. Messages are delivered synchronously, while the publishing command runs, in the
 * order the command causes them (RPOPLPUSH on a one-element list: "lpush" on the destination,
 * "rpop", then "del" on the source). A RESP2 connection with subscriptions may only (un)subscribe,
 * PING, QUIT and RESET, because a RESP2 client cannot tell a pushed message from a reply; in RESP3
 * a message is a {@code >} push frame and any command may follow.
 *
 * <p>Bounds: PUBLISH is O(N + M), N subscribers of the channel plus one glob match per distinct
 * pattern. With notifications off (the default) an event costs one volatile read.
 *
 * <p>This package knows clients only as places to write pushes to; the commands that use it are in
 * {@code io.glassbox.command.pubsub}.
 */
package io.glassbox.pubsub;
