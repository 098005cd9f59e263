package io.glassbox.ds.dict;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A read-only copy of a {@link Dict}'s internals at one instant, for the visualizer to draw and
 * tests to assert on: both tables' sizes and counts, {@code rehashIdx}, {@code pauseRehash}, and
 * per bucket the chain length (and optionally the keys, head of chain first).
 *
 * <p>Taking one is O(buckets) and allocates; it is meant for teaching-sized dicts, never for the
 * hot path. Keys are shared with the dict, not copied: treat them as read-only.
 */
public record DictSnapshot<K>(Table<K> ht0, Table<K> ht1, int rehashIdx, int pauseRehash) {

    /**
     * One table: {@code size} buckets holding {@code used} entries. {@code chainLengths[i]} is the
     * length of bucket i's chain; {@code bucketKeys} is null unless keys were requested.
     */
    public record Table<K>(int size, long used, int[] chainLengths, List<List<K>> bucketKeys) {
        /** Chain length of bucket {@code i}. */
        public int chainLength(int i) {
            return chainLengths[i];
        }
    }

    /** Table {@code htidx} (0 or 1). */
    public Table<K> table(int htidx) {
        return htidx == 0 ? ht0 : ht1;
    }

    public boolean isRehashing() {
        return rehashIdx != -1;
    }

    /** {@code dictSize}. */
    public long size() {
        return ht0.used + ht1.used;
    }

    static <K, V> DictSnapshot<K> of(Dict<K, V> d, boolean withKeys) {
        return new DictSnapshot<>(table(d, 0, withKeys), table(d, 1, withKeys), d.rehashIdx(), d.pauseRehash());
    }

    private static <K, V> Table<K> table(Dict<K, V> d, int htidx, boolean withKeys) {
        DictEntry<K, V>[] t = d.table(htidx);
        int[] lengths = new int[t.length];
        List<List<K>> keys = withKeys ? new ArrayList<>(t.length) : null;
        for (int i = 0; i < t.length; i++) {
            List<K> bucket = withKeys ? new ArrayList<>() : null;
            for (DictEntry<K, V> he = t[i]; he != null; he = he.next) {
                lengths[i]++;
                if (withKeys) bucket.add(he.key);
            }
            if (withKeys) keys.add(Collections.unmodifiableList(bucket));
        }
        return new Table<>(t.length, d.used(htidx), lengths,
                withKeys ? Collections.unmodifiableList(keys) : null);
    }
}
