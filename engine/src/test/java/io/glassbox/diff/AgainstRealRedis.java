package io.glassbox.diff;

import io.glassbox.engine.Engine;
import io.glassbox.testkit.EngineFixture;
import io.glassbox.testkit.RealRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The two servers every differential test talks to: Debian's redis-server (the oracle, started on a
 * free loopback port, or the test is skipped/failed as {@link RealRedis#require} says) and a
 * Glassbox engine listening the same way with DEBUG enabled, one pair per test class.
 */
abstract class AgainstRealRedis {
    static RealRedis redis;
    static Engine glassbox;

    @BeforeAll
    static void startServers() throws Exception {
        redis = RealRedis.start();
        glassbox = startGlassbox();
    }

    /** A Glassbox engine as the differential tests want it: a loopback listener, DEBUG enabled. */
    static Engine startGlassbox() throws Exception {
        return EngineFixture.builder().listening().debug().startEngine();
    }

    @AfterAll
    static void stopServers() {
        if (glassbox != null) glassbox.close();
        if (redis != null) redis.close();
        glassbox = null;
        redis = null;
    }
}
