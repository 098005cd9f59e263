package io.glassbox.repl;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.testkit.EngineFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code :evict}: the limit, the policy and the eviction pool as the evictor left it. */
@Tag("unit")
class EvictTextTest {
    private Engine engine;

    @AfterEach
    void stop() { if (engine != null) engine.close(); }

    @Test
    void showsTheLimitThePolicyAndThePoolAfterAnEviction() throws Exception {
        engine = EngineFixture.builder().startEngine();
        LocalClient c = engine.newClient();
        Repl repl = new Repl(engine, c, "127.0.0.1");
        String idle = repl.meta(":evict");
        assertTrue(idle.contains("maxmemory 0 (no limit)") && idle.contains("policy noeviction") && idle.contains("pool: empty"), idle);

        c.call("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
        for (int i = 0; i < 200; i++) c.call("SET", "key" + i, "value");
        String used = c.call("INFO", "memory").asText().split("used_memory:")[1].split("\r\n")[0];
        c.call("CONFIG", "SET", "maxmemory", Long.toString(Long.parseLong(used) - 5000));
        c.call("SET", "one", "more");
        String after = repl.meta(":evict");
        assertTrue(after.contains("policy allkeys-lru") && after.contains("evicted_keys "), after);
        assertTrue(!after.contains("evicted_keys 0\n"), after);
        assertTrue(after.contains("pool (worst first") && after.contains(" s ") && after.contains("key"), after);
    }
}
