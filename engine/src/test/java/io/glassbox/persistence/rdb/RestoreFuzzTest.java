package io.glassbox.persistence.rdb;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.resp.RespValue;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static io.glassbox.testkit.Args.argv;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * sanitize-dump-payload's promise: with {@code yes}, a payload with a right CRC but wrong bytes is
 * refused with "Bad data format" or, if it happens to decode, gives a value every read command can
 * walk, never an internal error. With {@code no} (Redis's default), listpacks are checked only
 * shallowly, as Redis does, so a command on such a value may fail with an internal error (where
 * Redis would assert), but every command answers and the server goes on.
 */
@Tag("fuzz")
class RestoreFuzzTest {
    @TempDir Path dir;

    @Test
    void corruptPayloadsNeverCrashOrPlantBrokenValues() throws Exception {
        Random rnd = new Random(42);
        try (Engine e = RdbRoundTripTest.start(dir)) {
            LocalClient c = e.newClient();
            RdbRoundTripTest.fill(c);
            c.call("CONFIG", "SET", "sanitize-dump-payload", "yes");
            int accepted = 0, refused = 0;
            for (String key : RdbTestData.KEYS) {
                byte[] good = ((RespValue.Bulk) c.call("DUMP", key)).value();
                for (int round = 0; round < 150; round++) {
                    byte[] p = good.clone();
                    int flips = 1 + rnd.nextInt(3);
                    for (int f = 0; f < flips; f++) p[rnd.nextInt(p.length - 10)] = (byte) rnd.nextInt(256);
                    if (rnd.nextInt(5) == 0) p = java.util.Arrays.copyOf(p, Math.max(11, rnd.nextInt(p.length)));
                    fixFooter(p);
                    RespValue r = c.send(argv("RESTORE", "fuzz", "0", p, "REPLACE")).join();
                    if (r instanceof RespValue.Error err) {
                        assertTrue(err.message().equals("ERR Bad data format"), key + ": " + err.message());
                        refused++;
                        continue;
                    }
                    accepted++;
                    for (String[] read : new String[][]{{"TYPE"}, {"DEBUG", "DIGEST-VALUE"}, {"DUMP"}, {"OBJECT", "ENCODING"}}) {
                        List<byte[]> cmd = argv((Object[]) read);
                        cmd.add("fuzz".getBytes());
                        RespValue v = c.send(cmd).join();
                        assertTrue(!(v instanceof RespValue.Error), key + " round " + round + ": " + v);
                    }
                    String type = c.call("TYPE", "fuzz").asText();
                    RespValue walk = switch (type) {
                        case "list" -> c.call("LRANGE", "fuzz", "0", "-1");
                        case "hash" -> c.call("HGETALL", "fuzz");
                        case "set" -> c.call("SMEMBERS", "fuzz");
                        case "zset" -> c.call("ZRANGE", "fuzz", "0", "-1", "WITHSCORES");
                        default -> c.call("GET", "fuzz");
                    };
                    assertTrue(!(walk instanceof RespValue.Error), key + " round " + round + ": " + walk);
                }
            }
            assertTrue(refused > 0 && accepted > 0, "accepted " + accepted + ", refused " + refused);
            assertTrue(c.call("PING").asText().equals("PONG"));
        }
    }

    @Test
    void unsanitizedCorruptPayloadsNeverHangOrStopTheServer() throws Exception {
        Random rnd = new Random(7);
        try (Engine e = RdbRoundTripTest.start(dir)) {
            LocalClient c = e.newClient();
            RdbRoundTripTest.fill(c);
            c.call("CONFIG", "SET", "sanitize-dump-payload", "no");
            int accepted = 0;
            for (String key : RdbTestData.KEYS) {
                byte[] good = ((RespValue.Bulk) c.call("DUMP", key)).value();
                for (int round = 0; round < 100; round++) {
                    byte[] p = good.clone();
                    int flips = 1 + rnd.nextInt(3);
                    for (int f = 0; f < flips; f++) p[rnd.nextInt(p.length - 10)] = (byte) rnd.nextInt(256);
                    fixFooter(p);
                    RespValue r = c.send(argv("RESTORE", "fuzz", "0", p, "REPLACE")).get(10, java.util.concurrent.TimeUnit.SECONDS);
                    if (r instanceof RespValue.Error) continue;
                    accepted++;
                    // each command answers in time (an error is allowed: Redis asserts on some of these)
                    for (String[] cmd : new String[][]{{"TYPE", "fuzz"}, {"DUMP", "fuzz"}, {"LRANGE", "fuzz", "0", "-1"},
                            {"LPOP", "fuzz"}, {"HGETALL", "fuzz"}, {"HSET", "fuzz", "f", "v"}, {"ZRANGE", "fuzz", "0", "-1"},
                            {"XRANGE", "fuzz", "-", "+"}, {"XREVRANGE", "fuzz", "+", "-"}, {"XADD", "fuzz", "*", "f", "v"},
                            {"SMEMBERS", "fuzz"}, {"DEBUG", "DIGEST-VALUE", "fuzz"}}) {
                        try {
                            c.send(argv((Object[]) cmd)).get(10, java.util.concurrent.TimeUnit.SECONDS);
                        } catch (java.util.concurrent.TimeoutException hang) {
                            throw new AssertionError(key + " round " + round + ": " + String.join(" ", cmd) + " hangs on "
                                    + java.util.HexFormat.of().formatHex(p), hang);
                        }
                    }
                }
            }
            assertTrue(accepted > 0, "accepted " + accepted);
            assertTrue(c.call("PING").asText().equals("PONG"));
        }
    }

    /** Rewrites the version and CRC so that only the value's own checks can catch the damage. */
    private static void fixFooter(byte[] p) {
        int footer = p.length - 10;
        p[footer] = (byte) Rdb.RDB_VERSION;
        p[footer + 1] = 0;
        long crc = Crc64.update(0, p, 0, footer + 2);
        for (int i = 0; i < 8; i++) p[footer + 2 + i] = (byte) (crc >>> (8 * i));
    }
}
