/**
 * Client-side caching, server side: Redis's {@code tracking.c} and the CLIENT TRACKING family of
 * {@code networking.c}.
 *
 * <p>A client that caches values in its own memory needs to learn when one goes stale. With
 * {@code CLIENT TRACKING on} the server remembers which keys each client read
 * ({@link io.glassbox.tracking.TrackingTable}: a radix tree of keys to client ids) and, when one of
 * them changes, sends that client an invalidation and forgets the key; in BCAST mode it remembers
 * nothing per read and instead tells every client subscribed to a matching prefix, once per turn
 * of the loop. Invalidations travel as RESP3 pushes on the client's own connection, or for RESP2
 * clients as Pub/Sub messages on {@code __redis__:invalidate} to a connection they REDIRECT to.
 *
 * <p>The core calls in through {@link io.glassbox.server.Tracking} (signalModifiedKey, a flush, after
 * a read-only command, beforeSleep, the cron); the per-client flags live in
 * {@link io.glassbox.server.ClientTracking} beside the client, as Redis keeps them in its client
 * struct. {@link io.glassbox.tracking.TrackingCommands} binds CLIENT TRACKING, CACHING, GETREDIR and
 * TRACKINGINFO; {@link io.glassbox.tracking.TrackingListener} is what the hooks hear.
 */
package io.glassbox.tracking;
