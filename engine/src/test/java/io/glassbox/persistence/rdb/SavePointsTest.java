package io.glassbox.persistence.rdb;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.resp.RespValue;
import io.glassbox.server.ServerSettings;
import io.glassbox.testkit.EngineFixture;
import io.glassbox.util.ManualClock;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Save points, FLUSHALL and SHUTDOWN saving, a failing SAVE, and a dict that must grow mid-BGSAVE. */
@Tag("unit")
class SavePointsTest {
    @TempDir Path dir;

    private static long info(LocalClient c, String field) {
        for (String line : c.call("INFO", "persistence").asText().split("\r\n")) {
            if (line.startsWith(field + ":")) return Long.parseLong(line.substring(field.length() + 1));
        }
        throw new AssertionError(field);
    }

    private static void awaitNoBgsave(LocalClient c) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (info(c, "rdb_bgsave_in_progress") == 1 && System.currentTimeMillis() < deadline) Thread.sleep(10);
    }

    @Test
    void aSavePointStartsABgsaveWhenEnoughChangesAreOldEnough() throws Exception {
        try (EngineFixture f = EngineFixture.builder().manualClock().dir(dir).settings(s -> s.save = "10 2").start()) {
            ManualClock clock = f.clock();
            LocalClient c = f.client;
            c.call("SET", "a", "1");
            clock.advance(11_000);
            f.awaitCronRuns(3); // serverCron looked at the save points: one change is not enough
            assertEquals(0, info(c, "rdb_saves"));
            c.call("SET", "b", "2");
            long deadline = System.currentTimeMillis() + 10_000;
            while (info(c, "rdb_saves") == 0 && System.currentTimeMillis() < deadline) Thread.sleep(20);
            awaitNoBgsave(c);
            assertEquals(1, info(c, "rdb_saves"));
            assertEquals(0, info(c, "rdb_changes_since_last_save"));
            assertEquals(clock.millis() / 1000, ((RespValue.Int) c.call("LASTSAVE")).value());
            assertTrue(Files.exists(dir.resolve("dump.rdb")));
        }
    }

    @Test
    void flushallWithSavePointsSavesTheEmptyDataset() throws Exception {
        ServerSettings s = new ServerSettings();
        s.port = 0;
        s.dir = dir.toString();
        try (Engine e = Engine.start(s)) {
            LocalClient c = e.newClient();
            c.call("SET", "a", "1");
            c.call("SAVE");
            c.call("CONFIG", "SET", "save", "3600 1");
            c.call("FLUSHALL");
            // the save resets the counter and FLUSHALL adds nothing after it (flushAllDataAndResetRDB in
            // 7.0.15; Redis's own unit/other checks it, SuiteFixesDifferentialTest against redis-server)
            assertEquals(0, info(c, "rdb_changes_since_last_save"));
        }
        try (Engine e = RdbRoundTripTest.start(dir)) {
            assertEquals(0L, ((RespValue.Int) e.newClient().call("DBSIZE")).value());
        }
    }

    @Test
    void shutdownSaveWritesTheFileAndNosaveDoesNot() throws Exception {
        try (Engine e = RdbRoundTripTest.start(dir)) {
            LocalClient c = e.newClient();
            c.call("SET", "a", "1");
            c.send(List.of("SHUTDOWN".getBytes(), "NOSAVE".getBytes()));
            e.awaitShutdownRequest();
        }
        assertFalse(Files.exists(dir.resolve("dump.rdb")));
        try (Engine e = RdbRoundTripTest.start(dir)) {
            LocalClient c = e.newClient();
            c.call("SET", "a", "1");
            c.send(List.of("SHUTDOWN".getBytes(), "SAVE".getBytes()));
            e.awaitShutdownRequest();
        }
        try (Engine e = RdbRoundTripTest.start(dir)) {
            assertEquals("1", e.newClient().call("GET", "a").asText());
        }
    }

    @Test
    void saveIntoAMissingDirectoryFailsWithErr() throws Exception {
        try (Engine e = RdbRoundTripTest.start(dir)) {
            LocalClient c = e.newClient();
            e.server().settings().dir = dir.resolve("no/such/dir").toString();
            assertEquals("ERR", ((RespValue.Error) c.call("SAVE")).message());
        }
    }

    @Test
    void aDictThatMustGrowPastLoadFactorFiveDuringTheWalkKeepsTheSnapshot() throws Exception {
        try (Engine e = RdbRoundTripTest.start(dir)) {
            LocalClient c = e.newClient();
            List<CompletableFuture<RespValue>> fs = new ArrayList<>();
            for (int i = 0; i < 4096; i++) fs.add(c.send(List.of("SET".getBytes(), ("old" + i).getBytes(), "v".getBytes())));
            fs.forEach(CompletableFuture::join);
            long bucketsBefore = e.server().keyspace().db(0).dict().buckets();
            String digest = c.call("DEBUG", "DIGEST").asText();
            fs.clear();
            fs.add(c.send(List.of("BGSAVE".getBytes())));
            // more than 5 entries per bucket: the dict grows even though resizes are avoided
            for (int i = 0; i < 6 * 4096 + 100; i++) fs.add(c.send(List.of("SET".getBytes(), ("new" + i).getBytes(), "v".getBytes())));
            fs.forEach(CompletableFuture::join);
            assertTrue(e.server().keyspace().db(0).dict().buckets() > bucketsBefore);
            awaitNoBgsave(c);
            assertTrue(c.call("INFO", "persistence").asText().contains("rdb_last_bgsave_status:ok"));
        }
        try (Engine e = RdbRoundTripTest.start(dir)) {
            LocalClient c = e.newClient();
            assertEquals(4096L, ((RespValue.Int) c.call("DBSIZE")).value());
        }
    }
}
