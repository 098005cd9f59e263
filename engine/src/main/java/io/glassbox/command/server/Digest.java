package io.glassbox.command.server;

import io.glassbox.db.HashObjects;
import io.glassbox.db.Keyspace;
import io.glassbox.db.ListObjects;
import io.glassbox.db.RedisDb;
import io.glassbox.db.RedisObject;
import io.glassbox.db.SetObjects;
import io.glassbox.db.StringObjects;
import io.glassbox.db.ZsetObjects;
import io.glassbox.ds.dict.DictEntry;
import io.glassbox.ds.dict.DictIterator;
import io.glassbox.ds.quicklist.Quicklist;
import io.glassbox.ds.quicklist.QuicklistIterator;
import io.glassbox.ds.quicklist.QuicklistEntry;
import io.glassbox.util.RedisNumbers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * DEBUG DIGEST and DEBUG DIGEST-VALUE: Redis's SHA1 fingerprint of a dataset ({@code debug.c}:
 * {@code xorDigest}, {@code mixDigest}, {@code xorObjectDigest}, {@code computeDatasetDigest}).
 *
 * <p>Two ways to fold data into a 20-byte digest: <em>xor</em> in the SHA1 of the data, which is
 * order-free (a xor b = b xor a), for unordered things such as the keys of a database or the
 * members of a set; and <em>mix</em>, which xors and then replaces the digest by its own SHA1, so the
 * order matters, for ordered things such as a key followed by its value or the elements of a list.
 * The test suite of Redis compares digests before and after a reload; Glassbox produces the same
 * bytes for the same data, so a digest taken from Glassbox and from Redis can be compared directly.
 *
 * <p>{@link #xorObjectDigest} follows the Redis function of the same name, one branch per type:
 * <ul>
 *   <li>a string is mixed in;</li>
 *   <li>a list mixes each element, head to tail (order matters);</li>
 *   <li>a set xors each member (order does not);</li>
 *   <li>a sorted set xors, per member, a small digest of its own: mix(member) then mix(score as
 *       {@code "%.17g"}), Redis 7.0's text for the score (7.2 switched to the shortest round-trip
 *       text, so 7.0 and 7.2 digests of a zset with 0.1 in it differ);</li>
 *   <li>a hash xors, per field, mix(field) then mix(value);</li>
 *   <li>a stream mixes, per live entry in ID order, "ms.seq" then each field and value (its
 *       consumer groups are not part of the digest, as in 7.0).</li>
 * </ul>
 * The digest depends only on the content, never on the encoding: an intset and a hash table with
 * the same members, a listpack and a skiplist with the same pairs, give the same bytes, which is
 * what lets Redis's tests compare a dataset before and after DEBUG RELOAD (where encodings may
 * change). Members are folded in as the strings a client would read back: listpack integers and
 * intset members through {@code ll2string}, as {@code setTypeNextObject} and {@code lpGetValue} do.
 * Cost: O(elements) SHA1 computations per value.
 */
final class Digest {
    private Digest() {}

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** digest ^= SHA1(data): order-free. */
    static void xorDigest(byte[] digest, byte[] data) {
        byte[] hash = sha1().digest(data);
        for (int j = 0; j < 20; j++) digest[j] ^= hash[j];
    }

    /** digest = SHA1(digest ^ SHA1(data)): order-preserving. */
    static void mixDigest(byte[] digest, byte[] data) {
        xorDigest(digest, data);
        byte[] next = sha1().digest(digest);
        System.arraycopy(next, 0, digest, 0, 20);
    }

    private static byte[] htonl(int v) {
        return new byte[]{(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    /** Folds one value into {@code digest}: its type, its content, and whether it has a TTL. */
    static void xorObjectDigest(RedisDb db, byte[] key, byte[] digest, RedisObject o) {
        mixDigest(digest, htonl(o.type));
        long expire = db.getExpire(key);
        if (o.type == RedisObject.TYPE_STRING) {
            mixDigest(digest, StringObjects.bytes(o));
        } else if (o.type == RedisObject.TYPE_LIST) {
            // listTypeInitIterator(o, 0, LIST_TAIL): head to tail, each element mixed.
            QuicklistIterator it = ListObjects.quicklist(o).iterator(Quicklist.AL_START_HEAD);
            QuicklistEntry e = new QuicklistEntry();
            while (it.next(e)) mixDigest(digest, e.value());
            it.release();
        } else if (o.type == RedisObject.TYPE_SET) {
            try (SetObjects.Iter si = new SetObjects.Iter(o)) {
                while (si.next()) xorDigest(digest, si.el.bytes());
            }
        } else if (o.type == RedisObject.TYPE_ZSET) {
            for (ZsetObjects.Entry en : ZsetObjects.all(o)) {
                byte[] eledigest = new byte[20];
                mixDigest(eledigest, en.ele());
                mixDigest(eledigest, scoreText(en.score()));
                xorDigest(digest, eledigest);
            }
        } else if (o.type == RedisObject.TYPE_HASH) {
            HashObjects.forEach(o, (field, value) -> {
                byte[] eledigest = new byte[20];
                mixDigest(eledigest, field);
                mixDigest(eledigest, value);
                xorDigest(digest, eledigest);
            });
        } else if (o.type == RedisObject.TYPE_STREAM) {
            // each entry: mix "ms.seq" (a dot, as Redis formats it here), then each field and value
            io.glassbox.ds.stream.StreamIterator si = ((io.glassbox.ds.stream.Stream) o.value).iterator(null, null, false);
            while (si.next()) {
                io.glassbox.ds.stream.StreamID id = si.id();
                mixDigest(digest, (Long.toUnsignedString(id.ms()) + "." + Long.toUnsignedString(id.seq()))
                        .getBytes(StandardCharsets.US_ASCII));
                for (byte[] b : si.fieldsAndValues()) mixDigest(digest, b);
            }
        } else if (o.type == RedisObject.TYPE_MODULE) {
            // the type's digest callback (RM_DigestAddStringBuffer ...), mixed in as one element
            io.glassbox.db.ModuleValue mv = (io.glassbox.db.ModuleValue) o.value;
            mixDigest(digest, mv.type.digest(mv.value));
        } else {
            throw new IllegalStateException("DEBUG DIGEST: no digest for type " + o.typeName() + " yet");
        }
        if (expire != -1) xorDigest(digest, "!!expire!!".getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * snprintf(buf, sizeof(buf), "%.17g", score): what Redis 7.0's xorObjectDigest hashes for a
     * score ("inf" / "-inf" for the infinities, as glibc prints them; a score is never NaN).
     */
    static byte[] scoreText(double score) {
        return RedisNumbers.replyDouble(score);
    }

    /** computeDatasetDigest: every database's id, then the xor of every key/value digest. */
    static byte[] computeDatasetDigest(Keyspace keyspace) {
        byte[] fin = new byte[20];
        for (int j = 0; j < keyspace.databases(); j++) {
            RedisDb db = keyspace.db(j);
            if (db.size() == 0) continue;
            mixDigest(fin, htonl(j));
            try (DictIterator<byte[], RedisObject> it = db.dict().safeIterator()) {
                DictEntry<byte[], RedisObject> de;
                while ((de = it.next()) != null) {
                    byte[] digest = new byte[20];
                    mixDigest(digest, de.getKey());
                    xorObjectDigest(db, de.getKey(), digest, de.getVal());
                    xorDigest(fin, digest);
                }
            }
        }
        return fin;
    }

    /** A digest value for a key (DIGEST-VALUE), all zeros when the key does not exist. */
    static byte[] valueDigest(RedisDb db, byte[] key) {
        byte[] digest = new byte[20];
        DictEntry<byte[], RedisObject> de = db.dict().find(key);
        if (de != null) xorObjectDigest(db, key, digest, de.getVal());
        return digest;
    }

    static String hex(byte[] digest) {
        StringBuilder sb = new StringBuilder(40);
        for (byte b : digest) sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        return sb.toString();
    }
}
