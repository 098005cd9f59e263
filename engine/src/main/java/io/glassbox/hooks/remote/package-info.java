/**
 * The hooks served over RESP: {@code GLASSBOX.EVENTS}, {@code GLASSBOX.SNAPSHOT} and
 * {@code GLASSBOX.LOOP}, so that a visualizer on another machine ({@code ./glassbox viz --attach})
 * watches a server as the in-process window watches its engine.
 *
 * <p>Redis has nothing like these commands; MONITOR ({@code replicationFeedMonitors} in
 * {@code replication.c}) and keyspace notifications ({@code notify.c}) are their nearest relatives,
 * and like MONITOR they only observe. They sit above the hooks and the loop and are bound into the
 * command table by {@code Engine} with the engine's own {@link io.glassbox.hooks.Hooks} and
 * {@link io.glassbox.loop.EventLoop}: the server core never knows they exist, except that a request
 * whose name starts with {@code GLASSBOX.} passes the teaching pause (that is how a viewer attaches
 * to a paused engine).
 *
 * <p>Invariant: the engine never waits for a viewer. Events leave through a bounded subscription
 * queue and are dropped (and counted) when the viewer's socket lags; snapshots are copies taken on
 * the command thread without moving a rehash cursor. The wire format is in
 * {@link io.glassbox.hooks.RespWire} and {@code docs/remote-attach.md}.
 */
package io.glassbox.hooks.remote;
