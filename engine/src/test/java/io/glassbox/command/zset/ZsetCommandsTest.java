package io.glassbox.command.zset;

import io.glassbox.engine.LocalClient;
import io.glassbox.resp.RespValue;
import io.glassbox.testkit.EngineFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.glassbox.testkit.EngineFixture.send;
import static io.glassbox.testkit.EngineFixture.texts;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The sorted-set commands through an in-process engine: what the differential script cannot see
 * (dirty counter, COPY, COMMAND GETKEYS with movable keys, random replies' shape).
 */
@Tag("unit")
class ZsetCommandsTest {
    private EngineFixture f;

    @BeforeEach
    void start() throws Exception {
        f = EngineFixture.builder().manualClock().start();
    }

    @AfterEach
    void stop() { f.close(); }

    @Test
    void writesCountInDirtyOnlyWhenSomethingChanged() {
        long d0 = f.dirty();
        assertEquals(new RespValue.Int(3), f.call("ZADD", "z", "1", "a", "2", "b", "3", "c"));
        assertEquals(d0 + 3, f.dirty());
        f.call("ZADD", "z", "1", "a");
        assertEquals(d0 + 3, f.dirty(), "same score: nothing changed");
        f.call("ZADD", "z", "CH", "5", "a");
        assertEquals(d0 + 4, f.dirty());
        f.call("ZREM", "z", "a", "b", "nosuch");
        assertEquals(d0 + 6, f.dirty());
        f.call("ZREMRANGEBYRANK", "z", "0", "-1");
        assertEquals(d0 + 7, f.dirty());
        assertEquals(new RespValue.Int(0), f.call("EXISTS", "z"), "an emptied set is deleted");
    }

    @Test
    void copyDuplicatesBothEncodings() {
        f.call("ZADD", "small", "1", "a", "2", "b");
        f.call("CONFIG", "SET", "zset-max-listpack-entries", "1");
        f.call("ZADD", "big", "1", "a", "2", "b");
        for (String k : List.of("small", "big")) {
            assertEquals(new RespValue.Int(1), f.call("COPY", k, k + "2"));
            assertEquals(f.call("OBJECT", "ENCODING", k).asText(), f.call("OBJECT", "ENCODING", k + "2").asText());
            f.call("ZADD", k + "2", "9", "z");
            assertEquals(List.of("a", "b"), texts(f.call("ZRANGE", k, "0", "-1")));
            assertEquals(List.of("a", "b", "z"), texts(f.call("ZRANGE", k + "2", "0", "-1")));
        }
    }

    @Test
    void movableKeysForCommandGetkeys() {
        assertEquals(List.of("dst", "a", "b"),
                texts(f.call("COMMAND", "GETKEYS", "ZUNIONSTORE", "dst", "2", "a", "b", "WEIGHTS", "1", "2")));
        assertEquals(List.of("a", "b"), texts(f.call("COMMAND", "GETKEYS", "ZINTERCARD", "2", "a", "b", "LIMIT", "3")));
        assertEquals(List.of("a"), texts(f.call("COMMAND", "GETKEYS", "ZDIFF", "1", "a", "WITHSCORES")));
    }

    @Test
    void randomMembersAreMembers() {
        f.call("ZADD", "z", "1", "a", "2", "b", "3", "c");
        for (int i = 0; i < 20; i++) {
            assertTrue(List.of("a", "b", "c").contains(f.call("ZRANDMEMBER", "z").asText()));
            List<String> distinct = texts(f.call("ZRANDMEMBER", "z", "2"));
            assertEquals(2, distinct.size());
            assertNotEquals(distinct.get(0), distinct.get(1));
        }
        assertEquals(10, texts(f.call("ZRANDMEMBER", "z", "-5", "WITHSCORES")).size());
        assertEquals(3, texts(f.call("ZRANDMEMBER", "z", "10")).size());
    }

    @Test
    void zscanOfASkiplistSetVisitsEveryMemberOnce() {
        f.call("CONFIG", "SET", "zset-max-listpack-entries", "4");
        List<String> args = new ArrayList<>(List.of("ZADD", "z"));
        for (int i = 0; i < 100; i++) { args.add(String.valueOf(i)); args.add("m" + i); }
        f.call(args.toArray(String[]::new));
        java.util.Set<String> seen = new java.util.HashSet<>();
        String cursor = "0";
        do {
            List<RespValue> r = assertInstanceOf(RespValue.Array.class, f.call("ZSCAN", "z", cursor, "COUNT", "7")).items();
            cursor = r.get(0).asText();
            List<String> items = texts(r.get(1));
            for (int i = 0; i < items.size(); i += 2) {
                assertEquals("m" + items.get(i + 1), items.get(i));
                seen.add(items.get(i));
            }
        } while (!cursor.equals("0"));
        assertEquals(100, seen.size());
    }

    static RespValue await(CompletableFuture<RespValue> r) throws Exception {
        return r.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aZaddServesBlockedPoppersInTheOrderTheyBlocked() throws Exception {
        LocalClient a = f.engine.newClient(), b = f.engine.newClient();
        var first = send(a, "BZMPOP", "0", "1", "k", "MAX", "COUNT", "2");
        f.awaitBlocked(1);
        var second = send(b, "BZPOPMIN", "other", "k", "0");
        f.awaitBlocked(2);
        assertFalse(first.isDone());
        assertEquals(new RespValue.Int(3), f.call("ZADD", "k", "1", "x", "2", "y", "3", "z"), "the writer is answered first");
        RespValue r = await(first);
        List<RespValue> items = assertInstanceOf(RespValue.Array.class, r).items();
        assertEquals("k", items.get(0).asText());
        assertEquals(List.of("z", "3"), texts(assertInstanceOf(RespValue.Array.class, items.get(1)).items().get(0)));
        assertEquals(List.of("y", "2"), texts(assertInstanceOf(RespValue.Array.class, items.get(1)).items().get(1)));
        assertEquals(List.of("k", "x", "1"), texts(await(second)));
        assertEquals(new RespValue.Int(0), f.call("EXISTS", "k"), "the last pop deleted the key");
        assertEquals(0, f.blockedClients());
    }

    @Test
    void aBlockedPopTimesOutWithANullArray() throws Exception {
        LocalClient a = f.engine.newClient();
        var r = send(a, "BZPOPMAX", "k", "1.5");
        f.awaitBlocked(1);
        f.clock().advance(1499);
        f.awaitCronRuns(2); // the timeout was checked on the new time: 1 ms short
        assertFalse(r.isDone());
        f.clock().advance(2);
        assertInstanceOf(RespValue.Null.class, await(r));
        assertEquals(0, f.blockedClients());
    }
}
