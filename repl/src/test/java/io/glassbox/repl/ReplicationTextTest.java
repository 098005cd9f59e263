package io.glassbox.repl;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.replication.Replication;
import io.glassbox.testkit.Await;
import io.glassbox.testkit.EngineFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** :repl on a master and its replica, two engines in one JVM; and the ring's drawing. */
@Tag("unit")
class ReplicationTextTest {
    private final List<Engine> engines = new ArrayList<>();
    @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp;

    private Engine start() throws Exception {
        // a replica writes the RDB it receives into its dir (repl-diskless-load disabled): not the module's
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory(tmp, "node");
        Engine e = EngineFixture.builder().listening().dir(dir).settings(s -> s.save = "").startEngine();
        engines.add(e);
        return e;
    }

    @AfterEach
    void stop() {
        for (Engine e : engines) e.close();
    }


    @Test
    void showsRoleOffsetsReplicasAndTheRing() throws Exception {
        Engine master = start(), replica = start();
        LocalClient m = master.newClient(), r = replica.newClient();
        Repl onMaster = new Repl(master, m, "127.0.0.1"), onReplica = new Repl(replica, r, "127.0.0.1");
        assertTrue(onMaster.meta(":repl").contains("backlog: none yet"), onMaster.meta(":repl"));

        r.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
        m.call("SET", "k", "v");
        // the replica's own state too: the SET may come before the link, when the master has no stream yet
        // (offset 0), so a replica just added at PSYNC (ack 0) would pass while it still waits for +FULLRESYNC
        Await.until("replica acked the write", () -> {
            Replication.Snapshot s = master.hooks().replicationSnapshot().join();
            return s.replicas().size() == 1 && s.replicas().get(0).ackOffset() == s.masterReplOffset()
                    && "connected".equals(replica.hooks().replicationSnapshot().join().state());
        });
        String mv = onMaster.meta(":repl");
        long offset = master.hooks().replicationSnapshot().join().masterReplOffset();
        assertTrue(mv.startsWith("role: master, 1 replica\n"), mv);
        assertTrue(mv.contains("offset " + offset), mv);
        assertTrue(mv.contains("offsets [1, " + offset + "], next write at index " + offset), mv);
        assertTrue(mv.matches("(?s).*\\n  \\[W?#*W\\.+\\]\\n.*"), mv);

        String rv = onReplica.meta(":repl");
        assertTrue(rv.startsWith("role: replica of 127.0.0.1:" + master.port() + ", link state: connected\n"), rv);
        assertTrue(rv.contains("offset " + offset), rv);
    }

    @Test
    void theReplicationLessonShowsAFullThenAPartialSync() throws Exception {
        Engine learner = start();
        LocalClient c = learner.newClient();
        Repl repl = new Repl(learner, c, "127.0.0.1");
        repl.eval(":lang en");
        String out = repl.meta(":lesson 21") + repl.meta(":lesson auto 0");
        assertTrue(!out.contains("(error)") && !out.contains("could not run") && !out.contains("Usage:"), out);
        assertTrue(out.contains("step 4 of 4"), out);
        assertTrue(out.contains("receive_psync_reply → transfer → connected"), "the full sync's states: " + out);
        assertTrue(out.contains("syncs served: 1 full (RDB), 1 partial (+CONTINUE)"), "the :repl view of the lesson's master: " + out);
        assertTrue(out.contains("role: master, 1 replica"), out);
        String end = repl.meta(":lesson end");
        assertTrue(end.startsWith("Lesson 21 ended"), end);
        assertTrue(learner.hooks().replicationSnapshot().join().backlog() == null, "the learner's engine never became a master with a backlog");
        c.close();
    }

    @Test
    void theRingWrapsAndThenIsAllHistory() {
        assertEquals("W" + ".".repeat(63), ReplicationText.ring(new Replication.BacklogView(1024, 0, 0, 1, 0)));
        assertEquals("#".repeat(32) + "W" + ".".repeat(31), ReplicationText.ring(new Replication.BacklogView(1024, 512, 512, 1, 512)));
        assertEquals("#".repeat(16) + "W" + "#".repeat(47), ReplicationText.ring(new Replication.BacklogView(1024, 256, 1024, 1025, 2048)));
    }
}
