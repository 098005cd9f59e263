package io.glassbox.cluster;

import java.util.List;

/**
 * What the cluster tells an observer (the hooks, the window's Cluster view, a lesson): gossip with
 * who told whom about whom, failure detection, epochs, slot states and redirections. Observe only;
 * {@link #NONE} costs one comparison where an event would be built.
 */
public interface ClusterListener {
    ClusterListener NONE = new ClusterListener() {};

    /** {@code from} sent {@code to} a bus message of {@code type} ("ping", "meet", "fail" ...) with gossip about {@code about}. */
    default void messageSent(String from, String to, String type, List<String> about) { }

    /** {@code at} received from {@code from} a message of {@code type} with gossip about {@code about}. */
    default void messageReceived(String at, String from, String type, List<String> about) { }

    /**
     * {@code at} changed its opinion of {@code about}: "pfail" (no pong within the node timeout),
     * "fail" (a majority of masters agreed, or a FAIL message said so), "ok" (reachable again);
     * {@code reports} is the number of failure reports {@code at} holds.
     */
    default void failureState(String at, String about, String state, int reports) { }

    /** {@code node}'s epochs changed: a bump, a collision resolved, a vote. */
    default void epochChanged(String node, long currentEpoch, long configEpoch, String why) { }

    /** A slot of {@code node} became "migrating", "importing", "stable" or was assigned ("node") with {@code other}. */
    default void slotStateChanged(String node, int slot, String state, String other) { }

    /** {@code node} answered a client with a redirection ("-MOVED 3999 127.0.0.1:7001", "-ASK ..."). */
    default void redirected(String node, String error) { }

    /** {@code node}'s cluster_state became ok or fail. */
    default void stateChanged(String node, boolean ok) { }

    /** {@code at} learnt of a node (a MEET, a handshake completed, gossip about an unknown node). */
    default void nodeLearnt(String at, String name, String ip, int port) { }

    /** {@code at} forgot a node (CLUSTER FORGET, RESET, a handshake that timed out). */
    default void nodeForgotten(String at, String name) { }
}
