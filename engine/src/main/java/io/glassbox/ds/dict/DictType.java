package io.glassbox.ds.dict;

/**
 * How a {@link Dict} hashes and compares its keys: Redis's {@code dictType}
 * ({@code hashFunction} and {@code keyCompare}).
 *
 * <p>In C the type also carries key/value duplicators and destructors; in Java the garbage
 * collector frees entries, so only the two functions that decide <em>where</em> a key lives and
 * <em>whether</em> two keys are the same remain.
 *
 * <p>Contract: {@code keyCompare(a, b)} implies {@code hash(a) == hash(b)}. The dict masks the
 * low bits of the 64-bit hash to pick a bucket, so all 64 bits should be well mixed (SipHash is).
 *
 * <p>Two ready types cover the server's needs, each keyed by a 16-byte seed drawn once per process
 * ({@code dictSetHashFunctionSeed} in Redis's {@code main()}):
 * <ul>
 *   <li>{@link #BYTES}: binary-safe byte[] keys, {@code dictGenHashFunction} (siphash) and
 *       {@code Arrays.equals}; the keyspace, sets and hashes use this.</li>
 *   <li>{@link #BYTES_NOCASE}: ASCII case-insensitive byte[] keys,
 *       {@code dictGenCaseHashFunction} (siphash_nocase) and {@code strcasecmp}; the command
 *       table uses this so that {@code get} finds {@code GET}.</li>
 * </ul>
 * Tests that need reproducible bucket positions build their own with {@link #bytes(byte[])}.
 */
public interface DictType<K> {

    /** 64-bit hash of {@code key}; Redis's {@code dictHashKey}. */
    long hash(K key);

    /** Whether {@code a} and {@code b} are the same key; Redis's {@code dictCompareKeys}. */
    boolean keyCompare(K a, K b);

    /** Binary-safe byte[] keys hashed with the process seed. */
    DictType<byte[]> BYTES = new Bytes(SipHash.processSeed());

    /** ASCII case-insensitive byte[] keys hashed with the process seed. */
    DictType<byte[]> BYTES_NOCASE = new BytesNoCase(SipHash.processSeed());

    /** Binary-safe byte[] keys under a chosen 16-byte seed (deterministic layouts for tests). */
    static DictType<byte[]> bytes(byte[] seed) {
        return new Bytes(seed);
    }

    /** Case-insensitive byte[] keys under a chosen 16-byte seed. */
    static DictType<byte[]> bytesNocase(byte[] seed) {
        return new BytesNoCase(seed);
    }

    /** {@code dictGenHashFunction} + {@code memcmp}-equality over byte[]. */
    final class Bytes implements DictType<byte[]> {
        private final long k0, k1;

        Bytes(byte[] seed) {
            this.k0 = SipHash.k0(seed);
            this.k1 = SipHash.k1(seed);
        }

        @Override
        public long hash(byte[] key) {
            return SipHash.siphash(key, 0, key.length, k0, k1);
        }

        @Override
        public boolean keyCompare(byte[] a, byte[] b) {
            return java.util.Arrays.equals(a, b);
        }
    }

    /** {@code dictGenCaseHashFunction} + {@code strcasecmp}-equality (ASCII only) over byte[]. */
    final class BytesNoCase implements DictType<byte[]> {
        private final long k0, k1;

        BytesNoCase(byte[] seed) {
            this.k0 = SipHash.k0(seed);
            this.k1 = SipHash.k1(seed);
        }

        @Override
        public long hash(byte[] key) {
            return SipHash.siphashNocase(key, 0, key.length, k0, k1);
        }

        @Override
        public boolean keyCompare(byte[] a, byte[] b) {
            if (a.length != b.length) return false;
            for (int i = 0; i < a.length; i++) {
                if (SipHash.siptlw(a[i]) != SipHash.siptlw(b[i])) return false;
            }
            return true;
        }
    }
}
