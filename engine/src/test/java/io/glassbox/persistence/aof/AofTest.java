package io.glassbox.persistence.aof;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.hooks.EngineEvent;
import io.glassbox.resp.RespValue;
import io.glassbox.testkit.EngineFixture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The append-only file on its own: what survives a restart, what a damaged file does at start-up,
 * the multi-part layout through a rewrite, and turning AOF on at runtime.
 */
@Tag("unit")
class AofTest {
    @TempDir
    Path dir;

    private Engine start(String config) throws Exception {
        return EngineFixture.builder().dir(dir).config(config).startEngine();
    }

    private Path aofDir() { return dir.resolve("appendonlydir"); }

    private Path lastIncr() throws Exception {
        String m = Files.readString(aofDir().resolve("appendonly.aof.manifest"));
        String[] lines = m.strip().split("\n");
        return aofDir().resolve(lines[lines.length - 1].split(" ")[1]);
    }

    private static String info(LocalClient c) {
        return c.call("INFO", "persistence").asText();
    }

    private static void waitRewrite(LocalClient c) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            if (info(c).contains("aof_rewrite_in_progress:0")) return;
            Thread.sleep(10);
        }
        throw new AssertionError("rewrite did not finish");
    }

    @Test
    void inPlaceWritesInsideMultiReplayToTheSameValue() throws Exception {
        // SET keeps its argument array as the value, and the MULTI block still holds that array
        // until EXEC: BITFIELD INCRBY must write into the key's own copy, or the AOF would get
        // "SET b iello" followed by the INCRBY, and a restart would read "jello".
        try (Engine e = start("appendonly yes\nappendfsync always")) {
            LocalClient c = e.newClient();
            c.call("MULTI");
            c.call("SET", "b", "hello");
            c.call("BITFIELD", "b", "INCRBY", "u8", "0", "1");
            c.call("APPEND", "b", "!");
            c.call("EXEC");
            assertEquals("iello!", c.call("GET", "b").asText());
        }
        try (Engine e = start("appendonly yes")) {
            assertEquals("iello!", e.newClient().call("GET", "b").asText());
        }
    }

    @Test
    void writesSurviveARestart() throws Exception {
        for (String fsync : List.of("always", "everysec", "no")) {
            try (Engine e = start("appendonly yes\nappendfsync " + fsync)) {
                LocalClient c = e.newClient();
                c.call("FLUSHALL");
                c.call("SET", "k", "v-" + fsync);
                c.call("RPUSH", "l", "a", "b");
                c.call("SELECT", "2");
                c.call("HSET", "h", "f", "1");
                c.call("INCR", "n");
            }
            try (Engine e = start("appendonly yes")) {
                LocalClient c = e.newClient();
                assertEquals("v-" + fsync, c.call("GET", "k").asText(), fsync);
                assertEquals(2L, ((RespValue.Int) c.call("LLEN", "l")).value());
                c.call("SELECT", "2");
                assertEquals("1", c.call("HGET", "h", "f").asText());
            }
        }
    }

    @Test
    void aFreshAofHasABaseAnIncrAndAManifest() throws Exception {
        try (Engine e = start("appendonly yes\naof-use-rdb-preamble no")) {
            e.newClient().call("SET", "k", "v");
        }
        assertEquals("file appendonly.aof.1.base.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n",
                Files.readString(aofDir().resolve("appendonly.aof.manifest")));
        assertEquals("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n",
                Files.readString(aofDir().resolve("appendonly.aof.1.incr.aof")));
    }

    @Test
    void withTheRdbPreambleTheBaseIsAnRdbFile() throws Exception {
        try (Engine e = start("appendonly yes\naof-use-rdb-preamble yes")) {
            LocalClient c = e.newClient();
            c.call("SET", "k", "v");
            c.call("BGREWRITEAOF");
            waitRewrite(c);
            c.call("SET", "k2", "v2");
        }
        assertEquals("file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n",
                Files.readString(aofDir().resolve("appendonly.aof.manifest")));
        byte[] base = Files.readAllBytes(aofDir().resolve("appendonly.aof.2.base.rdb"));
        assertEquals("REDIS0010", new String(base, 0, 9, StandardCharsets.US_ASCII));
        try (Engine e = start("appendonly yes")) {
            LocalClient c = e.newClient();
            assertEquals("v", c.call("GET", "k").asText());
            assertEquals("v2", c.call("GET", "k2").asText());
        }
    }

    @Test
    void aTruncatedTailIsCutWhenAllowedAndRefusedOtherwise() throws Exception {
        try (Engine e = start("appendonly yes")) {
            e.newClient().call("SET", "a", "1");
        }
        Path incr = lastIncr();
        long good = Files.size(incr);
        Files.write(incr, "*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);

        Engine.StartupException refused = assertThrows(Engine.StartupException.class,
                () -> start("appendonly yes\naof-load-truncated no"));
        assertTrue(refused.getMessage().contains("Unexpected end of file reading the append only file appendonly.aof.1.incr.aof"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("offset " + good), refused.getMessage());

        try (Engine e = start("appendonly yes\naof-load-truncated yes")) {
            LocalClient c = e.newClient();
            assertEquals("1", c.call("GET", "a").asText());
            assertEquals(new RespValue.Null(), c.call("GET", "b"));
        }
        assertEquals(good, Files.size(incr), "the broken tail was cut off");
    }

    @Test
    void garbageIsABadFormatNamingFileAndOffset() throws Exception {
        try (Engine e = start("appendonly yes")) {
            e.newClient().call("SET", "a", "1");
        }
        Path incr = lastIncr();
        long at = Files.size(incr);
        Files.write(incr, "hello\r\n*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
        Engine.StartupException bad = assertThrows(Engine.StartupException.class, () -> start("appendonly yes"));
        assertTrue(bad.getMessage().startsWith("Bad file format reading the append only file appendonly.aof.1.incr.aof at offset " + at),
                bad.getMessage());
    }

    @Test
    void anUnfinishedTransactionIsRevertedWhole() throws Exception {
        try (Engine e = start("appendonly yes")) {
            e.newClient().call("SET", "a", "1");
        }
        Path incr = lastIncr();
        long good = Files.size(incr);
        Files.write(incr, ("*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1\r\n2\r\n").getBytes(StandardCharsets.US_ASCII),
                StandardOpenOption.APPEND);
        try (Engine e = start("appendonly yes")) {
            LocalClient c = e.newClient();
            assertEquals("1", c.call("GET", "a").asText());
            assertEquals(new RespValue.Null(), c.call("GET", "b"), "half a transaction is not applied");
        }
        assertEquals(good, Files.size(incr));
        // a complete one is
        Files.write(incr, ("*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1\r\n2\r\n*1\r\n$4\r\nEXEC\r\n")
                .getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
        try (Engine e = start("appendonly yes")) {
            assertEquals("2", e.newClient().call("GET", "b").asText());
        }
    }

    @Test
    void anUnknownCommandStopsTheLoad() throws Exception {
        try (Engine e = start("appendonly yes")) {
            e.newClient().call("SET", "a", "1");
        }
        Files.write(lastIncr(), "*1\r\n$7\r\nNOTACMD\r\n".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
        Engine.StartupException bad = assertThrows(Engine.StartupException.class, () -> start("appendonly yes"));
        assertTrue(bad.getMessage().startsWith("Unknown command 'NOTACMD' reading the append only file appendonly.aof.1.incr.aof"),
                bad.getMessage());
    }

    @Test
    void aCommandWithTheWrongNumberOfArgumentsIsRefusedNotRun() throws Exception {
        // Found by AofLoadFuzzTest (its committed input crash-select-without-its-argument): "*1 SELECT"
        // ran SELECT with no index and threw. Redis 7.0 does not check arity here either (it reads
        // past argv); the file is refused with the command and the offset, as an unknown one.
        Files.createDirectories(aofDir());
        Files.writeString(aofDir().resolve("appendonly.aof.manifest"), "file appendonly.aof.1.incr.aof seq 1 type i\n");
        Path fuzzInput = Path.of(getClass().getResource("AofLoadFuzzTestInputs/anyManifestAndIncrFile/crash-select-without-its-argument").toURI());
        Files.copy(fuzzInput, aofDir().resolve("appendonly.aof.1.incr.aof"));
        Engine.StartupException bad = assertThrows(Engine.StartupException.class, () -> start("appendonly yes"));
        assertTrue(bad.getMessage().startsWith("Wrong number of arguments for 'select' command reading the append only file "
                + "appendonly.aof.1.incr.aof at offset 0"), bad.getMessage());
        Files.writeString(aofDir().resolve("appendonly.aof.1.incr.aof"), "*2\r\n$3\r\nSET\r\n$1\r\nk\r\n");
        bad = assertThrows(Engine.StartupException.class, () -> start("appendonly yes"));
        assertTrue(bad.getMessage().startsWith("Wrong number of arguments for 'set' command"), bad.getMessage());
    }

    @Test
    void aHugeBulkLengthInASmallFileIsATruncationNotAnAllocation() throws Exception {
        // Found by AofLoadFuzzTest (crash-huge-bulk-length: a "$1000001029" in a 21 KB file): the
        // loader allocated the claimed length before reading and the heap ran out. Now memory
        // follows the bytes read; the file is cut back to its last whole command as any truncation.
        try (EngineFixture f = EngineFixture.builder().debug().dir(dir).start()) {
            Files.createDirectories(aofDir());
            Files.writeString(aofDir().resolve("appendonly.aof.manifest"), "file appendonly.aof.1.incr.aof seq 1 type i\n");
            Files.writeString(aofDir().resolve("appendonly.aof.1.incr.aof"),
                    "*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$2000000000\r\nxyz");
            long before = io.glassbox.testkit.Allocations.total();
            assertEquals("OK", f.call("DEBUG", "LOADAOF").asText());
            long allocated = io.glassbox.testkit.Allocations.total() - before;
            assertTrue(allocated < 256L << 20, "allocated " + allocated + " bytes to load a 60-byte file");
            assertEquals("1", f.call("GET", "a").asText());
            assertEquals(new RespValue.Null(), f.call("GET", "b"));
        }
    }

    @Test
    void aManifestNamesFilesNotPaths() throws Exception {
        // aofLoadManifestFromFile's pathIsBaseName: a load truncates a cut last file, so a manifest
        // naming "../x" could have cut a file outside the AOF directory
        Files.createDirectories(aofDir());
        Path outside = dir.resolve("victim");
        Files.writeString(outside, "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n*1\r\n$4\r\nPI");
        Files.writeString(aofDir().resolve("appendonly.aof.manifest"), "file ../victim seq 1 type i\n");
        Engine.StartupException bad = assertThrows(Engine.StartupException.class, () -> start("appendonly yes\naof-load-truncated yes"));
        assertTrue(bad.getMessage().contains("File can't be a path, just a filename"), bad.getMessage());
        assertEquals(37, Files.size(outside), "the file outside the AOF directory is untouched");
    }

    @Test
    void aRewriteStartsANewIncrFileAndKeepsWritesMadeMeanwhile() throws Exception {
        rewriteKeepsWritesMadeMeanwhile("no", "aof");
    }

    @Test
    void anRdbPreambleRewriteKeepsWritesMadeMeanwhile() throws Exception {
        rewriteKeepsWritesMadeMeanwhile("yes", "rdb");
    }

    private void rewriteKeepsWritesMadeMeanwhile(String preamble, String ext) throws Exception {
        List<String> phases = new CopyOnWriteArrayList<>();
        try (Engine e = start("appendonly yes\naof-use-rdb-preamble " + preamble)) {
            // only the phases are queued: the 1000 SETs' own events could fill a 1024-slot queue on
            // a loaded machine and drop "started"
            var sub = e.hooks().subscribe(ev -> {
                if (ev instanceof EngineEvent.AofRewritePhase p) phases.add(p.phase());
            }, 1024, java.util.Set.of(EngineEvent.AofRewritePhase.class));
            LocalClient c = e.newClient();
            for (int i = 0; i < 1000; i++) c.call("SET", "k" + i, "v" + i);
            c.call("INCR", "counter");
            assertEquals("Background append only file rewriting started", c.call("BGREWRITEAOF").asText());
            c.call("INCR", "counter"); // after the switch: in the new incr file, not in the new base
            c.call("SET", "late", "1", "EX", "1000");
            waitRewrite(c);
            assertTrue(info(c).contains("aof_rewrites:1"), info(c));
            c.call("INCR", "counter");
            long deadline = System.currentTimeMillis() + 5000;
            while (phases.size() < 3 && System.currentTimeMillis() < deadline) Thread.sleep(10);
            sub.close();
        }
        assertEquals(List.of("started", "image-taken", "done"), phases);
        assertEquals("file appendonly.aof.2.base." + ext + " seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n",
                Files.readString(aofDir().resolve("appendonly.aof.manifest")));
        assertFalse(Files.exists(aofDir().resolve("appendonly.aof.1.incr.aof")), "history files are deleted");
        assertFalse(Files.exists(aofDir().resolve("appendonly.aof.1.base." + ext)));
        try (Engine e = start("appendonly yes")) {
            LocalClient c = e.newClient();
            assertEquals("3", c.call("GET", "counter").asText(), "each INCR counted once: base + incr, no overlap");
            assertEquals("v999", c.call("GET", "k999").asText());
            assertTrue(((RespValue.Int) c.call("TTL", "late")).value() > 900);
        }
    }

    @Test
    void configSetAppendonlyYesWritesTheDatasetFirst() throws Exception {
        try (Engine e = start("appendonly no")) {
            LocalClient c = e.newClient();
            c.call("SET", "before", "1");
            c.call("SADD", "s", "a", "b");
            assertTrue(info(c).contains("aof_enabled:0"));
            assertEquals("OK", c.call("CONFIG", "SET", "appendonly", "yes").asText());
            c.call("SET", "during", "2");
            waitRewrite(c);
            c.call("SET", "after", "3");
            String info = info(c);
            assertTrue(info.contains("aof_enabled:1") && info.contains("aof_last_bgrewrite_status:ok"), info);
        }
        try (Engine e = start("appendonly yes")) {
            LocalClient c = e.newClient();
            assertEquals("1", c.call("GET", "before").asText());
            assertEquals("2", c.call("GET", "during").asText());
            assertEquals("3", c.call("GET", "after").asText());
            assertEquals(2L, ((RespValue.Int) c.call("SCARD", "s")).value());
        }
    }

    @Test
    void alwaysFsyncsBeforeTheReplyAndEverysecInTheBackground() throws Exception {
        try (Engine e = start("appendonly yes\nappendfsync always")) {
            List<EngineEvent.AofFsync> fsyncs = new CopyOnWriteArrayList<>();
            var sub = e.hooks().subscribe(ev -> {
                if (ev instanceof EngineEvent.AofFsync f) fsyncs.add(f);
            }, 1024);
            LocalClient c = e.newClient();
            long before = e.persistence().aof().fsyncCount();
            c.call("SET", "a", "1");
            // the reply arrived, so the fsync already happened (it precedes the reply in beforeSleep)
            assertEquals(before + 1, e.persistence().aof().fsyncCount());
            c.call("CONFIG", "SET", "appendfsync", "everysec");
            long deadline = System.currentTimeMillis() + 10_000;
            long n = e.persistence().aof().fsyncCount();
            while (e.persistence().aof().fsyncCount() == n && System.currentTimeMillis() < deadline) {
                c.call("SET", "b", "2");
                Thread.sleep(50);
            }
            assertTrue(e.persistence().aof().fsyncCount() > n, "everysec fsyncs in the background");
            deadline = System.currentTimeMillis() + 5000;
            while (fsyncs.stream().noneMatch(EngineEvent.AofFsync::background) && System.currentTimeMillis() < deadline) Thread.sleep(10);
            sub.close();
            assertFalse(fsyncs.get(0).background());
            assertTrue(fsyncs.stream().anyMatch(EngineEvent.AofFsync::background));
        }
    }

    @Test
    void debugLoadAofReplaysTheFilesOnDisk() throws Exception {
        try (Engine e = start("appendonly yes\nenable-debug-command yes")) {
            LocalClient c = e.newClient();
            c.call("SET", "a", "1");
            c.call("RPUSH", "l", "x", "y");
            c.call("DEBUG", "SET-ACTIVE-EXPIRE", "0");
            String before = c.call("DEBUG", "DIGEST").asText();
            assertEquals("OK", c.call("DEBUG", "LOADAOF").asText());
            assertEquals(before, c.call("DEBUG", "DIGEST").asText());
            c.call("SET", "b", "2");
        }
        try (Engine e = start("appendonly yes")) {
            LocalClient c = e.newClient();
            assertEquals("2", c.call("GET", "b").asText());
            assertEquals("1", c.call("GET", "a").asText(), "the reload itself wrote nothing to the AOF");
        }
    }

    @Test
    void anOldStyleSingleFileAofBecomesTheBase() throws Exception {
        Files.writeString(dir.resolve("appendonly.aof"),
                "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$3\r\nold\r\n$1\r\n1\r\n", StandardCharsets.US_ASCII);
        try (Engine e = start("appendonly yes")) {
            LocalClient c = e.newClient();
            assertEquals("1", c.call("GET", "old").asText());
            c.call("SET", "new", "2");
        }
        assertFalse(Files.exists(dir.resolve("appendonly.aof")), "moved into the AOF directory");
        assertEquals("file appendonly.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n",
                Files.readString(aofDir().resolve("appendonly.aof.manifest")));
        try (Engine e = start("appendonly yes")) {
            assertEquals("2", e.newClient().call("GET", "new").asText());
        }
    }

    @Test
    void timestampAnnotationsAreWrittenAndSkipped() throws Exception {
        try (Engine e = start("appendonly yes\naof-timestamp-enabled yes\naof-use-rdb-preamble no")) {
            e.newClient().call("SET", "k", "v");
        }
        assertTrue(Files.readString(lastIncr()).startsWith("#TS:"), Files.readString(lastIncr()));
        try (Engine e = start("appendonly yes")) {
            assertEquals("v", e.newClient().call("GET", "k").asText());
        }
    }

    @Test
    void turningAofOnDuringABgsaveWaitsForItAndCountsEachWriteOnce() throws Exception {
        try (Engine e = start("appendonly no")) {
            LocalClient c = e.newClient();
            for (int i = 0; i < 20000; i++) c.call("SET", "k" + i, "v");
            c.call("SET", "n", "0");
            assertEquals("Background saving started", c.call("BGSAVE").asText());
            assertEquals("OK", c.call("CONFIG", "SET", "appendonly", "yes").asText());
            c.call("INCR", "n"); // before the AOF's first image exists: it goes in the image, not the incr file
            waitRewrite(c);
            long deadline = System.currentTimeMillis() + 10_000;
            while (!info(c).contains("aof_rewrites:1") && System.currentTimeMillis() < deadline) Thread.sleep(10);
            assertTrue(info(c).contains("aof_rewrites:1"), info(c));
            c.call("INCR", "n");
        }
        try (Engine e = start("appendonly yes")) {
            assertEquals("2", e.newClient().call("GET", "n").asText());
        }
    }
}
