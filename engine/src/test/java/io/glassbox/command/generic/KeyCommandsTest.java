package io.glassbox.command.generic;

import io.glassbox.resp.RespValue;
import io.glassbox.testkit.EngineFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.glassbox.testkit.EngineFixture.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DEL, UNLINK, EXISTS, TYPE, TOUCH, RENAME, MOVE, COPY, KEYS, SCAN, RANDOMKEY as db.c defines them. */
@Tag("unit")
class KeyCommandsTest {
    private EngineFixture e;

    @BeforeEach
    void start() throws Exception { e = EngineFixture.builder().commandsOnly().start(); }

    @AfterEach
    void stop() { e.close(); }

    @Test
    void delCountsOnlyKeysThatExistedAndEachWriteOnce() {
        e.call("SET", "a", "1");
        e.call("SET", "b", "2");
        long dirty = e.dirty();
        e.assertInt(2, "DEL", "a", "b", "a", "nokey");
        assertEquals(dirty + 2, e.dirty());
        e.assertInt(0, "EXISTS", "a", "b");
        e.call("SET", "a", "1");
        e.assertInt(1, "UNLINK", "a");
    }

    @Test
    void delDoesNotCountAKeyWhoseTtlHasPassed() {
        e.call("SET", "k", "v", "PX", "100");
        e.clock().advance(101);
        e.assertInt(0, "DEL", "k");
        assertEquals(1, e.onLoop(() -> e.engine.server().keyspace().stats.expiredKeys));
    }

    @Test
    void existsCountsRepeatedKeysAndTypeNamesTheValue() {
        e.call("SET", "s", "v");
        e.assertInt(3, "EXISTS", "s", "s", "s", "nokey");
        e.assertStatus("string", "TYPE", "s");
        e.assertStatus("none", "TYPE", "nokey");
    }

    @Test
    void touchRefreshesTheLruClockButExistsAndTypeDoNot() {
        e.call("SET", "k", "v");
        e.clock().advance(30_000);
        e.call("EXISTS", "k");
        e.call("TYPE", "k");
        e.assertInt(30, "OBJECT", "IDLETIME", "k");
        e.assertInt(1, "TOUCH", "k", "nokey");
        e.assertInt(0, "OBJECT", "IDLETIME", "k");
    }

    @Test
    void renameMovesTheValueAndItsTtl() {
        e.call("SET", "src", "v");
        e.call("PEXPIREAT", "src", Long.toString(EngineFixture.START + 50_000));
        e.call("SET", "dst", "old");
        e.assertOk("RENAME", "src", "dst");
        e.assertBulk("v", "GET", "dst");
        e.assertInt(EngineFixture.START + 50_000, "PEXPIRETIME", "dst");
        e.assertInt(0, "EXISTS", "src");
        e.assertError("ERR no such key", "RENAME", "src", "x");
        e.assertOk("RENAME", "dst", "dst");
    }

    @Test
    void renamenxLeavesAnExistingDestinationAlone() {
        e.call("SET", "a", "1");
        e.call("SET", "b", "2");
        e.assertInt(0, "RENAMENX", "a", "b");
        e.assertBulk("2", "GET", "b");
        e.assertInt(1, "RENAMENX", "a", "c");
        e.assertInt(0, "RENAMENX", "c", "c");
    }

    @Test
    void moveTakesTheTtlAlongAndRefusesAnOccupiedDestination() {
        e.call("SET", "k", "v");
        e.call("PEXPIREAT", "k", Long.toString(EngineFixture.START + 9_000));
        e.assertInt(1, "MOVE", "k", "3");
        e.assertInt(0, "EXISTS", "k");
        e.call("SELECT", "3");
        e.assertInt(EngineFixture.START + 9_000, "PEXPIRETIME", "k");
        e.call("SELECT", "0");
        e.call("SET", "k", "here");
        e.assertInt(0, "MOVE", "k", "3");
        e.assertError("ERR source and destination objects are the same", "MOVE", "k", "0");
        e.assertError("ERR DB index is out of range", "MOVE", "k", "16");
    }

    @Test
    void copyIsDeepSoWritingTheCopyLeavesTheOriginal() {
        e.call("SET", "orig", "abc");
        e.call("APPEND", "orig", "def"); // raw encoding: a byte[] that SETRANGE edits in place
        e.assertInt(1, "COPY", "orig", "copy");
        e.call("SETRANGE", "copy", "0", "X");
        e.assertBulk("Xbcdef", "GET", "copy");
        e.assertBulk("abcdef", "GET", "orig");
        e.assertInt(0, "COPY", "orig", "copy");
        e.assertInt(1, "COPY", "orig", "copy", "REPLACE");
        e.assertBulk("abcdef", "GET", "copy");
    }

    @Test
    void copyToAnotherDatabaseKeepsTheTtl() {
        e.call("SET", "k", "v");
        e.call("PEXPIREAT", "k", Long.toString(EngineFixture.START + 5_000));
        e.assertInt(1, "COPY", "k", "k", "DB", "2");
        e.call("SELECT", "2");
        e.assertInt(EngineFixture.START + 5_000, "PEXPIRETIME", "k");
        e.clock().advance(5_001);
        e.assertInt(0, "EXISTS", "k");
    }

    @Test
    void keysLeavesOutExpiredKeysWithoutDeletingThem() {
        e.call("SET", "live", "v");
        e.call("SET", "dead", "v", "PX", "10");
        e.clock().advance(11);
        assertEquals(List.of("live"), texts(e.call("KEYS", "*")));
        assertEquals(2L, e.onLoop(() -> e.db(0).size()), "KEYS only reads");
        assertEquals(List.of(), texts(e.call("KEYS", "d*")));
    }

    @Test
    void scanFiltersByPatternTypeAndTtl() {
        for (int i = 0; i < 50; i++) e.call("SET", "user:" + i, "v");
        e.call("SET", "other", "v");
        e.call("SET", "gone", "v", "PX", "10");
        e.clock().advance(11);
        Set<String> seen = scanAll("MATCH", "user:*", "TYPE", "string");
        assertEquals(50, seen.size());
        assertTrue(scanAll("TYPE", "list").isEmpty());
        Set<String> all = scanAll();
        assertFalse(all.contains("gone"));
        assertEquals(51, all.size());
        assertEquals(51L, e.onLoop(() -> e.db(0).size()), "SCAN deletes the expired keys it meets");
    }

    @Test
    void scanParsesItsCursorLikeStrtoul() {
        e.assertError("ERR invalid cursor", "SCAN", "abc");
        e.assertError("ERR invalid cursor", "SCAN", " 1");
        e.assertError("ERR invalid cursor", "SCAN", "18446744073709551616");
        e.assertError("ERR syntax error", "SCAN", "0", "COUNT", "0");
        e.assertError("ERR value is not an integer or out of range", "SCAN", "0", "COUNT", "x");
        // -1 is 2^64-1 and an empty cursor is 0, as strtoul reads them
        assertEquals("0", scanReply("-1").get(0).asText());
        assertEquals("0", scanReply("").get(0).asText());
    }

    /**
     * The SCAN guarantee: a key present from the first call to the last is returned, although
     * between calls the dict grows and is half-way through a rehash (two tables, the cursor's
     * bucket read from both).
     */
    @Test
    void scanReturnsEveryKeyPresentForTheWholeScanWhileTheDictRehashes() {
        int n = 1000;
        for (int i = 0; i < n; i++) e.call("SET", "key:" + i, "v");
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int added = 0, callsWhileRehashing = 0, calls = 0;
        do {
            if (e.onLoop(() -> e.db(0).dict().isRehashing())) callsWhileRehashing++;
            List<RespValue> r = scanReply(cursor, "COUNT", "10");
            cursor = r.get(0).asText();
            seen.addAll(texts(r.get(1)));
            calls++;
            // Grow the dict between calls; delete keys that were not there from the start.
            for (int j = 0; j < 5; j++) e.call("SET", "new:" + added++, "v");
            if (added > 10) e.call("DEL", "new:" + (added - 10));
        } while (!cursor.equals("0"));
        for (int i = 0; i < n; i++) assertTrue(seen.contains("key:" + i), "key:" + i + " missed");
        assertTrue(callsWhileRehashing > 10, "the dict should rehash during the scan, was "
                + callsWhileRehashing + " of " + calls + " calls");
    }

    @Test
    void randomkeyOnAnEmptyDatabaseIsNilAndSkipsExpiredKeys() {
        e.assertBulk(null, "RANDOMKEY");
        e.call("SET", "only", "v");
        e.call("SET", "dead", "v", "PX", "10");
        e.clock().advance(11);
        for (int i = 0; i < 20; i++) e.assertBulk("only", "RANDOMKEY");
    }

    private List<RespValue> scanReply(String cursor, String... opts) {
        String[] argv = new String[2 + opts.length];
        argv[0] = "SCAN";
        argv[1] = cursor;
        System.arraycopy(opts, 0, argv, 2, opts.length);
        RespValue r = e.call(argv);
        return ((RespValue.Array) r).items();
    }

    private Set<String> scanAll(String... opts) {
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        do {
            List<RespValue> r = scanReply(cursor, opts);
            cursor = r.get(0).asText();
            seen.addAll(texts(r.get(1)));
        } while (!cursor.equals("0"));
        return seen;
    }
}
