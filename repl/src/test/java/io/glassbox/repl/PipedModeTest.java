package io.glassbox.repl;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./glassbox < script}: a real process with piped stdin; stdout must hold replies only. */
@Tag("unit")
class PipedModeTest {
    @TempDir Path tmp;

    @Test
    void stdoutHoldsOnlyRepliesAndLogLinesGoToStderr() throws Exception {
        Path out = tmp.resolve("out"), err = tmp.resolve("err");
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ReplMain.class.getName(),
                "--port", "0", "--dir", tmp.toString()))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write("SET a 1\nSAVE\nGET a\n".getBytes(StandardCharsets.UTF_8)); // SAVE logs "DB saved on disk"
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the REPL ends at the end of its input");
        assertEquals("OK\nOK\n1\n", Files.readString(out));
        assertTrue(Files.readString(err).contains("DB saved on disk"), Files.readString(err));
    }
}
