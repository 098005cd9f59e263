package io.glassbox.db;

import io.glassbox.util.HashSlot;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * The keys of database 0 grouped by hash slot, for a cluster node: Redis 7.0's
 * {@code clusterSlotToKeyMapping} ({@code slotToKeyAddEntry}, {@code slotToKeyDelEntry},
 * {@code slotToKeyFlush}, {@code countKeysInSlot} in cluster.c). CLUSTER COUNTKEYSINSLOT and
 * GETKEYSINSLOT read it, and a resharding tool walks a slot's keys through it to MIGRATE them.
 *
 * <p>As in Redis, the keys of a slot form a doubly linked list with the newest key at its head
 * (so GETKEYSINSLOT lists the newest first) and a count per slot. Redis keeps the links in the
 * dict entries' metadata; here a map from key to its list node holds them. It exists only when
 * cluster mode is on ({@link Keyspace#enableSlotToKeys}); otherwise the database holds null and
 * every write pays one null test.
 */
public final class SlotToKeys {
    /** One key in its slot's list (clusterDictEntryMetadata's prev and next). */
    private static final class Entry {
        final byte[] key;
        Entry prev, next;

        Entry(byte[] key) { this.key = key; }
    }

    private final HashMap<ByteBuffer, Entry> entries = new HashMap<>();
    private final Entry[] heads = new Entry[HashSlot.SLOTS];
    private final long[] counts = new long[HashSlot.SLOTS];

    /** slotToKeyAddEntry: a key entered the database; it goes to the head of its slot's list. */
    void add(byte[] key) {
        ByteBuffer k = ByteBuffer.wrap(key);
        if (entries.containsKey(k)) return;
        int slot = HashSlot.keyHashSlot(key);
        Entry e = new Entry(key);
        entries.put(k, e);
        e.next = heads[slot];
        if (e.next != null) e.next.prev = e;
        heads[slot] = e;
        counts[slot]++;
    }

    /** slotToKeyDelEntry: a key left the database. */
    void remove(byte[] key) {
        Entry e = entries.remove(ByteBuffer.wrap(key));
        if (e == null) return;
        int slot = HashSlot.keyHashSlot(key);
        if (e.prev != null) e.prev.next = e.next;
        else heads[slot] = e.next;
        if (e.next != null) e.next.prev = e.prev;
        counts[slot]--;
    }

    /** slotToKeyFlush: the database was emptied. */
    void flush() {
        entries.clear();
        java.util.Arrays.fill(heads, null);
        java.util.Arrays.fill(counts, 0);
    }

    /** countKeysInSlot. */
    public long countKeysInSlot(int slot) { return counts[slot]; }

    /** Up to {@code max} keys of the slot, newest first (GETKEYSINSLOT's walk of the slot's list). */
    public List<byte[]> keysInSlot(int slot, long max) {
        List<byte[]> out = new ArrayList<>();
        for (Entry e = heads[slot]; e != null && out.size() < max; e = e.next) out.add(e.key);
        return out;
    }
}
