package io.glassbox.loop;

/**
 * One turn of the event loop, as the hooks report it: when it started, how long its work took,
 * and what it did in each phase (file events: reads handled and commands run; time events: cron
 * runs; before-sleep: clients whose replies were written).
 */
public record Tick(long number, long startNanos, long durationNanos, int reads, long commands, int cronRuns,
                   int clientsWritten) {}
