package io.glassbox.tracking;

import java.util.List;

/**
 * Who hears what client-side caching does, for the hooks (the teaching face): which keys a client
 * is now tracked for, and every invalidation message as it goes out. {@link #NONE} unless somebody
 * watches, so a server nobody watches builds no lists for it.
 */
public interface TrackingListener {
    TrackingListener NONE = new TrackingListener() {};

    /** After a read-only command, the table remembered these keys for the client. */
    default void keysTracked(long clientId, List<byte[]> keys) {}

    /**
     * An invalidation left for {@code receiverId} (the tracking client, or the client it redirects
     * to) on behalf of {@code trackingClientId}: {@code keys} are the keys invalidated, null for
     * "every key" (after a flush). {@code how} is "push" (RESP3), "pubsub" (a message on
     * __redis__:invalidate in RESP2) or "redir-broken" (the redirection target is gone).
     */
    default void invalidationSent(long receiverId, long trackingClientId, List<byte[]> keys, String how) {}
}
