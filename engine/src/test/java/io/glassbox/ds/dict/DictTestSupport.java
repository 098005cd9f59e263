package io.glassbox.ds.dict;

import static java.nio.charset.StandardCharsets.US_ASCII;

/** Key types that make bucket positions predictable in tests. */
final class DictTestSupport {
    private DictTestSupport() {}

    /** A fixed SipHash seed: the same layout on every run. */
    static final byte[] SEED = "glassbox-seed-16".getBytes(US_ASCII);

    /** byte[] keys as the keyspace stores them, under a fixed seed. */
    static final DictType<byte[]> BYTES = DictType.bytes(SEED);

    /** Long keys whose hash is the key itself: key k lands in bucket k mod size. */
    static final DictType<Long> IDENTITY = new DictType<>() {
        @Override
        public long hash(Long key) {
            return key;
        }

        @Override
        public boolean keyCompare(Long a, Long b) {
            return a.longValue() == b.longValue();
        }
    };

    static byte[] key(int i) {
        return ("key:" + i).getBytes(US_ASCII);
    }

    /** Finishes any rehash in progress. */
    static void finishRehash(Dict<?, ?> d) {
        while (d.rehash(1000)) { }
    }
}
