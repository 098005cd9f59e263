package io.glassbox.persistence.rdb;

import io.glassbox.db.Keyspace;
import io.glassbox.db.RedisObject;
import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.resp.RespValue;
import io.glassbox.util.Clock;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.glassbox.testkit.Args.argv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * BGSAVE is a snapshot of the moment it started: writes that run while it walks (overwrites,
 * in-place growth, deletes, new keys, FLUSHALL of another db, SWAPDB, expiry changes) are served at
 * once and none of them shows in the file.
 */
@Tag("unit")
class BackgroundSaveTest {
    @TempDir Path dir;

    private static final int KEYS = 60_000;

    private static long info(LocalClient c, String field) {
        for (String line : c.call("INFO", "persistence").asText().split("\r\n")) {
            if (line.startsWith(field + ":")) return Long.parseLong(line.substring(field.length() + 1));
        }
        throw new AssertionError(field);
    }

    /**
     * Each keyspace counts its own snapshot epochs: a BGSAVE starting on another engine while this
     * one's runs does not change which values this one leaves out. (The epoch was once a static, and
     * a value stored after this BGSAVE began carried the other engine's epoch and went into the file.)
     */
    @Test
    void anotherEnginesSnapshotDoesNotMoveThisOnesEpoch() throws Exception {
        Keyspace a = new Keyspace(16, Clock.SYSTEM), b = new Keyspace(16, Clock.SYSTEM);
        a.db(0).setKey(bytes("old"), RedisObject.string(bytes("1")), false);
        b.db(0).setKey(bytes("other"), RedisObject.string(bytes("2")), false);
        // each engine in its own directory, as two servers would be (the temp file is named by pid and thread)
        Path dirA = java.nio.file.Files.createDirectories(dir.resolve("a")), dirB = java.nio.file.Files.createDirectories(dir.resolve("b"));
        BackgroundSave saveA = new BackgroundSave(a, dirA.resolve("dump.rdb"), RdbFile.SaveOptions.DEFAULT, 0, System::nanoTime);
        BackgroundSave saveB = new BackgroundSave(b, dirB.resolve("dump.rdb"), RdbFile.SaveOptions.DEFAULT, 0, System::nanoTime);
        a.db(0).setKey(bytes("new"), RedisObject.string(bytes("stored after a's BGSAVE began")), false);
        while (!saveA.walkSlice()) { }
        while (!saveB.walkSlice()) { }
        long deadline = System.currentTimeMillis() + 30_000;
        while (!(saveA.finished() && saveB.finished()) && System.currentTimeMillis() < deadline) Thread.sleep(5);
        assertTrue(saveA.finished() && saveB.finished(), "both files written");
        assertEquals(null, saveA.error());

        Keyspace loaded = new Keyspace(16, Clock.SYSTEM);
        RdbFile.load(dirA.resolve("dump.rdb"), loaded, new RdbFile.LoadOptions(RdbLoader.Limits.DEFAULT, true, false, 0, "noeviction"));
        assertEquals(1, loaded.db(0).size(), "a's file holds a's keyspace as it was when its BGSAVE began");
        assertTrue(loaded.db(0).exists(bytes("old")));
    }

    private static byte[] bytes(String s) { return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII); }

    @Test
    void theFileHoldsTheDataAsOfTheStartWhileWritesContinue() throws Exception {
        String digestAtStart;
        try (Engine e = RdbRoundTripTest.start(dir)) {
            LocalClient c = e.newClient();
            List<CompletableFuture<RespValue>> fill = new ArrayList<>();
            for (int i = 0; i < KEYS; i++) fill.add(c.send(argv("SET", "key:" + i, "value-" + i)));
            for (int i = 0; i < 200; i++) fill.add(c.send(argv("RPUSH", "list:" + i, "a", "b", "c")));
            for (int i = 0; i < 200; i++) fill.add(c.send(argv("HSET", "hash:" + i, "f", "v")));
            fill.add(c.send(argv("SELECT", "5")));
            for (int i = 0; i < 1000; i++) fill.add(c.send(argv("SET", "db5:" + i, "x")));
            fill.add(c.send(argv("SELECT", "0")));
            for (CompletableFuture<RespValue> f : fill) f.join();
            digestAtStart = c.call("DEBUG", "DIGEST").asText();

            // BGSAVE and a burst of writes queued right behind it: they run between the walk's slices
            List<CompletableFuture<RespValue>> writes = new ArrayList<>();
            writes.add(c.send(argv("BGSAVE")));
            for (int i = KEYS - 1; i >= 0; i -= 7) {
                writes.add(c.send(argv("SET", "key:" + i, "changed")));
                writes.add(c.send(argv("DEL", "key:" + (i - 1))));
                writes.add(c.send(argv("SET", "new:" + i, "born after")));
                writes.add(c.send(argv("APPEND", "key:" + (i - 2), "-grown")));
                writes.add(c.send(argv("EXPIRE", "key:" + (i - 3), "1000")));
            }
            for (int i = 0; i < 200; i += 3) {
                writes.add(c.send(argv("RPUSH", "list:" + i, "d", "e")));
                writes.add(c.send(argv("HSET", "hash:" + i, "g", "w")));
                writes.add(c.send(argv("RENAME", "list:" + (i + 1), "renamed:" + i)));
            }
            writes.add(c.send(argv("SWAPDB", "5", "6")));
            writes.add(c.send(argv("SELECT", "6")));
            writes.add(c.send(argv("SET", "db5:1", "changed in 6")));
            writes.add(c.send(argv("FLUSHDB")));
            writes.add(c.send(argv("SELECT", "0")));
            for (CompletableFuture<RespValue> f : writes) f.join();
            assertEquals("Background saving started", writes.get(0).join().asText());
            // Then writes that interleave with the walk's slices (the walk has started by now):
            // keys untouched so far, some already saved by the walker, some not yet.
            int interleaved = 0;
            for (int i = 4; i < KEYS && info(c, "rdb_bgsave_in_progress") == 1; i += 7 * 50) {
                List<CompletableFuture<RespValue>> batch = new ArrayList<>();
                for (int j = i; j < Math.min(KEYS, i + 7 * 50); j += 7) batch.add(c.send(argv("SET", "key:" + j, "late")));
                batch.forEach(CompletableFuture::join);
                interleaved++;
            }
            System.out.println("BackgroundSaveTest: " + interleaved + " write batches ran during the walk");
            String afterWrites = c.call("DEBUG", "DIGEST").asText();
            assertTrue(!afterWrites.equals(digestAtStart));

            long deadline = System.currentTimeMillis() + 30_000;
            while (info(c, "rdb_bgsave_in_progress") == 1 && System.currentTimeMillis() < deadline) Thread.sleep(20);
            assertEquals(0, info(c, "rdb_bgsave_in_progress"));
            String info = c.call("INFO", "persistence").asText();
            assertTrue(info.contains("rdb_last_bgsave_status:ok"), info);
            assertEquals(afterWrites, c.call("DEBUG", "DIGEST").asText()); // the live data is untouched
        }
        try (Engine e = RdbRoundTripTest.start(dir)) {
            LocalClient c = e.newClient();
            assertEquals(digestAtStart, c.call("DEBUG", "DIGEST").asText());
        }
    }

    @Test
    void aBlockedClientServedDuringTheSaveDoesNotLeakIntoIt() throws Exception {
        String digestAtStart;
        try (Engine e = RdbRoundTripTest.start(dir)) {
            LocalClient c = e.newClient(), blocked = e.newClient();
            List<CompletableFuture<RespValue>> fill = new ArrayList<>();
            for (int i = 0; i < 30_000; i++) fill.add(c.send(argv("SET", "k" + i, "v")));
            fill.add(c.send(argv("RPUSH", "dst", "x")));
            fill.forEach(CompletableFuture::join);
            digestAtStart = c.call("DEBUG", "DIGEST").asText();
            CompletableFuture<RespValue> moved = blocked.send(argv("BLMOVE", "src", "dst", "LEFT", "RIGHT", "0"));
            CompletableFuture<RespValue> started = c.send(argv("BGSAVE"));
            CompletableFuture<RespValue> pushed = c.send(argv("RPUSH", "src", "y")); // serves BLMOVE: dst gets y
            assertEquals("Background saving started", started.join().asText());
            pushed.join();
            assertEquals("y", moved.join().asText());
            long deadline = System.currentTimeMillis() + 30_000;
            while (info(c, "rdb_bgsave_in_progress") == 1 && System.currentTimeMillis() < deadline) Thread.sleep(20);
        }
        try (Engine e = RdbRoundTripTest.start(dir)) {
            LocalClient c = e.newClient();
            assertEquals(1L, ((RespValue.Int) c.call("LLEN", "dst")).value());
            assertEquals(digestAtStart, c.call("DEBUG", "DIGEST").asText());
        }
    }

    @Test
    void bgsaveWhileOneRunsIsRefusedAndSaveToo() throws Exception {
        try (Engine e = RdbRoundTripTest.start(dir)) {
            LocalClient c = e.newClient();
            List<CompletableFuture<RespValue>> fill = new ArrayList<>();
            for (int i = 0; i < 50_000; i++) fill.add(c.send(argv("SET", "k" + i, "v")));
            fill.forEach(CompletableFuture::join);
            CompletableFuture<RespValue> first = c.send(argv("BGSAVE"));
            CompletableFuture<RespValue> second = c.send(argv("BGSAVE"));
            CompletableFuture<RespValue> save = c.send(argv("SAVE"));
            assertEquals("Background saving started", first.join().asText());
            assertEquals("ERR Background save already in progress", ((RespValue.Error) second.join()).message());
            assertEquals("ERR Background save already in progress", ((RespValue.Error) save.join()).message());
            long deadline = System.currentTimeMillis() + 30_000;
            while (info(c, "rdb_bgsave_in_progress") == 1 && System.currentTimeMillis() < deadline) Thread.sleep(20);
            assertEquals(0, info(c, "rdb_changes_since_last_save"));
        }
    }
}
