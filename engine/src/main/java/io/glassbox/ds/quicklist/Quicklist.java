package io.glassbox.ds.quicklist;

import io.glassbox.ds.listpack.Listpack;
import io.glassbox.ds.lzf.Lzf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A doubly linked list of listpack nodes: Redis's {@code quicklist} ({@code quicklist.c}); see the
 * package comment for why it exists and its invariants.
 *
 * <p>{@link #fill} is {@code list-max-listpack-size} and {@link #compress} is
 * {@code list-compress-depth}, both fixed when the list is created (quicklistNew), as Redis keeps
 * them in the quicklist header: CONFIG SET changes only lists created afterwards.
 *
 * <p>Positions inside a node are the listpack's byte offsets ({@code zi}) plus the entry's index in
 * the node ({@code offset}, negative when counted from the tail, as quicklistIter does).
 */
public final class Quicklist {
    public static final int AL_START_HEAD = 0, AL_START_TAIL = 1;
    /** Node container kinds (QUICKLIST_NODE_CONTAINER_*), with Redis's numbers: they go into RDB files. */
    public static final int CONTAINER_PLAIN = 1, CONTAINER_PACKED = 2;

    /** Size limits for fill -1..-5 (optimization_level). */
    static final int[] OPTIMIZATION_LEVEL = {4096, 8192, 16384, 32768, 65536};
    /** Max bytes of a multi-entry node when the limit is a count (SIZE_SAFETY_LIMIT). */
    static final int SIZE_SAFETY_LIMIT = 8192;
    /** Overestimate of one listpack entry's overhead (SIZE_ESTIMATE_OVERHEAD). */
    static final int SIZE_ESTIMATE_OVERHEAD = 8;
    /** Nodes smaller than this are never compressed (MIN_COMPRESS_BYTES). */
    public static final int MIN_COMPRESS_BYTES = 48;
    /** Compression must save at least this many bytes to be kept (MIN_COMPRESS_IMPROVE). */
    public static final int MIN_COMPRESS_IMPROVE = 8;
    static final int FILL_MAX = (1 << 15) - 1;
    static final int COMPRESS_MAX = (1 << 16) - 1;

    /** Elements this big get a plain node of their own: the engine's packed_threshold, shared by its lists. */
    private final PackedThreshold packedThreshold;

    boolean isLargeElement(long sz) { return packedThreshold.isLarge(sz); }

    /** One node (quicklistNode). */
    public static final class Node {
        Node prev, next;
        /** The listpack of a raw packed node; null while compressed or for a plain node. */
        Listpack lp;
        /** The value of a raw plain node. */
        byte[] plain;
        /** The LZF bytes while compressed (encoding LZF), else null (encoding RAW). */
        byte[] lzf;
        int container = CONTAINER_PACKED;
        int count;
        /** Bytes of the uncompressed listpack (or plain value). */
        int sz;
        /** Decompressed only for an operation: compress it again when the operation ends. */
        boolean recompress;
        /** Temporarily exempt from compression (dont_compress). */
        boolean dontCompress;

        public Node prev() { return prev; }
        public Node next() { return next; }
        public int count() { return count; }
        public int sz() { return sz; }
        public boolean isCompressed() { return lzf != null; }
        public boolean isPlain() { return container == CONTAINER_PLAIN; }
        /** Bytes of the LZF form, or 0 when raw. */
        public int compressedSize() { return lzf == null ? 0 : lzf.length; }
        /** Bytes the node's payload holds in memory: the LZF form, the plain value or the listpack's buffer. */
        public int allocated() { return lzf != null ? lzf.length : plain != null ? plain.length : lp == null ? 0 : lp.allocated(); }
        /** The node's listpack bytes (decompressed copy if needed), or the plain value. */
        public byte[] rawBytes() {
            if (lzf != null) {
                byte[] out = new byte[sz];
                Lzf.decompress(lzf, lzf.length, out);
                return out;
            }
            return isPlain() ? plain.clone() : lp.toByteArray();
        }
        /** The LZF bytes of a compressed node (quicklistGetLzf), as RDB stores them. */
        public byte[] lzfBytes() { return lzf == null ? null : lzf.clone(); }

        private void updateSz() { sz = lp.bytes(); }
    }

    Node head, tail;
    long count;
    int len;
    int fill = -2;
    int compress = 0;
    private QuicklistListener listener = QuicklistListener.NONE;

    /** A new quicklist with the given fill and compress depth (quicklistNew). */
    public Quicklist(int fill, int compress) {
        this(fill, compress, new PackedThreshold());
    }

    /** A list of an engine whose packed threshold is {@code packedThreshold} (quicklistNew). */
    public Quicklist(int fill, int compress, PackedThreshold packedThreshold) {
        this.packedThreshold = packedThreshold;
        setFill(fill);
        setCompressDepth(compress);
    }

    /**
     * {@code quicklistRelease} as lazyfree.c's background thread runs it: walks the nodes, cuts
     * their links and drops their listpacks; returns the nodes visited. O(nodes), for a list nobody
     * else can reach (no listener is told). See {@code Dict.release} for what this buys in a JVM.
     */
    public long release() {
        long visited = 0;
        Node n = head;
        while (n != null) {
            Node next = n.next;
            n.prev = n.next = null;
            n.lp = null;
            n.plain = null;
            n.lzf = null;
            n = next;
            visited++;
        }
        head = tail = null;
        count = 0;
        len = 0;
        listener = QuicklistListener.NONE;
        return visited;
    }

    /** The installed listener ({@code NONE} by default), so an observer can tell whether it is already attached. */
    public QuicklistListener listener() { return listener; }

    public void setListener(QuicklistListener l) { listener = l == null ? QuicklistListener.NONE : l; }

    void setFill(int f) { fill = Math.max(-5, Math.min(FILL_MAX, f)); }

    void setCompressDepth(int c) { compress = Math.max(0, Math.min(COMPRESS_MAX, c)); }

    public int fill() { return fill; }

    public int compressDepth() { return compress; }

    /** Number of elements (quicklistCount). */
    public long count() { return count; }

    /** Number of nodes. */
    public int nodeCount() { return len; }

    public Node head() { return head; }

    public Node tail() { return tail; }

    // ---------------------------------------------------------------- compression

    /**
     * Compresses a raw node (__quicklistCompressNode): only an inner node of at least 48 bytes, and
     * only if LZF saves at least 8 bytes; otherwise the node stays raw.
     */
    private boolean compressNode(Node node) {
        if (node == null || node.lzf != null) return false;
        if (node.dontCompress) return false;
        if (node.prev == null || node.next == null) return false;
        node.recompress = false;
        if (node.sz < MIN_COMPRESS_BYTES) return false;
        byte[] raw = node.isPlain() ? node.plain : node.lp.toByteArray();
        byte[] out = new byte[node.sz];
        int n = Lzf.compress(raw, node.sz, out);
        if (n == 0 || n + MIN_COMPRESS_IMPROVE >= node.sz) return false;
        node.lzf = Arrays.copyOf(out, n);
        node.lp = null;
        node.plain = null;
        listener.onNodeCompressed(node, node.sz, n);
        return true;
    }

    /** Decompresses a compressed node (__quicklistDecompressNode); {@code forUse} marks it for recompression. */
    private void decompressNode(Node node, boolean forUse) {
        if (node == null || node.lzf == null) return;
        node.recompress = false;
        byte[] raw = new byte[node.sz];
        if (Lzf.decompress(node.lzf, node.lzf.length, raw) != node.sz) throw new IllegalStateException("corrupt LZF node");
        if (node.isPlain()) node.plain = raw;
        else node.lp = Listpack.fromBytes(raw);
        node.lzf = null;
        if (forUse) node.recompress = true;
        listener.onNodeDecompressed(node, forUse);
    }

    void decompressForUse(Node node) { decompressNode(node, true); }

    /**
     * Enforces the compress depth around {@code node} (__quicklistCompress): the {@code compress}
     * nodes at each end are decompressed, and {@code node} (if inner) plus the first node past the
     * depth on each side are compressed. Work is O(depth).
     */
    private void compressAround(Node node) {
        if (len == 0) return;
        if (compress == 0 || len < compress * 2) return;
        Node forward = head, reverse = tail;
        int depth = 0;
        boolean inDepth = false;
        while (depth++ < compress) {
            decompressNode(forward, false);
            decompressNode(reverse, false);
            if (forward == node || reverse == node) inDepth = true;
            if (forward == reverse || forward.next == reverse) return;
            forward = forward.next;
            reverse = reverse.prev;
        }
        if (!inDepth && node != null) compressNode(node);
        compressNode(forward);
        compressNode(reverse);
    }

    /** quicklistCompress: recompress a node decompressed for use, or enforce the depth around it. */
    void compress(Node node) {
        if (node.recompress) compressNode(node);
        else compressAround(node);
    }

    private void recompressOnly(Node node) {
        if (node.recompress) compressNode(node);
    }

    // ---------------------------------------------------------------- node links

    /** Links newNode after (or before) oldNode (__quicklistInsertNode). */
    private void insertNode(Node oldNode, Node newNode, boolean after) {
        if (after) {
            newNode.prev = oldNode;
            if (oldNode != null) {
                newNode.next = oldNode.next;
                if (oldNode.next != null) oldNode.next.prev = newNode;
                oldNode.next = newNode;
            }
            if (tail == oldNode) tail = newNode;
        } else {
            newNode.next = oldNode;
            if (oldNode != null) {
                newNode.prev = oldNode.prev;
                if (oldNode.prev != null) oldNode.prev.next = newNode;
                oldNode.prev = newNode;
            }
            if (head == oldNode) head = newNode;
        }
        if (len == 0) head = tail = newNode;
        len++;
        if (oldNode != null) compress(oldNode);
        compress(newNode);
    }

    /** Unlinks a node and drops its elements from the count (__quicklistDelNode). */
    private void delNode(Node node) {
        if (node.next != null) node.next.prev = node.prev;
        if (node.prev != null) node.prev.next = node.next;
        if (node == tail) tail = node.prev;
        if (node == head) head = node.next;
        len--;
        count -= node.count;
        // a node that moved within compress depth of an end must be decompressed
        compressAround(null);
    }

    private static Node packedNode(byte[] value) {
        Node n = new Node();
        n.lp = new Listpack();
        n.lp.append(value);
        n.count = 1;
        n.updateSz();
        return n;
    }

    private static Node plainNode(byte[] value) {
        Node n = new Node();
        n.container = CONTAINER_PLAIN;
        n.plain = value.clone();
        n.sz = value.length;
        n.count = 1;
        return n;
    }

    /**
     * Appends a whole listpack as a new tail node (quicklistAppendListpack): how the RDB loader
     * rebuilds a list node by node, keeping the saved layout. The listpack must not be empty.
     */
    public void appendListpack(Listpack lp) {
        Node n = new Node();
        n.lp = lp;
        n.count = lp.size();
        n.updateSz();
        insertNode(tail, n, true);
        count += n.count;
    }

    /** Appends one element as a plain node (quicklistAppendPlainNode), as the RDB loader does. */
    public void appendPlainNode(byte[] value) {
        insertNode(tail, plainNode(value), true);
        count++;
    }

    // ---------------------------------------------------------------- fill rules

    private static boolean sizeMeetsOptimizationRequirement(long sz, int fill) {
        if (fill >= 0) return false;
        int offset = -fill - 1;
        return offset < OPTIMIZATION_LEVEL.length && sz <= OPTIMIZATION_LEVEL[offset];
    }

    /**
     * May an element of {@code sz} bytes join {@code node} (_quicklistNodeAllowInsert)? With a
     * negative fill the node's estimated size must stay within 4..64 KB; with a positive fill the
     * count must stay within fill and the size within the 8 KB safety limit. Plain nodes and large
     * elements never share a node.
     */
    private boolean allowInsert(Node node, long sz) {
        if (node == null) return false;
        if (node.isPlain() || isLargeElement(sz)) return false;
        long newSz = node.sz + sz + SIZE_ESTIMATE_OVERHEAD;
        if (sizeMeetsOptimizationRequirement(newSz, fill)) return true;
        if (newSz > SIZE_SAFETY_LIMIT) return false;
        return node.count < fill;
    }

    /** May two neighbours be merged (_quicklistNodeAllowMerge)? The same rules, for their combined size (minus one header). */
    private boolean allowMerge(Node a, Node b) {
        if (a == null || b == null) return false;
        if (a.isPlain() || b.isPlain()) return false;
        long mergeSz = (long) a.sz + b.sz - 11;
        if (sizeMeetsOptimizationRequirement(mergeSz, fill)) return true;
        if (mergeSz > SIZE_SAFETY_LIMIT) return false;
        return a.count + b.count <= fill;
    }

    // ---------------------------------------------------------------- push / pop

    /** Adds an element at the head (quicklistPushHead); true if a new head node was created. */
    public boolean pushHead(byte[] value) {
        Node origHead = head;
        if (isLargeElement(value.length)) {
            insertNode(head, plainNode(value), false);
            count++;
            return true;
        }
        if (allowInsert(head, value.length)) {
            head.lp.prepend(value);
            head.updateSz();
            head.count++;
        } else {
            insertNode(head, packedNode(value), false);
        }
        count++;
        return origHead != head;
    }

    /** Adds an element at the tail (quicklistPushTail); true if a new tail node was created. */
    public boolean pushTail(byte[] value) {
        Node origTail = tail;
        if (isLargeElement(value.length)) {
            insertNode(tail, plainNode(value), true);
            count++;
            return true;
        }
        if (allowInsert(tail, value.length)) {
            tail.lp.append(value);
            tail.updateSz();
            tail.count++;
        } else {
            insertNode(tail, packedNode(value), true);
        }
        count++;
        return origTail != tail;
    }

    public void push(byte[] value, boolean atHead) {
        if (atHead) pushHead(value);
        else pushTail(value);
    }

    /** Removes and returns the head or tail element, or null if empty (quicklistPop). */
    public byte[] pop(boolean fromHead) {
        if (count == 0) return null;
        Node node = fromHead ? head : tail;
        decompressNode(node, false);
        byte[] v;
        if (node.isPlain()) {
            v = node.plain;
            delNode(node);
        } else {
            int p = node.lp.seek(fromHead ? 0 : -1);
            v = node.lp.get(p);
            delIndex(node, p);
        }
        return v;
    }

    /** Deletes the entry at p of node; true if the node went away with it (quicklistDelIndex). */
    boolean delIndex(Node node, int p) {
        if (node.isPlain()) {
            delNode(node);
            return true;
        }
        node.lp.delete(p);
        node.count--;
        boolean gone = false;
        if (node.count == 0) {
            gone = true;
            delNode(node);
        } else {
            node.updateSz();
        }
        count--;
        return gone;
    }

    // ---------------------------------------------------------------- iteration

    /** An iterator from the head or the tail (quicklistGetIterator). */
    public QuicklistIterator iterator(int direction) {
        return new QuicklistIterator(this, direction, direction == AL_START_HEAD ? head : tail, direction == AL_START_HEAD ? 0 : -1);
    }

    /**
     * An iterator whose first {@code next} returns the element at {@code idx} (negative counts
     * from the tail), or null if out of range (quicklistGetIteratorAtIdx). Walks whole nodes from
     * whichever end is nearer: O(nodes).
     */
    public QuicklistIterator iteratorAt(int direction, long idx) {
        boolean forward = idx >= 0;
        long index = forward ? idx : -idx - 1;
        if (index >= count) return null;
        boolean seekForward = forward;
        long seekIndex = index;
        if (index > (count - 1) / 2) {
            seekForward = !forward;
            seekIndex = count - 1 - index;
        }
        Node n = seekForward ? head : tail;
        long accum = 0;
        while (n != null) {
            if (accum + n.count > seekIndex) break;
            accum += n.count;
            n = seekForward ? n.next : n.prev;
        }
        if (n == null) return null;
        if (seekForward != forward) accum = count - n.count - accum;
        int offset = (int) (forward ? index - accum : -index - 1 + accum);
        return new QuicklistIterator(this, direction, n, offset);
    }

    /** The element at idx, or null (quicklistGetIteratorEntryAtIdx + release). */
    public byte[] index(long idx) {
        QuicklistIterator it = iteratorAt(AL_START_TAIL, idx);
        if (it == null) return null;
        QuicklistEntry e = new QuicklistEntry();
        it.next(e);
        byte[] v = e.value();
        it.release();
        return v;
    }

    // ---------------------------------------------------------------- insert / replace

    public void insertBefore(QuicklistIterator it, QuicklistEntry e, byte[] value) { insert(it, e, value, false); }

    public void insertAfter(QuicklistIterator it, QuicklistEntry e, byte[] value) { insert(it, e, value, true); }

    /**
     * Inserts next to the entry (_quicklistInsert): into its node if the fill allows; else into the
     * neighbour node if the entry is at that edge and the neighbour has room; else a new node at
     * that edge; else the node is split at the entry and the halves are offered for merging.
     */
    private void insert(QuicklistIterator it, QuicklistEntry entry, byte[] value, boolean after) {
        int sz = value.length;
        Node node = entry.node;
        if (node == null) {
            if (isLargeElement(sz)) {
                insertNode(tail, plainNode(value), after);
                count++;
                return;
            }
            insertNode(null, packedNode(value), after);
            count++;
            return;
        }
        boolean full = !allowInsert(node, sz);
        boolean atTail = false, atHead = false, availNext = false, availPrev = false;
        if (after && (entry.offset == node.count - 1 || entry.offset == -1)) {
            atTail = true;
            availNext = allowInsert(node.next, sz);
        }
        if (!after && (entry.offset == 0 || entry.offset == -node.count)) {
            atHead = true;
            availPrev = allowInsert(node.prev, sz);
        }
        if (isLargeElement(sz)) {
            if (node.isPlain() || (atTail && after) || (atHead && !after)) {
                insertNode(node, plainNode(value), after);
            } else {
                decompressForUse(node);
                Node newNode = splitNode(node, entry.offset, after);
                Node entryNode = plainNode(value);
                insertNode(node, entryNode, after);
                insertNode(entryNode, newNode, after);
            }
            count++;
            return;
        }
        Node newNode;
        if (!full && after) {
            decompressForUse(node);
            node.lp.insertAfter(entry.zi, value);
            node.count++;
            node.updateSz();
            recompressOnly(node);
        } else if (!full) {
            decompressForUse(node);
            node.lp.insertBefore(entry.zi, value);
            node.count++;
            node.updateSz();
            recompressOnly(node);
        } else if (atTail && availNext && after) {
            newNode = node.next;
            decompressForUse(newNode);
            newNode.lp.prepend(value);
            newNode.count++;
            newNode.updateSz();
            recompressOnly(newNode);
            recompressOnly(node);
        } else if (atHead && availPrev && !after) {
            newNode = node.prev;
            decompressForUse(newNode);
            newNode.lp.append(value);
            newNode.count++;
            newNode.updateSz();
            recompressOnly(newNode);
            recompressOnly(node);
        } else if ((atTail && !availNext && after) || (atHead && !availPrev && !after)) {
            insertNode(node, packedNode(value), after);
        } else {
            decompressForUse(node);
            newNode = splitNode(node, entry.offset, after);
            if (after) newNode.lp.prepend(value);
            else newNode.lp.append(value);
            newNode.count++;
            newNode.updateSz();
            insertNode(node, newNode, after);
            mergeNodes(node);
        }
        count++;
        it.reset();
    }

    /**
     * Splits node at offset (_quicklistSplitNode). With after, the returned new node takes the
     * entries after offset and node keeps [0, offset]; otherwise the new node takes [0, offset-1]
     * and node keeps the rest. The new node is not linked yet.
     */
    private Node splitNode(Node node, int offset, boolean after) {
        Node newNode = new Node();
        newNode.lp = node.lp.copy();
        if (offset < 0) offset = node.count + offset;
        int origStart = after ? offset + 1 : 0;
        long origExtent = after ? Long.MAX_VALUE : offset;
        int newStart = after ? 0 : offset;
        long newExtent = after ? offset + 1 : Long.MAX_VALUE;
        node.lp.deleteRange(origStart, origExtent);
        node.count = node.lp.size();
        node.updateSz();
        newNode.lp.deleteRange(newStart, newExtent);
        newNode.count = newNode.lp.size();
        newNode.updateSz();
        listener.onNodeSplit(node, newNode);
        return newNode;
    }

    /**
     * After a split, tries to merge around center (_quicklistMergeNodes): (prev.prev, prev),
     * (next, next.next), (prev, center), then (center, next); each only if allowMerge.
     */
    private void mergeNodes(Node center) {
        Node prev = null, prevPrev = null, next = null, nextNext = null, target;
        if (center.prev != null) {
            prev = center.prev;
            if (center.prev.prev != null) prevPrev = center.prev.prev;
        }
        if (center.next != null) {
            next = center.next;
            if (center.next.next != null) nextNext = center.next.next;
        }
        if (allowMerge(prev, prevPrev)) listpackMerge(prevPrev, prev);
        if (allowMerge(next, nextNext)) listpackMerge(next, nextNext);
        if (allowMerge(center, center.prev)) target = listpackMerge(center.prev, center);
        else target = center;
        if (allowMerge(target, target.next)) listpackMerge(target, target.next);
    }

    /**
     * Merges b (right of a) and a into one node (_quicklistListpackMerge with lpMerge): the larger
     * listpack is kept and the smaller one's entries are added to it; the other node is unlinked.
     */
    private Node listpackMerge(Node a, Node b) {
        decompressNode(a, false);
        decompressNode(b, false);
        Node keep, nokeep;
        if (a.lp.bytes() >= b.lp.bytes()) {
            keep = a;
            nokeep = b;
            for (int p = b.lp.first(); p >= 0; p = b.lp.next(p)) a.lp.append(b.lp.get(p));
        } else {
            keep = b;
            nokeep = a;
            for (int p = a.lp.last(); p >= 0; p = a.lp.prev(p)) b.lp.prepend(a.lp.get(p));
        }
        keep.count = keep.lp.size();
        keep.updateSz();
        nokeep.count = 0;
        listener.onNodeMerge(keep, nokeep);
        delNode(nokeep);
        compress(keep);
        return keep;
    }

    /** Replaces the element e returned by it (quicklistReplaceEntry); the iterator is then spent. */
    public void replaceEntry(QuicklistIterator it, QuicklistEntry e, byte[] value) {
        Node node = e.node;
        if (!node.isPlain() && !isLargeElement(value.length)) {
            node.lp.replace(e.zi, value);
            node.updateSz();
            compress(node);
        } else if (node.isPlain()) {
            if (isLargeElement(value.length)) {
                node.plain = value.clone();
                node.sz = value.length;
                compress(node);
            } else {
                insertAfter(it, e, value);
                delNode(node);
            }
        } else {
            node.dontCompress = true;
            insertAfter(it, e, value);
            if (node.count == 1) {
                delNode(node);
            } else {
                int p = node.lp.seek(-1);
                delIndex(node, p);
                node.dontCompress = false;
                compress(node);
                if (node.next != null) compress(node.next);
            }
        }
        it.reset();
    }

    /** Replaces the element at index; false if out of range (quicklistReplaceAtIndex). */
    public boolean replaceAtIndex(long index, byte[] value) {
        QuicklistIterator it = iteratorAt(AL_START_TAIL, index);
        if (it == null) return false;
        QuicklistEntry e = new QuicklistEntry();
        it.next(e);
        replaceEntry(it, e, value);
        it.release();
        return true;
    }

    // ---------------------------------------------------------------- ranges

    /**
     * Deletes up to n elements from start on (quicklistDelRange), dropping whole nodes without
     * looking inside them and cutting listpack ranges out of the first and last. Returns whether
     * anything was deleted.
     */
    public boolean delRange(long start, long n) {
        if (n <= 0) return false;
        long extent = n;
        if (start >= 0 && extent > count - start) extent = count - start;
        else if (start < 0 && extent > -start) extent = -start;
        QuicklistIterator it = iteratorAt(AL_START_TAIL, start);
        if (it == null) return false;
        Node node = it.current;
        long offset = it.offset;
        while (extent > 0) {
            Node next = node.next;
            long del;
            boolean deleteEntireNode = false;
            if (offset == 0 && extent >= node.count) {
                deleteEntireNode = true;
                del = node.count;
            } else if (offset >= 0 && extent + offset >= node.count) {
                del = node.count - offset;
            } else if (offset < 0) {
                del = -offset;
                if (del > extent) del = extent;
            } else {
                del = extent;
            }
            if (deleteEntireNode || node.isPlain()) {
                delNode(node);
            } else {
                decompressForUse(node);
                node.lp.deleteRange(offset, del);
                node.updateSz();
                node.count -= (int) del;
                count -= del;
                if (node.count == 0) delNode(node);
                else recompressOnly(node);
            }
            extent -= del;
            node = next;
            offset = 0;
        }
        return true;
    }

    /** A deep copy with the same nodes, compressed the same way (quicklistDup). */
    public Quicklist dup() {
        Quicklist copy = new Quicklist(fill, compress, packedThreshold);
        for (Node n = head; n != null; n = n.next) {
            Node c = new Node();
            c.container = n.container;
            c.count = n.count;
            c.sz = n.sz;
            if (n.lzf != null) c.lzf = n.lzf.clone();
            else if (n.isPlain()) c.plain = n.plain.clone();
            else c.lp = n.lp.copy();
            c.prev = copy.tail;
            if (copy.tail != null) copy.tail.next = c;
            else copy.head = c;
            copy.tail = c;
            copy.len++;
        }
        copy.count = count;
        return copy;
    }

    /** Every element from head to tail (for tests and small lists). */
    public List<byte[]> toList() {
        List<byte[]> out = new ArrayList<>();
        QuicklistIterator it = iterator(AL_START_HEAD);
        QuicklistEntry e = new QuicklistEntry();
        while (it.next(e)) out.add(e.value());
        it.release();
        return out;
    }

    // ---------------------------------------------------------------- snapshot

    /** One node as the visualizer shows it. */
    public record NodeSnapshot(int count, int sz, boolean compressed, int compressedSize, boolean plain) {}

    /** The list's shape: options, totals and every node in order. */
    public record Snapshot(int fill, int compressDepth, long count, List<NodeSnapshot> nodes) {}

    /** A read-only picture of the nodes (no decompression happens). */
    public Snapshot snapshot() {
        List<NodeSnapshot> nodes = new ArrayList<>(len);
        for (Node n = head; n != null; n = n.next) {
            nodes.add(new NodeSnapshot(n.count, n.sz, n.lzf != null, n.lzf == null ? 0 : n.lzf.length, n.isPlain()));
        }
        return new Snapshot(fill, compress, count, List.copyOf(nodes));
    }

    // ---------------------------------------------------------------- debugging

    /**
     * quicklistRepr: the list's header (count, len, fill, compress) and one line per node
     * (container PLAIN/PACKED, encoding RAW/LZF, size, count, recompress); with {@code full != 0}
     * each node's content too: its listpack through {@link Listpack#repr()}, or a plain node's
     * value. A compressed node is decompressed into a copy for printing, so the list is left as it
     * was. O(nodes), or O(bytes) when full. DEBUG QUICKLIST writes this to the log.
     */
    public String repr(int full) {
        StringBuilder sb = new StringBuilder();
        sb.append("{count : ").append(count).append("}\n");
        sb.append("{len : ").append(len).append("}\n");
        sb.append("{fill : ").append(fill).append("}\n");
        sb.append("{compress : ").append(compress).append("}\n");
        sb.append("{bookmark_count : 0}\n");
        int i = 0;
        for (Node node = head; node != null; node = node.next) {
            sb.append("{quicklist node(").append(i++).append(")\n");
            sb.append("{container : ").append(node.isPlain() ? "PLAIN" : "PACKED")
                    .append(", encoding: ").append(node.isCompressed() ? "LZF" : "RAW")
                    .append(", size: ").append(node.sz)
                    .append(", count: ").append(node.count)
                    .append(", recompress: ").append(node.recompress ? 1 : 0)
                    .append(", attempted_compress: 0}\n");
            if (full != 0) {
                byte[] raw = node.rawBytes();
                if (node.isPlain()) {
                    sb.append("{ entry : ").append(new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1)).append(" }\n");
                } else {
                    sb.append("{ listpack:\n").append(Listpack.fromBytes(raw).repr()).append("}\n");
                }
                sb.append("}\n");
            }
        }
        return sb.toString();
    }
}
