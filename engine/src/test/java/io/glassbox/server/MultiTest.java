package io.glassbox.server;

import io.glassbox.engine.LocalClient;
import io.glassbox.resp.RespValue;
import io.glassbox.testkit.EngineFixture;
import io.glassbox.util.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * MULTI/EXEC/WATCH in-process, on a manual clock so that a watched key can expire without
 * sleeping. (Byte-exact comparisons with redis-server are in {@code diff/TransactionDifferentialTest}.)
 */
@Tag("unit")
class MultiTest {
    final EngineFixture f;
    final ManualClock clock;
    final LocalClient a, b;

    MultiTest() throws Exception {
        f = EngineFixture.builder().manualClock().noActiveExpire().start();
        clock = f.clock();
        a = f.client;
        b = f.newClient();
    }

    @AfterEach
    void close() { f.close(); }

    static RespValue ok() { return new RespValue.SimpleString("OK"); }

    static RespValue queued() { return new RespValue.SimpleString("QUEUED"); }

    static List<RespValue> items(RespValue v) { return ((RespValue.Array) v).items(); }

    long watchedKeys() { return f.engine.loop().submit(() -> f.engine.server().multi().totalWatchedKeys()).join(); }

    @Test
    void commandsAreQueuedAndRunTogetherKeepingRuntimeErrors() {
        assertEquals(ok(), a.call("SET", "s", "text"));
        assertEquals(ok(), a.call("MULTI"));
        assertEquals(queued(), a.call("INCR", "n"));
        assertEquals(queued(), a.call("INCR", "s"));
        assertEquals(queued(), a.call("INCR", "n"));
        // nothing ran yet: another client still sees no n
        assertEquals(new RespValue.Int(0), b.call("EXISTS", "n"));
        List<RespValue> r = items(a.call("EXEC"));
        assertEquals(new RespValue.Int(1), r.get(0));
        assertInstanceOf(RespValue.Error.class, r.get(1));
        assertEquals(new RespValue.Int(2), r.get(2));
    }

    @Test
    void anErrorWhileQueueingAbortsTheWholeTransaction() {
        a.call("MULTI");
        a.call("SET", "k", "v");
        assertInstanceOf(RespValue.Error.class, a.call("SET", "k"));
        assertEquals(new RespValue.Error("EXECABORT Transaction discarded because of previous errors."), a.call("EXEC"));
        assertEquals(new RespValue.Int(0), a.call("EXISTS", "k"));
    }

    @Test
    void aWriteByAnotherClientToAWatchedKeyFailsTheExec() {
        a.call("SET", "k", "1");
        assertEquals(ok(), a.call("WATCH", "k"));
        assertEquals(1, watchedKeys());
        b.call("APPEND", "k", "2");
        a.call("MULTI");
        a.call("SET", "k", "mine");
        assertInstanceOf(RespValue.Null.class, toNull(a.call("EXEC")));
        assertEquals("12", a.call("GET", "k").asText());
        assertEquals(0, watchedKeys()); // a dirty client stops watching at once
    }

    /** RESP2's null array decodes as an Array of kind '*' with null items or as Null, depending on the reader. */
    static RespValue toNull(RespValue v) {
        return v instanceof RespValue.Null ? v : (v instanceof RespValue.Array arr && arr.items() == null ? new RespValue.Null() : v);
    }

    @Test
    void aWatchedKeyThatExpiresFailsTheExecEvenBeforeItIsDeleted() {
        a.call("SET", "k", "v", "PX", "100");
        a.call("WATCH", "k");
        clock.advance(200);
        a.call("MULTI");
        a.call("PING");
        assertInstanceOf(RespValue.Null.class, toNull(a.call("EXEC")));
    }

    @Test
    void aKeyAlreadyExpiredWhenWatchedIsNoChangeWhenDeleted() {
        a.call("SET", "k", "v", "PX", "100");
        clock.advance(200);
        a.call("WATCH", "k");
        a.call("GET", "k"); // deletes the expired key
        a.call("MULTI");
        a.call("PING");
        assertEquals(List.of(new RespValue.SimpleString("PONG")), items(a.call("EXEC")));
    }

    @Test
    void blockingCommandsAnswerAtOnceInsideExec() {
        a.call("MULTI");
        a.call("BLPOP", "nolist", "0");
        List<RespValue> r = items(a.call("EXEC"));
        assertEquals(1, r.size());
        assertInstanceOf(RespValue.Null.class, toNull(r.get(0)));
    }

    @Test
    void closingAClientForgetsItsWatchedKeys() throws Exception {
        LocalClient c = f.engine.newClient();
        c.call("WATCH", "x", "y");
        assertEquals(2, watchedKeys());
        c.close();
        for (int i = 0; i < 500 && watchedKeys() != 0; i++) Thread.sleep(2);
        assertEquals(0, watchedKeys());
    }

    String clientLine(LocalClient c) {
        String list = b.call("CLIENT", "LIST").asText();
        return list.lines().filter(l -> l.startsWith("id=" + c.id() + " ")).findFirst().orElseThrow();
    }

    @Test
    void clientListShowsQueuedCommandsAndDirtyFlag() {
        a.call("MULTI");
        a.call("PING");
        a.call("PING");
        String line = clientLine(a);
        assertEquals(true, line.contains(" flags=x ") && line.contains(" multi=2 "), line);
        assertEquals(true, line.contains(" multi-mem=8 "), line); // "PING" twice: the queued arguments' bytes
        a.call("DISCARD");
        a.call("WATCH", "k");
        b.call("SET", "k", "v");
        a.call("MULTI");
        a.call("PING"); // a doomed transaction keeps nothing (queueMultiCommand), so multi stays 0
        line = clientLine(a);
        assertEquals(true, line.contains(" flags=xd ") && line.contains(" multi=0 "), line);
    }
}
