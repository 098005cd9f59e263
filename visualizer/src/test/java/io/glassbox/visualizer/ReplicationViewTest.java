package io.glassbox.visualizer;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.hooks.EngineEvent;
import io.glassbox.hooks.Subscription;
import io.glassbox.resp.RespValue;
import io.glassbox.testkit.Await;
import io.glassbox.testkit.EngineFixture;
import javafx.scene.image.WritableImage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The replication view on two engines in this JVM, a master and its replica linked over loopback
 * TCP: INFO replication gives the replica's acked offset and lag, the master's stream events give
 * the ring's write index, and the picture shows the valid window and the write hand.
 */
@Tag("ui")
class ReplicationViewTest {
    private final List<Engine> engines = new ArrayList<>();
    @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp;

    @BeforeAll
    static void toolkit() throws Exception {
        Fx.stage();
    }

    private Engine start() throws Exception {
        // a replica writes the RDB it receives into its dir (repl-diskless-load disabled): not the module's
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory(tmp, "node");
        Engine e = EngineFixture.builder().listening().dir(dir).startEngine();
        engines.add(e);
        return e;
    }

    @AfterEach
    void stop() {
        for (Engine e : engines) e.close();
    }


    private static ReplicationState info(LocalClient c) {
        RespValue r = c.call("INFO", "replication");
        return ReplicationState.parse(r.asText());
    }

    @Test
    void showsTheReplicaCatchingUpAndTheRing() throws Exception {
        Engine master = start(), replica = start();
        LocalClient m = master.newClient(), r = replica.newClient();
        m.call("CONFIG", "SET", "repl-backlog-size", "16384");
        AtomicReference<EngineEvent.ReplicationStreamFed> last = new AtomicReference<>();
        Subscription sub = master.hooks().subscribe(e -> {
            if (e instanceof EngineEvent.ReplicationStreamFed f) last.set(f);
        }, 10_000);
        r.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
        for (int i = 0; i < 100; i++) m.call("SET", "key:" + i, "x".repeat(40));
        Await.until("the replica acknowledged everything", () -> {
            ReplicationState s = info(m);
            return s.replicas().size() == 1 && s.lagBytes(s.replicas().get(0)) == 0 && s.masterReplOffset() > 0;
        });
        ReplicationState ms = info(m);
        Await.until("the last stream event", () -> last.get() != null && last.get().masterReplOffset() == ms.masterReplOffset());
        master.hooks().unsubscribe(sub);

        ReplicationView v = new ReplicationView();
        Fx.run(() -> {
            Fx.layout(v, 900, 300);
            v.show(ms);
            v.streamFed(last.get());
        });
        assertEquals(last.get().writeIndex(), v.writeIndex(), "the ring's hand is the event's write index");
        assertEquals(ms.masterReplOffset(), ms.replicas().get(0).offset());
        WritableImage img = Fx.call(() -> Fx.image(v));
        int window = Fx.count(img, Palette.JUST_MOVED), hand = Fx.count(img, Palette.CURSOR);
        assertTrue(window > 100, "the valid window is drawn: " + window);
        assertTrue(hand > 20, "the write hand is drawn: " + hand);
        assertTrue(Fx.count(img, Palette.WRITES) > 100, "the replica's bar is full and green (nothing behind)");

        // the replica's own view: its master, the link, the same offset
        ReplicationState rs = info(r);
        assertEquals("slave", rs.role());
        assertEquals("up", rs.masterLinkStatus());
        assertEquals(master.port(), rs.masterPort());
        assertEquals(ms.masterReplOffset(), rs.replicaOffset());
        ReplicationView rv = new ReplicationView();
        Fx.run(() -> {
            Fx.layout(rv, 900, 300);
            rv.show(rs);
        });
        // the replica's ring is the default 1 MB holding a few KB: drawn at its minimum arc
        assertTrue(Fx.count(Fx.call(() -> Fx.image(rv)), Palette.JUST_MOVED) > 20, "the replica's backlog window too");
    }
}
