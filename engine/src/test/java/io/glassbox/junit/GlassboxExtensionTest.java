package io.glassbox.junit;

import io.glassbox.engine.Glassbox;
import io.glassbox.resp.RespValue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The extension as a user's test suite uses it, with a real client (Jedis) on the free port. */
@Tag("unit")
class GlassboxExtensionTest {

    @RegisterExtension
    static GlassboxExtension redis = GlassboxExtension.perClass(b -> b.config("maxmemory", "10mb"));

    static Glassbox fromBeforeAll;

    @BeforeAll
    static void seed(Glassbox server) {
        fromBeforeAll = server;
        server.call("SET", "seeded", "by-before-all");
    }

    @Test
    void aRealClientTalksToTheServerOnItsFreePort() {
        assertTrue(redis.port() > 0);
        try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
            assertEquals("by-before-all", jedis.get("seeded"));
            jedis.set("greeting", "hello");
        }
        assertEquals("hello", ((RespValue.Bulk) redis.server().call("GET", "greeting")).text());
        assertEquals("maxmemory\n10485760", String.join("\n",
                ((RespValue.Array) redis.server().call("CONFIG", "GET", "maxmemory")).items().stream()
                        .map(v -> ((RespValue.Bulk) v).text()).toList()));
    }

    @Test
    void theParameterIsTheClassServer(Glassbox server) {
        assertSame(redis.server(), server);
        assertSame(fromBeforeAll, server);
    }

    @Nested
    class PerTest {
        @RegisterExtension
        GlassboxExtension own = GlassboxExtension.perTest();

        @Test
        void eachTestGetsAnEmptyServerOfItsOwn() {
            assertNotEquals(redis.port(), own.port());
            assertEquals(0L, ((RespValue.Int) own.server().call("DBSIZE")).value());
            own.server().call("SET", "k", "v");
        }

        @Test
        void andAnotherOne() {
            assertEquals(0L, ((RespValue.Int) own.server().call("DBSIZE")).value());
        }
    }

    @Nested
    @ExtendWith(GlassboxExtension.class)
    class ByAnnotation {
        @Test
        void injectsAServer(Glassbox server) {
            assertEquals("PONG", ((RespValue.SimpleString) server.call("PING")).value());
        }
    }

    @Test
    void aSingleServerExtensionHasNoGroup() {
        assertThrows(IllegalStateException.class, redis::group);
    }

    @Test
    void manyServersGetDistinctPorts() {
        Set<Integer> ports = new HashSet<>();
        Glassbox[] all = new Glassbox[5];
        try {
            for (int i = 0; i < all.length; i++) {
                all[i] = Glassbox.start();
                ports.add(all[i].port());
            }
        } finally {
            for (Glassbox g : all) if (g != null) g.close();
        }
        assertEquals(5, ports.size());
    }

    @Test
    void aTakenPortIsAClearError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Glassbox.StartException e = assertThrows(Glassbox.StartException.class,
                    () -> Glassbox.builder().port(taken.getLocalPort()).start());
            assertTrue(e.getMessage().startsWith("Glassbox could not start on 127.0.0.1, port " + taken.getLocalPort()),
                    e.getMessage());
        }
    }

    @Test
    void aRefusedSettingIsAClearError() {
        Glassbox.StartException e = assertThrows(Glassbox.StartException.class,
                () -> Glassbox.builder().config("maxmemory-policy", "sometimes").start());
        assertTrue(e.getMessage().contains("maxmemory-policy"), e.getMessage());
    }

    @Test
    void withoutAPortOnlyDirectCallsReachIt() {
        try (Glassbox g = Glassbox.builder().noPort().start()) {
            assertEquals(0, g.port());
            assertEquals("OK", ((RespValue.SimpleString) g.call("SET", "a", "1")).value());
            assertThrows(IllegalStateException.class, g::uri);
        }
    }

    @Test
    void aLongReplyReachesADirectCallWhole() {
        // COMMAND DOCS is hundreds of KB: the server hands it over in several writes
        RespValue docs = redis.server().call("COMMAND", "DOCS");
        assertTrue(docs instanceof RespValue.Array a && a.items().size() > 300, "a flat name, docs list in RESP2");
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 20_000; i++) big.append("member-").append(i).append(' ');
        redis.server().call(("RPUSH biglist " + big).split(" "));
        assertEquals(20_000, ((RespValue.Array) redis.server().call("LRANGE", "biglist", "0", "-1")).items().size());
    }
}
