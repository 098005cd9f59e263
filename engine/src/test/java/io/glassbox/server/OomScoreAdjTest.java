package io.glassbox.server;

import io.glassbox.testkit.EngineFixture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * oom-score-adj as setOOMScoreAdj: CONFIG SET writes this process's /proc score for its class
 * (master here), relative to the score it had before, or absolute; "no" puts the old score back.
 * (Linux only; the test JVM's own score is changed and restored.)
 */
@Tag("unit")
class OomScoreAdjTest {
    private static final Path SELF = Path.of("/proc/self/oom_score_adj");

    @Test
    void theConfigWritesTheProcessScoreAndNoRestoresIt() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(SELF), "no writable /proc/self/oom_score_adj");
        int before = score();
        try (EngineFixture gb = EngineFixture.start()) {
            assertEquals("OK", gb.call("CONFIG", "SET", "oom-score-adj-values", "10 20 30").asText());
            assertEquals(before, score(), "nothing changes while oom-score-adj is no");
            assertEquals("OK", gb.call("CONFIG", "SET", "oom-score-adj", "yes").asText());
            assertEquals(Math.min(1000, before + 10), score());
            assertEquals("OK", gb.call("CONFIG", "SET", "oom-score-adj-values", "15 20 30").asText());
            assertEquals(Math.min(1000, before + 15), score());
            assertEquals("OK", gb.call("CONFIG", "SET", "oom-score-adj", "absolute").asText());
            assertEquals(15, score());
            assertEquals("OK", gb.call("CONFIG", "SET", "oom-score-adj", "no").asText());
            assertEquals(before, score(), "the score from before is back");
        } finally {
            Files.writeString(SELF, before + "\n");
        }
    }

    private static int score() throws Exception {
        return Integer.parseInt(Files.readString(SELF).trim());
    }
}
