package io.glassbox.command.server;

import io.glassbox.resp.RespValue;
import io.glassbox.testkit.EngineFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DEBUG DIGEST-VALUE for every type, and DEBUG LISTPACK / QUICKLIST writing to the log. The expected
 * digests were read from redis-server 7.0.15 after the same commands.
 */
@Tag("unit")
class DebugTypesTest {
    @TempDir
    Path dir;
    private EngineFixture f;
    private Path log;

    @BeforeEach
    void start() throws Exception {
        log = dir.resolve("glassbox.log");
        f = EngineFixture.builder().debug().settings(s -> s.logfile = log.toString()).start();
    }

    @AfterEach
    void stop() { f.close(); }

    private String digest(String key) {
        List<RespValue> d = ((RespValue.Array) f.call("DEBUG", "DIGEST-VALUE", key)).items();
        return d.get(0).asText();
    }

    @Test
    void digestsOfEveryTypeMatchRedis() {
        f.call("RPUSH", "l", "a", "b", "c", "1", "-2", "12345678901234", "3.5");
        assertEquals("510e4eedb019d48338726a0dcb2188426f265501", digest("l"));
        f.call("SADD", "si", "3", "1", "2", "-5", "100000");
        assertEquals("1ed7e76f32098645c31d43488139d4a78cbebd28", digest("si"));
        f.call("HSET", "h", "f1", "v1", "f2", "v2", "n", "123", "neg", "-7", "big", "99999999999999999999");
        assertEquals("edbbe240773bd421c5196a34c3cf6c83f9bbb0c5", digest("h"));
        f.call("ZADD", "z", "1", "a", "2", "b", "0.1", "c", "-3.5", "d", "1e300", "e", "12345", "5",
                "inf", "pinf", "-inf", "ninf", "0", "zero");
        assertEquals("504e34dce776584078c192e22ded8ef54d664bde", digest("z"));
    }

    @Test
    void digestDoesNotDependOnEncoding() {
        f.call("SADD", "intset", "1", "2", "3");
        f.call("SADD", "ht", "3", "2", "1", "x");
        f.call("SREM", "ht", "x");
        assertEquals("hashtable", f.call("OBJECT", "ENCODING", "ht").asText());
        assertEquals(digest("intset"), digest("ht"));
        f.call("ZADD", "lp", "0.1", "a", "2", "b");
        f.call("CONFIG", "SET", "zset-max-listpack-entries", "0");
        f.call("ZADD", "sl", "2", "b", "0.1", "a");
        assertEquals("skiplist", f.call("OBJECT", "ENCODING", "sl").asText());
        assertEquals(digest("lp"), digest("sl"));
    }

    @Test
    void listpackAndQuicklistAreWrittenToTheLog() throws Exception {
        f.call("HSET", "h", "field", "value");
        assertEquals("Listpack structure printed on stdout", f.call("DEBUG", "LISTPACK", "h").asText());
        f.call("RPUSH", "l", "elem");
        assertEquals("Quicklist structure printed on stdout", f.call("DEBUG", "QUICKLIST", "l", "1").asText());
        String text = Files.readString(log);
        assertTrue(text.contains("DEBUG LISTPACK h\n{total bytes "), text);
        assertTrue(text.contains("[str]field"), text);
        assertTrue(text.contains("DEBUG QUICKLIST l\n{count : 1}"), text);
        assertTrue(text.contains("[str]elem"), text);
        assertEquals("ERR Not a listpack encoded object.", assertInstanceOf(RespValue.Error.class, f.call("DEBUG", "LISTPACK", "l")).message());
        assertEquals("ERR Not a quicklist encoded object.", assertInstanceOf(RespValue.Error.class, f.call("DEBUG", "QUICKLIST", "h")).message());
        assertEquals("ERR no such key", assertInstanceOf(RespValue.Error.class, f.call("DEBUG", "QUICKLIST", "nokey")).message());
    }
}
