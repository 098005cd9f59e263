package io.glassbox.diff;

import io.glassbox.engine.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The two servers every differential test talks to: Debian's redis-server (the oracle, started on a
 * free loopback port, or the test is skipped/failed as {@link RealRedis#startOrSkip} says) and a
 * Glassbox engine started the same way ({@link DifferentialTest#startGlassbox}), one pair per test class.
 */
abstract class AgainstRealRedis {
    static RealRedis redis;
    static Engine glassbox;

    @BeforeAll
    static void startServers() throws Exception {
        redis = RealRedis.startOrSkip();
        glassbox = DifferentialTest.startGlassbox();
    }

    @AfterAll
    static void stopServers() {
        if (glassbox != null) glassbox.close();
        if (redis != null) redis.close();
        glassbox = null;
        redis = null;
    }
}
