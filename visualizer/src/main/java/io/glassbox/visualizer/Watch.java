package io.glassbox.visualizer;

import io.glassbox.db.RedisDb;
import io.glassbox.db.RedisObject;
import io.glassbox.db.ZsetObjects;
import io.glassbox.ds.dict.Dict;
import io.glassbox.ds.dict.DictSnapshot;
import io.glassbox.ds.skiplist.SkipListSnapshot;
import io.glassbox.hooks.EngineEvent;
import io.glassbox.hooks.Hooks;
import io.glassbox.server.Server;
import io.glassbox.visualizer.source.Source;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the dict and skiplist views are watching — a database's keyspace, or one key's hash, set or
 * sorted set — and how a picture of it is taken: a {@link Hooks#snapshot} function that runs on
 * the command thread between commands, reads only, and returns copies.
 *
 * <p>Reading must not move the machinery it shows: {@code dictFind} does a rehash step, so the key
 * is looked up with the dict's rehashing paused ({@code dictPauseRehashing}), as a safe iterator
 * would. Keys are copied only for tables small enough to draw them ({@link #KEYS_MAX_BUCKETS});
 * a big dict is copied as chain lengths, and not more often than the caller asks.
 *
 * <p>The skiplist's last insert comes from the hooks' {@link EngineEvent.SkipListInsert} events for
 * the watched key, heard on a subscription of this watch's own that takes only that kind (so it is
 * known before the next frame, and the command thread hands over nothing else to it): member and
 * score, from which {@link SkipListPath} recomputes the search path on the snapshot being drawn.
 */
public final class Watch implements AutoCloseable {
    /** Tables up to this many buckets in all are copied with their keys. */
    public static final int KEYS_MAX_BUCKETS = 4096;

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
        return hooks.snapshot(server -> {
            long t0 = System.nanoTime();
            State s = read(server, db, key);
            snapshotNanos.addAndGet(System.nanoTime() - t0);
            snapshots.incrementAndGet();
            return s;
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

    private State read(Server server, int dbId, byte[] key) {
        RedisDb db = server.keyspace().db(dbId);
        if (key == null) return state(dbId, null, "keyspace", "hashtable", copy(db.dict()), null, null);
        RedisObject o = db.dict().peekValue(key); // looking must not move the rehash cursor
        if (o == null) return state(dbId, key, null, null, null, null, null);
        DictSnapshot<byte[]> dict = null;
        SkipListSnapshot zsl = null;
        if (o.encoding == RedisObject.ENC_SKIPLIST && o.value instanceof ZsetObjects.Zset z) {
            dict = copy(z.dict);
            zsl = z.zsl.snapshot();
        } else if (o.encoding == RedisObject.ENC_HT && o.value instanceof Dict<?, ?> d) {
            dict = copy(castBytes(d));
        }
        return state(dbId, key, o.typeName(), o.encodingName(), dict, zsl, lastInsert.get());
    }

    /**
     * The picture of what was read: of database {@code db}'s keyspace ({@code key} null), of a
     * missing key ({@code type} null), or of a key's value. A remote source builds it from
     * GLASSBOX.SNAPSHOT's reply, so both kinds of source title their pictures alike.
     */
    public static State state(int db, byte[] key, String type, String encoding, DictSnapshot<byte[]> dict,
                              SkipListSnapshot zsl, Insert lastInsert) {
        if (key == null) return new State("db" + db, "keyspace", "hashtable", dict, null, null);
        String title = "'" + Captions.text(key) + "'";
        if (type == null) return new State(title + " (no such key)", "none", "-", null, null, null);
        return new State(title + " (" + type + ", " + encoding + ")", type, encoding, dict, zsl, lastInsert);
    }

    @SuppressWarnings("unchecked")
    private static Dict<byte[], ?> castBytes(Dict<?, ?> d) {
        return (Dict<byte[], ?>) d;
    }

    private static DictSnapshot<byte[]> copy(Dict<byte[], ?> d) {
        DictSnapshot<byte[]> s = d.snapshot();
        return s.ht0().size() + s.ht1().size() <= KEYS_MAX_BUCKETS ? d.snapshotWithKeys() : s;
    }
}
