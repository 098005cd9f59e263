package io.glassbox.diff;

import io.glassbox.engine.Engine;
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

import static io.glassbox.testkit.Args.argv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FUNCTION libraries travel in RDB files (opcode FUNCTION2) as in Redis 7.0: Glassbox keeps them
 * across SAVE or BGSAVE and a restart, loads a file redis-server saved with libraries in it, and
 * writes files redis-server and redis-check-rdb accept. Each library is compared by its FUNCTION
 * LIST WITHCODE reply, byte for byte (one library per reply and one function per library: the
 * order of several is the hash order of Redis's dicts).
 */
@Tag("interop")
class FunctionsRdbInteropTest {
    @TempDir Path tmp;

    /** Short code (stored as is) and long code (stored LZF-compressed), as rdbSaveRawString decides. */
    static final String SHORT = "#!lua name=alpha\nredis.register_function('a', function() return 1 end)";
    static final String LONG = "#!lua name=beta\n"
            + "redis.register_function{function_name='b', callback=function(keys, args) return redis.call('GET', keys[1]) end,"
            + " flags={'no-writes'}, description='reads a key, reads a key, reads a key'}";

    private static String text(byte[] reply) { return new String(reply, StandardCharsets.UTF_8); }

    private static Engine glassbox(Path dir) throws Exception { return RdbInteropTest.glassbox(dir); }

    private static void loadLibraries(RawRespClient c) throws Exception {
        assertEquals("$5\r\nalpha\r\n", text(c.call(argv("FUNCTION", "LOAD", SHORT))));
        assertEquals("$4\r\nbeta\r\n", text(c.call(argv("FUNCTION", "LOAD", LONG))));
        assertEquals("+OK\r\n", text(c.call(argv("SET", "k", "v"))));
    }

    /** What a client sees of the libraries: their listings with code, and calls into them. */
    private static List<String> observe(RawRespClient c) throws Exception {
        List<String> seen = new ArrayList<>();
        seen.add(text(c.call(argv("FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", "alpha"))));
        seen.add(text(c.call(argv("FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", "beta"))));
        seen.add(text(c.call(argv("FCALL", "a", "0"))));
        seen.add(text(c.call(argv("FCALL_RO", "b", "1", "k"))));
        seen.add(text(c.call(argv("DBSIZE"))));
        return seen;
    }

    /** A Glassbox engine in {@code tmp} loads the libraries and SAVEs: what a client saw before the save. */
    private List<String> glassboxSavesLibraries() throws Exception {
        try (Engine e = glassbox(tmp); RawRespClient g = new RawRespClient(e.port())) {
            loadLibraries(g);
            List<String> seen = observe(g);
            assertEquals("+OK\r\n", text(g.call(argv("SAVE"))));
            return seen;
        }
    }

    @Test
    void librariesSurviveSaveAndRestart() throws Exception {
        List<String> before = glassboxSavesLibraries();
        try (Engine e = glassbox(tmp); RawRespClient g = new RawRespClient(e.port())) {
            assertEquals(before, observe(g));
            // DEBUG RELOAD saves and loads in place: the libraries are replaced, not duplicated
            assertEquals("+OK\r\n", text(g.call(argv("DEBUG", "RELOAD"))));
            assertEquals(before, observe(g));
            // a library flushed after the save is gone; reloading the file brings it back
            assertEquals("+OK\r\n", text(g.call(argv("FUNCTION", "FLUSH"))));
            assertEquals("*0\r\n", text(g.call(argv("FUNCTION", "LIST"))));
        }
    }

    @Test
    void librariesSurviveBgsaveAndRestart() throws Exception {
        List<String> before;
        try (Engine e = glassbox(tmp); RawRespClient g = new RawRespClient(e.port())) {
            loadLibraries(g);
            before = observe(g);
            assertTrue(text(g.call(argv("BGSAVE"))).startsWith("+"));
            // a library loaded after the snapshot began is not in the file
            g.call(argv("FUNCTION", "LOAD", "#!lua name=later\nredis.register_function('l', function() return 1 end)"));
            long deadline = System.currentTimeMillis() + 10_000;
            while (!text(g.call(argv("INFO", "persistence"))).contains("rdb_bgsave_in_progress:0")) {
                assertTrue(System.currentTimeMillis() < deadline, "BGSAVE did not finish");
                Thread.sleep(20);
            }
        }
        try (Engine e = glassbox(tmp); RawRespClient g = new RawRespClient(e.port())) {
            assertEquals(before, observe(g));
            assertEquals("*0\r\n", text(g.call(argv("FUNCTION", "LIST", "LIBRARYNAME", "later"))));
        }
    }

    @Test
    void glassboxLoadsLibrariesFromARedisFile() throws Exception {
        List<String> expected;
        try (RealRedis redis = RealRedis.start(); RawRespClient c = new RawRespClient(redis.port())) {
            loadLibraries(c);
            expected = observe(c);
            assertEquals("+OK\r\n", text(c.call(argv("SAVE"))));
            Files.copy(redis.dir().resolve("dump.rdb"), tmp.resolve("dump.rdb"));
        }
        try (Engine e = glassbox(tmp); RawRespClient g = new RawRespClient(e.port())) {
            assertEquals(expected, observe(g));
        }
    }

    @Test
    void redisLoadsLibrariesFromAGlassboxFile() throws Exception {
        List<String> expected = glassboxSavesLibraries();
        RealRedis.checkRdb(tmp.resolve("dump.rdb"));
        try (RealRedis redis = RealRedis.start("--dir", tmp.toString(), "--dbfilename", "dump.rdb");
             RawRespClient c = new RawRespClient(redis.port())) {
            assertEquals(expected, observe(c));
        }
    }
}
