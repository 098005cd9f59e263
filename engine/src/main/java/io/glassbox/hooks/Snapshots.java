package io.glassbox.hooks;

import io.glassbox.db.Keyspace;
import io.glassbox.db.RedisDb;
import io.glassbox.db.RedisObject;
import io.glassbox.db.ZsetObjects;
import io.glassbox.ds.dict.Dict;
import io.glassbox.ds.dict.DictSnapshot;
import io.glassbox.ds.skiplist.SkipListSnapshot;
import io.glassbox.ds.stream.Stream;
import io.glassbox.ds.stream.StreamSnapshot;
import io.glassbox.loop.EventLoop;
import io.glassbox.loop.Tick;
import io.glassbox.replication.Replication;
import io.glassbox.server.Client;
import io.glassbox.server.ClientInfo;
import io.glassbox.server.Server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Everything that copies the engine's internals for an observer: the keyspace dict, a value's
 * structure and bytes, a watched key's dict and skiplist, a stream's rax, replication, the clients,
 * the keys, the recent ticks. Each copy runs on the command thread between commands (even while
 * the loop is paused) and completes a future; {@link Hooks} hands them out.
 *
 * <p>Reading must not move what it shows: a key is looked up with {@link Dict#peekValue}, which
 * does not take the rehash step {@code dictFind} takes (as with {@code dictPauseRehashing}), does
 * not touch the LRU clock and does not expire the key; dicts are walked with safe iterators.
 *
 * <p>The static methods are the command-thread half, for callers already on it (the
 * {@code GLASSBOX.SNAPSHOT} command): the same copy, whether a viewer is in-process or remote.
 */
public final class Snapshots {
    private final Server server;
    private final EventLoop loop;
    private final Replication replication;
    private final Subscriptions subscriptions;

    Snapshots(Server server, EventLoop loop, Replication replication, Subscriptions subscriptions) {
        this.server = server;
        this.loop = loop;
        this.replication = replication;
        this.subscriptions = subscriptions;
    }

    /** Runs {@code f} on the command thread, between commands, and completes with its result. */
    <T> CompletableFuture<T> run(Function<Server, T> f) {
        return loop.submitOutsideTicks(() -> f.apply(server));
    }

    CompletableFuture<DictSnapshot<byte[]>> keyspaceDict(int db) {
        return run(s -> s.keyspace().db(db).dict().snapshotWithKeys());
    }

    CompletableFuture<KeySnapshot> key(int db, byte[] key) {
        byte[] k = key == null ? null : key.clone();
        return run(s -> key(s.keyspace().db(db), k));
    }

    CompletableFuture<ValueSnapshot> value(int db, byte[] key) {
        byte[] k = key.clone();
        return run(s -> {
            RedisObject o = peek(s.keyspace().db(db), k);
            return o == null ? null : ValueSnapshot.of(o);
        });
    }

    CompletableFuture<DictSnapshot<byte[]>> dictOf(int db, byte[] key) {
        byte[] k = key.clone();
        return run(s -> {
            Dict<byte[], ?> d = dictOf(peek(s.keyspace().db(db), k));
            return d == null ? null : d.snapshotWithKeys();
        });
    }

    CompletableFuture<SkipListSnapshot> skiplist(int db, byte[] key) {
        return value(db, key).thenApply(v -> v instanceof ValueSnapshot.SkipListView z ? z.skiplist() : null);
    }

    CompletableFuture<StreamSnapshot> stream(int db, byte[] key) {
        byte[] k = key.clone();
        return run(s -> {
            RedisObject o = peek(s.keyspace().db(db), k);
            return o != null && o.type == RedisObject.TYPE_STREAM ? ((Stream) o.value).snapshot() : null;
        });
    }

    CompletableFuture<List<KeyListing>> keys(int db, int max) {
        return run(s -> {
            Keyspace ks = s.keyspace();
            return KeyListing.firstKeys(ks.db(db), ks.clock().millis(), max);
        });
    }

    CompletableFuture<Replication.Snapshot> replication() {
        return run(s -> replication.snapshot());
    }

    CompletableFuture<List<String>> clients() {
        return run(s -> {
            List<String> out = new ArrayList<>();
            for (Client c : s.clients()) out.add(ClientInfo.line(c));
            return out;
        });
    }

    CompletableFuture<List<Tick>> recentTicks() {
        return run(s -> subscriptions.recentTicks());
    }

    // ---------------------------------------------------------------- on the command thread

    /**
     * The picture of {@code key} in {@code db} (the keyspace itself if {@code key} is null): see
     * {@link KeySnapshot}. Command thread only.
     */
    public static KeySnapshot key(RedisDb db, byte[] key) {
        long t0 = System.nanoTime();
        if (key == null) {
            DictSnapshot<byte[]> d = copy(db.dict());
            return new KeySnapshot("keyspace", "hashtable", d, null, System.nanoTime() - t0);
        }
        RedisObject o = peek(db, key);
        if (o == null) return KeySnapshot.missing(System.nanoTime() - t0);
        Dict<byte[], ?> d = dictOf(o);
        DictSnapshot<byte[]> dict = d == null ? null : copy(d);
        SkipListSnapshot zsl = o.encoding == RedisObject.ENC_SKIPLIST && o.value instanceof ZsetObjects.Zset z
                ? z.zsl.snapshot() : null;
        return new KeySnapshot(o.typeName(), o.encodingName(), dict, zsl, System.nanoTime() - t0);
    }

    /** The value at {@code key}, looked up without moving the rehash, the LRU clock or the expiry. */
    static RedisObject peek(RedisDb db, byte[] key) {
        return db.dict().peekValue(key);
    }

    /** The dict of a value: a hash or set in the hashtable encoding, a skiplist-encoded zset's member dict; else null. */
    @SuppressWarnings("unchecked")
    private static Dict<byte[], ?> dictOf(RedisObject o) {
        if (o == null) return null;
        if (o.encoding == RedisObject.ENC_HT && o.value instanceof Dict<?, ?> d) return (Dict<byte[], ?>) d;
        if (o.encoding == RedisObject.ENC_SKIPLIST && o.value instanceof ZsetObjects.Zset z) return z.dict;
        return null;
    }

    /** A dict's tables, with keys if they are small enough to draw ({@link KeySnapshot#KEYS_MAX_BUCKETS}). */
    private static DictSnapshot<byte[]> copy(Dict<byte[], ?> d) {
        DictSnapshot<byte[]> s = d.snapshot();
        return s.ht0().size() + s.ht1().size() <= KeySnapshot.KEYS_MAX_BUCKETS ? d.snapshotWithKeys() : s;
    }
}
