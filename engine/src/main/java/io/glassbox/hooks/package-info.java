/**
 * The engine's observation layer, for the REPL and the visualizer: typed events
 * ({@link io.glassbox.hooks.EngineEvent}) delivered off the command thread through bounded queues
 * ({@link io.glassbox.hooks.Subscription}), and read-only snapshots taken on the command thread
 * between commands ({@link io.glassbox.hooks.ValueSnapshot}, dict and skiplist snapshots, the
 * recent ticks, replication). The {@code GLASSBOX.*} commands ({@code io.glassbox.hooks.remote})
 * carry the same events and snapshots over RESP ({@link io.glassbox.hooks.RespWire}) to a viewer in
 * another process.
 *
 * <p>Redis has no such layer; its nearest relatives are MONITOR, keyspace notifications, the
 * latency monitor and the DEBUG commands, all of which speak the wire protocol and report the
 * commands, not the machinery. Here the observer sees the machinery itself: ticks, dict resizes
 * and rehash steps, skiplist inserts with their level, encoding conversions, snapshot slices,
 * replication offsets.
 *
 * <p>Invariants that make it safe to watch:
 * <ul>
 *   <li>Hooks observe; they never steer. The teaching controls (pause, step, slow motion) belong to
 *       the event loop, which is the only place that can stop between ticks.</li>
 *   <li>The command thread never waits for a listener: a full queue drops the event and counts it.</li>
 *   <li>A snapshot never moves what it shows: keys are looked up without the rehash step a
 *       {@code dictFind} would take, as with {@code dictPauseRehashing}; values are copied.</li>
 *   <li>Nobody watching costs one boolean load per hook point; no event object is built.</li>
 * </ul>
 *
 * <p>Bound per command: with subscribers, one event per hook point the command passes, offered to
 * each subscriber's queue; a sampled subscriber (the visualizer) hears at most K command events
 * per heard tick and a count of the rest, so a load generator costs it a counter, not a queue.
 *
 * <p>Parts: {@link io.glassbox.hooks.Hooks} is the face; behind it {@code Subscriptions} (who
 * listens, sampling, the recent ticks), {@code EventAdapters} and {@code ValueEvents} (the
 * subsystems' callbacks turned into events) and {@link io.glassbox.hooks.Snapshots} (the copies,
 * among them {@link io.glassbox.hooks.KeySnapshot}, the one picture of a watched key that the
 * in-process visualizer and {@code GLASSBOX.SNAPSHOT KEY} share).
 *
 * <p>Dependencies: this package sits above the subsystems and {@code net} and below {@code engine};
 * the subsystems tell it what happens through their own listener interfaces
 * ({@code DictListener}, {@code KeyspaceListener}, {@code ReplicationListener}, ...), which know
 * nothing of hooks. See {@code docs/hooks.md}.
 */
package io.glassbox.hooks;
