package io.glassbox.hooks;

/**
 * One thing the engine did, as a listener of {@link Hooks} sees it. Every event carries the number
 * of the loop tick it belongs to (the tick in progress when it happened; a {@link LoopTick} carries
 * its own number) and a {@link System#nanoTime} timestamp, so a visualizer can group events by tick
 * and space them in time.
 *
 * <p>Events are immutable values: byte arrays (keys) are copied in and copied out.
 */
public sealed interface EngineEvent {

    /** The loop tick this event belongs to. */
    long tick();

    /** When it happened, by {@link System#nanoTime}. */
    long nanoTime();

    /**
     * A tick finished (aeMain's one turn, ending with beforeSleep): what each phase did. File
     * events: {@code reads} handled and {@code commands} run; time events: {@code cronRuns};
     * before-sleep: {@code clientsWritten}.
     */
    record LoopTick(long tick, long nanoTime, long startNanos, long durationNanos, int reads, long commands,
                    int cronRuns, int clientsWritten) implements EngineEvent {}

    /** A command finished ({@code call()} in server.c); {@code command} is its full name, e.g. "client|list". */
    record CommandExecuted(long tick, long nanoTime, long clientId, String command, long micros) implements EngineEvent {}

    /** A client connected (acceptCommonHandler, or an in-process client). */
    record ClientConnected(long tick, long nanoTime, long clientId, String addr) implements EngineEvent {}

    /** A client went away (freeClient). */
    record ClientClosed(long tick, long nanoTime, long clientId, String addr) implements EngineEvent {}

    /** A key was deleted because its TTL passed (lazily on access or by activeExpireCycle). */
    record KeyExpired(long tick, long nanoTime, int db, byte[] key) implements EngineEvent {
        public KeyExpired {
            key = key.clone();
        }

        @Override
        public byte[] key() { return key.clone(); }
    }

    /**
     * A keyspace dict ({@code "db0"} for the keys, {@code "db0:expires"} for the TTLs) allocated a
     * new table of {@code newSize} buckets; {@code oldSize} 0 means its first table. Otherwise
     * incremental rehashing starts: {@code used} entries will move bucket by bucket.
     */
    record DictResized(long tick, long nanoTime, String dict, int oldSize, int newSize, long used) implements EngineEvent {}

    /** One rehash step moved bucket {@code fromBucket} ({@code movedEntries} entries) of ht[0] to ht[1]. */
    record DictRehashStep(long tick, long nanoTime, String dict, int fromBucket, int movedEntries, int rehashIdxAfter)
            implements EngineEvent {}

    /** Rehashing finished: ht[1] became ht[0], {@code newSize} buckets. */
    record DictRehashCompleted(long tick, long nanoTime, String dict, int newSize) implements EngineEvent {}

    /**
     * A value changed its encoding (e.g. a hash from "listpack" to "hashtable"). {@code key} is
     * null when the converting code does not know the key (the first cut: it never does).
     */
    record EncodingConverted(long tick, long nanoTime, byte[] key, String from, String to) implements EngineEvent {
        public EncodingConverted {
            key = key == null ? null : key.clone();
        }

        @Override
        public byte[] key() { return key == null ? null : key.clone(); }
    }

    /**
     * A save began (rdbSave / rdbSaveBackground): {@code background} for BGSAVE and save points,
     * with the number of keys the snapshot holds.
     */
    record SnapshotStarted(long tick, long nanoTime, boolean background, long keysTotal) implements EngineEvent {}

    /** One slice of a background save's walk ran: keys saved so far and bytes already on disk. */
    record SnapshotProgress(long tick, long nanoTime, long keysProcessed, long keysTotal, long bytesWritten) implements EngineEvent {}

    /**
     * A save ended; {@code error} is null on success. {@code longestSliceNanos}: the longest slice of
     * a background walk (the stall it caused), or the whole duration of a foreground SAVE.
     */
    record SnapshotFinished(long tick, long nanoTime, boolean background, long keys, long bytes, long longestSliceNanos,
                            String error) implements EngineEvent {}

    /**
     * The AOF's current file was fsynced: with appendfsync always on the command thread before the
     * tick's replies are written ({@code background} false), with everysec by the background thread.
     * {@code bytes} is the file's size at that moment.
     */
    record AofFsync(long tick, long nanoTime, String file, long bytes, boolean background) implements EngineEvent {}

    /**
     * A phase of an AOF rewrite: "started" (writes switched to a new incr file), "image-taken" (the
     * dataset was serialised on the command thread), "done" (the new base is in the manifest),
     * "failed".
     */
    record AofRewritePhase(long tick, long nanoTime, String phase) implements EngineEvent {}
}
