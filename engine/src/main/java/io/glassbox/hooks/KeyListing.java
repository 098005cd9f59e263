package io.glassbox.hooks;

import io.glassbox.db.RedisDb;
import io.glassbox.db.RedisObject;
import io.glassbox.ds.dict.DictEntry;
import io.glassbox.ds.dict.DictIterator;

import java.util.ArrayList;
import java.util.List;

/**
 * One key of a database as an observer lists it: name, type, encoding and remaining TTL. The
 * visualizer's keyspace view (in-process) and GLASSBOX.SNAPSHOT KEYS (a remote viewer) read the
 * same listing, on the command thread.
 *
 * @param ttlMillis milliseconds left, or -1 for a key without an expire
 */
public record KeyListing(byte[] key, String type, String encoding, long ttlMillis) {

    /**
     * The first {@code max} keys of {@code db} in dict order, keys copied. Iterates with a safe
     * iterator and reads expires with {@link io.glassbox.ds.dict.Dict#peekValue}, so listing moves
     * neither dict's rehash. Command thread only.
     */
    public static List<KeyListing> firstKeys(RedisDb db, long nowMillis, int max) {
        List<KeyListing> out = new ArrayList<>();
        try (DictIterator<byte[], RedisObject> it = db.dict().safeIterator()) {
            for (DictEntry<byte[], RedisObject> e = it.next(); e != null && out.size() < max; e = it.next()) {
                RedisObject o = e.getVal();
                Long when = db.expires().peekValue(e.getKey());
                out.add(new KeyListing(e.getKey().clone(), o.typeName(), o.encodingName(),
                        when == null ? -1 : Math.max(0, when - nowMillis)));
            }
        }
        return out;
    }
}
