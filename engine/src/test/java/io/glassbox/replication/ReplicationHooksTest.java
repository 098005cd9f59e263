package io.glassbox.replication;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.hooks.EngineEvent;
import io.glassbox.hooks.Subscription;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.glassbox.replication.EngineNodes.await;
import static io.glassbox.replication.EngineNodes.info;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The replication hook events as a visualizer sees them: the master's stream and backlog ring,
 * the replica attaching and acknowledging, the replica's handshake states; and nothing installed
 * while nobody subscribes.
 */
@Tag("unit")
class ReplicationHooksTest {
    @AutoClose final EngineNodes nodes = new EngineNodes();

    private static <T> List<T> of(List<EngineEvent> seen, Class<T> type) {
        List<T> out = new ArrayList<>();
        synchronized (seen) {
            for (EngineEvent e : seen) if (type.isInstance(e)) out.add(type.cast(e));
        }
        return out;
    }

    @Test
    void streamAttachAckAndHandshakeStatesAreEvents() throws Exception {
        Engine master = nodes.start("m"), replica = nodes.start("r");
        assertSame(ReplicationListener.NONE, master.replication().listeners().get(), "nothing installed before a subscriber");
        List<EngineEvent> ms = new ArrayList<>(), rs = new ArrayList<>();
        Subscription subM = master.hooks().subscribe(e -> { synchronized (ms) { ms.add(e); } }, 100_000);
        Subscription subR = replica.hooks().subscribe(e -> { synchronized (rs) { rs.add(e); } }, 100_000);
        LocalClient m = master.newClient(), r = replica.newClient();
        r.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
        await("link up", () -> "up".equals(info(r, "master_link_status")));
        m.call("SET", "k", "v");
        await("offsets equal", () -> info(m, "master_repl_offset").equals(info(r, "master_repl_offset")));
        long offset = Long.parseLong(info(m, "master_repl_offset"));
        await("an ack of the whole stream", () -> of(ms, EngineEvent.ReplicaAck.class).stream().anyMatch(a -> a.ackOffset() == offset));

        EngineEvent.ReplicaAttached att = of(ms, EngineEvent.ReplicaAttached.class).get(0);
        EngineEvent.ReplicaAck ack = of(ms, EngineEvent.ReplicaAck.class).stream().filter(a -> a.ackOffset() == offset).findFirst().orElseThrow();
        assertEquals(att.clientId(), ack.clientId());
        assertEquals(ack.masterReplOffset() - ack.ackOffset(), ack.lagBytes());

        // the master's stream: SELECT then SET; each event's offset is the last one's plus its bytes
        List<EngineEvent.ReplicationStreamFed> fed = of(ms, EngineEvent.ReplicationStreamFed.class);
        assertTrue(fed.size() >= 2, "SELECT and SET were fed");
        EngineEvent.ReplicationStreamFed last = fed.stream().filter(f -> f.masterReplOffset() == offset).findFirst().orElseThrow();
        for (int i = 1; i < fed.size(); i++) {
            assertEquals(fed.get(i - 1).masterReplOffset() + fed.get(i).bytes(), fed.get(i).masterReplOffset());
        }
        // the ring: nothing wrapped yet, so the window starts at the first byte and the write index is the history
        assertEquals(last.histlen(), last.writeIndex());
        assertEquals(offset - last.histlen() + 1, last.firstByteOffset());
        assertEquals(Long.parseLong(info(m, "repl_backlog_first_byte_offset")), last.firstByteOffset());

        // the replica re-feeds the same stream into its own backlog, ending at the same offset
        await("replica stream", () -> of(rs, EngineEvent.ReplicationStreamFed.class).stream().anyMatch(f -> f.masterReplOffset() == offset));

        // the handshake, state by state
        List<String> states = new ArrayList<>();
        for (EngineEvent.ReplicaStateChanged c : of(rs, EngineEvent.ReplicaStateChanged.class)) states.add(c.to());
        assertEquals(List.of("connect", "connecting", "receive_ping_reply", "receive_port_reply", "receive_capa_reply",
                "receive_psync_reply", "transfer", "connected"), states.subList(0, 8));

        // the link cut: the master sees the replica go
        m.call("CLIENT", "KILL", "TYPE", "replica");
        await("detached", () -> !of(ms, EngineEvent.ReplicaDetached.class).isEmpty());
        assertEquals(att.clientId(), of(ms, EngineEvent.ReplicaDetached.class).get(0).clientId());

        master.hooks().unsubscribe(subM);
        replica.hooks().unsubscribe(subR);
        assertSame(ReplicationListener.NONE, master.replication().listeners().get(), "removed with the last subscriber");
    }
}
