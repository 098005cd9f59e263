package io.glassbox.command.server;

import io.glassbox.db.Keyspace;
import io.glassbox.db.RedisDb;
import io.glassbox.db.RedisObject;
import io.glassbox.db.StringObjects;
import io.glassbox.ds.dict.DictEntry;
import io.glassbox.ds.dict.DictIterator;

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
 * <p>Only strings exist so far; {@link #xorObjectDigest} is where each new type adds its branch,
 * following the Redis function of the same name.
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
        } else {
            throw new IllegalStateException("DEBUG DIGEST: no digest for type " + o.typeName() + " yet");
        }
        if (expire != -1) xorDigest(digest, "!!expire!!".getBytes(StandardCharsets.US_ASCII));
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
