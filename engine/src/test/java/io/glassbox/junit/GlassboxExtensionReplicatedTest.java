package io.glassbox.junit;

import io.glassbox.engine.Glassbox;
import io.glassbox.engine.ReplicatedGlassbox;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link GlassboxExtension#replicated}: a master and its replica per class, as parameters or through the field. */
@Tag("unit")
class GlassboxExtensionReplicatedTest {
    @RegisterExtension
    static GlassboxExtension group = GlassboxExtension.replicated(1, b -> b.config("maxmemory", "20mb"));

    @Test
    void theMastersWritesReachTheReplica(Glassbox master, ReplicatedGlassbox all) {
        assertSame(group.server(), master);
        assertSame(all.master(), master);
        assertSame(group.group(), all);
        master.call("SET", "k", "replicated");
        all.awaitReplication();
        assertEquals("replicated", all.replica(0).call("GET", "k").asText());
        assertEquals(20 * 1024 * 1024, all.replica(0).call("CONFIG", "GET", "maxmemory").asMap().get("maxmemory").asLong());
        assertTrue(all.replica(0).call("INFO", "replication").asText().contains("role:slave"));
    }
}
