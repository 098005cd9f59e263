package io.glassbox.persistence.rdb;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.glassbox.db.Keyspace;
import io.glassbox.util.Clock;
import org.junit.jupiter.api.Tag;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Coverage-guided fuzzing of the RDB loader (Jazzer; docs/fuzzing.md): any bytes as an RDB file
 * give a loaded keyspace or an {@link RdbLoadException}, never another exception or a hang.
 *
 * <p>What loads must also be a dataset the writer can save and the loader read back with the same
 * number of keys: a value that loaded but cannot be walked would be a broken value in the keyspace.
 * The CRC is not checked (as with {@code rdbchecksum no}), so the fuzzer's changes reach the values
 * instead of stopping at the footer; the seeds are files written by Glassbox and by Redis 7.0.15.
 */
@Tag("fuzz")
class RdbLoadFuzzTest {
    private static final RdbFile.LoadOptions OPTIONS =
            new RdbFile.LoadOptions(RdbLoader.Limits.DEFAULT, false, false, 0, "noeviction");
    private static final Keyspace KS = new Keyspace(16, Clock.SYSTEM), AGAIN = new Keyspace(16, Clock.SYSTEM);

    @FuzzTest
    void anyBytesAsAnRdbFile(byte[] file) throws IOException {
        KS.emptyData(-1);
        RdbFile.LoadResult loaded;
        try {
            loaded = RdbFile.loadRio(new RioInput(file, file.length), KS, OPTIONS);
        } catch (RdbLoadException refused) {
            return;
        }
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        RioOutput out = new RioOutput(saved, true);
        RdbWriter w = new RdbWriter(out, true);
        RdbFile.saveRio(w, KS, false, 0);
        out.flush();
        AGAIN.emptyData(-1);
        byte[] bytes = saved.toByteArray();
        RdbFile.LoadResult reloaded;
        try {
            reloaded = RdbFile.loadRio(new RioInput(bytes, bytes.length), AGAIN, OPTIONS);
        } catch (RdbLoadException e) {
            throw new AssertionError("a loaded dataset saved as a file the loader refuses: " + e.getMessage(), e);
        }
        assertEquals(loaded.keysLoaded(), reloaded.keysLoaded(), "keys after a save and a reload");
    }
}
