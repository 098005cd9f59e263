package io.glassbox.clients;

import io.glassbox.engine.Engine;
import io.glassbox.testkit.EngineFixture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jedis and Lettuce, with their own handshakes (Lettuce: HELLO 3 first), used as an application would. */
@Tag("interop")
class ClientLibrariesTest {
    private static Engine engine;

    @BeforeAll
    static void start() throws Exception {
        engine = EngineFixture.builder().listening().startEngine();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void jedis() {
        try (Jedis j = new Jedis("127.0.0.1", engine.port())) {
            assertEquals("PONG", j.ping());
            assertEquals("OK", j.set("jedis:k", "v"));
            assertEquals("v", j.get("jedis:k"));
            assertEquals(5L, j.incrBy("jedis:n", 5));
            assertEquals("OK", j.set("jedis:t", "x", SetParams.setParams().ex(100)));
            assertTrue(j.ttl("jedis:t") > 90);
            assertEquals(List.of("v", "5"), j.mget("jedis:k", "jedis:n"));
            assertNull(j.get("jedis:missing"));
            Set<String> seen = new HashSet<>();
            String cursor = "0";
            do {
                ScanResult<String> r = j.scan(cursor, new ScanParams().match("jedis:*").count(2));
                seen.addAll(r.getResult());
                cursor = r.getCursor();
            } while (!cursor.equals("0"));
            assertEquals(Set.of("jedis:k", "jedis:n", "jedis:t"), seen);
            assertEquals(3L, j.del("jedis:k", "jedis:n", "jedis:t"));
        }
    }

    @Test
    void lettuceWithItsResp3Handshake() {
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + engine.port());
        try (StatefulRedisConnection<String, String> conn = client.connect()) {
            RedisCommands<String, String> r = conn.sync();
            assertEquals("PONG", r.ping());
            assertEquals("OK", r.set("lettuce:k", "v"));
            assertEquals("v", r.get("lettuce:k"));
            assertEquals(2L, r.incrby("lettuce:n", 2));
            assertEquals(1L, r.del("lettuce:k"));
            assertTrue(r.expire("lettuce:n", 100));
            assertTrue(r.ttl("lettuce:n") > 90);
        } finally {
            client.shutdown();
        }
    }
}
