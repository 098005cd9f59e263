package io.glassbox.command.list;

import io.glassbox.engine.LocalClient;
import io.glassbox.resp.RespValue;
import io.glassbox.server.Client;
import io.glassbox.testkit.EngineFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.glassbox.testkit.EngineFixture.send;
import static io.glassbox.testkit.EngineFixture.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Blocking pops with several in-process clients: one blocks, another pushes. Time is a manual
 * clock, so a timeout passes only when the test moves the clock; the cron or the timer then
 * answers within a real tick.
 */
@Tag("unit")
class BlockingListCommandsTest {
    final EngineFixture f;
    final LocalClient a, b, c;

    BlockingListCommandsTest() throws Exception {
        f = EngineFixture.builder().manualClock().start();
        a = f.engine.newClient();
        b = f.engine.newClient();
        c = f.engine.newClient();
    }

    @AfterEach
    void close() { f.close(); }

    static RespValue await(CompletableFuture<RespValue> r) throws Exception { return r.get(5, TimeUnit.SECONDS); }

    /** Waits until n clients are blocked (the sends are asynchronous). */
    @Test
    void aPushServesTheBlockedClientAfterThePushReplies() throws Exception {
        CompletableFuture<RespValue> popped = send(a, "BLPOP", "k", "0");
        f.awaitBlocked(1);
        assertFalse(popped.isDone());
        String list = f.call("CLIENT", "LIST").asText();
        assertTrue(list.contains("id=" + a.id() + " ") && list.matches("(?s).*id=" + a.id() + " .*flags=b .*"), list);
        assertTrue(f.call("INFO", "clients").asText().contains("blocked_clients:1"));
        assertEquals(2, ((RespValue.Int) f.call("RPUSH", "k", "x", "y")).value()); // the pusher sees both
        assertEquals(List.of("k", "x"), texts(await(popped)));
        assertEquals(List.of("y"), texts(f.call("LRANGE", "k", "0", "-1")));
        assertEquals(0, f.blockedClients());
    }

    @Test
    void commandsSentWhileBlockedRunAfterTheUnblock() throws Exception {
        CompletableFuture<RespValue> popped = send(a, "BLPOP", "k", "0");
        f.awaitBlocked(1);
        CompletableFuture<RespValue> echo = send(a, "ECHO", "after");
        assertEquals("PONG", f.call("PING").asText()); // sent after the ECHO, answered: the server has the ECHO and holds it
        assertFalse(echo.isDone());
        f.call("RPUSH", "k", "x");
        assertEquals(List.of("k", "x"), texts(await(popped)));
        assertEquals("after", await(echo).asText());
        assertEquals(0, f.blockedClients());
    }

    @Test
    void firstBlockedFirstServedAndAnEmptiedKeyStopsServing() throws Exception {
        CompletableFuture<RespValue> ra = send(a, "BRPOP", "k", "0");
        f.awaitBlocked(1);
        CompletableFuture<RespValue> rb = send(b, "BLPOP", "k", "0");
        f.awaitBlocked(2);
        f.call("RPUSH", "k", "1");
        assertEquals(List.of("k", "1"), texts(await(ra)));
        assertFalse(rb.isDone());
        f.call("LPUSH", "k", "p", "q"); // list [q p]: b pops q from the head, p stays
        assertEquals(List.of("k", "q"), texts(await(rb)));
        assertEquals(List.of("p"), texts(f.call("LRANGE", "k", "0", "-1")));
    }

    @Test
    void oneClientOnSeveralKeysIsServedOnce() throws Exception {
        CompletableFuture<RespValue> ra = send(a, "BLPOP", "k1", "k2", "k1", "0");
        f.awaitBlocked(1);
        f.call("RPUSH", "k2", "v");
        assertEquals(List.of("k2", "v"), texts(await(ra)));
        f.call("RPUSH", "k1", "w");
        assertEquals(List.of("w"), texts(f.call("LRANGE", "k1", "0", "-1")));
    }

    @Test
    void blmoveChainsToClientsBlockedOnTheDestination() throws Exception {
        CompletableFuture<RespValue> rb = send(b, "BLPOP", "dst", "0");
        f.awaitBlocked(1);
        CompletableFuture<RespValue> ra = send(a, "BLMOVE", "src", "dst", "RIGHT", "LEFT", "0");
        f.awaitBlocked(2);
        f.call("RPUSH", "src", "v");
        assertEquals("v", await(ra).asText());
        assertEquals(List.of("dst", "v"), texts(await(rb)));
        assertEquals(0, ((RespValue.Int) f.call("EXISTS", "src", "dst")).value());
    }

    @Test
    void blmoveToAWrongTypeDestinationAnswersWrongType() throws Exception {
        f.call("SET", "dst", "string");
        CompletableFuture<RespValue> ra = send(a, "BRPOPLPUSH", "src", "dst", "0");
        f.awaitBlocked(1);
        f.call("RPUSH", "src", "v");
        assertEquals(new RespValue.Error("WRONGTYPE Operation against a key holding the wrong kind of value"), await(ra));
        assertEquals(List.of("v"), texts(f.call("LRANGE", "src", "0", "-1")));
    }

    @Test
    void blmpopServedWithItsCount() throws Exception {
        CompletableFuture<RespValue> ra = send(a, "BLMPOP", "0", "2", "x", "y", "RIGHT", "COUNT", "2");
        f.awaitBlocked(1);
        f.call("RPUSH", "y", "1", "2", "3");
        assertEquals(List.of("y", "[3, 2]"), texts(await(ra)));
    }

    @Test
    void timeoutAnswersANullArray() throws Exception {
        CompletableFuture<RespValue> ra = send(a, "BLPOP", "k", "0.1");
        CompletableFuture<RespValue> rb = send(b, "BLMOVE", "k", "d", "LEFT", "LEFT", "0.2");
        f.awaitBlocked(2);
        f.awaitCronRuns(3); // real time passes and serverCron checks the timeouts, the manual clock does not move: still blocked
        assertFalse(ra.isDone());
        f.clock().advance(101);
        assertInstanceOf(RespValue.Null.class, await(ra));
        assertFalse(rb.isDone());
        f.clock().advance(100);
        assertInstanceOf(RespValue.Null.class, await(rb));
        assertEquals(0, f.blockedClients());
        // the clients read commands again
        assertEquals("PONG", a.call("PING").asText());
    }

    @Test
    void aClosedBlockedClientLeavesTheQueue() throws Exception {
        send(a, "BLPOP", "k", "0");
        f.awaitBlocked(1);
        a.close();
        f.awaitBlocked(0);
        f.call("RPUSH", "k", "kept");
        assertEquals(List.of("kept"), texts(f.call("LRANGE", "k", "0", "-1")));
    }

    @Test
    void denyBlockingAnswersAtOnce() throws Exception {
        Client sc = f.serverClient(a);
        f.onLoop(() -> { sc.denyBlocking = true; return null; }); // what MULTI and scripts will set
        assertInstanceOf(RespValue.Null.class, a.call("BLPOP", "k", "0"));
        assertInstanceOf(RespValue.Null.class, a.call("BLMOVE", "k", "d", "LEFT", "LEFT", "0"));
        assertEquals(0, f.blockedClients());
    }

    @Test
    void aKeyOfAnotherTypeDoesNotWakeTheClient() throws Exception {
        CompletableFuture<RespValue> ra = send(a, "BLPOP", "k", "0");
        f.awaitBlocked(1);
        f.call("SET", "k", "str");
        f.call("DEL", "k");
        assertFalse(ra.isDone());
        f.call("RPUSH", "k", "v");
        assertEquals(List.of("k", "v"), texts(await(ra)));
    }
}
