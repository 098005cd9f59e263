package io.glassbox.visualizer;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.testkit.EngineFixture;
import io.glassbox.testkit.RealRedis;
import javafx.scene.image.WritableImage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The replication tab as a live topology, headless: a Glassbox master, a Glassbox replica in the
 * same JVM, and Debian's redis-server 7.0 as a second replica of the Glassbox master, added by
 * host:port in the tab's text field and read over RESP. After catch-up the model has three
 * nodes and two links with the master's offset on both, and the picture draws three boxes, the
 * two links green and a ring with its hand on every node.
 */
@Tag("ui")
class ReplicationTopologyTest {
    private final List<AutoCloseable> toClose = new ArrayList<>();
    @TempDir Path tmp;

    @BeforeAll
    static void toolkit() throws Exception {
        Fx.stage();
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) toClose.get(i).close();
    }

    private Engine glassbox() throws Exception {
        // a replica writes what it receives into its dir
        Engine e = EngineFixture.builder().listening().dir(Files.createTempDirectory(tmp, "node")).startEngine();
        toClose.add(e);
        return e;
    }

    /** redis-server as a replica of {@code masterPort}, or the test is skipped (failed under CI) without one. */
    private int redisReplicaOf(int masterPort) throws Exception {
        RealRedis redis = RealRedis.start("--replicaof", "127.0.0.1", Integer.toString(masterPort));
        toClose.add(redis);
        return redis.port();
    }

    private static void await(String what, BooleanSupplier cond) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!cond.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(50);
        }
    }

    /** Every link online, nothing behind, every node at the master's offset. */
    private static boolean caughtUp(ReplicationTopology t, String masterId) {
        if (t.links().size() != 2) return false;
        long offset = t.node(masterId).state().masterReplOffset();
        for (ReplicationTopology.Link l : t.links()) {
            if (!l.caughtUp() || l.ackOffset() != offset) return false;
            ReplicationTopology.Node r = t.node(l.replicaId());
            if (r.state() == null || r.state().masterReplOffset() != offset) return false;
        }
        return offset > 0;
    }

    @Test
    void threeNodesTwoOfThemGlassboxOneRedisDrawnAsATopology() throws Exception {
        Engine master = glassbox(), replica = glassbox();
        LocalClient m = master.newClient(), r = replica.newClient();
        toClose.add(m);
        toClose.add(r);
        m.call("CONFIG", "SET", "repl-backlog-size", "16384");
        r.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
        int redis = redisReplicaOf(master.port());
        for (int i = 0; i < 100; i++) m.call("SET", "key:" + i, "x".repeat(40));

        LocalClient windowClient = master.newClient();
        toClose.add(windowClient);
        ReplicationTab tab = Fx.call(() -> new ReplicationTab(master, windowClient));
        toClose.add(tab);
        TopologyPoller poller = tab.poller();
        poller.setDiscover(false); // the three nodes come from the test, not from the master's INFO
        poller.addEngine(replica);
        // the remote node is typed into the tab's field, as a user would
        Fx.run(() -> {
            tab.nodeField.setText("localhost:" + redis);
            tab.addFromField();
        });
        assertTrue(tab.status.getText().startsWith("added"), tab.status.getText());
        assertEquals("", tab.nodeField.getText());
        Fx.run(() -> {
            tab.nodeField.setText("localhost:notaport");
            tab.addFromField();
        });
        assertEquals("not a port: 'notaport'", tab.status.getText());

        String masterId = "127.0.0.1:" + master.port(), replicaId = "127.0.0.1:" + replica.port(), redisId = "127.0.0.1:" + redis;
        AtomicReference<ReplicationTopology> seen = new AtomicReference<>();
        await("all three at the master's offset", () -> {
            seen.set(poller.pollNow()); // this thread, never the FX thread
            return caughtUp(seen.get(), masterId);
        });
        ReplicationTopology t = seen.get();
        assertEquals(List.of(masterId, replicaId, redisId), t.nodes().stream().map(ReplicationTopology.Node::id).toList(),
                "localhost is written 127.0.0.1, so the master's slave line and the typed address name one node");
        assertEquals(ReplicationTopology.Kind.THIS_ENGINE, t.node(masterId).kind());
        assertEquals(ReplicationTopology.Kind.IN_JVM, t.node(replicaId).kind());
        assertEquals(ReplicationTopology.Kind.REMOTE, t.node(redisId).kind());
        assertTrue(t.node(redisId).label().contains("localhost:" + redis));
        assertEquals(Set.of(masterId + ">" + replicaId, masterId + ">" + redisId),
                t.links().stream().map(l -> l.masterId() + ">" + l.replicaId()).collect(Collectors.toSet()));
        assertEquals("slave", t.node(redisId).state().role(), "the real Redis node speaks of itself in its own INFO");
        assertEquals(0, t.depth(masterId));
        assertEquals(1, t.depth(redisId));
        assertTrue(t.node(masterId).writeIndex() >= 0, "an engine of this JVM gives the ring's exact write index");
        assertEquals(-1, t.node(redisId).writeIndex(), "a remote one does not");

        // the frame picks the topology up and draws it
        Fx.run(() -> {
            Fx.layout(tab, 1000, 420);
            tab.frame(true);
        });
        ReplicationView v = tab.view();
        assertEquals(List.of(masterId, replicaId, redisId), v.drawnNodes());
        assertEquals(t, v.topology());
        WritableImage img = Fx.call(() -> Fx.image(v));
        int green = Fx.count(img, Palette.WRITES), hands = Fx.count(img, Palette.CURSOR);
        assertTrue(green > 3 * 100 + 2 * 300, "three valid windows and two caught-up links in green: " + green);
        assertTrue(hands > 3 * 30, "a write hand on every ring: " + hands);
        assertNull(t.node(redisId).error());
    }

    @Test
    void aMastersReplicasAreDiscoveredFromItsInfo() throws Exception {
        Engine master = glassbox(), replica = glassbox();
        LocalClient m = master.newClient(), r = replica.newClient();
        toClose.add(m);
        toClose.add(r);
        r.call("REPLICAOF", "localhost", Integer.toString(master.port()));
        m.call("SET", "k", "v");
        TopologyPoller poller = new TopologyPoller();
        toClose.add(poller);
        poller.addThisEngine(master, m);
        String replicaId = "127.0.0.1:" + replica.port();
        await("the replica listed by the master", () -> poller.pollNow().node(replicaId) != null);
        // first seen as a ghost of the master's slave line, then polled over RESP
        await("the replica polled", () -> {
            ReplicationTopology.Node n = poller.pollNow().node(replicaId);
            return n.kind() == ReplicationTopology.Kind.REMOTE && n.state() != null && n.state().masterLinkStatus() != null;
        });
        assertEquals(List.of("127.0.0.1:" + master.port(), replicaId), poller.nodeIds());
        ReplicationTopology t = poller.latest();
        assertEquals(1, t.links().size());
        assertEquals("localhost", t.node(replicaId).state().masterHost(), "the replica names its master as it was told");
        assertEquals("127.0.0.1:" + master.port(), t.links().get(0).masterId(), "yet the link finds it");
    }

    @Test
    void aReplicaWhoseMasterIsDownIsLinkedToAGhost() {
        ReplicationState replica = ReplicationState.parse("# Replication\r\nrole:slave\r\nmaster_host:10.0.0.9\r\n"
                + "master_port:6379\r\nmaster_link_status:down\r\nslave_repl_offset:120\r\nmaster_repl_offset:120\r\n");
        ReplicationTopology t = ReplicationTopology.of(List.of(new ReplicationTopology.Node("127.0.0.1:7000", "r",
                ReplicationTopology.Kind.REMOTE, replica, -1, null)), h -> h);
        assertEquals(2, t.nodes().size());
        ReplicationTopology.Node ghost = t.node("10.0.0.9:6379");
        assertEquals(ReplicationTopology.Kind.GHOST, ghost.kind());
        ReplicationTopology.Link l = t.links().get(0);
        assertEquals("down", l.state());
        assertEquals(120, l.ackOffset());
        assertEquals(-1, l.lagBytes(), "how far behind is unknown while the master is not polled");
        assertEquals(List.of(List.of(ghost), List.of(t.node("127.0.0.1:7000"))), t.columns());
    }

    @Test
    void aFailoverUnderWayIsInTheNodesState() {
        assertEquals("waiting-for-sync",
                ReplicationState.parse("# Replication\r\nrole:master\r\nmaster_failover_state:waiting-for-sync\r\n").failoverState());
        assertEquals("no-failover", ReplicationState.parse("# Replication\r\nrole:master\r\n").failoverState());
    }
}
