package io.glassbox.visualizer;

import io.glassbox.ds.dict.DictSnapshot;
import io.glassbox.ds.skiplist.SkipListSnapshot;
import io.glassbox.hooks.EngineEvent;
import io.glassbox.hooks.Hooks;
import io.glassbox.hooks.KeySnapshot;
import io.glassbox.visualizer.source.Source;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the dict and skiplist views are watching — a database's keyspace, or one key's hash, set or
 * sorted set — and the picture of it: the engine's {@link KeySnapshot}, taken on the command thread
 * between commands by {@link Hooks#keySnapshot} (or, from a remote server, by
 * {@code GLASSBOX.SNAPSHOT KEY}, the same copy), titled here. The engine copies keys only for tables
 * small enough to draw them ({@link #KEYS_MAX_BUCKETS}); a big dict comes as chain lengths, and not
 * more often than the caller asks. Looking the key up does not move the rehash it shows.
 *
 * <p>The skiplist's last insert comes from the hooks' {@link EngineEvent.SkipListInsert} events for
 * the watched key, heard on a subscription of this watch's own that takes only that kind (so it is
 * known before the next frame, and the command thread hands over nothing else to it): member and
 * score, from which {@link SkipListPath} recomputes the search path on the snapshot being drawn.
 */
public final class Watch implements AutoCloseable {
    /** Tables up to this many buckets in all are copied with their keys (the engine's rule). */
    public static final int KEYS_MAX_BUCKETS = KeySnapshot.KEYS_MAX_BUCKETS;

    /** A picture of the watched thing; {@code dict} or {@code zsl} null when it has none. */
    public record State(String title, String type, String encoding, DictSnapshot<byte[]> dict, SkipListSnapshot zsl,
                        Insert lastInsert) {}

    /** The last zslInsert heard in the watched key: member, score and the level randomLevel drew, numbered. */
    public record Insert(byte[] member, double score, int level, long seq) {}

    private volatile int db;
    private volatile byte[] key;
    private final AtomicReference<Insert> lastInsert = new AtomicReference<>();
    private final AtomicLong insertSeq = new AtomicLong();
    private Source.Feed insertFeed;

    /**
     * Starts hearing skiplist inserts (without it the watch works, but no path is lit), on a
     * subscription of this watch's own that asks for the SkipListInsert kind only: the command thread
     * then only checks each other event's class for it, instead of handing it over (a remote server
     * streams only that kind).
     */
    public Watch listen(Source source) {
        insertFeed = source.subscribe(e -> {
            if (e instanceof EngineEvent.SkipListInsert i) sawInsert(i);
        }, 1024, EngineEvent.SkipListInsert.class);
        return this;
    }

    /** Records an insert if it happened in the watched key. */
    void sawInsert(EngineEvent.SkipListInsert i) {
        byte[] k = key;
        if (k != null && i.db() == db && Arrays.equals(i.key(), k)) {
            lastInsert.set(new Insert(i.member(), i.score(), i.level(), insertSeq.incrementAndGet()));
        }
    }

    /** The last insert heard in the watched key, or null. */
    public Insert lastInsert() { return lastInsert.get(); }

    /** Watch database {@code db}'s keyspace dict. */
    public void keyspace(int db) {
        this.db = db;
        this.key = null;
        lastInsert.set(null);
    }

    /** Watch one key of database {@code db}. */
    public void key(int db, byte[] key) {
        this.db = db;
        this.key = key.clone();
        lastInsert.set(null);
    }

    public int db() { return db; }

    public byte[] key() { return key == null ? null : key.clone(); }

    /** The dict name the hooks use for the watched keyspace ("db0"), or null when a key is watched. */
    public String keyspaceDictName() {
        return key == null ? "db" + db : null;
    }

    /** Takes a picture on the command thread. */
    public CompletableFuture<State> take(Hooks hooks) {
        int db = this.db;
        byte[] key = this.key;
        return hooks.keySnapshot(db, key).thenApply(k -> {
            snapshotNanos.addAndGet(k.copyNanos());
            snapshots.incrementAndGet();
            return state(db, key, k, lastInsert.get());
        });
    }

    // What taking pictures has cost the command thread: a snapshot runs there, between commands, so
    // its time is taken from the engine's throughput directly. Shown on the health line.
    private final AtomicLong snapshots = new AtomicLong(), snapshotNanos = new AtomicLong();

    /** Snapshots taken so far. */
    public long snapshots() { return snapshots.get(); }

    /** Nanoseconds the command thread spent taking them. */
    public long snapshotNanos() { return snapshotNanos.get(); }

    @Override
    public void close() {
        if (insertFeed != null) insertFeed.close();
    }

    /**
     * The picture titled: of database {@code db}'s keyspace ({@code key} null), of a missing key, or
     * of a key's value. A remote source builds it from GLASSBOX.SNAPSHOT's reply, so both kinds of
     * source title their pictures alike.
     */
    public static State state(int db, byte[] key, KeySnapshot k, Insert lastInsert) {
        if (key == null) return new State("db" + db, "keyspace", "hashtable", k.dict(), null, null);
        String title = "'" + Captions.text(key) + "'";
        if (!k.exists()) return new State(title + " (no such key)", "none", "-", null, null, null);
        return new State(title + " (" + k.type() + ", " + k.encoding() + ")", k.type(), k.encoding(), k.dict(),
                k.skiplist(), lastInsert);
    }
}
