/**
 * Publish/subscribe and keyspace notifications: Redis's {@code pubsub.c} and {@code notify.c}.
 *
 * <p>Pub/Sub is messaging beside the keyspace: nothing is stored, a message goes to whoever is
 * subscribed when it is published ({@link io.glassbox.pubsub.PubSub}). Keyspace notifications are
 * built on it: a command that changes a key publishes an event about it on two ordinary channels
 * ({@link io.glassbox.server.Notify}), so watching the keyspace needs nothing but SUBSCRIBE.
 *
 * <p>This package knows clients only as places to write pushes to; the commands that use it are in
 * {@code io.glassbox.command.pubsub}.
 */
package io.glassbox.pubsub;
