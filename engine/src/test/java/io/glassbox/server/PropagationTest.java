package io.glassbox.server;

import io.glassbox.engine.LocalClient;
import io.glassbox.testkit.EngineFixture;
import io.glassbox.util.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What a master propagates, as a replica or the AOF would receive it: requests are rewritten into
 * their effects (absolute times, the member SPOP picked, the non-blocking form of a blocking pop),
 * several effects of one command are wrapped in MULTI/EXEC, expired keys become DELs, and a SELECT
 * precedes a change of database. The expected lines are what real Redis 7.0.15 wrote to its AOF for
 * the same commands ({@code PropagationDifferentialTest} compares whole streams).
 */
@Tag("unit")
class PropagationTest {
    private static final long T0 = 1_700_000_000_000L;
    private EngineFixture f;
    private ManualClock clock;
    private LocalClient c;
    /** Every op the target heard, as "db: ARG ARG ...". */
    private final List<String> heard = java.util.Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws Exception {
        f = EngineFixture.builder().manualClock(T0).noActiveExpire().start();
        clock = f.clock();
        f.onLoop(() -> f.engine.server().propagation().addTarget((dbid, argv) -> {
            StringBuilder sb = new StringBuilder().append(dbid).append(':');
            for (byte[] a : argv) sb.append(' ').append(new String(a, StandardCharsets.UTF_8));
            heard.add(sb.toString());
        }));
        c = f.client;
    }

    @AfterEach
    void stop() { f.close(); }

    private List<String> heard() {
        List<String> l = new ArrayList<>(heard);
        heard.clear();
        return l;
    }

    @Test
    void readsAndNoOpsAreNotPropagated() {
        c.call("GET", "k");
        c.call("DEL", "missing");
        c.call("SET", "k", "v", "NX");
        c.call("SET", "k", "w", "NX");
        assertEquals(List.of("0: SET k v NX"), heard());
    }

    @Test
    void relativeTimesBecomeAbsolute() {
        long now = T0;
        c.call("SET", "a", "1", "EX", "100");
        c.call("SET", "b", "1", "PX", "500", "GET");
        c.call("SETEX", "c", "10", "v");
        c.call("PSETEX", "d", "10", "v");
        c.call("EXPIRE", "a", "200", "GT");
        c.call("pexpireat", "a", "1800000000000");
        c.call("GETEX", "a", "EX", "5");
        c.call("GETEX", "a", "PERSIST");
        assertEquals(List.of(
                "0: SET a 1 PXAT " + (now + 100_000),
                "0: SET b 1 PXAT " + (now + 500),
                "0: SET c v PXAT " + (now + 10_000),
                "0: SET d v PXAT " + (now + 10),
                "0: PEXPIREAT a " + (now + 200_000) + " GT",
                "0: pexpireat a 1800000000000",
                "0: PEXPIREAT a " + (now + 5_000),
                "0: PERSIST a"), heard());
    }

    @Test
    void aDeadlineInThePastDeletes() {
        c.call("SET", "a", "1");
        c.call("SET", "b", "1");
        c.call("EXPIRE", "a", "-1");
        c.call("GETEX", "b", "PXAT", "1");
        assertEquals(List.of("0: SET a 1", "0: SET b 1", "0: DEL a", "0: DEL b"), heard());
        c.call("CONFIG", "SET", "lazyfree-lazy-expire", "yes");
        c.call("SET", "a", "1");
        c.call("PEXPIRE", "a", "0");
        assertEquals(List.of("0: SET a 1", "0: UNLINK a"), heard());
    }

    @Test
    void floatsPropagateTheirResult() {
        c.call("INCRBYFLOAT", "f", "1.5");
        c.call("HINCRBYFLOAT", "h", "x", "2.25");
        c.call("GETSET", "f", "3");
        assertEquals(List.of("0: SET f 1.5 KEEPTTL", "0: HSET h x 2.25", "0: SET f 3"), heard());
    }

    @Test
    void spopPropagatesTheMembersItPickedInOneTransaction() {
        c.call("SADD", "s", "1", "2", "3", "4", "5");
        heard();
        String one = c.call("SPOP", "s").asText();
        assertEquals(List.of("0: SREM s " + one), heard());
        List<String> l = heard;
        c.call("SPOP", "s", "2");
        List<String> ops = heard();
        assertEquals(4, ops.size(), ops.toString());
        assertEquals("0: MULTI", ops.get(0));
        assertEquals("0: EXEC", ops.get(3));
        c.call("SPOP", "s", "10");
        assertEquals(List.of("0: DEL s"), heard());
    }

    @Test
    void blockingPopsPropagateTheirNonBlockingForm() {
        c.call("RPUSH", "l", "a", "b", "c", "d");
        c.call("BLPOP", "l", "0");
        c.call("BLMOVE", "l", "l2", "left", "right", "0");
        c.call("BRPOPLPUSH", "l", "l2", "0");
        c.call("LMPOP", "1", "l", "LEFT", "COUNT", "5");
        c.call("ZADD", "z", "1", "a", "2", "b", "3", "c");
        c.call("BZPOPMIN", "z", "0");
        c.call("ZMPOP", "1", "z", "MAX", "COUNT", "9");
        assertEquals(List.of("0: RPUSH l a b c d", "0: LPOP l", "0: LMOVE l l2 left right", "0: RPOPLPUSH l l2",
                "0: LPOP l 1", "0: ZADD z 1 a 2 b 3 c", "0: ZPOPMIN z", "0: ZPOPMAX z 2"), heard());
    }

    @Test
    void aServedBlockedClientPropagatesItsPopAfterThePush() throws Exception {
        LocalClient waiter = f.engine.newClient();
        var reply = waiter.send(List.of("BLMOVE".getBytes(), "src".getBytes(), "dst".getBytes(),
                "LEFT".getBytes(), "RIGHT".getBytes(), "0".getBytes()));
        LocalClient waiter2 = f.engine.newClient();
        var reply2 = waiter2.send(List.of("BRPOP".getBytes(), "src".getBytes(), "0".getBytes()));
        f.awaitBlocked(2);
        c.call("RPUSH", "src", "x", "y", "z");
        reply.get();
        reply2.get();
        assertEquals(List.of("0: RPUSH src x y z", "0: LMOVE src dst left right", "0: RPOP src"), heard());
    }

    @Test
    void anExpiredKeyBecomesADelInsideTheTransactionOfTheCommandThatFoundIt() {
        c.call("SET", "k", "v", "PX", "100");
        heard();
        clock.advance(200);
        c.call("SET", "k", "w");
        assertEquals(List.of("0: MULTI", "0: DEL k", "0: SET k w", "0: EXEC"), heard());
        c.call("SET", "r", "v", "PX", "100");
        heard();
        clock.advance(200);
        c.call("GET", "r");
        assertEquals(List.of("0: DEL r"), heard(), "a read that finds a key expired propagates only the DEL");
    }

    @Test
    void opsCarryTheirDatabase() {
        c.call("SELECT", "3");
        c.call("SET", "k", "v");
        c.call("SWAPDB", "3", "4");
        assertEquals(List.of("3: SET k v", "3: SWAPDB 3 4"), heard());
    }

    @Test
    void restorePropagatesAnAbsoluteTtl() {
        c.call("SET", "src", "hello");
        byte[] payload = ((io.glassbox.resp.RespValue.Bulk) c.call("DUMP", "src")).value();
        heard();
        c.call(List.of("RESTORE".getBytes(), "dst".getBytes(), "5000".getBytes(), payload));
        c.call(List.of("RESTORE".getBytes(), "dst".getBytes(), "1".getBytes(), payload, "REPLACE".getBytes(), "ABSTTL".getBytes()));
        List<String> ops = heard();
        assertEquals(2, ops.size(), ops.toString());
        assertEquals("0: RESTORE dst " + (T0 + 5000) + " ", ops.get(0).substring(0, ("0: RESTORE dst " + (T0 + 5000) + " ").length()));
        assertEquals(true, ops.get(0).endsWith(" ABSTTL"), ops.get(0));
        assertEquals("0: DEL dst", ops.get(1), "an absolute TTL in the past only deletes the old value");
    }
}
