package io.glassbox.hooks;

import io.glassbox.ds.dict.DictSnapshot;
import io.glassbox.ds.skiplist.SkipListSnapshot;

/**
 * A picture of what a viewer watches: a database's keyspace dict, or one key's value with its dict
 * (a hash or set in the hashtable encoding, a skiplist-encoded sorted set's member dict) and its
 * skiplist. The one engine-side way to picture a watched key: {@link Hooks#keySnapshot} (the
 * visualizer's watch, in-process) and {@code GLASSBOX.SNAPSHOT KEY}/{@code KEYSPACE} (a remote
 * viewer, through {@link RespWire#writeKey}) both take it with {@link Snapshots#key}.
 *
 * <p>Tables of up to {@link #KEYS_MAX_BUCKETS} buckets in all are copied with their keys; a
 * bigger one as chain lengths only, so watching a big keyspace does not copy every key each frame.
 *
 * @param type       {@code "keyspace"} for a database's keyspace, the type as TYPE names it, or
 *                   {@code "none"} for a missing key
 * @param encoding   as OBJECT ENCODING names it ({@code "hashtable"} for a keyspace, {@code "none"}
 *                   for a missing key)
 * @param dict       the dict, or null if the value has none (a listpack, an intset, a string)
 * @param skiplist   the sorted set's skiplist, or null
 * @param copyNanos  how long taking the copy held the command thread (0 when it came over the wire)
 */
public record KeySnapshot(String type, String encoding, DictSnapshot<byte[]> dict, SkipListSnapshot skiplist,
                          long copyNanos) {
    /** Tables up to this many buckets in all are copied with their keys. */
    public static final int KEYS_MAX_BUCKETS = 4096;

    /** The picture of a key that does not exist. */
    public static KeySnapshot missing(long copyNanos) {
        return new KeySnapshot("none", "none", null, null, copyNanos);
    }

    /** False for a missing key. */
    public boolean exists() { return !type.equals("none"); }

    /** True if this pictures a database's keyspace rather than one key. */
    public boolean isKeyspace() { return type.equals("keyspace"); }
}
