package io.glassbox.server;

/**
 * What the server core needs of Pub/Sub ({@code pubsub.c}), which lives above it in
 * {@code io.glassbox.pubsub}: publishing (keyspace notifications are messages), forgetting a
 * closing client's subscriptions ({@code freeClient} calls {@code pubsubUnsubscribeAllChannels}),
 * and the counts INFO reports. {@code Engine} gives the server its Pub/Sub through this.
 */
public interface PubSubChannels extends Notify.Publisher {
    /** Drops every subscription of a client (channels, patterns, shard channels) without replying. */
    void unsubscribeAll(Client c);

    long channelCount();

    long patternCount();

    long shardChannelCount();

    /** A server without Pub/Sub (a bare server in a unit test): nobody is subscribed to anything. */
    PubSubChannels NONE = new PubSubChannels() {
        @Override public int publish(byte[] channel, byte[] message) { return 0; }
        @Override public void unsubscribeAll(Client c) { }
        @Override public long channelCount() { return 0; }
        @Override public long patternCount() { return 0; }
        @Override public long shardChannelCount() { return 0; }
    };
}
