/**
 * The JavaFX visualizer: a window in which Redis's internals move while commands run.
 *
 * <p>Everything here is driven by the engine's public observation face ({@link io.glassbox.hooks}):
 * events arrive through a bounded subscription and snapshots are read on the command thread. The
 * rule that shapes every class is that <em>the UI thread never blocks the engine and the engine never
 * waits for the UI</em>:
 * <ul>
 *   <li>{@link io.glassbox.visualizer.EventFeed} hands events from the hooks' delivery thread to the
 *       UI through a bounded queue; what does not fit is dropped and counted, and the count is shown.</li>
 *   <li>One {@link javafx.animation.AnimationTimer} frame drains that queue, coalesces what it saw
 *       ("the watched dict changed", "a tick finished") and asks for at most one snapshot at a time;
 *       the snapshot's future completes on the loop thread and its result is applied on the next frame.</li>
 *   <li>Loop controls (pause, step, resume, slow motion) wait for the loop thread to acknowledge, so they
 *       run on a small background thread, never on the UI thread.</li>
 * </ul>
 *
 * <p>One class per view, as Redis has one file per concern: {@link io.glassbox.visualizer.DictView}
 * (dict.c's two tables and the rehash cursor), {@link io.glassbox.visualizer.SkipListView}
 * (t_zset.c's skiplist), {@link io.glassbox.visualizer.LoopTimelineView} (ae.c's turns),
 * {@link io.glassbox.visualizer.ReplicationView} (replication.c as a topology of several nodes: offsets,
 * replicas' lag, each node's backlog ring; {@link io.glassbox.visualizer.TopologyPoller} reads the nodes'
 * INFO replication on its own thread, {@link io.glassbox.visualizer.ReplicationTopology} joins them),
 * {@link io.glassbox.visualizer.KeyspaceView} (the keys with their type and encoding),
 * {@link io.glassbox.visualizer.ConsoleView}, {@link io.glassbox.visualizer.CaptionsView},
 * {@link io.glassbox.visualizer.ControlsBar} and {@link io.glassbox.visualizer.TimelineView}
 * (recent events, scrollable back to replay what the dict and skiplist looked like).
 * {@link io.glassbox.visualizer.VisualizerPane} wires them; {@link io.glassbox.visualizer.Visualizer}
 * opens it in a window. The pane reads everything through a {@link io.glassbox.visualizer.source.Source}:
 * an engine in this JVM, or a Glassbox server over the network ({@code ./glassbox viz --attach}).
 */
package io.glassbox.visualizer;
