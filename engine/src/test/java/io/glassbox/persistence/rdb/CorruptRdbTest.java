package io.glassbox.persistence.rdb;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A bad dump.rdb stops the start with the file and the offset named; nothing half-loaded is served. */
@Tag("unit")
class CorruptRdbTest {
    @TempDir Path dir;

    private byte[] goodFile() throws Exception {
        try (Engine e = RdbRoundTripTest.start(dir)) {
            LocalClient c = e.newClient();
            RdbRoundTripTest.fill(c);
            c.call("SAVE");
        }
        return Files.readAllBytes(dir.resolve("dump.rdb"));
    }

    private String startFails(byte[] file) throws Exception {
        Files.write(dir.resolve("dump.rdb"), file);
        Engine.StartupException ex = assertThrows(Engine.StartupException.class, () -> RdbRoundTripTest.start(dir).close());
        assertTrue(ex.getMessage().contains(dir.resolve("dump.rdb").toString()), ex.getMessage());
        assertTrue(ex.getMessage().contains("offset"), ex.getMessage());
        return ex.getMessage();
    }

    @Test
    void truncatedFile() throws Exception {
        byte[] good = goodFile();
        for (int cut : new int[]{5, 20, good.length / 2, good.length - 3}) {
            String msg = startFails(Arrays.copyOf(good, cut));
            assertTrue(msg.contains("Unexpected EOF") || msg.contains("signature"), msg);
        }
    }

    @Test
    void flippedByteFailsTheChecksumOrTheFormat() throws Exception {
        byte[] good = goodFile();
        for (int pos = 9; pos < good.length; pos += Math.max(1, good.length / 40)) {
            byte[] bad = good.clone();
            bad[pos] ^= 0x5A;
            Files.write(dir.resolve("dump.rdb"), bad);
            try {
                Engine e = RdbRoundTripTest.start(dir);
                e.close();
                throw new AssertionError("a corrupt byte at " + pos + " was loaded");
            } catch (Engine.StartupException expected) {
                assertTrue(expected.getMessage().contains("offset"), expected.getMessage());
            }
        }
    }

    @Test
    void checksumErrorNamesBothValues() throws Exception {
        byte[] good = goodFile();
        good[good.length - 1] ^= 1;
        assertTrue(startFails(good).contains("Wrong RDB checksum"));
    }

    @Test
    void aFileWithChecksumZeroIsNotChecked() throws Exception {
        byte[] good = goodFile();
        for (int i = 1; i <= 8; i++) good[good.length - i] = 0;
        Files.write(dir.resolve("dump.rdb"), good);
        try (Engine e = RdbRoundTripTest.start(dir)) {
            assertEquals(20L, ((io.glassbox.resp.RespValue.Int) e.newClient().call("DBSIZE")).value()); // db 0's keys
        }
    }
}
