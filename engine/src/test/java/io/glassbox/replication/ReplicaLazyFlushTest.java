package io.glassbox.replication;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static io.glassbox.replication.EngineNodes.await;
import static io.glassbox.replication.EngineNodes.info;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * replica-lazy-flush: a replica's old data, flushed before it loads the master's RDB, goes to the
 * bio_lazy_free thread (readSyncBulkPayload's EMPTYDB_ASYNC) instead of being dropped at once.
 */
@Tag("unit")
class ReplicaLazyFlushTest {
    @AutoClose final EngineNodes nodes = new EngineNodes();

    private static long freedAfterSync(EngineNodes nodes, String lazy) throws Exception {
        Engine master = nodes.start("m" + lazy), replica = nodes.start("r" + lazy);
        LocalClient m = master.newClient(), r = replica.newClient();
        m.call("SET", "k", "v");
        r.call("CONFIG", "SET", "replica-lazy-flush", lazy);
        for (int i = 0; i < 100; i++) r.call("SET", "old" + i, "x");
        r.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
        await("link up", () -> "up".equals(info(r, "master_link_status")));
        assertEquals("1", r.call("DBSIZE").asText(), "only the master's key");
        await("the lazy free done", () -> "0".equals(memory(r, "lazyfree_pending_objects")));
        return Long.parseLong(memory(r, "lazyfreed_objects"));
    }

    private static String memory(LocalClient c, String field) {
        for (String line : c.call("INFO", "memory").asText().split("\r\n")) {
            if (line.startsWith(field + ":")) return line.substring(field.length() + 1);
        }
        throw new AssertionError("no " + field + " in INFO memory");
    }

    @Test
    void theOldDataIsFreedByTheBackgroundThreadOnlyWithReplicaLazyFlush() throws Exception {
        assertEquals(100, freedAfterSync(nodes, "yes"));
        assertEquals(0, freedAfterSync(nodes, "no"));
    }
}
