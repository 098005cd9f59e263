package io.glassbox.command.generic;

import io.glassbox.testkit.EngineFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static io.glassbox.testkit.EngineFixture.START;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** EXPIRE and friends, TTL and friends, PERSIST as expire.c defines them, on a manual clock. */
@Tag("unit")
class ExpireCommandsTest {
    private EngineFixture e;

    @BeforeEach
    void start() throws Exception { e = EngineFixture.builder().commandsOnly().start(); }

    @AfterEach
    void stop() { e.close(); }

    @Test
    void theFourVariantsStoreOneAbsoluteMillisecondTime() {
        e.call("SET", "k", "v");
        e.assertInt(1, "EXPIRE", "k", "100");
        e.assertInt(START + 100_000, "PEXPIRETIME", "k");
        e.assertInt(1, "PEXPIRE", "k", "1500");
        e.assertInt(START + 1_500, "PEXPIRETIME", "k");
        e.assertInt(1, "EXPIREAT", "k", Long.toString(START / 1000 + 60));
        e.assertInt(START + 60_000, "PEXPIRETIME", "k");
        e.assertInt((START + 60_000) / 1000, "EXPIRETIME", "k");
        e.assertInt(1, "PEXPIREAT", "k", Long.toString(START + 7));
        e.assertInt(7, "PTTL", "k");
    }

    @Test
    void ttlRoundsToTheNearestSecondAndCountsDown() {
        e.call("SET", "k", "v");
        e.call("PEXPIRE", "k", "1500");
        e.assertInt(2, "TTL", "k");
        e.clock().advance(1001);
        e.assertInt(499, "PTTL", "k");
        e.assertInt(0, "TTL", "k");
        e.clock().advance(499);
        e.assertInt(0, "PTTL", "k"); // due now, but a key expires only once now > when
        e.clock().advance(1);
        e.assertInt(-2, "PTTL", "k");
        e.call("SET", "p", "v");
        e.assertInt(-1, "TTL", "p");
        e.assertInt(-1, "PEXPIRETIME", "p");
    }

    @Test
    void aTimeInThePastDeletesTheKeyAtOnce() {
        e.call("SET", "a", "v");
        e.assertInt(1, "EXPIRE", "a", "-1");
        e.assertInt(0, "EXISTS", "a");
        e.call("SET", "b", "v");
        e.assertInt(1, "PEXPIREAT", "b", Long.toString(START));
        e.assertInt(0, "EXISTS", "b");
        e.assertInt(0, "EXPIRE", "nokey", "-1");
    }

    @Test
    void nxXxGtLtCompareWithTheCurrentTtlWhereNoTtlIsInfinitelyLate() {
        e.call("SET", "k", "v");
        e.assertInt(0, "EXPIRE", "k", "100", "XX");
        e.assertInt(0, "EXPIRE", "k", "100", "GT");  // no TTL is later than any time
        e.assertInt(1, "EXPIRE", "k", "100", "LT");  // ... and any time is earlier
        e.assertInt(0, "EXPIRE", "k", "200", "NX");
        e.assertInt(0, "EXPIRE", "k", "50", "GT");
        e.assertInt(1, "EXPIRE", "k", "200", "GT");
        e.assertInt(0, "EXPIRE", "k", "200", "LT");
        e.assertInt(1, "EXPIRE", "k", "150", "XX", "LT");
        e.assertInt(150, "TTL", "k");
    }

    @Test
    void optionAndOverflowErrors() {
        e.call("SET", "k", "v");
        e.assertError("ERR NX and XX, GT or LT options at the same time are not compatible", "EXPIRE", "k", "1", "NX", "XX");
        e.assertError("ERR NX and XX, GT or LT options at the same time are not compatible", "EXPIRE", "k", "1", "NX", "LT");
        e.assertError("ERR GT and LT options at the same time are not compatible", "EXPIRE", "k", "1", "GT", "LT");
        e.assertError("ERR Unsupported option FOO", "EXPIRE", "k", "1", "FOO");
        e.assertError("ERR value is not an integer or out of range", "EXPIRE", "k", "1.5");
        e.assertError("ERR invalid expire time in 'expire' command", "EXPIRE", "k", "9223372036854776");
        e.assertError("ERR invalid expire time in 'expire' command", "EXPIRE", "k", "-9223372036854776");
        e.assertError("ERR invalid expire time in 'pexpire' command", "PEXPIRE", "k", "9223372036854775807");
        e.assertError("ERR invalid expire time in 'expireat' command", "EXPIREAT", "k", "9223372036854776");
        e.assertInt(-1, "TTL", "k");
    }

    @Test
    void persistRemovesTheTtlAndCountsAsAWrite() {
        e.call("SET", "k", "v", "EX", "10");
        long dirty = e.dirty();
        e.assertInt(1, "PERSIST", "k");
        assertEquals(dirty + 1, e.dirty());
        e.assertInt(0, "PERSIST", "k");
        e.assertInt(0, "PERSIST", "nokey");
        e.assertInt(-1, "TTL", "k");
        e.clock().advance(60_000);
        e.assertInt(1, "EXISTS", "k");
    }

    @Test
    void ttlQueriesDoNotTouchTheKey() {
        e.call("SET", "k", "v", "EX", "1000");
        e.clock().advance(20_000);
        e.call("TTL", "k");
        e.call("PTTL", "k");
        e.call("EXPIRETIME", "k");
        e.assertInt(20, "OBJECT", "IDLETIME", "k");
    }
}
