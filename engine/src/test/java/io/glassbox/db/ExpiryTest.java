package io.glassbox.db;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.resp.RespValue;
import io.glassbox.server.ServerSettings;
import io.glassbox.util.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lazy expiry on access and the active expire cycle, with a clock the test moves. */
@Tag("unit")
class ExpiryTest {
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private Engine engine;
    private LocalClient c;

    @BeforeEach
    void start() throws Exception {
        ServerSettings s = new ServerSettings();
        s.port = 0;
        s.hz = 100;
        engine = Engine.start(s, clock);
        c = engine.newClient();
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    private long keysInDb0() {
        return engine.loop().submit(() -> engine.server().keyspace().db(0).size()).join();
    }

    @Test
    void aKeyPastItsDeadlineIsGoneOnAccess() {
        engine.server().activeExpire().setEnabled(false);
        c.call("SET", "k", "v", "PX", "1000");
        clock.advance(999);
        assertEquals("v", c.call("GET", "k").asText());
        clock.advance(2);
        assertEquals(1, keysInDb0(), "still in memory: nobody touched it and active expiry is off");
        assertEquals(new RespValue.Null(), c.call("GET", "k"));
        assertEquals(0, keysInDb0(), "the read deleted it (expireIfNeeded)");
        assertEquals(1, engine.server().keyspace().stats.expiredKeys);
    }

    @Test
    void theActiveCycleReclaimsKeysNobodyReads() throws InterruptedException {
        for (int i = 0; i < 2000; i++) c.call("SET", "tmp:" + i, "v", "PX", "100");
        for (int i = 0; i < 100; i++) c.call("SET", "keep:" + i, "v");
        clock.advance(200);
        long deadline = System.currentTimeMillis() + 10_000;
        while (keysInDb0() > 100 && System.currentTimeMillis() < deadline) Thread.sleep(20);
        assertEquals(100, keysInDb0(), "only the keys without a TTL remain");
        assertTrue(engine.server().keyspace().stats.expiredKeys >= 2000);
    }
}
