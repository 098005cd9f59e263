package io.glassbox.persistence.rdb;

/**
 * Who hears about saves (the hooks layer): a snapshot started, advanced by one slice of its walk,
 * finished. Called on the command thread; must not block.
 */
public interface SnapshotListener {
    SnapshotListener NONE = new SnapshotListener() {};

    /** {@code background}: BGSAVE (or a save point) rather than SAVE. */
    default void snapshotStarted(boolean background, long keysTotal) {}

    default void snapshotProgress(long keysProcessed, long keysTotal, long bytesWritten) {}

    /** {@code error} is null on success. */
    default void snapshotFinished(boolean background, long keys, long bytes, long longestSliceNanos, String error) {}
}
