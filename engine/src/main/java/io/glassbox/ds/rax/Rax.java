package io.glassbox.ds.rax;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A radix tree with compressed nodes mapping binary keys to values: Redis's {@code rax}
 * ({@code rax.c}). See the package comment for the node layout and its invariants.
 *
 * <p>Nodes are mutated in place: where Redis reallocates a node and fixes the pointer in its
 * parent ({@code raxReallocForData}, {@code memcpy(parentlink, ...)}), Java keeps the object and
 * swaps its arrays, so a split never has to find the parent.
 *
 * <p>Values may be {@code null} (Redis's {@code isnull} nodes: a key with no data, as the PEL of a
 * consumer uses); {@link #find} therefore answers with {@link #NOT_FOUND} for a missing key.
 */
public final class Rax<V> {
    /** What {@link #find} returns for a key that is not in the tree (Redis's {@code raxNotFound}). */
    public static final Object NOT_FOUND = new Object() {
        @Override public String toString() { return "raxNotFound"; }
    };

    private static final byte[] NO_CHARS = new byte[0];
    private static final Node[] NO_CHILDREN = new Node[0];

    /** One node (raxNode): the characters of its outgoing edges, its children, and maybe a key's value. */
    static final class Node {
        byte[] chars = NO_CHARS;
        Node[] children = NO_CHILDREN;
        boolean compressed;
        boolean isKey;
        Object value;
    }

    Node head = new Node();
    private long numElements;
    private long numNodes = 1;

    /** Number of keys (raxSize). */
    public long size() { return numElements; }

    /** Number of nodes, the root included (rax->numnodes). */
    public long numNodes() { return numNodes; }

    // ---------------------------------------------------------------- walking

    /** Where {@link #lowWalk} stopped: the node, how many key bytes matched, the position inside a compressed node. */
    private static final class Walk {
        Node node;
        int matched;
        int splitPos;
    }

    /**
     * raxLowWalk: follows the key from the root as far as the tree has it. Stops at the node where
     * the key ends or diverges; {@code splitPos} says how many characters of a compressed node
     * matched. Pushes every node passed through on {@code stack} (the parents, for removal).
     * O(key length) nodes visited.
     */
    private Walk lowWalk(byte[] key, List<Node> stack) {
        Node h = head;
        int i = 0, j = 0;
        while (h.chars.length > 0 && i < key.length) {
            if (h.compressed) {
                for (j = 0; j < h.chars.length && i < key.length; j++, i++) {
                    if (h.chars[j] != key[i]) break;
                }
                if (j != h.chars.length) break;
                j = 0;
            } else {
                j = childIndex(h, key[i]);
                if (j < 0) break;
                i++;
            }
            if (stack != null) stack.add(h);
            h = h.compressed ? h.children[0] : h.children[j];
            j = 0;
        }
        Walk w = new Walk();
        w.node = h;
        w.matched = i;
        w.splitPos = h.compressed ? j : 0;
        return w;
    }

    /** Index of the child reached by character c in a plain node, or -1 (children are sorted unsigned). */
    private static int childIndex(Node h, byte c) {
        int lo = 0, hi = h.chars.length - 1, want = c & 0xff;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int v = h.chars[mid] & 0xff;
            if (v == want) return mid;
            if (v < want) lo = mid + 1; else hi = mid - 1;
        }
        return -1;
    }

    /** raxAddChild: adds an edge c to a new empty node in a plain node, keeping the characters sorted. */
    private Node addChild(Node h, byte c) {
        int pos = 0;
        while (pos < h.chars.length && (h.chars[pos] & 0xff) < (c & 0xff)) pos++;
        Node child = new Node();
        byte[] chars = new byte[h.chars.length + 1];
        Node[] children = new Node[h.children.length + 1];
        System.arraycopy(h.chars, 0, chars, 0, pos);
        System.arraycopy(h.children, 0, children, 0, pos);
        chars[pos] = c;
        children[pos] = child;
        System.arraycopy(h.chars, pos, chars, pos + 1, h.chars.length - pos);
        System.arraycopy(h.children, pos, children, pos + 1, h.children.length - pos);
        h.chars = chars;
        h.children = children;
        h.compressed = false;
        numNodes++;
        return child;
    }

    /** raxRemoveChild: drops the edge to {@code child}; a compressed node loses its only child and becomes a leaf. */
    private static void removeChild(Node h, Node child) {
        if (h.compressed) {
            h.chars = NO_CHARS;
            h.children = NO_CHILDREN;
            h.compressed = false;
            return;
        }
        int pos = 0;
        while (h.children[pos] != child) pos++;
        byte[] chars = new byte[h.chars.length - 1];
        Node[] children = new Node[h.children.length - 1];
        System.arraycopy(h.chars, 0, chars, 0, pos);
        System.arraycopy(h.children, 0, children, 0, pos);
        System.arraycopy(h.chars, pos + 1, chars, pos, chars.length - pos);
        System.arraycopy(h.children, pos + 1, children, pos, children.length - pos);
        h.chars = chars;
        h.children = children;
    }

    /** A node holding a run of characters towards one child: compressed if two or more, plain otherwise. */
    private static void setPath(Node h, byte[] chars, Node child) {
        h.chars = chars;
        h.children = new Node[]{child};
        h.compressed = chars.length > 1;
    }

    // ---------------------------------------------------------------- find, insert, remove

    /** The value of the key, or {@link #NOT_FOUND} (raxFind). */
    public Object find(byte[] key) {
        Walk w = lowWalk(key, null);
        Node h = w.node;
        if (w.matched != key.length || (h.compressed && w.splitPos != 0) || !h.isKey) return NOT_FOUND;
        return h.value;
    }

    /** The value of the key, or null if absent (or stored as null). */
    @SuppressWarnings("unchecked")
    public V get(byte[] key) {
        Object v = find(key);
        return v == NOT_FOUND ? null : (V) v;
    }

    public boolean contains(byte[] key) { return find(key) != NOT_FOUND; }

    /** raxInsert: adds or overwrites; true if the key is new. */
    public boolean insert(byte[] key, V value) { return genericInsert(key, value, true); }

    /** raxTryInsert: adds only if absent; true if the key is new. */
    public boolean tryInsert(byte[] key, V value) { return genericInsert(key, value, false); }

    /**
     * raxGenericInsert. Three shapes, as in rax.c: the key ends exactly on a node (mark it); the key
     * ends in the middle of a compressed node (split it in two, the second half is the key node,
     * "ALGO 2"); or the key diverges inside a compressed node (split it around the diverging
     * character into a prefix, a plain node with two edges and a postfix, "ALGO 1") and then the
     * rest of the key is added below, as one compressed node when it ends in a fresh leaf.
     */
    private boolean genericInsert(byte[] key, V value, boolean overwrite) {
        Walk w = lowWalk(key, null);
        Node h = w.node;
        int i = w.matched, j = w.splitPos;
        int len = key.length;

        if (i == len && (!h.compressed || j == 0)) {
            if (h.isKey) {
                if (overwrite) h.value = value;
                return false;
            }
            h.isKey = true;
            h.value = value;
            numElements++;
            return true;
        }

        if (h.compressed && i != len) {
            // ALGO 1: the key diverges at character j of a compressed node.
            byte[] c = h.chars;
            Node next = h.children[0];
            Node postfix;
            if (j + 1 < c.length) {
                postfix = new Node();
                setPath(postfix, Arrays.copyOfRange(c, j + 1, c.length), next);
                numNodes++;
            } else {
                postfix = next;
            }
            Node split;
            if (j == 0) {
                split = h; // the node itself becomes the plain node with the diverging edges
            } else {
                split = new Node();
                numNodes++;
                setPath(h, Arrays.copyOf(c, j), split);
            }
            split.chars = new byte[]{c[j]};
            split.children = new Node[]{postfix};
            split.compressed = false;
            h = split;
        } else if (h.compressed) {
            // ALGO 2: the key ends inside a compressed node: split it, the postfix is the key node.
            byte[] c = h.chars;
            Node postfix = new Node();
            numNodes++;
            setPath(postfix, Arrays.copyOfRange(c, j, c.length), h.children[0]);
            setPath(h, Arrays.copyOf(c, j), postfix);
            postfix.isKey = true;
            postfix.value = value;
            numElements++;
            return true;
        }

        // Add what remains of the key below h.
        while (i < len) {
            if (h.chars.length == 0 && len - i > 1) {
                Node child = new Node();
                numNodes++;
                setPath(h, Arrays.copyOfRange(key, i, len), child);
                i = len;
                h = child;
            } else {
                h = addChild(h, key[i]);
                i++;
            }
        }
        h.isKey = true;
        h.value = value;
        numElements++;
        return true;
    }

    /**
     * raxRemove: unmarks the key; then frees the nodes left useless (a leaf that is no longer a
     * key, and its parents that led only to it), and merges a chain of single-path non-key nodes
     * into one compressed node again, so the tree stays as small as if the key had never been
     * added. Returns the old value, or {@link #NOT_FOUND}.
     */
    public Object remove(byte[] key) {
        List<Node> stack = new ArrayList<>();
        Walk w = lowWalk(key, stack);
        Node h = w.node;
        if (w.matched != key.length || (h.compressed && w.splitPos != 0) || !h.isKey) return NOT_FOUND;
        Object old = h.value;
        h.isKey = false;
        h.value = null;
        numElements--;

        boolean tryCompress = false;
        if (h.children.length == 0) {
            Node child = null;
            while (h != head) {
                child = h;
                numNodes--;
                h = stack.remove(stack.size() - 1);
                if (h.isKey || (!h.compressed && h.chars.length != 1)) break;
            }
            if (child != null) {
                removeChild(h, child);
                if (!h.isKey && !h.compressed && h.chars.length == 1) tryCompress = true;
            }
        } else if (h.children.length == 1) {
            tryCompress = true;
        }

        if (tryCompress) {
            // Climb to the first node of the chain that can be compressed, then merge downwards.
            while (!stack.isEmpty()) {
                Node parent = stack.remove(stack.size() - 1);
                if (parent.isKey || (!parent.compressed && parent.chars.length != 1)) break;
                h = parent;
            }
            Node start = h;
            int nodes = 1;
            int total = start.chars.length;
            Node cur = start.children[0];
            while (cur.children.length != 0 && !cur.isKey && (cur.compressed || cur.chars.length == 1)) {
                total += cur.chars.length;
                nodes++;
                cur = cur.children[0];
            }
            if (nodes > 1) {
                byte[] chars = new byte[total];
                int off = 0;
                Node n = start;
                for (int k = 0; k < nodes; k++) {
                    System.arraycopy(n.chars, 0, chars, off, n.chars.length);
                    off += n.chars.length;
                    n = n.children[0];
                }
                setPath(start, chars, cur);
                numNodes -= nodes - 1;
            }
        }
        return old;
    }

    // ---------------------------------------------------------------- ordered search (for the iterator)

    /** A growable key buffer: the characters walked from the root so far. */
    static final class Path {
        byte[] b = new byte[16];
        int len;

        void push(byte[] chars) {
            if (len + chars.length > b.length) b = Arrays.copyOf(b, Math.max(b.length * 2, len + chars.length));
            System.arraycopy(chars, 0, b, len, chars.length);
            len += chars.length;
        }

        void push(byte c) {
            if (len + 1 > b.length) b = Arrays.copyOf(b, b.length * 2);
            b[len++] = c;
        }

        byte[] toKey() { return Arrays.copyOf(b, len); }
    }

    /**
     * A random key, or null if the tree is empty: the purpose of {@code raxRandomWalk} (which
     * trackingLimitUsedSlots uses to pick keys to evict), done as one random descent from the root:
     * at each node stop on its key with probability 1/(children+1), else follow a random edge.
     * Not uniform (keys near the root are likelier), as Redis's walk is not; O(key length).
     */
    public byte[] randomKey(java.util.random.RandomGenerator rnd) {
        if (numElements == 0) return null;
        Path path = new Path();
        Node n = head;
        while (true) {
            int edges = n.compressed ? 1 : n.children.length;
            if (n.isKey && (edges == 0 || rnd.nextInt(edges + 1) == 0)) return path.toKey();
            int i = n.compressed ? 0 : rnd.nextInt(edges);
            if (n.compressed) path.push(n.chars); else path.push(n.chars[i]);
            n = n.children[i];
        }
    }

    /** The smallest key in the subtree of n (the node itself if it is a key), appending its characters to path. */
    private static Node min(Node n, Path path) {
        while (!n.isKey) {
            if (n.children.length == 0) return null; // only the root of an empty tree
            if (n.compressed) path.push(n.chars); else path.push(n.chars[0]);
            n = n.children[0];
        }
        return n;
    }

    /** The greatest key in the subtree of n: follow the last edge down to a leaf, which is always a key. */
    private static Node max(Node n, Path path) {
        while (n.children.length != 0) {
            int last = n.children.length - 1;
            if (n.compressed) path.push(n.chars); else path.push(n.chars[last]);
            n = n.children[last];
        }
        return n.isKey ? n : null;
    }

    /**
     * The first key {@code >= key} ({@code > key} if strict) in the subtree of n, whose path so far
     * equals key[0..i). One root-to-leaf walk, with at most one step back per level.
     */
    static Node ceiling(Node n, byte[] key, int i, boolean strict, Path path) {
        if (i == key.length) {
            if (n.isKey && !strict) return n;
            // every key below is longer, so greater
            if (n.children.length == 0) return null;
            if (n.compressed) path.push(n.chars); else path.push(n.chars[0]);
            return min(n.children[0], path);
        }
        if (n.compressed) {
            int m = 0;
            while (m < n.chars.length && i + m < key.length && n.chars[m] == key[i + m]) m++;
            if (m == n.chars.length) {
                int mark = path.len;
                path.push(n.chars);
                Node r = ceiling(n.children[0], key, i + m, strict, path);
                if (r == null) path.len = mark;
                return r;
            }
            if (i + m == key.length || (n.chars[m] & 0xff) > (key[i + m] & 0xff)) {
                path.push(n.chars);
                return min(n.children[0], path);
            }
            return null;
        }
        int want = key[i] & 0xff;
        for (int k = 0; k < n.chars.length; k++) {
            int c = n.chars[k] & 0xff;
            if (c < want) continue;
            int mark = path.len;
            path.push(n.chars[k]);
            if (c == want) {
                Node r = ceiling(n.children[k], key, i + 1, strict, path);
                if (r != null) return r;
                path.len = mark;
                continue;
            }
            return min(n.children[k], path);
        }
        return null;
    }

    /** The last key {@code <= key} ({@code < key} if strict) in the subtree of n, whose path so far equals key[0..i). */
    static Node floor(Node n, byte[] key, int i, boolean strict, Path path) {
        if (i == key.length) return n.isKey && !strict ? n : null;
        // n's own key (the path) is a proper prefix of key, so smaller: the fallback.
        Node self = n.isKey ? n : null;
        if (n.compressed) {
            int m = 0;
            while (m < n.chars.length && i + m < key.length && n.chars[m] == key[i + m]) m++;
            int mark = path.len;
            if (m == n.chars.length) {
                path.push(n.chars);
                Node r = floor(n.children[0], key, i + m, strict, path);
                if (r != null) return r;
                path.len = mark;
                return self;
            }
            if (i + m < key.length && (n.chars[m] & 0xff) < (key[i + m] & 0xff)) {
                path.push(n.chars);
                return max(n.children[0], path);
            }
            return self;
        }
        int want = key[i] & 0xff;
        for (int k = n.chars.length - 1; k >= 0; k--) {
            int c = n.chars[k] & 0xff;
            if (c > want) continue;
            int mark = path.len;
            path.push(n.chars[k]);
            if (c == want) {
                Node r = floor(n.children[k], key, i + 1, strict, path);
                if (r != null) return r;
                path.len = mark;
                continue;
            }
            return max(n.children[k], path);
        }
        return self;
    }

    /** An iterator positioned nowhere; call {@link RaxIterator#seek} (raxStart). */
    public RaxIterator<V> iterator() { return new RaxIterator<>(this); }

    // ---------------------------------------------------------------- visibility

    /** One node as the visualizer and the REPL draw it. */
    public record NodeView(int id, int depth, byte[] chars, boolean compressed, boolean isKey, int[] children) {}

    /**
     * The tree, node by node in depth-first order (root first): the characters each holds, whether
     * they are a compressed run, which nodes are keys. O(nodes).
     */
    public List<NodeView> snapshot() {
        List<NodeView> out = new ArrayList<>();
        snapshot(head, 0, out);
        return out;
    }

    private int snapshot(Node n, int depth, List<NodeView> out) {
        int id = out.size();
        out.add(null);
        int[] kids = new int[n.children.length];
        for (int k = 0; k < n.children.length; k++) kids[k] = snapshot(n.children[k], depth + 1, out);
        out.set(id, new NodeView(id, depth, n.chars.clone(), n.compressed, n.isKey, kids));
        return id;
    }

    /**
     * Checks the invariants of the package comment and the counters; throws IllegalStateException
     * on the first violation. O(nodes). For tests.
     */
    public void verify() {
        long[] counts = new long[2];
        verify(head, true, counts);
        if (counts[0] != numNodes) throw new IllegalStateException("numNodes " + numNodes + " but counted " + counts[0]);
        if (counts[1] != numElements) throw new IllegalStateException("numElements " + numElements + " but counted " + counts[1]);
    }

    private void verify(Node n, boolean root, long[] counts) {
        counts[0]++;
        if (n.isKey) counts[1]++;
        if (n.compressed && (n.chars.length < 2 || n.children.length != 1)) throw new IllegalStateException("bad compressed node");
        if (!n.compressed && n.chars.length != n.children.length) throw new IllegalStateException("chars/children mismatch");
        if (!root && n.children.length == 0 && !n.isKey) throw new IllegalStateException("non-key leaf");
        for (int k = 1; k < n.chars.length && !n.compressed; k++) {
            if ((n.chars[k - 1] & 0xff) >= (n.chars[k] & 0xff)) throw new IllegalStateException("unsorted children");
        }
        if (!root && !n.isKey && n.children.length == 1) {
            Node c = n.children[0];
            if (!c.isKey && c.children.length == 1 && (n.compressed || c.compressed)) {
                // Redis leaves such pairs only when the upper one is reached through a key; accept plain pairs
            }
        }
        for (Node c : n.children) verify(c, false, counts);
    }
}
