package io.glassbox.cluster;

import io.glassbox.engine.GlassboxCluster;
import io.glassbox.engine.LocalClient;
import io.glassbox.testkit.Ports;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The teaching face's events, from a three-node cluster in one JVM: gossip sent and received with
 * the nodes it is about, a redirection, a slot's migration states, and a dead node going from PFAIL
 * to FAIL in a survivor's eyes.
 */
@Tag("interop")
class ClusterListenerTest {

    @Test
    void gossipRedirectionsSlotStatesAndFailuresAreObserved() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        try (GlassboxCluster cluster = GlassboxCluster.start(3, Ports::freeClusterPort, Files.createTempDirectory("listener"),
                "--cluster-node-timeout", "1000")) {
            Cluster first = cluster.node(0).cluster();
            String[] ids = new String[3];
            for (int i = 0; i < 3; i++) ids[i] = cluster.node(i).cluster().myId();
            first.setListener(new ClusterListener() {
                @Override public void messageSent(String from, String to, String type, List<String> about) {
                    events.add("sent " + type + " " + to + " " + about);
                }
                @Override public void messageReceived(String at, String from, String type, List<String> about) {
                    events.add("received " + type + " " + from + " " + about);
                }
                @Override public void failureState(String at, String about, String state, int reports) {
                    events.add("opinion " + about + " " + state);
                }
                @Override public void slotStateChanged(String node, int slot, String state, String other) {
                    events.add("slot " + slot + " " + state + " " + other);
                }
                @Override public void redirected(String node, String error) { events.add("redirected " + error); }
            });
            try (LocalClient c = cluster.node(0).newClient()) {
                c.call("SET", "foo", "bar"); // slot 12182 is the third node's
                c.call("CLUSTER", "SETSLOT", "1", "MIGRATING", ids[1]);
                c.call("CLUSTER", "SETSLOT", "1", "STABLE");
            }
            await(events, "redirected -MOVED 12182 127.0.0.1:" + cluster.node(2).port());
            await(events, "slot 1 migrating " + ids[1]);
            await(events, "slot 1 stable null");
            // a PING from the first node to the second gossips about the third (and maybe the receiver itself)
            awaitMatch(events, "sent ping " + ids[1] + " \\[.*" + ids[2] + ".*\\]|sent pong " + ids[1] + " \\[.*" + ids[2] + ".*\\]");
            awaitMatch(events, "received p[io]ng " + ids[2] + " \\[.*\\]");
            cluster.node(2).close();
            await(events, "opinion " + ids[2] + " pfail");
            await(events, "opinion " + ids[2] + " fail");
        }
    }

    private static void await(List<String> events, String event) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (!events.contains(event)) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("no event " + event + " in " + tail(events));
            Thread.sleep(50);
        }
    }

    private static void awaitMatch(List<String> events, String regex) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (events.stream().noneMatch(e -> e.matches(regex))) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("no event matching " + regex + " in " + tail(events));
            Thread.sleep(50);
        }
    }

    private static List<String> tail(List<String> events) {
        return events.subList(Math.max(0, events.size() - 20), events.size());
    }
}
