package io.glassbox.samples.modules;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.resp.RespValue;
import io.glassbox.samples.modules.bloom.BloomModule;
import io.glassbox.testkit.Await;
import io.glassbox.testkit.EngineFixture;
import io.glassbox.testkit.ModuleJar;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.glassbox.samples.modules.HelloWorldModuleTest.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Bloom filter data type: its answers, and its survival of DEBUG RELOAD, a restart from the RDB
 * and from a rewritten AOF, and a full resynchronisation of a replica (which loads the module too).
 */
@Tag("unit")
class BloomModuleTest {
    @TempDir static Path dir;
    static Path jar;

    @BeforeAll
    static void buildJar() throws Exception {
        jar = ModuleJar.build(dir.resolve("bloom.jar"), BloomModule.class);
    }

    private static void fill(LocalClient c, String key, int n) {
        for (int i = 0; i < n; i++) c.call("BF.ADD", key, "item:" + i);
    }

    /** Every added item is reported present; of n others, about the error rate (1%) are false positives. */
    private static void assertFilter(LocalClient c, String key, int n) {
        for (int i = 0; i < n; i++) assertEquals("1", text(c.call("BF.EXISTS", key, "item:" + i)), "item:" + i);
        int falsePositives = 0;
        for (int i = 0; i < 1000; i++) if ("1".equals(text(c.call("BF.EXISTS", key, "other:" + i)))) falsePositives++;
        assertTrue(falsePositives < 50, falsePositives + " false positives in 1000");
    }

    @Test
    void answersAndSurvivesDebugReloadAndARestart() throws Exception {
        Path data = Files.createDirectories(dir.resolve("rdb"));
        String conf = "loadmodule " + jar;
        try (EngineFixture f = EngineFixture.builder().debug().dir(data).config(conf).start()) {
            assertEquals("OK", text(f.client.call("BF.RESERVE", "b", "0.01", "500")));
            assertEquals("ERR item exists", text(f.client.call("BF.RESERVE", "b", "0.01", "500")));
            assertEquals("1", text(f.client.call("BF.ADD", "b", "apple")));
            assertEquals("0", text(f.client.call("BF.ADD", "b", "apple")));
            assertEquals("0", text(f.client.call("BF.EXISTS", "b", "pear")));
            fill(f.client, "b", 300);
            assertEquals("bloomtype", text(f.client.call("TYPE", "b")));
            String digest = text(f.client.call("DEBUG", "DIGEST"));
            assertEquals("OK", text(f.client.call("DEBUG", "RELOAD")));
            assertEquals(digest, text(f.client.call("DEBUG", "DIGEST")));
            assertFilter(f.client, "b", 300);
            f.client.call("SET", "s", "x");
            assertEquals("WRONGTYPE Operation against a key holding the wrong kind of value", text(f.client.call("BF.ADD", "s", "x")));
            f.client.call("SAVE");
        }
        try (EngineFixture f = EngineFixture.builder().dir(data).config(conf).start()) {
            assertFilter(f.client, "b", 300);
        }
    }

    @Test
    void survivesARestartFromARewrittenAof() throws Exception {
        Path data = Files.createDirectories(dir.resolve("aof"));
        String conf = "loadmodule " + jar + "\nappendonly yes\naof-use-rdb-preamble no";
        try (EngineFixture f = EngineFixture.builder().dir(data).config(conf).start()) {
            fill(f.client, "b", 200);
            f.client.call("BGREWRITEAOF");
            Await.until("the rewrite", () -> text(f.client.call("INFO", "persistence")).contains("aof_rewrite_in_progress:0\r\naof_rewrite_scheduled:0"));
            fill(f.client, "c", 50); // after the rewrite: in the new incr file, as commands
        }
        try (EngineFixture f = EngineFixture.builder().dir(data).config(conf).start()) {
            assertFilter(f.client, "b", 200);
            assertFilter(f.client, "c", 50);
        }
    }

    @Test
    void reachesAReplicaByFullSyncAndByTheCommandStream() throws Exception {
        String conf = "loadmodule " + jar;
        try (EngineFixture master = EngineFixture.builder().listening().dir(Files.createDirectories(dir.resolve("m"))).config(conf).start()) {
            fill(master.client, "before", 100);
            try (Engine replica = EngineFixture.builder().dir(Files.createDirectories(dir.resolve("r")))
                    .config(conf + "\nreplicaof 127.0.0.1 " + master.port()).startEngine();
                 LocalClient r = replica.newClient()) {
                Await.until("link up", () -> text(r.call("INFO", "replication")).contains("master_link_status:up"));
                fill(master.client, "after", 100);
                Await.until("the stream", () -> "100".equals(text(r.call("BF.CARD", "after"))));
                assertFilter(r, "before", 100);
                assertFilter(r, "after", 100);
            }
        }
    }
}
