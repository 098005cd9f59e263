package io.glassbox.ds.skiplist;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Redis's {@code zskiplist} (t_zset.c): nodes ordered by (score, member bytes), each with a random
 * number of levels; see the package comment for why and for the bounds.
 *
 * <p>Invariants (SkipListTest checks them against a model under thousands of random operations):
 * <ul>
 *   <li>at every level, following {@code forward} visits nodes in strictly increasing
 *       (score, member) order;</li>
 *   <li>the spans along any level add up to {@link #length()} (a link's span is the number of
 *       level-0 steps it skips, so the rank of a node is the sum of spans on the path to it);</li>
 *   <li>{@code backward} of the first node is null and of every other node is its level-0
 *       predecessor; {@link #tail()} is the last node;</li>
 *   <li>{@link #level()} is the height of the tallest node (at least 1).</li>
 * </ul>
 *
 * <p>Ranks are 1-based here, as in Redis's zsl* functions; commands convert from 0-based.
 * Members are compared with {@link Arrays#compareUnsigned(byte[], byte[])}, which is
 * {@code sdscmp}: memcmp, then the shorter string first.
 */
public final class SkipList {
    /** ZSKIPLIST_MAXLEVEL: enough for 2^64 elements at p = 1/4. */
    public static final int MAXLEVEL = 32;
    /** ZSKIPLIST_P: the chance that a node reaches the next level. */
    public static final double P = 0.25;
    /** RAND_MAX of glibc's random(), so an injected generator behaves like Redis's. */
    public static final int RAND_MAX = Integer.MAX_VALUE;
    private static final int THRESHOLD = (int) (P * RAND_MAX);

    /**
     * zskiplistNode. Redis ends the node with a flexible array {@code level[]} of {forward, span}
     * pairs, so one load of {@code x->level[i].forward} reaches the next node. Java cannot put an
     * array inside an object: with {@code Node[] forward} each step would first load the array,
     * then the next node, two dependent cache misses where Redis has one. So levels 0, 1 and 2 are
     * plain fields ({@code forward0/span0} .. {@code forward2/span2}) and only levels 3 and above
     * live in arrays. At P = 1/4 a node has at most 3 levels with probability 63/64, so almost
     * every node is a single object. A search takes about as many steps on each level, and the
     * few tall nodes it meets on the top levels are the same for every search (they stay in the
     * cache), so the steps that miss the cache, on the crowded low levels, cost one load each, as
     * in C. Measured on redis-benchmark's ZADD (docs/performance.md): fields for level 2 too
     * saved ~5% of CPU per ZADD over fields for levels 0-1 only, for 8 more bytes per node.
     * {@link #forward(int)} and {@link #span(int)} hide the split: read them as Redis's
     * {@code x->level[i].forward} and {@code x->level[i].span}.
     *
     * <p>A node is 64 bytes with compressed references: header 12, score 8, three spans 12, seven
     * references 28 (member, backward, three forwards, the two upper arrays), height 1, padding.
     * Redis's node with one level is 40 bytes before the allocator rounds it.
     */
    public static final class Node {
        byte[] ele;
        double score;
        Node backward;
        Node forward0, forward1, forward2;
        /**
         * Spans are ints where Redis has an unsigned long: a span is at most the list's length, and
         * a list of 2^31 nodes (at 64+ bytes each) does not fit a Java heap with compressed
         * references; {@link #insert} refuses to grow past {@link Integer#MAX_VALUE} nodes.
         */
        int span0, span1, span2;
        /** Number of levels (1..MAXLEVEL); Redis does not store it, Java needs it for the split. */
        byte height;
        /** Levels 3..height-1 at index level-3; null when height <= 3. */
        Node[] upperForward;
        int[] upperSpan;

        Node(int level, double score, byte[] ele) {
            this.ele = ele;
            this.score = score;
            setHeight(level);
        }

        /**
         * Gives the node {@code level} levels, keeping the upper arrays when they already have that
         * size; the links are left for the caller to set (only an unlinked node is reshaped).
         */
        void setHeight(int level) {
            height = (byte) level;
            if (level <= 3) {
                upperForward = null;
                upperSpan = null;
                if (level < 3) { forward2 = null; span2 = 0; }
                if (level < 2) { forward1 = null; span1 = 0; }
            } else if (upperForward == null || upperForward.length != level - 3) {
                upperForward = new Node[level - 3];
                upperSpan = new int[level - 3];
            }
        }

        /** x->level[i].forward. */
        Node forward(int i) {
            return i == 0 ? forward0 : i == 1 ? forward1 : i == 2 ? forward2 : upperForward[i - 3];
        }

        void setForward(int i, Node n) {
            if (i == 0) forward0 = n;
            else if (i == 1) forward1 = n;
            else if (i == 2) forward2 = n;
            else upperForward[i - 3] = n;
        }

        /** x->level[i].span. */
        int span(int i) {
            return i == 0 ? span0 : i == 1 ? span1 : i == 2 ? span2 : upperSpan[i - 3];
        }

        void setSpan(int i, long s) {
            if (i == 0) span0 = (int) s;
            else if (i == 1) span1 = (int) s;
            else if (i == 2) span2 = (int) s;
            else upperSpan[i - 3] = (int) s;
        }

        /** All spans, level 0 first (a copy). */
        long[] spans() {
            long[] out = new long[height];
            for (int i = 0; i < height; i++) out[i] = span(i);
            return out;
        }

        public byte[] ele() { return ele; }
        public double score() { return score; }
        /** Level-0 successor, or null at the tail. */
        public Node next() { return forward0; }
        /** Level-0 predecessor, or null at the first node. */
        public Node prev() { return backward; }
        public int height() { return height; }
    }

    private final Node header = new Node(MAXLEVEL, 0, null);
    private Node tail;
    private long length;
    private int level = 1;
    private IntSupplier random;
    private SkipListListener listener = SkipListListener.NONE;
    /**
     * Scratch for insert, delete and updateScore: zslInsert keeps {@code update[]} and
     * {@code rank[]} on the C stack, which costs nothing; in Java a fresh array per call is
     * garbage on every ZADD. Reusing one pair per list is safe because a skiplist is only touched
     * by the command thread, one call at a time, and no callback runs while these hold a path
     * (the listener gets copies). The range deletions, which call back into the caller for each
     * removed node, keep their own arrays. Between calls they may still point at up to MAXLEVEL
     * nodes already removed; that delays collecting those few nodes and nothing reads them.
     */
    private final Node[] update = new Node[MAXLEVEL];
    private final long[] rank = new long[MAXLEVEL];

    /** zslCreate, with Java's generator standing in for random(). */
    public SkipList() {
        this(() -> java.util.concurrent.ThreadLocalRandom.current().nextInt() & RAND_MAX);
    }

    /** A skiplist drawing levels from {@code random}, which returns values in [0, RAND_MAX] like random(). */
    public SkipList(IntSupplier random) { this.random = random; }

    /** The installed listener ({@code NONE} by default), so an observer can tell whether it is already attached. */
    public SkipListListener listener() { return listener; }

    public void setListener(SkipListListener listener) { this.listener = listener == null ? SkipListListener.NONE : listener; }

    /**
     * {@code zslFree} as lazyfree.c's background thread runs it: walks level 0 and cuts every
     * node's links; returns the nodes visited. O(length), for a list nobody else can reach (no
     * listener is told). See {@code Dict.release} for what cutting links buys in a JVM.
     */
    public long release() {
        long visited = 0;
        Node x = header.forward0;
        for (int i = 0; i < MAXLEVEL; i++) header.setForward(i, null);
        while (x != null) {
            Node next = x.forward0;
            x.forward0 = x.forward1 = x.forward2 = null;
            x.backward = null;
            x.upperForward = null;
            x = next;
            visited++;
        }
        tail = null;
        length = 0;
        level = 1;
        listener = SkipListListener.NONE;
        return visited;
    }

    public long length() { return length; }
    public int level() { return level; }
    public Node tail() { return tail; }
    /** The first node, or null when empty. */
    public Node first() { return header.forward(0); }

    /**
     * zslRandomLevel: 1, then one more level for as long as a draw falls under P * RAND_MAX,
     * capped at {@link #MAXLEVEL}. Level k has probability (1-P) P^(k-1).
     */
    int randomLevel() {
        int lvl = 1;
        while (random.getAsInt() < THRESHOLD) lvl++;
        return Math.min(lvl, MAXLEVEL);
    }

    /** Whether node n sorts before (score, ele): by score, then by member bytes (zslInsert's test). */
    private static boolean precedes(Node n, double score, byte[] ele) {
        double s = n.score;
        return s < score || (s == score && Arrays.compareUnsigned(n.ele, ele) < 0);
    }

    private static int cmp(double s1, byte[] e1, double s2, byte[] e2) {
        if (s1 != s2) return s1 < s2 ? -1 : 1;
        return Arrays.compareUnsigned(e1, e2);
    }

    /**
     * zslInsert: links a new node for (score, ele), which the caller guarantees is not present.
     * The search goes down from the top level, remembering at each level the last node before the
     * new one ({@code update}) and its rank, so that the new node's spans can be computed. O(log n).
     */
    public Node insert(double score, byte[] ele) {
        return insert(score, ele, null);
    }

    /**
     * zslInsert, linking {@code spare} (an unlinked node) instead of allocating one. updateScore
     * passes the node it just unlinked: Redis frees that node and reuses only its sds; reusing the
     * whole object (reshaped to the newly drawn level, see {@link Node#setHeight}) spares the
     * Java heap a node of garbage per moved score, and the dict keeps pointing at the right node.
     * The level is still drawn exactly as Redis draws it.
     */
    private Node insert(double score, byte[] ele, Node spare) {
        Node[] update = this.update;
        long[] rank = this.rank;
        // The descent, level by level as in searchUpdate (one field read per step), adding up
        // the spans crossed on each level into rank[].
        Node x = header;
        Node next;
        long r = 0;
        for (int i = level - 1; i >= 3; i--) {
            while ((next = x.upperForward[i - 3]) != null && precedes(next, score, ele)) {
                r += x.upperSpan[i - 3];
                x = next;
            }
            rank[i] = r;
            update[i] = x;
        }
        if (level > 2) {
            while ((next = x.forward2) != null && precedes(next, score, ele)) {
                r += x.span2;
                x = next;
            }
            rank[2] = r;
            update[2] = x;
        }
        if (level > 1) {
            while ((next = x.forward1) != null && precedes(next, score, ele)) {
                r += x.span1;
                x = next;
            }
            rank[1] = r;
            update[1] = x;
        }
        while ((next = x.forward0) != null && precedes(next, score, ele)) {
            r += x.span0;
            x = next;
        }
        rank[0] = r;
        update[0] = x;
        int lvl = randomLevel();
        if (lvl > level) {
            for (int i = level; i < lvl; i++) {
                rank[i] = 0;
                update[i] = header;
                header.setSpan(i, length);
            }
            level = lvl;
        }
        if (spare != null) {
            x = spare;
            x.score = score;
            x.ele = ele;
            x.setHeight(lvl);
        } else {
            if (length == Integer.MAX_VALUE) throw new IllegalStateException("skiplist full (spans are ints)");
            x = new Node(lvl, score, ele);
        }
        for (int i = 0; i < lvl; i++) {
            x.setForward(i, update[i].forward(i));
            update[i].setForward(i, x);
            x.setSpan(i, update[i].span(i) - (rank[0] - rank[i]));
            update[i].setSpan(i, (rank[0] - rank[i]) + 1);
        }
        for (int i = lvl; i < level; i++) update[i].setSpan(i, update[i].span(i) + 1);
        x.backward = update[0] == header ? null : update[0];
        if (x.forward(0) != null) x.forward(0).backward = x;
        else tail = x;
        length++;
        if (listener != SkipListListener.NONE) {
            byte[][] members = new byte[level][];
            long[] ranks = Arrays.copyOf(rank, level);
            for (int i = 0; i < level; i++) members[i] = update[i] == header ? null : update[i].ele;
            listener.onInsert(ele, score, lvl, members, ranks);
        }
        return x;
    }

    /** zslDeleteNode: unlinks x given the update path to it; fixes spans, tail and the list level. */
    private void deleteNode(Node x, Node[] update) {
        for (int i = 0; i < level; i++) {
            if (update[i].forward(i) == x) {
                update[i].setSpan(i, update[i].span(i) + x.span(i) - 1);
                update[i].setForward(i, x.forward(i));
            } else {
                update[i].setSpan(i, update[i].span(i) - 1);
            }
        }
        if (x.forward(0) != null) x.forward(0).backward = x.backward;
        else tail = x.backward;
        while (level > 1 && header.forward(level - 1) == null) level--;
        length--;
        listener.onDelete(x.ele, x.score);
    }

    /**
     * Fills update[] with the last node before (score, ele) at each level; returns the level-0
     * candidate. The same descent as zslInsert's without the ranks, written level by level so
     * that each inner loop reads one field directly ({@code forward2}, {@code forward1},
     * {@code forward0}) instead of choosing among them through {@link Node#forward(int)} on every
     * step: this walk is most of what a ZADD that moves a score costs (two descents per move).
     */
    private Node searchUpdate(double score, byte[] ele, Node[] update) {
        Node x = header;
        Node next;
        for (int i = level - 1; i >= 3; i--) {
            while ((next = x.upperForward[i - 3]) != null && precedes(next, score, ele)) x = next;
            update[i] = x;
        }
        if (level > 2) {
            while ((next = x.forward2) != null && precedes(next, score, ele)) x = next;
            update[2] = x;
        }
        if (level > 1) {
            while ((next = x.forward1) != null && precedes(next, score, ele)) x = next;
            update[1] = x;
        }
        while ((next = x.forward0) != null && precedes(next, score, ele)) x = next;
        update[0] = x;
        return next;
    }

    /** zslDelete: removes the node with exactly this score and member; false if there is none. O(log n). */
    public boolean delete(double score, byte[] ele) {
        Node x = searchUpdate(score, ele, update);
        if (x != null && score == x.score && Arrays.equals(x.ele, ele)) {
            deleteNode(x, update);
            return true;
        }
        return false;
    }

    /**
     * zslUpdateScore: changes the score of an existing member. When the node stays between its
     * neighbours the score is written in place (no relinking, the common case for small
     * ZINCRBY steps); otherwise the node is removed and inserted again. O(log n).
     */
    public Node updateScore(double curscore, byte[] ele, double newscore) {
        Node x = searchUpdate(curscore, ele, update);
        if (x == null || x.score != curscore || !Arrays.equals(x.ele, ele)) {
            throw new IllegalStateException("zslUpdateScore: member not found at its score");
        }
        if ((x.backward == null || x.backward.score < newscore)
                && (x.forward(0) == null || x.forward(0).score > newscore)) {
            x.score = newscore;
            return x;
        }
        deleteNode(x, update);
        return insert(newscore, x.ele, x);
    }

    /** zslIsInRange: whether some node may fall in the range (cheap test on first and tail). */
    public boolean isInRange(RangeSpec r) {
        if (!r.nonEmpty()) return false;
        if (tail == null || !r.gteMin(tail.score)) return false;
        Node f = header.forward(0);
        return f != null && r.lteMax(f.score);
    }

    /** zslFirstInRange: the first node with a score in range, or null. O(log n). */
    public Node firstInRange(RangeSpec r) {
        if (!isInRange(r)) return null;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward(i) != null && !r.gteMin(x.forward(i).score)) x = x.forward(i);
        }
        x = x.forward(0);
        return r.lteMax(x.score) ? x : null;
    }

    /** zslLastInRange: the last node with a score in range, or null. O(log n). */
    public Node lastInRange(RangeSpec r) {
        if (!isInRange(r)) return null;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward(i) != null && r.lteMax(x.forward(i).score)) x = x.forward(i);
        }
        return r.gteMin(x.score) ? x : null;
    }

    /** zslIsInLexRange. */
    public boolean isInLexRange(LexRangeSpec r) {
        if (!r.nonEmpty()) return false;
        if (tail == null || !r.gteMin(tail.ele)) return false;
        Node f = header.forward(0);
        return f != null && r.lteMax(f.ele);
    }

    /** zslFirstInLexRange. */
    public Node firstInLexRange(LexRangeSpec r) {
        if (!isInLexRange(r)) return null;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward(i) != null && !r.gteMin(x.forward(i).ele)) x = x.forward(i);
        }
        x = x.forward(0);
        return r.lteMax(x.ele) ? x : null;
    }

    /** zslLastInLexRange. */
    public Node lastInLexRange(LexRangeSpec r) {
        if (!isInLexRange(r)) return null;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward(i) != null && r.lteMax(x.forward(i).ele)) x = x.forward(i);
        }
        return r.gteMin(x.ele) ? x : null;
    }

    /**
     * zslDeleteRangeByScore: removes every node in the score range, telling {@code removed}
     * about each (the caller drops it from its dict). Returns how many. O(log n + removed).
     */
    public long deleteRangeByScore(RangeSpec r, java.util.function.Consumer<byte[]> removed) {
        Node[] update = new Node[MAXLEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward(i) != null && !r.gteMin(x.forward(i).score)) x = x.forward(i);
            update[i] = x;
        }
        x = x.forward(0);
        long n = 0;
        while (x != null && r.lteMax(x.score)) {
            Node next = x.forward(0);
            deleteNode(x, update);
            removed.accept(x.ele);
            n++;
            x = next;
        }
        return n;
    }

    /** zslDeleteRangeByLex. */
    public long deleteRangeByLex(LexRangeSpec r, java.util.function.Consumer<byte[]> removed) {
        Node[] update = new Node[MAXLEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward(i) != null && !r.gteMin(x.forward(i).ele)) x = x.forward(i);
            update[i] = x;
        }
        x = x.forward(0);
        long n = 0;
        while (x != null && r.lteMax(x.ele)) {
            Node next = x.forward(0);
            deleteNode(x, update);
            removed.accept(x.ele);
            n++;
            x = next;
        }
        return n;
    }

    /** zslDeleteRangeByRank: removes ranks start..end (1-based, inclusive). */
    public long deleteRangeByRank(long start, long end, java.util.function.Consumer<byte[]> removed) {
        Node[] update = new Node[MAXLEVEL];
        long traversed = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward(i) != null && traversed + x.span(i) < start) {
                traversed += x.span(i);
                x = x.forward(i);
            }
            update[i] = x;
        }
        traversed++;
        x = x.forward(0);
        long n = 0;
        while (x != null && traversed <= end) {
            Node next = x.forward(0);
            deleteNode(x, update);
            removed.accept(x.ele);
            n++;
            traversed++;
            x = next;
        }
        return n;
    }

    /** zslGetRank: the 1-based rank of (score, ele), or 0 if absent. O(log n) by summing spans. */
    public long getRank(double score, byte[] ele) {
        long rank = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward(i) != null && cmp(x.forward(i).score, x.forward(i).ele, score, ele) <= 0) {
                rank += x.span(i);
                x = x.forward(i);
            }
            if (x.ele != null && x != header && Arrays.equals(x.ele, ele)) return rank;
        }
        return 0;
    }

    /** zslGetElementByRank: the node at a 1-based rank, or null. O(log n). */
    public Node getElementByRank(long rank) {
        long traversed = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward(i) != null && traversed + x.span(i) <= rank) {
                traversed += x.span(i);
                x = x.forward(i);
            }
            if (traversed == rank) return x;
        }
        return null;
    }

    /** A copy of the structure for the visualizer; O(n). */
    public SkipListSnapshot snapshot() {
        List<SkipListSnapshot.NodeView> nodes = new ArrayList<>();
        for (Node x = header.forward(0); x != null; x = x.forward(0)) {
            nodes.add(new SkipListSnapshot.NodeView(x.ele.clone(), x.score, x.spans()));
        }
        return new SkipListSnapshot(level, length, Arrays.copyOf(header.spans(), level), nodes);
    }
}
