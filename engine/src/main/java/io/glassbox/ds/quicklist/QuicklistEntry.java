package io.glassbox.ds.quicklist;

import java.util.Arrays;

/** A position in the list (quicklistEntry): node, index in the node, listpack position. */
public final class QuicklistEntry {
    Quicklist.Node node;
    int offset;
    int zi = -1;

    public Quicklist.Node node() { return node; }

    /** The element's bytes (integers as their decimal text). */
    public byte[] value() { return node.isPlain() ? node.plain.clone() : node.lp.get(zi); }

    /** True if the element equals value (quicklistCompare / lpCompare). */
    public boolean eq(byte[] value) {
        return node.isPlain() ? Arrays.equals(node.plain, value) : node.lp.eq(zi, value);
    }

    /** The element as an integer if it is stored as one (lpGetValue's longval), else null. */
    public Long intValue() {
        if (node.isPlain() || !node.lp.isInt(zi)) return null;
        return node.lp.getInt(zi);
    }
}
