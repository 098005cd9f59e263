package io.glassbox.visualizer;

import io.glassbox.hooks.EngineEvent;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The caption of one fan-out and join of the I/O threads names who took which client and the command thread's wait. */
@Tag("unit")
class IoThreadsCaptionTest {
    private static final io.glassbox.course.Messages EN = new io.glassbox.course.Messages(io.glassbox.course.Lang.EN);

    @Test
    void aReadPhaseSaysWhichThreadTookWhichClientAndHowLongTheCommandThreadWaited() {
        EngineEvent.IoThreadsPhase p = new EngineEvent.IoThreadsPhase(7, 0, "read", new long[] {11, 12, 13}, new long[] {0, 1, 0},
                new long[] {40_000, 25_000}, new long[] {60, 30}, 3_000, 90_000, 120_000);
        String s = Captions.describe(p, EN);
        assertTrue(s.startsWith("I/O threads, reads: 3 clients dealt round-robin (command thread: clients 11,13 in 40 µs; io_thd_1: clients 12 in 25 µs)"), s);
        assertTrue(s.contains("waited 90 µs"), s);
        assertTrue(s.contains("ran the parsed commands alone, in order, in 120 µs (handleClientsWithPendingReadsUsingThreads)"), s);
    }

    @Test
    void aWritePhaseNamesTheWriteHandler() {
        EngineEvent.IoThreadsPhase p = new EngineEvent.IoThreadsPhase(8, 0, "write", new long[] {5}, new long[] {2},
                new long[] {0, 0, 15_000}, new long[] {0, 0, 900}, 1_000, 16_000, 2_000);
        String s = Captions.describe(p, EN);
        assertTrue(s.contains("command thread: clients none in 0 µs; io_thd_1: clients none in 0 µs; io_thd_2: clients 5 in 15 µs"), s);
        assertTrue(s.contains("handleClientsWithPendingWritesUsingThreads"), s);
    }
}
