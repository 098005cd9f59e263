package io.glassbox.ds.dict;

import java.util.ConcurrentModificationException;

/**
 * Walks every entry of a {@link Dict}, table 0 then (if rehashing) table 1: Redis's
 * {@code dictIterator} with {@code dictNext} and {@code dictReleaseIterator}.
 *
 * <h2>Safe and unsafe</h2>
 * A <em>safe</em> iterator ({@link Dict#safeIterator()}) increments the dict's
 * {@code pauseRehash} at its first step: no rehash step can move entries behind its back, so the
 * caller may look up, add, and delete the entry just returned (KEYS, and the lazy-free of a big
 * set, rely on this). Entries added during the walk may or may not be returned.
 *
 * <p>An <em>unsafe</em> iterator ({@link Dict#iterator()}) pauses nothing, so it costs nothing to
 * the dict, but the caller promises not to touch the dict at all, not even {@code find} (which may
 * perform a rehash step). The promise is checked: the iterator fingerprints the dict at its first
 * step and {@link #release()} throws {@link ConcurrentModificationException} if the fingerprint
 * changed (Redis asserts).
 *
 * <h2>Use</h2>
 * <pre>{@code
 * try (DictIterator<byte[], Object> it = dict.safeIterator()) {
 *     for (DictEntry<byte[], Object> de; (de = it.next()) != null; ) { ... }
 * }
 * }</pre>
 * Release happens at {@link #close()} and also as soon as {@link #next()} returns null, so a loop
 * run to completion needs no explicit release; releasing twice is harmless.
 */
public final class DictIterator<K, V> implements AutoCloseable {
    private final Dict<K, V> d;
    private final boolean safe;
    private int table = 0;
    private long index = -1;
    private DictEntry<K, V> entry;
    /** Saved before returning an entry, so the caller may delete that entry (safe mode). */
    private DictEntry<K, V> nextEntry;
    private long fingerprint;
    private boolean started;
    private boolean released;

    DictIterator(Dict<K, V> d, boolean safe) {
        this.d = d;
        this.safe = safe;
    }

    public boolean isSafe() {
        return safe;
    }

    /** {@code dictNext}: the next entry, or null at the end (which also releases the iterator). */
    public DictEntry<K, V> next() {
        if (released) return null;
        while (true) {
            if (entry == null) {
                if (!started) {
                    started = true;
                    if (safe) d.pauseRehashing();
                    else fingerprint = d.fingerprint();
                }
                index++;
                if (index >= d.table(table).length) {
                    if (d.isRehashing() && table == 0) {
                        table++;
                        index = 0;
                    } else {
                        break;
                    }
                }
                entry = d.table(table)[(int) index];
            } else {
                entry = nextEntry;
            }
            if (entry != null) {
                // Save next here: the caller may delete the entry we return.
                nextEntry = entry.next;
                return entry;
            }
        }
        release();
        return null;
    }

    /**
     * {@code dictReleaseIterator}: resume rehashing (safe) or verify the fingerprint (unsafe).
     *
     * @throws ConcurrentModificationException if an unsafe iterator's dict was modified
     */
    public void release() {
        if (released) return;
        released = true;
        if (!started) return;
        if (safe) {
            d.resumeRehashing();
        } else if (fingerprint != d.fingerprint()) {
            throw new ConcurrentModificationException(
                    "dict modified during unsafe iteration (use a safe iterator)");
        }
    }

    @Override
    public void close() {
        release();
    }
}
