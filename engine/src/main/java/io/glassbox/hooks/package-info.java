/**
 * The engine's observation API, for the REPL and the visualizer: typed events
 * ({@link io.glassbox.hooks.EngineEvent}) delivered off the command thread through bounded queues
 * ({@link io.glassbox.hooks.Subscription}), and read-only snapshots taken on the command thread
 * ({@link io.glassbox.hooks.Hooks#snapshot}).
 *
 * <p>Redis has no such layer; its nearest relatives are MONITOR, keyspace notifications, the
 * latency monitor and DEBUG commands, all of which speak the wire protocol. Here the observer is
 * in-process and sees the machinery itself: ticks, dict resizes, rehash steps, encoding changes.
 *
 * <p>Two rules make it safe to watch: the command thread never waits for a listener (a full queue
 * drops and counts), and nobody watching costs one boolean load per hook point. See
 * {@code docs/hooks.md} for the design, including the loop's pause/step controls.
 */
package io.glassbox.hooks;
