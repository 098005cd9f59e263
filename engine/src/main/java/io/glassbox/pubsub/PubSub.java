package io.glassbox.pubsub;

import io.glassbox.ds.dict.Dict;
import io.glassbox.ds.dict.DictEntry;
import io.glassbox.ds.dict.DictType;
import io.glassbox.server.Client;
import io.glassbox.server.PubSubChannels;
import io.glassbox.util.Glob;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Publish/subscribe: Redis's {@code pubsub.c}.
 *
 * <p>Pub/Sub is fire-and-forget messaging beside the keyspace: PUBLISH hands a message to whoever
 * is subscribed at that instant and keeps nothing. The server keeps two indexes, each mapping a name
 * to the list of subscribed clients in subscription order: {@code channels} for exact names and
 * {@code patterns} for glob patterns (the same matcher as KEYS, {@link Glob}). Each client keeps
 * the reverse, its own subscriptions ({@link ClientPubSub}), so unsubscribing everything and
 * disconnecting cost O(its subscriptions).
 *
 * <p>PUBLISH is O(N + M): N clients on the channel, plus one glob match per distinct pattern
 * subscribed by anyone (M). It answers how many deliveries it made, a client subscribed to the
 * channel and to a matching pattern counting twice.
 *
 * <p>Redis 7.0 adds <em>shard</em> channels (SSUBSCRIBE, SPUBLISH): in a cluster they stay within
 * the shard that owns the channel's hash slot; on a single server they are a third, separate index.
 *
 * <p>A message is a push: in RESP3 a {@code >} frame the client can tell from a reply, in RESP2 a
 * plain array, which is why a RESP2 connection with subscriptions may only send (P|S)SUBSCRIBE,
 * (P|S)UNSUBSCRIBE, PING, QUIT and RESET (the check is in {@code processCommand}).
 */
public final class PubSub implements PubSubChannels {
    /** The three kinds of subscription (Redis's pubsubtype): names of replies, and which indexes. */
    public enum Type {
        CHANNEL("subscribe", "unsubscribe", "message"),
        PATTERN("psubscribe", "punsubscribe", "pmessage"),
        SHARD("ssubscribe", "sunsubscribe", "smessage");

        final String subscribeMsg, unsubscribeMsg, messageBulk;

        Type(String sub, String unsub, String msg) {
            this.subscribeMsg = sub;
            this.unsubscribeMsg = unsub;
            this.messageBulk = msg;
        }
    }

    /** Channel -> subscribed clients (server.pubsub_channels). */
    private final Dict<byte[], List<Client>> channels = new Dict<>(DictType.BYTES);
    /** Pattern -> subscribed clients (server.pubsub_patterns). */
    private final Dict<byte[], List<Client>> patterns = new Dict<>(DictType.BYTES);
    /** Shard channel -> subscribed clients (server.pubsubshard_channels). */
    private final Dict<byte[], List<Client>> shardChannels = new Dict<>(DictType.BYTES);

    /** Active channels with at least one subscriber (INFO pubsub_channels). */
    @Override
    public long channelCount() { return channels.size(); }

    /** Distinct patterns with at least one subscriber (INFO pubsub_patterns, PUBSUB NUMPAT). */
    @Override
    public long patternCount() { return patterns.size(); }

    /** Active shard channels (INFO pubsubshard_channels). */
    @Override
    public long shardChannelCount() { return shardChannels.size(); }

    private Dict<byte[], List<Client>> serverIndex(Type t) {
        return t == Type.SHARD ? shardChannels : t == Type.PATTERN ? patterns : channels;
    }

    // ---------------------------------------------------------------- replies

    /**
     * CLIENT_PUSHING: Pub/Sub messages and (un)subscribe confirmations reach the client even under
     * CLIENT REPLY OFF or SKIP (prepareClientToWrite lets pushes through). Returns whether the client
     * was muted, for {@link #endPush}. A replica's or master's link stays muted.
     */
    private static boolean beginPush(Client c) {
        boolean muted = c.muted();
        if (muted && !c.isReplica() && !c.isMaster()) c.setMuted(false);
        return muted;
    }

    private static void endPush(Client c, boolean muted) { c.setMuted(muted); }

    /** [subscribe|psubscribe|ssubscribe, name, count] as a push in RESP3 (addReplyPubsubSubscribed). */
    private static void addSubscribed(Client c, byte[] name, Type t) {
        boolean muted = beginPush(c);
        c.addPushLen(3);
        c.addBulk(t.subscribeMsg);
        c.addBulk(name);
        c.addLong(t == Type.SHARD ? c.pubsub.shardSubscriptionsCount() : c.pubsub.subscriptionsCount());
        endPush(c, muted);
    }

    /** [unsubscribe..., name or null, count] (addReplyPubsubUnsubscribed). */
    private static void addUnsubscribed(Client c, byte[] name, Type t) {
        boolean muted = beginPush(c);
        c.addPushLen(3);
        c.addBulk(t.unsubscribeMsg);
        if (name == null) c.addNull();
        else c.addBulk(name);
        c.addLong(t == Type.SHARD ? c.pubsub.shardSubscriptionsCount() : c.pubsub.subscriptionsCount());
        endPush(c, muted);
    }

    // ---------------------------------------------------------------- subscribing

    /** SUBSCRIBE / SSUBSCRIBE of one channel (pubsubSubscribeChannel): replies either way. */
    public void subscribeChannel(Client c, byte[] channel, Type t) {
        Dict<byte[], Boolean> mine = t == Type.SHARD ? c.pubsub.shardChannels : c.pubsub.channels;
        if (mine.find(channel) == null) {
            byte[] k = channel.clone();
            mine.add(k, Boolean.TRUE);
            addClient(serverIndex(t), k, c);
        }
        addSubscribed(c, channel, t);
    }

    /** PSUBSCRIBE of one pattern (pubsubSubscribePattern). */
    public void subscribePattern(Client c, byte[] pattern) {
        if (indexOf(c.pubsub.patterns, pattern) < 0) {
            byte[] k = pattern.clone();
            c.pubsub.patterns.add(k);
            addClient(patterns, k, c);
        }
        addSubscribed(c, pattern, Type.PATTERN);
    }

    /** UNSUBSCRIBE / SUNSUBSCRIBE of one channel (pubsubUnsubscribeChannel); returns 1 if it was subscribed. */
    public int unsubscribeChannel(Client c, byte[] channel, boolean notify, Type t) {
        Dict<byte[], Boolean> mine = t == Type.SHARD ? c.pubsub.shardChannels : c.pubsub.channels;
        int removed = 0;
        if (mine.delete(channel)) {
            removed = 1;
            removeClient(serverIndex(t), channel, c);
        }
        if (notify) addUnsubscribed(c, channel, t);
        return removed;
    }

    /** PUNSUBSCRIBE of one pattern (pubsubUnsubscribePattern); returns 1 if it was subscribed. */
    public int unsubscribePattern(Client c, byte[] pattern, boolean notify) {
        int i = indexOf(c.pubsub.patterns, pattern);
        int removed = 0;
        if (i >= 0) {
            removed = 1;
            c.pubsub.patterns.remove(i);
            removeClient(patterns, pattern, c);
        }
        if (notify) addUnsubscribed(c, pattern, Type.PATTERN);
        return removed;
    }

    /**
     * Unsubscribes from every channel (or shard channel) of the client, one reply each; with nothing
     * to unsubscribe, still one reply with a null name (pubsubUnsubscribeAllChannelsInternal).
     */
    public int unsubscribeAllChannels(Client c, boolean notify, Type t) {
        Dict<byte[], Boolean> mine = t == Type.SHARD ? c.pubsub.shardChannels : c.pubsub.channels;
        int count = 0;
        for (byte[] ch : keys(mine)) count += unsubscribeChannel(c, ch, notify, t);
        if (notify && count == 0) addUnsubscribed(c, null, t);
        return count;
    }

    /** Unsubscribes from every pattern, in subscription order (pubsubUnsubscribeAllPatterns). */
    public int unsubscribeAllPatterns(Client c, boolean notify) {
        int count = 0;
        for (byte[] p : new ArrayList<>(c.pubsub.patterns)) count += unsubscribePattern(c, p, notify);
        if (notify && count == 0) addUnsubscribed(c, null, Type.PATTERN);
        return count;
    }

    /**
     * Drops every subscription without replying: RESET and a closing connection (freeClient,
     * clearClientConnectionState). O(the client's subscriptions).
     */
    @Override
    public void unsubscribeAll(Client c) {
        unsubscribeAllChannels(c, false, Type.CHANNEL);
        unsubscribeAllChannels(c, false, Type.SHARD);
        unsubscribeAllPatterns(c, false);
        c.pubsub.setPubsubMode(false);
    }

    // ---------------------------------------------------------------- publishing

    /**
     * Delivers a message to the channel's subscribers and to every client whose pattern matches
     * the channel (pubsubPublishMessage); returns the number of deliveries.
     */
    @Override
    public int publish(byte[] channel, byte[] message) {
        int receivers = 0;
        List<Client> subs = channels.fetchValue(channel);
        if (subs != null) {
            for (Client c : subs) {
                boolean muted = beginPush(c);
                c.addPushLen(3);
                c.addBulk(Type.CHANNEL.messageBulk);
                c.addBulk(channel);
                c.addBulk(message);
                endPush(c, muted);
                c.installWriteHandler();
                receivers++;
            }
        }
        if (patterns.size() > 0) {
            for (DictEntry<byte[], List<Client>> de : entries(patterns)) {
                byte[] pattern = de.getKey();
                if (!Glob.match(pattern, channel, false)) continue;
                for (Client c : de.getVal()) {
                    boolean muted = beginPush(c);
                    c.addPushLen(4);
                    c.addBulk(Type.PATTERN.messageBulk);
                    c.addBulk(pattern);
                    c.addBulk(channel);
                    c.addBulk(message);
                    endPush(c, muted);
                    c.installWriteHandler();
                    receivers++;
                }
            }
        }
        return receivers;
    }

    /** SPUBLISH: delivers to the shard channel's subscribers only (pubsubPublishMessageShard). */
    public int publishShard(byte[] channel, byte[] message) {
        List<Client> subs = shardChannels.fetchValue(channel);
        if (subs == null) return 0;
        for (Client c : subs) {
            boolean muted = beginPush(c);
            c.addPushLen(3);
            c.addBulk(Type.SHARD.messageBulk);
            c.addBulk(channel);
            c.addBulk(message);
            endPush(c, muted);
            c.installWriteHandler();
        }
        return subs.size();
    }

    // ---------------------------------------------------------------- introspection (PUBSUB)

    /** Active channels (or shard channels) whose name matches the pattern, null for all (channelList). */
    public List<byte[]> channelList(byte[] pattern, boolean shard) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] ch : keys(shard ? shardChannels : channels)) {
            if (pattern == null || Glob.match(pattern, ch, false)) out.add(ch);
        }
        return out;
    }

    /** Subscribers of one channel, patterns not counted (PUBSUB NUMSUB). */
    public int numsub(byte[] channel, boolean shard) {
        List<Client> l = (shard ? shardChannels : channels).fetchValue(channel);
        return l == null ? 0 : l.size();
    }

    // ---------------------------------------------------------------- helpers

    private static void addClient(Dict<byte[], List<Client>> index, byte[] name, Client c) {
        List<Client> l = index.fetchValue(name);
        if (l == null) {
            l = new ArrayList<>();
            index.add(name, l);
        }
        l.add(c);
    }

    private static void removeClient(Dict<byte[], List<Client>> index, byte[] name, Client c) {
        List<Client> l = index.fetchValue(name);
        if (l == null) return;
        l.remove(c);
        if (l.isEmpty()) index.delete(name); // no subscribers left: the channel is no longer active
    }

    private static int indexOf(List<byte[]> l, byte[] b) {
        for (int i = 0; i < l.size(); i++) if (java.util.Arrays.equals(l.get(i), b)) return i;
        return -1;
    }

    private static <V> List<byte[]> keys(Dict<byte[], V> d) {
        return collect(d, DictEntry::getKey);
    }

    private static <V> List<DictEntry<byte[], V>> entries(Dict<byte[], V> d) {
        return collect(d, de -> de);
    }

    /** Snapshot of a dict's entries, so the caller may change the dict while walking the result. */
    private static <V, R> List<R> collect(Dict<byte[], V> d, Function<DictEntry<byte[], V>, R> f) {
        List<R> out = new ArrayList<>((int) d.size());
        if (d.size() == 0) return out;
        try (var it = d.safeIterator()) {
            for (DictEntry<byte[], V> de = it.next(); de != null; de = it.next()) out.add(f.apply(de));
        }
        return out;
    }
}
