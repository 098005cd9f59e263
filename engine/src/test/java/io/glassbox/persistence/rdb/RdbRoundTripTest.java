package io.glassbox.persistence.rdb;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.resp.RespValue;
import io.glassbox.testkit.EngineFixture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every type and encoding survives SAVE + restart and DEBUG RELOAD with the same digest and encodings. */
@Tag("unit")
class RdbRoundTripTest {
    @TempDir Path dir;

    static Engine start(Path dir, String... config) throws Exception {
        return EngineFixture.builder().debug().dir(dir).startEngine();
    }

    static void fill(LocalClient c) {
        for (List<String> cmd : RdbTestData.commands()) {
            RespValue r = c.call(cmd.toArray(String[]::new));
            assertTrue(!(r instanceof RespValue.Error), cmd + " -> " + r);
        }
    }

    static Map<String, String> encodings(LocalClient c) {
        Map<String, String> m = new HashMap<>();
        for (String k : RdbTestData.KEYS) m.put(k, c.call("OBJECT", "ENCODING", k).asText());
        return m;
    }

    @Test
    void saveAndRestartKeepsEveryValueAndEncoding() throws Exception {
        String digest;
        Map<String, String> enc;
        try (Engine e = start(dir)) {
            LocalClient c = e.newClient();
            fill(c);
            digest = c.call("DEBUG", "DIGEST").asText();
            enc = encodings(c);
            assertEquals("OK", c.call("SAVE").asText());
            assertTrue(c.call("LASTSAVE") instanceof RespValue.Int);
        }
        assertTrue(Files.size(dir.resolve("dump.rdb")) > 100);
        try (Engine e = start(dir)) {
            LocalClient c = e.newClient();
            assertEquals(digest, c.call("DEBUG", "DIGEST").asText());
            assertEquals(enc, encodings(c));
            assertTrue(((RespValue.Int) c.call("PTTL", "ttl:1")).value() > 0);
            c.call("SELECT", "3");
            assertEquals("three", c.call("GET", "in-db3").asText());
            assertTrue(((RespValue.Int) c.call("TTL", "list-db3")).value() > 0);
        }
    }

    @Test
    void debugReloadKeepsTheDigest() throws Exception {
        try (Engine e = start(dir)) {
            LocalClient c = e.newClient();
            fill(c);
            String digest = c.call("DEBUG", "DIGEST").asText();
            Map<String, String> enc = encodings(c);
            assertEquals("OK", c.call("DEBUG", "RELOAD").asText());
            assertEquals(digest, c.call("DEBUG", "DIGEST").asText());
            assertEquals(enc, encodings(c));
        }
    }

    @Test
    void compressedAndPlainListNodesRoundTrip() throws Exception {
        try (Engine e = start(dir)) {
            LocalClient c = e.newClient();
            c.call("CONFIG", "SET", "list-compress-depth", "1");
            c.call("CONFIG", "SET", "list-max-listpack-size", "4");
            for (int i = 0; i < 100; i++) c.call("RPUSH", "clist", "compressible-value-compressible-value-" + i);
            c.call("DEBUG", "QUICKLIST-PACKED-THRESHOLD", "100");
            c.call("RPUSH", "plain", "p".repeat(200), "small", "q".repeat(300));
            c.call("DEBUG", "QUICKLIST-PACKED-THRESHOLD", "0");
            String digest = c.call("DEBUG", "DIGEST").asText();
            assertEquals("OK", c.call("DEBUG", "RELOAD").asText());
            assertEquals(digest, c.call("DEBUG", "DIGEST").asText());
            assertEquals("p".repeat(200), c.call("LINDEX", "plain", "0").asText());
        }
    }

    @Test
    void loadingRespectsTodaysLimits() throws Exception {
        try (Engine e = start(dir)) {
            LocalClient c = e.newClient();
            c.call("HSET", "h", "a", "1", "b", "2", "c", "3");
            c.call("ZADD", "z", "1", "a", "2", "b", "3", "c");
            c.call("SADD", "s", "1", "2", "3");
            c.call("SAVE");
            c.call("CONFIG", "SET", "hash-max-listpack-entries", "2");
            c.call("CONFIG", "SET", "zset-max-listpack-entries", "2");
            c.call("CONFIG", "SET", "set-max-intset-entries", "2");
            c.call("DEBUG", "RELOAD", "NOSAVE");
            assertEquals("hashtable", c.call("OBJECT", "ENCODING", "h").asText());
            assertEquals("skiplist", c.call("OBJECT", "ENCODING", "z").asText());
            assertEquals("hashtable", c.call("OBJECT", "ENCODING", "s").asText());
            assertEquals("3", c.call("ZSCORE", "z", "c").asText());
        }
    }

    @Test
    void expiredKeysAreNotLoaded() throws Exception {
        try (Engine e = start(dir)) {
            LocalClient c = e.newClient();
            c.call("SET", "soon", "v", "PX", "30");
            c.call("SET", "stays", "v");
            c.call("SAVE");
        }
        Thread.sleep(60); // the TTL must pass in wall time: the file stores absolute unix ms
        try (Engine e = start(dir)) {
            LocalClient c = e.newClient();
            assertEquals(1L, ((RespValue.Int) c.call("DBSIZE")).value());
            String info = c.call("INFO", "persistence").asText();
            assertTrue(info.contains("rdb_last_load_keys_expired:1"), info);
            assertTrue(info.contains("rdb_last_load_keys_loaded:1"), info);
        }
    }

    @Test
    void saveErrorsAndInfoFields() throws Exception {
        try (Engine e = start(dir)) {
            LocalClient c = e.newClient();
            c.call("SET", "a", "1");
            String info = c.call("INFO", "persistence").asText();
            assertTrue(info.startsWith("# Persistence\r\nloading:0\r\n"), info);
            assertTrue(info.contains("rdb_changes_since_last_save:1\r\n"), info);
            c.call("SAVE");
            info = c.call("INFO", "persistence").asText();
            assertTrue(info.contains("rdb_changes_since_last_save:0\r\n"), info);
            assertTrue(info.contains("aof_enabled:0\r\n"), info);
            assertEquals("ERR syntax error", assertInstanceOf(RespValue.Error.class, c.call("BGSAVE", "foo")).message());
        }
    }
}
