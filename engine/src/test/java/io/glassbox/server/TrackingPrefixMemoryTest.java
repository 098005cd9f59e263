package io.glassbox.server;

import io.glassbox.engine.Engine;
import io.glassbox.testkit.EngineFixture;
import io.glassbox.testkit.RawRespClient;
import io.glassbox.testkit.Args;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client's BCAST tracking prefixes count towards its memory (getClientMemoryUsage's rax estimate),
 * so maxmemory-clients evicts a client that keeps adding prefixes, as Redis's unit/client-eviction
 * "client evicted due to client tracking prefixes" expects (without it the test adds 200,000 prefixes
 * and runs past its time limit).
 */
@Tag("unit")
class TrackingPrefixMemoryTest {

    @Test
    void prefixesGrowTheClientsMemoryUntilItIsEvicted() throws Exception {
        try (Engine g = EngineFixture.builder().listening().startEngine();
             RawRespClient admin = new RawRespClient(g.port()); RawRespClient rr = new RawRespClient(g.port())) {
            long before = totMem(rr);
            for (int j = 0; j < 200; j++) rr.call(Args.argv("CLIENT", "TRACKING", "on", "PREFIX", String.format("%012d", j), "BCAST"));
            long after = totMem(rr);
            assertTrue(after - before >= 200 * ClientMemory.TRACKING_PREFIX_NODE, "tot-mem " + before + " -> " + after);

            admin.call(Args.line("CONFIG SET maxmemory-clients 200000"));
            boolean evicted = false;
            for (int j = 200; j < 200_000 && !evicted; j++) {
                try {
                    byte[] r = rr.call(Args.argv("CLIENT", "TRACKING", "on", "PREFIX", String.format("%012d", j), "BCAST"));
                    evicted = r.length == 0;
                } catch (java.io.IOException e) {
                    evicted = true; // the server closed the connection: evicted
                }
            }
            assertTrue(evicted, "the client was evicted before 200,000 prefixes");
            assertTrue(new String(admin.call(Args.line("INFO stats")), StandardCharsets.UTF_8).contains("evicted_clients:1"));
        }
    }

    private static long totMem(RawRespClient c) throws Exception {
        String info = new String(c.call(Args.line("CLIENT INFO")), StandardCharsets.UTF_8);
        int at = info.indexOf("tot-mem=");
        return Long.parseLong(info.substring(at + 8, info.indexOf(' ', at)));
    }
}
