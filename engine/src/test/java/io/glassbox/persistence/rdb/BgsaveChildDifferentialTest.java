package io.glassbox.persistence.rdb;

import io.glassbox.testkit.Await;
import io.glassbox.testkit.EngineFixture;
import io.glassbox.testkit.RawRespClient;
import io.glassbox.testkit.RealRedis;
import io.glassbox.testkit.ReplyComparer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static io.glassbox.testkit.Args.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A BGSAVE's child, seen and killed from outside, on redis-server and on a Glassbox server process
 * side by side: the child's pid names the temp file ({@code temp-<pid>.rdb}); rdb-key-save-delay
 * keeps the job running; {@code kill -9} of the child ends the job ("Background saving terminated
 * by signal 9", the temp file removed, rdb_last_bgsave_status:err), and then, with save points and
 * stop-writes-on-bgsave-error, writes and PING get the same -MISCONF error, in scripts too, reads
 * go on, until the setting is turned off or a BGSAVE succeeds. Glassbox's child is a stand-in
 * process (server/ChildProcess); the save itself runs on Glassbox's threads.
 */
@Tag("differential")
class BgsaveChildDifferentialTest {

    @Test
    void aKilledChildFailsTheSaveAndStopsWritesAsOnRedis() throws Exception {
        Path gbDir = Files.createTempDirectory("glassbox-bgsave-child");
        try (RealRedis redis = RealRedis.start();
             EngineFixture gb = EngineFixture.builder().listening().serverProcess()
                     .settings(s -> { s.dir = gbDir.toString(); s.logfile = gbDir.resolve("glassbox.log").toString(); })
                     .start();
             ReplyComparer both = new ReplyComparer(redis.port(), gb.port())) {
            both.both("CONFIG SET save \"900 1\"");
            both.both("CONFIG SET rdb-key-save-delay 1000000"); // a second per key: the child stays
            both.call("SET", "a", "1");
            both.call("SET", "b", "2");
            assertEquals("+Background saving started", new String(both.call("BGSAVE"), StandardCharsets.UTF_8).trim());

            long redisChild = childWithTempFile(pid(redis.port()), redis.dir());
            long gbChild = childWithTempFile(ProcessHandle.current().pid(), gbDir);
            assertTrue(gbChild != ProcessHandle.current().pid());
            assertEquals("1", info(redis.port(), "rdb_bgsave_in_progress"));
            assertEquals("1", info(gb.port(), "rdb_bgsave_in_progress"));

            // kill -9 of the child: the parent notices in serverCron
            ProcessHandle.of(redisChild).orElseThrow().destroyForcibly();
            ProcessHandle.of(gbChild).orElseThrow().destroyForcibly();
            for (int port : new int[]{redis.port(), gb.port()}) {
                Await.until("the killed BGSAVE noticed on " + port, () -> "0".equals(info(port, "rdb_bgsave_in_progress")));
                assertEquals("err", info(port, "rdb_last_bgsave_status"));
            }
            assertFalse(Files.exists(redis.dir().resolve("temp-" + redisChild + ".rdb")));
            assertFalse(Files.exists(gbDir.resolve("temp-" + gbChild + ".rdb")));
            assertTrue(Files.readString(redis.dir().resolve("redis.log")).contains("Background saving terminated by signal 9"));
            assertTrue(Files.readString(gbDir.resolve("glassbox.log")).contains("Background saving terminated by signal 9"));

            // writeCommandsDeniedByDiskError: writes and PING refused, reads served, scripts refused on their write
            both.call("SET", "x", "y");
            both.call("PING");
            both.call("GET", "a");
            both.call("INCR", "a");
            both.call("EVAL", "return redis.call('set','x',1)", "1", "x");
            both.call("EVAL", "return redis.call('get','a')", "1", "a");
            both.call("MULTI");
            both.call("SET", "x", "1");
            both.call("EXEC");
            both.both("CONFIG SET stop-writes-on-bgsave-error no");
            both.call("SET", "x", "y");
            both.both("CONFIG SET stop-writes-on-bgsave-error yes");
            both.call("SET", "x", "z"); // still the failed save's state
            // a successful BGSAVE clears it
            both.both("CONFIG SET rdb-key-save-delay 0");
            both.call("BGSAVE");
            for (int port : new int[]{redis.port(), gb.port()}) {
                Await.until("the second BGSAVE done on " + port, () -> "0".equals(info(port, "rdb_bgsave_in_progress"))
                        && "ok".equals(info(port, "rdb_last_bgsave_status")));
            }
            both.call("SET", "x", "w");
            both.call("PING");
        }
    }

    @Test
    void aKilledAofRewriteChildFailsTheRewriteAsOnRedis() throws Exception {
        Path gbDir = Files.createTempDirectory("glassbox-aofrw-child");
        try (RealRedis redis = RealRedis.start();
             EngineFixture gb = EngineFixture.builder().listening().serverProcess()
                     .settings(s -> { s.dir = gbDir.toString(); s.logfile = gbDir.resolve("glassbox.log").toString(); })
                     .start();
             ReplyComparer both = new ReplyComparer(redis.port(), gb.port())) {
            both.call("SET", "a", "1");
            both.both("CONFIG SET appendonly yes"); // starts the first rewrite: let it finish
            for (int port : new int[]{redis.port(), gb.port()}) {
                Await.until("the first rewrite done on " + port, () -> "0".equals(info(port, "aof_rewrite_in_progress")));
            }
            both.both("CONFIG SET rdb-key-save-delay 1000000");
            both.call("SET", "b", "2");
            both.call("BGREWRITEAOF");
            long redisChild = childWithTempFile(pid(redis.port()), redis.dir(), "temp-rewriteaof-%d.aof");
            long gbChild = childWithTempFile(ProcessHandle.current().pid(), gbDir, "temp-rewriteaof-%d.aof");
            both.call("BGREWRITEAOF"); // already in progress
            ProcessHandle.of(redisChild).orElseThrow().destroyForcibly();
            ProcessHandle.of(gbChild).orElseThrow().destroyForcibly();
            for (int port : new int[]{redis.port(), gb.port()}) {
                Await.until("the killed rewrite noticed on " + port, () -> "0".equals(info(port, "aof_rewrite_in_progress")));
                assertEquals("err", info(port, "aof_last_bgrewrite_status"));
            }
            assertFalse(Files.exists(redis.dir().resolve("temp-rewriteaof-" + redisChild + ".aof")));
            assertFalse(Files.exists(gbDir.resolve("temp-rewriteaof-" + gbChild + ".aof")));
            assertTrue(Files.readString(redis.dir().resolve("redis.log")).contains("Background AOF rewrite terminated by signal 9"));
            assertTrue(Files.readString(gbDir.resolve("glassbox.log")).contains("Background AOF rewrite terminated by signal 9"));
            // the AOF itself goes on: a write is accepted and both still answer the same
            both.call("SET", "c", "3");
            both.call("MGET", "a", "b", "c");
        }
    }

    /** The child of {@code parent} whose temp RDB file is in {@code dir}: what `pgrep -P` and the file name say. */
    private static long childWithTempFile(long parent, Path dir) {
        return childWithTempFile(parent, dir, "temp-%d.rdb");
    }

    private static long childWithTempFile(long parent, Path dir, String tempName) {
        long[] found = {-1};
        Await.until("a child of " + parent + " writing " + tempName + " in " + dir, () -> {
            Optional<ProcessHandle> p = ProcessHandle.of(parent);
            if (p.isEmpty()) return false;
            p.get().children().filter(c -> Files.exists(dir.resolve(String.format(tempName, c.pid()))))
                    .findFirst().ifPresent(c -> found[0] = c.pid());
            return found[0] > 0;
        });
        return found[0];
    }

    private static long pid(int port) throws Exception {
        return Long.parseLong(infoField(port, "process_id"));
    }

    private static String info(int port, String field) {
        try {
            return infoField(port, field);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String infoField(int port, String field) throws Exception {
        try (RawRespClient c = new RawRespClient(port)) {
            String info = new String(c.call(line("INFO")), StandardCharsets.UTF_8);
            for (String l : info.split("\r\n")) if (l.startsWith(field + ":")) return l.substring(field.length() + 1);
            throw new AssertionError("no " + field + " in INFO");
        }
    }
}
