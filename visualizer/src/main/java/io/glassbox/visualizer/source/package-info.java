/**
 * Where the visualizer's data comes from. {@link io.glassbox.visualizer.source.Source} is the one
 * question the pane asks, "give me events, pictures, controls and a client", and it has two answers:
 * {@link io.glassbox.visualizer.source.LocalSource}, an engine in this JVM read through its hooks,
 * and {@link io.glassbox.visualizer.source.RemoteSource}, a Glassbox server read through its
 * GLASSBOX.EVENTS / SNAPSHOT / LOOP commands over plain sockets
 * ({@link io.glassbox.visualizer.source.RespLink}: one reader thread per connection, replies paired
 * with requests in order, RESP3 pushes to a listener).
 *
 * <p>Both hand the views the same records: a remote event is read back into the engine's own
 * {@code EngineEvent} record and a remote dict into a {@code DictSnapshot}
 * ({@code io.glassbox.hooks.RespWire} defines the wire form both ways), so a view cannot tell, and
 * its drawing code has no "remote" branch. What differs is failure: a remote source can lose its
 * server, and then every pending request fails at once and {@code onLost} says why, once.
 * See docs/remote-attach.md.
 */
package io.glassbox.visualizer.source;
