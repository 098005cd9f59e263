package io.glassbox.ds.stream;

import io.glassbox.ds.rax.Rax;

import java.util.List;

/**
 * A copy of a stream's shape for drawing (the REPL's {@code :rax}, the visualizer): the rax node by
 * node, and per listpack node its master ID, size in bytes and its live and deleted entries. The
 * i-th key node of {@link #rax} in depth-first order is the i-th element of {@link #nodes}: a
 * radix tree's pre-order is its keys' lexicographic order.
 */
public record StreamSnapshot(List<Rax.NodeView> rax, List<NodeInfo> nodes, long length, StreamID lastId, long groups) {
    /** One listpack node: the master ID (its rax key), lpBytes, the master entry's count and deleted fields. */
    public record NodeInfo(StreamID masterId, int bytes, long live, long deleted, long masterFields) {}
}
