package io.glassbox.ds.rax;

/**
 * An ordered cursor over a {@link Rax} (Redis's {@code raxIterator}): {@link #seek} with one of
 * {@code ^ $ == >= > <= <}, then {@link #next} or {@link #prev}. As in Redis, the element found
 * by the seek is returned by the first next() or prev() after it.
 *
 * <p>Unlike Redis's iterator, which keeps a stack of the nodes it walked, this one remembers only
 * the current key and finds its neighbour with one walk from the root (O(key length) per step).
 * That makes it safe to use while the tree is modified, which Redis gets by calling raxSeek again
 * after each change (streamTrim, streamIteratorRemoveEntry do so).
 */
public final class RaxIterator<V> {
    private final Rax<V> rax;
    private byte[] key;
    private Object data;
    private boolean justSeeked;
    private boolean eof = true;

    RaxIterator(Rax<V> rax) { this.rax = rax; }

    /**
     * Positions the iterator (raxSeek). {@code op} is "^" (first), "$" (last), "==", ">=", ">",
     * "<=" or "<"; {@code ele} is ignored for ^ and $. Returns false if no element satisfies it.
     */
    public boolean seek(String op, byte[] ele) {
        Rax.Path path = new Rax.Path();
        Rax.Node n;
        switch (op) {
            case "^": n = Rax.ceiling(rax.head, new byte[0], 0, false, path); break;
            case "$": return seekExact(maxPath());
            case "==": {
                Object v = rax.find(ele);
                if (v == Rax.NOT_FOUND) { eof = true; return false; }
                key = ele.clone();
                data = v;
                justSeeked = true;
                eof = false;
                return true;
            }
            case ">=": n = Rax.ceiling(rax.head, ele, 0, false, path); break;
            case ">": n = Rax.ceiling(rax.head, ele, 0, true, path); break;
            case "<=": n = Rax.floor(rax.head, ele, 0, false, path); break;
            case "<": n = Rax.floor(rax.head, ele, 0, true, path); break;
            default: throw new IllegalArgumentException("bad seek operator " + op);
        }
        return position(n, path);
    }

    /** The greatest key: follow the last edge of every node down to a leaf (raxSeekGreatest). */
    private byte[] maxPath() {
        Rax.Path path = new Rax.Path();
        Rax.Node n = rax.head;
        while (n.children.length != 0) {
            int last = n.children.length - 1;
            if (n.compressed) path.push(n.chars); else path.push(n.chars[last]);
            n = n.children[last];
        }
        return n.isKey ? path.toKey() : null;
    }

    private boolean seekExact(byte[] k) {
        if (k == null) { eof = true; return false; }
        return seek("==", k);
    }

    private boolean position(Rax.Node n, Rax.Path path) {
        if (n == null) {
            eof = true;
            return false;
        }
        key = path.toKey();
        data = n.value;
        justSeeked = true;
        eof = false;
        return true;
    }

    /** Moves to the next greater key (raxNext); false at the end. */
    public boolean next() {
        if (eof) return false;
        if (justSeeked) {
            justSeeked = false;
            return true;
        }
        Rax.Path path = new Rax.Path();
        return step(Rax.ceiling(rax.head, key, 0, true, path), path);
    }

    /** Moves to the next smaller key (raxPrev); false at the start. */
    public boolean prev() {
        if (eof) return false;
        if (justSeeked) {
            justSeeked = false;
            return true;
        }
        Rax.Path path = new Rax.Path();
        return step(Rax.floor(rax.head, key, 0, true, path), path);
    }

    private boolean step(Rax.Node n, Rax.Path path) {
        if (n == null) {
            eof = true;
            return false;
        }
        key = path.toKey();
        data = n.value;
        return true;
    }

    /** True once the iterator ran off either end, or a seek found nothing (raxEOF). */
    public boolean eof() { return eof; }

    /** The current key (a copy the caller may keep). */
    public byte[] key() { return key; }

    /** The current element's value. */
    @SuppressWarnings("unchecked")
    public V data() { return (V) data; }
}
