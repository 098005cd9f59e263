package io.glassbox.ds.quicklist;

/**
 * An iterator in one direction (quicklistIter). The node being read is decompressed for the
 * duration and compressed again when the iterator leaves it or is {@link #release released}.
 * After an insertion or replacement through it, the iterator must not be used any more.
 */
public final class QuicklistIterator {
    private final Quicklist list;
    final int direction;
    Quicklist.Node current;
    int offset;
    int zi = -1;
    /** zi is NULL: seek {@link #offset} in {@link #current} on the next call. */
    boolean fresh = true;

    QuicklistIterator(Quicklist list, int direction, Quicklist.Node start, int offset) {
        this.list = list;
        this.direction = direction;
        this.current = start;
        this.offset = offset;
    }

    /** Moves to the next element and describes it in e; false at the end (quicklistNext). */
    public boolean next(QuicklistEntry e) {
        while (true) {
            e.node = current;
            e.zi = -1;
            if (current == null) return false;
            boolean plain = current.isPlain();
            if (fresh) {
                list.decompressForUse(current);
                zi = plain ? 0 : current.lp.seek(offset);
                fresh = false;
            } else if (plain) {
                zi = -1;
            } else if (direction == Quicklist.AL_START_HEAD) {
                zi = current.lp.next(zi);
                offset++;
            } else {
                zi = current.lp.prev(zi);
                offset--;
            }
            if (zi >= 0) {
                e.zi = zi;
                e.offset = offset;
                return true;
            }
            // ran out of entries in this node: recompress it and go on to the next one
            list.compress(current);
            if (direction == Quicklist.AL_START_HEAD) {
                current = current.next;
                offset = 0;
            } else {
                current = current.prev;
                offset = -1;
            }
            fresh = true;
        }
    }

    /** Deletes the element e that this iterator just returned (quicklistDelEntry). */
    public void delEntry(QuicklistEntry e) {
        Quicklist.Node prev = e.node.prev, next = e.node.next;
        boolean deletedNode = list.delIndex(e.node, e.zi);
        fresh = true;
        if (deletedNode) {
            if (direction == Quicklist.AL_START_HEAD) {
                current = next;
                offset = 0;
            } else {
                current = prev;
                offset = -1;
            }
        }
    }

    /** Recompresses the node the iterator stands on (quicklistReleaseIterator). */
    public void release() {
        if (current != null) list.compress(current);
        current = null;
    }

    void reset() {
        current = null;
        zi = -1;
    }
}
