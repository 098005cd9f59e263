package io.glassbox.clients;

import io.glassbox.engine.Engine;
import io.glassbox.testkit.Await;
import io.glassbox.testkit.EngineFixture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.support.caching.CacheAccessor;
import io.lettuce.core.support.caching.CacheFrontend;
import io.lettuce.core.support.caching.ClientSideCaching;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.csc.DefaultCache;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lettuce's and Jedis's own client-side caches over RESP3 against Glassbox: a value read once is
 * served from the client's memory, and another client's write reaches the cache as an invalidation
 * push, so the next read sees the new value.
 */
@Tag("interop")
class ClientSideCachingTest {
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
    void lettuceClientSideCaching() {
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + engine.port());
        try (StatefulRedisConnection<String, String> writer = client.connect()) {
            StatefulRedisConnection<String, String> conn = client.connect(); // the cache closes it
            writer.sync().set("lettuce:csc", "v1");
            Map<String, String> local = new ConcurrentHashMap<>();
            List<String> invalidated = new CopyOnWriteArrayList<>();
            CacheFrontend<String, String> cache = ClientSideCaching.enable(CacheAccessor.forMap(local), conn,
                    TrackingArgs.Builder.enabled());
            ((ClientSideCaching<String, String>) cache).addInvalidationListener(invalidated::add);

            assertEquals("v1", cache.get("lettuce:csc"));
            assertEquals("v1", local.get("lettuce:csc"), "the value is now in the client's own map");
            // served from the map: change the map behind the server's back and the cache returns it
            local.put("lettuce:csc", "from-the-map");
            assertEquals("from-the-map", cache.get("lettuce:csc"));

            writer.sync().set("lettuce:csc", "v2"); // the server pushes "invalidate [lettuce:csc]"
            Await.until("Lettuce's invalidation listener hears of lettuce:csc", () -> invalidated.contains("lettuce:csc"));
            assertFalse(local.containsKey("lettuce:csc"), "the invalidation evicted the key from the map");
            assertEquals("v2", cache.get("lettuce:csc"));
            cache.close();
        } finally {
            client.shutdown();
        }
    }

    /** Jedis refuses a server older than 7.4 unless the cache runs in its compatibility mode. */
    private static final class Cache70 extends DefaultCache {
        Cache70() { super(100); }

        @Override public boolean compatibilityMode() { return true; }
    }

    @Test
    void jedisClientSideCaching() {
        Cache70 local = new Cache70();
        try (UnifiedJedis cached = new UnifiedJedis(new HostAndPort("127.0.0.1", engine.port()),
                DefaultJedisClientConfig.builder().resp3().build(), local);
             Jedis writer = new Jedis("127.0.0.1", engine.port())) {
            writer.set("jedis:csc", "v1");
            assertEquals("v1", cached.get("jedis:csc"));
            assertEquals(1, local.getSize(), "the reply is cached");
            assertEquals("v1", cached.get("jedis:csc"));
            assertEquals(1, local.getStats().getHitCount(), "the second read came from the cache");

            writer.set("jedis:csc", "v2"); // the server pushes "invalidate [jedis:csc]"
            // Jedis reads pending pushes before it looks in its cache: the stale entry is gone
            assertEquals("v2", cached.get("jedis:csc"));
            assertTrue(local.getStats().getInvalidationCount() >= 1, "an invalidation arrived: " + local.getStats());
            assertEquals(1, local.getStats().getHitCount(), "the read after the write was not a hit");

            writer.flushAll(); // a flush invalidates everything (a null in place of the keys)
            assertEquals(null, cached.get("jedis:csc"));
        }
    }
}
