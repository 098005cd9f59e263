package io.glassbox.db;

import io.glassbox.resp.RespValue;
import io.glassbox.testkit.EngineFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lazy expiry on access and the active expire cycle, with a clock the test moves. */
@Tag("unit")
class ExpiryTest {
    private EngineFixture f;

    @BeforeEach
    void start() throws Exception {
        f = EngineFixture.builder().manualClock().settings(s -> s.hz = 100).start();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private long keysInDb0() {
        return f.engine.loop().submit(() -> f.engine.server().keyspace().db(0).size()).join();
    }

    @Test
    void aKeyPastItsDeadlineIsGoneOnAccess() {
        f.engine.server().activeExpire().setEnabled(false);
        f.call("SET", "k", "v", "PX", "1000");
        f.clock().advance(999);
        assertEquals("v", f.call("GET", "k").asText());
        f.clock().advance(2);
        assertEquals(1, keysInDb0(), "still in memory: nobody touched it and active expiry is off");
        assertEquals(new RespValue.Null(), f.call("GET", "k"));
        assertEquals(0, keysInDb0(), "the read deleted it (expireIfNeeded)");
        assertEquals(1, f.engine.server().keyspace().stats.expiredKeys);
    }

    @Test
    void theActiveCycleReclaimsKeysNobodyReads() throws InterruptedException {
        for (int i = 0; i < 2000; i++) f.call("SET", "tmp:" + i, "v", "PX", "100");
        for (int i = 0; i < 100; i++) f.call("SET", "keep:" + i, "v");
        f.clock().advance(200);
        long deadline = System.currentTimeMillis() + 10_000;
        while (keysInDb0() > 100 && System.currentTimeMillis() < deadline) Thread.sleep(20);
        assertEquals(100, keysInDb0(), "only the keys without a TTL remain");
        assertTrue(f.engine.server().keyspace().stats.expiredKeys >= 2000);
    }
}
