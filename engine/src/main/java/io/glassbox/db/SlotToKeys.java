package io.glassbox.db;

import io.glassbox.util.HashSlot;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The keys of database 0 grouped by hash slot, for a cluster node: Redis 7.0's
 * {@code clusterSlotToKeyMapping} ({@code slotToKeyAddEntry}, {@code slotToKeyDelEntry},
 * {@code slotToKeyFlush}, {@code countKeysInSlot} in cluster.c). CLUSTER COUNTKEYSINSLOT and
 * GETKEYSINSLOT read it, and a resharding tool walks a slot's keys through it to MIGRATE them.
 *
 * <p>It exists only when cluster mode is on ({@link Keyspace#enableSlotToKeys}); otherwise the
 * database holds null and every write pays one null test. Redis links the dict entries of a slot
 * through entry metadata and adds a new key at the head of its slot's list; here each slot has an
 * insertion-ordered set created with its first key, so GETKEYSINSLOT lists the oldest key first
 * (Redis lists the newest first: the same keys, another order).
 */
public final class SlotToKeys {
    @SuppressWarnings("unchecked")
    private final LinkedHashSet<ByteBuffer>[] bySlot = new LinkedHashSet[HashSlot.SLOTS];
    private final long[] counts = new long[HashSlot.SLOTS];

    /** slotToKeyAddEntry: a key entered the database. */
    void add(byte[] key) {
        int slot = HashSlot.keyHashSlot(key);
        LinkedHashSet<ByteBuffer> s = bySlot[slot];
        if (s == null) bySlot[slot] = s = new LinkedHashSet<>();
        if (s.add(ByteBuffer.wrap(key))) counts[slot]++;
    }

    /** slotToKeyDelEntry: a key left the database. */
    void remove(byte[] key) {
        int slot = HashSlot.keyHashSlot(key);
        LinkedHashSet<ByteBuffer> s = bySlot[slot];
        if (s != null && s.remove(ByteBuffer.wrap(key))) {
            counts[slot]--;
            if (s.isEmpty()) bySlot[slot] = null;
        }
    }

    /** slotToKeyFlush: the database was emptied. */
    void flush() {
        java.util.Arrays.fill(bySlot, null);
        java.util.Arrays.fill(counts, 0);
    }

    /** countKeysInSlot. */
    public long countKeysInSlot(int slot) { return counts[slot]; }

    /** Up to {@code max} keys of the slot (GETKEYSINSLOT's walk of the slot's list). */
    public List<byte[]> keysInSlot(int slot, long max) {
        List<byte[]> out = new ArrayList<>();
        LinkedHashSet<ByteBuffer> s = bySlot[slot];
        if (s == null) return out;
        for (ByteBuffer b : s) {
            if (out.size() >= max) break;
            out.add(b.array());
        }
        return out;
    }
}
