package io.glassbox.server;

import io.glassbox.ds.dict.Dict;
import io.glassbox.ds.dict.DictType;

import java.util.ArrayList;
import java.util.List;

/**
 * What one client is subscribed to (the client struct's {@code pubsub_channels},
 * {@code pubsub_patterns}, {@code pubsubshard_channels} and the {@code CLIENT_PUBSUB} flag).
 *
 * <p>Channels are a dict, as in Redis, so UNSUBSCRIBE without arguments visits them in the dict's
 * order; patterns are a list in subscription order (Redis 7.0 keeps them in a list too).
 */
public final class ClientPubSub {
    public final Dict<byte[], Boolean> channels = new Dict<>(DictType.BYTES);
    public final List<byte[]> patterns = new ArrayList<>();
    public final Dict<byte[], Boolean> shardChannels = new Dict<>(DictType.BYTES);
    /**
     * CLIENT_PUBSUB: set by a (P|S)SUBSCRIBE, cleared when the last subscription goes. In RESP2 it
     * puts the connection in subscribed mode, where only a few commands are allowed.
     */
    boolean pubsubMode;

    /** True in subscribed mode ('P' in CLIENT LIST flags). */
    public boolean pubsubMode() { return pubsubMode; }

    public void setPubsubMode(boolean on) { this.pubsubMode = on; }

    /** Channels plus patterns: the count SUBSCRIBE/PSUBSCRIBE replies carry (clientSubscriptionsCount). */
    public int subscriptionsCount() { return (int) channels.size() + patterns.size(); }

    /** Shard channels: the count SSUBSCRIBE replies carry (clientShardSubscriptionsCount). */
    public int shardSubscriptionsCount() { return (int) shardChannels.size(); }

    public int channelCount() { return (int) channels.size(); }

    public int patternCount() { return patterns.size(); }

    /** Every subscription of any kind (clientTotalPubSubSubscriptionCount). */
    public int totalCount() { return subscriptionsCount() + shardSubscriptionsCount(); }
}
