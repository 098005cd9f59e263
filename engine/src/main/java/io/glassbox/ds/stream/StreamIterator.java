package io.glassbox.ds.stream;

import io.glassbox.ds.listpack.Listpack;
import io.glassbox.ds.rax.RaxIterator;

import static io.glassbox.ds.stream.Stream.lpInt;

/**
 * Walks the entries of a stream between two IDs, forwards or backwards (streamIterator,
 * streamIteratorGetID, streamIteratorGetField, streamIteratorRemoveEntry).
 *
 * <p>It finds the rax node whose master ID is the greatest not above the start (the entry sought
 * may be inside it), then reads entries in the node's listpack: forwards by skipping each entry's
 * fields, backwards by reading the {@code lp-count} at the end of an entry and stepping back that
 * many listpack elements. A node is done forwards at the end of the listpack, backwards at the
 * master entry's terminator, whose {@code 0} reads as an lp-count of nothing. Deleted entries are
 * skipped ({@link #skipTombstones}). Cost: O(log of the node count + entries skipped in the first
 * node) to reach the start, then O(fields) per entry.
 */
public final class StreamIterator {
    private final Stream stream;
    private StreamID start, end;
    private final boolean rev;
    /** Skip entries flagged deleted (si->skip_tombstones); true unless asked otherwise. */
    public boolean skipTombstones = true;

    private RaxIterator<Listpack> ri;
    private Listpack lp;
    private byte[] nodeKey;
    private StreamID masterId;
    private long masterFieldsCount;
    private int masterFieldsStart;
    /** Where to continue: forwards the last consumed element, backwards the lp-count of the next entry. */
    private int cursor;
    private boolean done;

    // the current entry
    private StreamID id;
    private long flags;
    private int flagsPos;
    private int fieldsPos;
    private long numFields;
    private int lpCountPos;

    StreamIterator(Stream stream, StreamID start, StreamID end, boolean rev) {
        this.stream = stream;
        this.start = start;
        this.end = end;
        this.rev = rev;
        seekFirstNode();
    }

    /** streamIteratorStart: the node that may hold the first entry of the range. */
    private void seekFirstNode() {
        ri = stream.rax.iterator();
        lp = null;
        if (!rev) {
            if (!start.isZero()) {
                ri.seek("<=", start.encode());
                if (ri.eof()) ri.seek("^", null);
            } else {
                ri.seek("^", null);
            }
        } else {
            if (!end.isZero()) {
                ri.seek("<=", end.encode());
                if (ri.eof()) ri.seek("$", null);
            } else {
                ri.seek("$", null);
            }
        }
    }

    /** Moves to the next entry of the range (streamIteratorGetID); false when there is none. */
    public boolean next() {
        if (done) return false;
        while (true) {
            if (lp == null) {
                if (!(rev ? ri.prev() : ri.next())) return finish();
                nodeKey = ri.key();
                masterId = StreamID.decode(nodeKey);
                lp = ri.data();
                int p = lp.first();
                p = lp.next(p); // deleted
                p = lp.next(p); // master num fields
                masterFieldsCount = lpInt(lp, p);
                p = lp.next(p);
                masterFieldsStart = p;
                if (!rev) {
                    for (long i = 0; i < masterFieldsCount; i++) p = lp.next(p);
                    cursor = p; // the master terminator
                } else {
                    cursor = lp.last();
                }
            }
            while (true) {
                if (!rev) {
                    cursor = lp.next(cursor);
                    if (cursor < 0) { lp = null; break; }
                } else {
                    long lpCount = lpInt(lp, cursor);
                    if (lpCount == 0) { lp = null; break; } // the master entry
                    for (long i = 0; i < lpCount; i++) cursor = lp.prev(cursor);
                }
                readEntryAt(cursor);
                boolean live = !skipTombstones || (flags & Stream.FLAG_DELETED) == 0;
                if (!rev) {
                    cursor = lpCountPos;
                    if (id.compareTo(start) >= 0 && live) {
                        if (id.compareTo(end) > 0) return finish();
                        return true;
                    }
                } else {
                    cursor = lp.prev(flagsPos);
                    if (id.compareTo(end) <= 0 && live) {
                        if (id.compareTo(start) < 0) return finish();
                        return true;
                    }
                }
            }
        }
    }

    private boolean finish() {
        done = true;
        return false;
    }

    private void readEntryAt(int p) {
        flagsPos = p;
        flags = lpInt(lp, p);
        p = lp.next(p);
        long ms = lpInt(lp, p);
        p = lp.next(p);
        long seq = lpInt(lp, p);
        p = lp.next(p);
        id = new StreamID(masterId.ms() + ms, masterId.seq() + seq);
        long toSkip;
        if ((flags & Stream.FLAG_SAMEFIELDS) != 0) {
            numFields = masterFieldsCount;
            toSkip = numFields;
        } else {
            numFields = lpInt(lp, p);
            p = lp.next(p);
            toSkip = numFields * 2;
        }
        fieldsPos = p;
        for (long i = 0; i < toSkip; i++) p = lp.next(p);
        lpCountPos = p;
    }

    public StreamID id() { return id; }

    public long numFields() { return numFields; }

    public long flags() { return flags; }

    /**
     * The current entry's fields and values, alternating (streamIteratorGetField for each pair):
     * the field names come from the master entry when the entry has SAMEFIELDS.
     */
    public byte[][] fieldsAndValues() {
        int n = (int) numFields;
        byte[][] out = new byte[2 * n][];
        int p = fieldsPos;
        if ((flags & Stream.FLAG_SAMEFIELDS) != 0) {
            int f = masterFieldsStart;
            for (int i = 0; i < n; i++) {
                out[2 * i] = lp.get(f);
                out[2 * i + 1] = lp.get(p);
                f = lp.next(f);
                p = lp.next(p);
            }
        } else {
            for (int i = 0; i < 2 * n; i++) {
                out[i] = lp.get(p);
                p = lp.next(p);
            }
        }
        return out;
    }

    /**
     * streamIteratorRemoveEntry: flags the current entry deleted and updates its node's counters,
     * or frees the node if it was its last live entry; then seeks again from the current ID, since
     * the listpack may have moved under the cursor.
     */
    public void removeEntry() {
        lp.replace(flagsPos, io.glassbox.util.RedisNumbers.ll2string(flags | Stream.FLAG_DELETED));
        int p = lp.first();
        long aux = lpInt(lp, p);
        if (aux == 1) {
            stream.rax.remove(nodeKey);
        } else {
            p = lp.replace(p, io.glassbox.util.RedisNumbers.ll2string(aux - 1));
            p = lp.next(p);
            aux = lpInt(lp, p);
            lp.replace(p, io.glassbox.util.RedisNumbers.ll2string(aux + 1));
        }
        stream.length--;
        if (rev) end = id; else start = id;
        seekFirstNode();
    }
}
