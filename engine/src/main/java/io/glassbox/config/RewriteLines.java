package io.glassbox.config;

/**
 * What a subsystem may do to the file CONFIG REWRITE is building (config.c's
 * {@code rewriteConfigRewriteLine} and {@code rewriteConfigMarkAsProcessed}): the sentinel writes
 * its {@code sentinel ...} lines through this ({@code rewriteConfigSentinelOption}).
 */
public interface RewriteLines {
    /** Replaces the next old line of {@code option}, or appends {@code line} if none is left and {@code force}. */
    void rewriteLine(String option, String line, boolean force);

    /** The old lines of {@code option} that were not reused are blanked at the end. */
    void markAsProcessed(String option);
}
