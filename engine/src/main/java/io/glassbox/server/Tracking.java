package io.glassbox.server;

import io.glassbox.command.RedisCommand;

import java.util.List;

/**
 * What the server core needs of client-side caching ({@code tracking.c}), which lives above it in
 * {@code io.glassbox.tracking}: where Redis's core calls into tracking.c, the core calls this.
 * <ul>
 *   <li>{@link #invalidateKey} from signalModifiedKey (next to WATCH's touchWatchedKey), and for a
 *       deleted expired key (deleteExpiredKeyAndPropagate's signalModifiedKey with no client);</li>
 *   <li>{@link #invalidateKeysOnFlush} from signalFlushedDb (FLUSHALL, FLUSHDB, a full sync);</li>
 *   <li>{@link #rememberKeys} after a read-only command of a tracking client (call());</li>
 *   <li>{@link #handlePendingKeyInvalidations} when the outermost call() returns (afterCommand);</li>
 *   <li>{@link #limitUsedSlots} before a command runs and in the cron;</li>
 *   <li>{@link #broadcastInvalidationMessages} in beforeSleep;</li>
 *   <li>{@link #disableTracking} when a client closes or RESETs.</li>
 * </ul>
 * When no client ever enabled tracking every call returns at its first test, so a server nobody
 * caches against pays one virtual call per modified key and nothing per read.
 */
public interface Tracking {
    /**
     * A key changed (trackingInvalidateKey with bcast): the clients that may cache it are told, and
     * it is queued for the BCAST clients whose prefix matches. {@code modifier} is the client that
     * changed it, null when nobody did (an expired key); NOLOOP BCAST clients skip their own keys.
     */
    void invalidateKey(Client modifier, byte[] key);

    /** One or all databases are being emptied: every tracking client is told "all keys" (a null). */
    void invalidateKeysOnFlush();

    /** The read-only command {@code cmd} ran for {@code caller}, who tracks keys: remember its keys. */
    void rememberKeys(Client caller, RedisCommand cmd, List<byte[]> argv);

    /** Sends the invalidations held back while the current client's command ran (its own keys). */
    void handlePendingKeyInvalidations();

    /** Keeps the table within tracking-table-max-keys, invalidating keys to get there. */
    void limitUsedSlots();

    /** Sends the keys changed under each BCAST prefix since the last time (beforeSleep). */
    void broadcastInvalidationMessages();

    /** The client stops tracking (CLIENT TRACKING off, RESET, freeClient). */
    void disableTracking(Client c);

    /** INFO clients: tracking_clients. */
    long trackingClients();

    /** INFO stats: tracking_total_keys (keys in the table). */
    long totalKeys();

    /** INFO stats: tracking_total_items (client ids over all keys). */
    long totalItems();

    /** INFO stats: tracking_total_prefixes (BCAST prefixes). */
    long totalPrefixes();

    /** A server without client-side caching (a bare server in a unit test). */
    Tracking NONE = new Tracking() {
        @Override public void invalidateKey(Client modifier, byte[] key) { }
        @Override public void invalidateKeysOnFlush() { }
        @Override public void rememberKeys(Client caller, RedisCommand cmd, List<byte[]> argv) { }
        @Override public void handlePendingKeyInvalidations() { }
        @Override public void limitUsedSlots() { }
        @Override public void broadcastInvalidationMessages() { }
        @Override public void disableTracking(Client c) { c.tracking.clearFlags(); }
        @Override public long trackingClients() { return 0; }
        @Override public long totalKeys() { return 0; }
        @Override public long totalItems() { return 0; }
        @Override public long totalPrefixes() { return 0; }
    };
}
