package io.glassbox.command.zset;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.resp.RespValue;
import io.glassbox.server.ServerSettings;
import io.glassbox.util.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The sorted-set commands through an in-process engine: what the differential script cannot see
 * (dirty counter, COPY, COMMAND GETKEYS with movable keys, random replies' shape).
 */
@Tag("unit")
class ZsetCommandsTest {
    Engine engine;
    LocalClient client;
    final ManualClock clock = new ManualClock(1_700_000_000_000L);

    @BeforeEach
    void start() throws Exception {
        ServerSettings s = new ServerSettings();
        s.port = 0;
        engine = Engine.start(s, clock);
        client = engine.newClient();
    }

    @AfterEach
    void stop() { engine.close(); }

    RespValue call(String... args) { return client.call(args); }

    long dirty() { return engine.loop().submit(() -> engine.server().keyspace().stats.dirty).join(); }

    static List<String> texts(RespValue r) {
        List<String> out = new ArrayList<>();
        for (RespValue v : assertInstanceOf(RespValue.Array.class, r).items()) out.add(v.asText());
        return out;
    }

    @Test
    void writesCountInDirtyOnlyWhenSomethingChanged() {
        long d0 = dirty();
        assertEquals(new RespValue.Int(3), call("ZADD", "z", "1", "a", "2", "b", "3", "c"));
        assertEquals(d0 + 3, dirty());
        call("ZADD", "z", "1", "a");
        assertEquals(d0 + 3, dirty(), "same score: nothing changed");
        call("ZADD", "z", "CH", "5", "a");
        assertEquals(d0 + 4, dirty());
        call("ZREM", "z", "a", "b", "nosuch");
        assertEquals(d0 + 6, dirty());
        call("ZREMRANGEBYRANK", "z", "0", "-1");
        assertEquals(d0 + 7, dirty());
        assertEquals(new RespValue.Int(0), call("EXISTS", "z"), "an emptied set is deleted");
    }

    @Test
    void copyDuplicatesBothEncodings() {
        call("ZADD", "small", "1", "a", "2", "b");
        call("CONFIG", "SET", "zset-max-listpack-entries", "1");
        call("ZADD", "big", "1", "a", "2", "b");
        for (String k : List.of("small", "big")) {
            assertEquals(new RespValue.Int(1), call("COPY", k, k + "2"));
            assertEquals(call("OBJECT", "ENCODING", k).asText(), call("OBJECT", "ENCODING", k + "2").asText());
            call("ZADD", k + "2", "9", "z");
            assertEquals(List.of("a", "b"), texts(call("ZRANGE", k, "0", "-1")));
            assertEquals(List.of("a", "b", "z"), texts(call("ZRANGE", k + "2", "0", "-1")));
        }
    }

    @Test
    void movableKeysForCommandGetkeys() {
        assertEquals(List.of("dst", "a", "b"),
                texts(call("COMMAND", "GETKEYS", "ZUNIONSTORE", "dst", "2", "a", "b", "WEIGHTS", "1", "2")));
        assertEquals(List.of("a", "b"), texts(call("COMMAND", "GETKEYS", "ZINTERCARD", "2", "a", "b", "LIMIT", "3")));
        assertEquals(List.of("a"), texts(call("COMMAND", "GETKEYS", "ZDIFF", "1", "a", "WITHSCORES")));
    }

    @Test
    void randomMembersAreMembers() {
        call("ZADD", "z", "1", "a", "2", "b", "3", "c");
        for (int i = 0; i < 20; i++) {
            assertTrue(List.of("a", "b", "c").contains(call("ZRANDMEMBER", "z").asText()));
            List<String> distinct = texts(call("ZRANDMEMBER", "z", "2"));
            assertEquals(2, distinct.size());
            assertNotEquals(distinct.get(0), distinct.get(1));
        }
        assertEquals(10, texts(call("ZRANDMEMBER", "z", "-5", "WITHSCORES")).size());
        assertEquals(3, texts(call("ZRANDMEMBER", "z", "10")).size());
    }

    @Test
    void zscanOfASkiplistSetVisitsEveryMemberOnce() {
        call("CONFIG", "SET", "zset-max-listpack-entries", "4");
        List<String> args = new ArrayList<>(List.of("ZADD", "z"));
        for (int i = 0; i < 100; i++) { args.add(String.valueOf(i)); args.add("m" + i); }
        call(args.toArray(String[]::new));
        java.util.Set<String> seen = new java.util.HashSet<>();
        String cursor = "0";
        do {
            List<RespValue> r = assertInstanceOf(RespValue.Array.class, call("ZSCAN", "z", cursor, "COUNT", "7")).items();
            cursor = r.get(0).asText();
            List<String> items = texts(r.get(1));
            for (int i = 0; i < items.size(); i += 2) {
                assertEquals("m" + items.get(i + 1), items.get(i));
                seen.add(items.get(i));
            }
        } while (!cursor.equals("0"));
        assertEquals(100, seen.size());
    }

    static java.util.concurrent.CompletableFuture<RespValue> send(LocalClient c, String... args) {
        List<byte[]> argv = new ArrayList<>();
        for (String a : args) argv.add(a.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return c.send(argv);
    }

    static RespValue await(java.util.concurrent.CompletableFuture<RespValue> r) throws Exception {
        return r.get(5, java.util.concurrent.TimeUnit.SECONDS);
    }

    void awaitBlocked(int n) throws InterruptedException {
        for (int i = 0; i < 500 && blocked() != n; i++) Thread.sleep(2);
        assertEquals(n, blocked());
    }

    int blocked() { return engine.loop().submit(() -> engine.server().blocking().blockedClients()).join(); }

    @Test
    void aZaddServesBlockedPoppersInTheOrderTheyBlocked() throws Exception {
        LocalClient a = engine.newClient(), b = engine.newClient();
        var first = send(a, "BZMPOP", "0", "1", "k", "MAX", "COUNT", "2");
        awaitBlocked(1);
        var second = send(b, "BZPOPMIN", "other", "k", "0");
        awaitBlocked(2);
        assertFalse(first.isDone());
        assertEquals(new RespValue.Int(3), call("ZADD", "k", "1", "x", "2", "y", "3", "z"), "the writer is answered first");
        RespValue r = await(first);
        List<RespValue> items = assertInstanceOf(RespValue.Array.class, r).items();
        assertEquals("k", items.get(0).asText());
        assertEquals(List.of("z", "3"), texts(assertInstanceOf(RespValue.Array.class, items.get(1)).items().get(0)));
        assertEquals(List.of("y", "2"), texts(assertInstanceOf(RespValue.Array.class, items.get(1)).items().get(1)));
        assertEquals(List.of("k", "x", "1"), texts(await(second)));
        assertEquals(new RespValue.Int(0), call("EXISTS", "k"), "the last pop deleted the key");
        assertEquals(0, blocked());
    }

    @Test
    void aBlockedPopTimesOutWithANullArray() throws Exception {
        LocalClient a = engine.newClient();
        var r = send(a, "BZPOPMAX", "k", "1.5");
        awaitBlocked(1);
        clock.advance(1499);
        Thread.sleep(50);
        assertFalse(r.isDone());
        clock.advance(2);
        assertInstanceOf(RespValue.Null.class, await(r));
        assertEquals(0, blocked());
    }
}
