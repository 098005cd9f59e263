package io.glassbox.persistence.rdb;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.glassbox.resp.RespValue;
import io.glassbox.testkit.EngineFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.glassbox.testkit.Args.argv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of RESTORE (Jazzer; docs/fuzzing.md): the input is a payload's body (type
 * byte and RDB-encoded value); the harness adds a right version and CRC, so the fuzzer's bytes reach
 * the value decoder. With {@code sanitize-dump-payload} yes and no, RESTORE answers OK or "Bad data
 * format" (with no, also the error that stands for Redis's listpack assertion); with yes, a value it accepted must then answer every read command of its type without an
 * error and DUMP back to a payload that restores; with no (only a shallow check, as Redis, which
 * asserts where such a value is corrupt), a read may answer an error but never hang; either way
 * the server goes on answering. Seeds: DUMP payloads of
 * Glassbox and of Redis 7.0.15 for every type and encoding.
 */
@Tag("fuzz")
class RestorePayloadFuzzTest {
    private static final EngineFixture ENGINE = start();

    private static EngineFixture start() {
        try {
            return EngineFixture.builder().debug().start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() { ENGINE.close(); }

    private static final String[][] COMMON = {
            {"TYPE", "k"}, {"OBJECT", "ENCODING", "k"}, {"DEBUG", "DIGEST-VALUE", "k"}, {"MEMORY", "USAGE", "k"}, {"DUMP", "k"}};
    private static final java.util.Map<String, String[][]> READS = java.util.Map.of(
            "string", new String[][]{{"GET", "k"}, {"STRLEN", "k"}, {"GETRANGE", "k", "0", "-1"}},
            "list", new String[][]{{"LRANGE", "k", "0", "-1"}, {"LLEN", "k"}, {"LINDEX", "k", "-1"}, {"LPOS", "k", "x"}},
            "set", new String[][]{{"SMEMBERS", "k"}, {"SCARD", "k"}, {"SRANDMEMBER", "k", "-5"}, {"SISMEMBER", "k", "1"},
                    {"SSCAN", "k", "0"}},
            "zset", new String[][]{{"ZRANGE", "k", "0", "-1", "WITHSCORES"}, {"ZCARD", "k"}, {"ZRANGEBYSCORE", "k", "-inf", "+inf"},
                    {"ZRANDMEMBER", "k", "-5", "WITHSCORES"}, {"ZREVRANGEBYLEX", "k", "+", "-"}, {"ZSCAN", "k", "0"}},
            "hash", new String[][]{{"HGETALL", "k"}, {"HLEN", "k"}, {"HRANDFIELD", "k", "-5", "WITHVALUES"}, {"HSCAN", "k", "0"},
                    {"HSTRLEN", "k", "a"}},
            "stream", new String[][]{{"XRANGE", "k", "-", "+"}, {"XREVRANGE", "k", "+", "-"}, {"XLEN", "k"},
                    {"XINFO", "STREAM", "k", "FULL"}, {"XINFO", "GROUPS", "k"}});

    /**
     * What RESTORE answers where Redis asserts on a shallowly checked listpack (lpAssertValidEntry
     * under sanitize-dump-payload no; Redis then crashes): the command fails, "ASSERTION FAILED" is
     * logged as the suite's corrupt-dump tests expect, nothing is stored. Any other internal error
     * is a finding.
     */
    private static final String LISTPACK_ASSERTION = "ERR internal error in 'restore': io.glassbox.ds.listpack.Listpack$AssertionFailure";

    @FuzzTest
    void anyValueBytesAsARestorePayload(byte[] body) throws Exception {
        byte[] payload = DumpPayload.withFooter(body);
        assertTrue(DumpPayload.verify(payload));
        for (String sanitize : new String[]{"yes", "no"}) {
            call("CONFIG", "SET", "sanitize-dump-payload", sanitize);
            RespValue r = call(argv("RESTORE", "k", "0", payload, "REPLACE"));
            if (r instanceof RespValue.Error e) {
                if (!(sanitize.equals("no") && e.message().startsWith(LISTPACK_ASSERTION)))
                    assertEquals("ERR Bad data format", e.message(), "sanitize " + sanitize);
                continue;
            }
            assertEquals("OK", r.asText());
            for (String[] read : COMMON) read(read, sanitize);
            String type = call("TYPE", "k").asText();
            for (String[] read : READS.getOrDefault(type, new String[0][])) read(read, sanitize);
            if (sanitize.equals("no")) continue; // an unsanitized corrupt value need not DUMP back
            // what DUMP gives back restores to the same value
            RespValue dump = call("DUMP", "k");
            RespValue digest = call("DEBUG", "DIGEST-VALUE", "k");
            assertEquals("OK", call(argv("RESTORE", "k", "0", ((RespValue.Bulk) dump).value(), "REPLACE")).asText());
            assertEquals(digest, call("DEBUG", "DIGEST-VALUE", "k"));
        }
        assertEquals("PONG", call("PING").asText());
    }

    /** A read command on the restored key must answer (call() fails on a hang); with sanitize yes, not with an error. */
    private static void read(String[] cmd, String sanitize) throws Exception {
        RespValue v = call(cmd);
        if (sanitize.equals("no")) return;
        assertFalse(v instanceof RespValue.Error, String.join(" ", cmd) + " (sanitize " + sanitize + "): " + v);
    }

    private static RespValue call(String... args) throws Exception { return call(argv((Object[]) args)); }

    /** One command; ten seconds without a reply is a hang (a finding), not a slow run. */
    private static RespValue call(List<byte[]> a) throws Exception {
        return ENGINE.client.send(a).get(10, TimeUnit.SECONDS);
    }
}
