package io.glassbox.persistence.aof;

import io.glassbox.config.BoolConfig;
import io.glassbox.config.ConfigRegistry;
import io.glassbox.config.EnumConfig;
import io.glassbox.config.NumericConfig;
import io.glassbox.config.StringConfig;

/**
 * The settings the AOF reads (Redis's {@code server.aof_*}, {@code server.aof_fsync},
 * {@code server.aof_filename}, ...): each holder is looked up once, when the engine is built, and
 * CONFIG SET changes the value it holds, so the code reads a field and never a name.
 */
final class AofSettings {
    /** appendonly: the configured wish; the AOF's own {@code State} says what is running. */
    final BoolConfig appendonly;
    final BoolConfig useRdbPreamble, loadTruncated, timestampEnabled, disableAutoGc;
    /** appendfsync: AppendOnlyFile's FSYNC_NO, FSYNC_ALWAYS or FSYNC_EVERYSEC. */
    final EnumConfig appendfsync;
    final StringConfig appendfilename, appenddirname;
    final NumericConfig autoRewritePercentage, autoRewriteMinSize;
    /** rdb-key-save-delay, which rewriteAppendOnlyFileRio waits after each key too (a test setting). */
    final NumericConfig keySaveDelay;

    AofSettings(ConfigRegistry config) {
        appendonly = config.bool("appendonly");
        useRdbPreamble = config.bool("aof-use-rdb-preamble");
        loadTruncated = config.bool("aof-load-truncated");
        timestampEnabled = config.bool("aof-timestamp-enabled");
        disableAutoGc = config.bool("aof-disable-auto-gc");
        appendfsync = config.enumConfig("appendfsync");
        appendfilename = config.string("appendfilename");
        appenddirname = config.string("appenddirname");
        autoRewritePercentage = config.numeric("auto-aof-rewrite-percentage");
        autoRewriteMinSize = config.numeric("auto-aof-rewrite-min-size");
        keySaveDelay = config.numeric("rdb-key-save-delay");
    }
}
