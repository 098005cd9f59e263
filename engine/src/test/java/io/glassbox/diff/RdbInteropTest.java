package io.glassbox.diff;

import io.glassbox.engine.Engine;
import io.glassbox.resp.RespReader;
import io.glassbox.testkit.EngineFixture;
import io.glassbox.testkit.RawRespClient;
import io.glassbox.testkit.RealRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.glassbox.testkit.Args.latin1Argv;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RDB files and DUMP payloads move between real Redis 7.0 and Glassbox both ways: a file saved by
 * redis-server loads into Glassbox with the same DEBUG DIGEST, a file saved by Glassbox loads into
 * redis-server with the same digest and passes redis-check-rdb, and DUMP payloads RESTORE across.
 */
@Tag("interop")
class RdbInteropTest {
    @TempDir Path tmp;


    private static String text(byte[] reply) {
        return new String(reply, StandardCharsets.ISO_8859_1);
    }

    /** A bulk or status reply's payload. */
    private static String value(byte[] reply) {
        String s = text(reply);
        if (s.startsWith("+")) return s.substring(1, s.length() - 2);
        int nl = s.indexOf("\r\n");
        return s.substring(nl + 2, s.length() - 2);
    }

    static Engine glassbox(Path dir) throws Exception {
        return EngineFixture.builder().listening().debug().dir(dir).startEngine();
    }

    private static void fill(RawRespClient c) throws Exception {
        for (List<String> cmd : io.glassbox.persistence.rdb.RdbTestDataAccess.commands()) {
            String r = text(c.call(latin1Argv(cmd)));
            assertTrue(!r.startsWith("-"), cmd + " -> " + r);
        }
    }

    @Test
    void glassboxLoadsAFileSavedByRedis() throws Exception {
        String digest;
        Path dir;
        try (RealRedis redis = RealRedis.start(); RawRespClient c = new RawRespClient(redis.port())) {
            fill(c);
            digest = value(c.call(latin1Argv("DEBUG", "DIGEST")));
            assertEquals("+OK\r\n", text(c.call(latin1Argv("SAVE"))));
            dir = redis.dir();
            Files.copy(dir.resolve("dump.rdb"), tmp.resolve("dump.rdb"));
        }
        try (Engine e = glassbox(tmp); RawRespClient g = new RawRespClient(e.port())) {
            assertEquals(digest, value(g.call(latin1Argv("DEBUG", "DIGEST"))));
            for (String k : io.glassbox.persistence.rdb.RdbTestDataAccess.keys()) {
                // same encodings as Redis gives the same data on load
                assertTrue(value(g.call(latin1Argv("OBJECT", "ENCODING", k))).length() > 0);
            }
        }
    }

    @Test
    void redisLoadsAFileSavedByGlassboxAndRedisCheckRdbAcceptsIt() throws Exception {
        String digest;
        try (Engine e = glassbox(tmp); RawRespClient g = new RawRespClient(e.port())) {
            fill(g);
            digest = value(g.call(latin1Argv("DEBUG", "DIGEST")));
            assertEquals("+OK\r\n", text(g.call(latin1Argv("SAVE"))));
        }
        Path file = tmp.resolve("dump.rdb");
        RealRedis.checkRdb(file);
        try (RealRedis redis = RealRedis.start("--dir", tmp.toString(), "--dbfilename", "dump.rdb");
             RawRespClient c = new RawRespClient(redis.port())) {
            assertEquals(digest, value(c.call(latin1Argv("DEBUG", "DIGEST"))));
            for (String k : io.glassbox.persistence.rdb.RdbTestDataAccess.keys()) {
                assertEquals(value(c.call(latin1Argv("OBJECT", "ENCODING", k))), encodingIn(tmp, k), k);
            }
        }
    }

    private static String encodingIn(Path dir, String key) throws Exception {
        try (Engine e = glassbox(dir); RawRespClient g = new RawRespClient(e.port())) {
            return value(g.call(latin1Argv("OBJECT", "ENCODING", key)));
        }
    }

    @Test
    void dumpPayloadsRestoreAcrossBothWays() throws Exception {
        try (RealRedis redis = RealRedis.start(); RawRespClient r = new RawRespClient(redis.port());
             Engine e = glassbox(tmp); RawRespClient g = new RawRespClient(e.port())) {
            fill(r);
            fill(g);
            for (String k : io.glassbox.persistence.rdb.RdbTestDataAccess.keys()) {
                byte[] fromRedis = r.call(latin1Argv("DUMP", k));
                byte[] fromGlassbox = g.call(latin1Argv("DUMP", k));
                byte[] payloadR = payload(fromRedis), payloadG = payload(fromGlassbox);
                String enc = value(r.call(latin1Argv("OBJECT", "ENCODING", k)));
                if (!enc.equals("hashtable") && !enc.equals("skiplist")) {
                    // compact encodings are the same bytes; hash tables differ only in order
                    assertArrayEquals(payloadR, payloadG, "DUMP " + k + " (" + enc + ")");
                }
                assertEquals("+OK\r\n", text(g.call(List.of("RESTORE".getBytes(), ("copy:" + k).getBytes(), "0".getBytes(), payloadR))));
                assertEquals("+OK\r\n", text(r.call(List.of("RESTORE".getBytes(), ("copy:" + k).getBytes(), "0".getBytes(), payloadG))));
                // the copies carry no TTL; each server's copy equals the other's
                String dr = value(r.call(latin1Argv("DEBUG", "DIGEST-VALUE", "copy:" + k)));
                assertEquals(dr, value(g.call(latin1Argv("DEBUG", "DIGEST-VALUE", "copy:" + k))), k);
            }
        }
    }

    @Test
    void restoreErrorsAreRedisErrors() throws Exception {
        try (RealRedis redis = RealRedis.start(); RawRespClient r = new RawRespClient(redis.port());
             Engine e = glassbox(tmp); RawRespClient g = new RawRespClient(e.port())) {
            r.call(latin1Argv("RPUSH", "l", "a", "b", "c"));
            byte[] good = payload(r.call(latin1Argv("DUMP", "l")));
            byte[] badCrc = good.clone();
            badCrc[badCrc.length - 1] ^= 1;
            byte[] truncated = java.util.Arrays.copyOf(good, 5);
            List<List<byte[]>> cases = new ArrayList<>();
            cases.add(List.of("RESTORE".getBytes(), "k".getBytes(), "0".getBytes(), badCrc));
            cases.add(List.of("RESTORE".getBytes(), "k".getBytes(), "0".getBytes(), truncated));
            cases.add(List.of("RESTORE".getBytes(), "k".getBytes(), "-1".getBytes(), good));
            cases.add(List.of("RESTORE".getBytes(), "k".getBytes(), "x".getBytes(), good));
            cases.add(List.of("RESTORE".getBytes(), "k".getBytes(), "0".getBytes(), good, "IDLETIME".getBytes(), "-1".getBytes()));
            cases.add(List.of("RESTORE".getBytes(), "k".getBytes(), "0".getBytes(), good, "FREQ".getBytes(), "256".getBytes()));
            cases.add(List.of("RESTORE".getBytes(), "k".getBytes(), "0".getBytes(), good, "NOPE".getBytes()));
            cases.add(List.of("RESTORE".getBytes(), "k".getBytes(), "0".getBytes(), good));
            cases.add(List.of("RESTORE".getBytes(), "k".getBytes(), "0".getBytes(), good)); // BUSYKEY
            cases.add(List.of("RESTORE".getBytes(), "k".getBytes(), "0".getBytes(), good, "REPLACE".getBytes()));
            cases.add(List.of("RESTORE".getBytes(), "gone".getBytes(), "1000".getBytes(), good, "ABSTTL".getBytes()));
            cases.add(List.of("DUMP".getBytes(), "nosuchkey".getBytes()));
            cases.add(List.of("EXISTS".getBytes(), "gone".getBytes()));
            for (List<byte[]> cmd : cases) {
                assertEquals(text(r.call(cmd)), text(g.call(cmd)), new String(cmd.get(0)) + " " + new String(cmd.get(cmd.size() - 1), StandardCharsets.ISO_8859_1));
            }
            // a payload whose CRC is right but whose listpack is corrupt: "Bad data format" from both
            byte[] corrupt = good.clone();
            for (int i = 3; i < corrupt.length - 10; i++) corrupt[i] = (byte) 0xEE;
            fixCrc(corrupt);
            List<byte[]> cmd = List.of("RESTORE".getBytes(), "c".getBytes(), "0".getBytes(), corrupt);
            r.call(latin1Argv("CONFIG", "SET", "sanitize-dump-payload", "yes"));
            assertEquals(text(r.call(cmd)), text(g.call(cmd)));
            assertEquals("$-1\r\n", text(g.call(latin1Argv("GET", "c"))));
        }
    }

    @Test
    void infoPersistenceHasRedisFieldsInRedisOrder() throws Exception {
        try (RealRedis redis = RealRedis.start(); RawRespClient r = new RawRespClient(redis.port());
             Engine e = glassbox(tmp); RawRespClient g = new RawRespClient(e.port())) {
            assertEquals(fieldNames(value(r.call(latin1Argv("INFO", "persistence")))), fieldNames(value(g.call(latin1Argv("INFO", "persistence")))));
        }
    }

    private static List<String> fieldNames(String info) {
        List<String> out = new ArrayList<>();
        for (String line : info.split("\r\n")) out.add(line.contains(":") ? line.substring(0, line.indexOf(':')) : line);
        return out;
    }

    static void fixCrc(byte[] p) {
        long crc = io.glassbox.persistence.rdb.Crc64.update(0, p, 0, p.length - 8);
        for (int i = 0; i < 8; i++) p[p.length - 8 + i] = (byte) (crc >>> (8 * i));
    }

    /** The bytes of a bulk reply. */
    private static byte[] payload(byte[] reply) {
        String s = text(reply);
        int nl = s.indexOf("\r\n");
        return java.util.Arrays.copyOfRange(reply, nl + 2, reply.length - 2);
    }

    @SuppressWarnings("unused")
    private static byte[] encode(List<byte[]> argv) { return RespReader.encodeCommand(argv); }
}
