package io.glassbox.ds.dict;

/**
 * One key/value pair in a {@link Dict} bucket chain: Redis's {@code struct dictEntry}.
 *
 * <p>Exactly three reference fields (key, value, next) and nothing else: with compressed
 * references that is a 24-byte object, so a million keys cost 24 MB of entries plus the bucket
 * arrays. No cached hash, no previous pointer: Redis does without them and so do we (rehashing
 * recomputes each key's hash, which is why SipHash must be cheap).
 *
 * <p>The entry stays the same object while rehashing moves it from {@code ht[0]} to {@code ht[1]},
 * so a caller may keep a reference to it across operations, as Redis code keeps
 * {@code dictEntry *}; but after it is deleted the entry is no longer in the dict.
 */
public final class DictEntry<K, V> {
    final K key;
    V val;
    /** Next entry in the same bucket: Redis's {@code dictEntry->next}. */
    DictEntry<K, V> next;

    DictEntry(K key, V val, DictEntry<K, V> next) {
        this.key = key;
        this.val = val;
        this.next = next;
    }

    /** {@code dictGetKey}. */
    public K getKey() {
        return key;
    }

    /** {@code dictGetVal}. */
    public V getVal() {
        return val;
    }

    /** {@code dictSetVal}. */
    public void setVal(V val) {
        this.val = val;
    }

    @Override
    public String toString() {
        Object k = key instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.ISO_8859_1) : key;
        return "DictEntry[" + k + "]";
    }
}
