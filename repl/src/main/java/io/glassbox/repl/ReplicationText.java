package io.glassbox.repl;

import io.glassbox.replication.Replication;

/**
 * Draws replication for {@code :repl}: this node's role and place in the stream, each replica's
 * acknowledged offset and how far behind it is, and the backlog as the ring it is.
 *
 * <p>The ring is drawn as {@value #CELLS} cells, each standing for {@code size/CELLS} bytes:
 * {@code #} for bytes of the valid window (the history a PSYNC can be served from), {@code .} for
 * bytes not written yet, {@code W} where the next byte will be written. Once the stream has
 * wrapped the whole ring is history and {@code W} marks both its end and, just after it, its
 * oldest byte: a replica asking for an offset before {@code first} needs a full resync.
 */
final class ReplicationText {
    static final int CELLS = 64;

    private ReplicationText() {}

    static String render(Replication.Snapshot s) {
        StringBuilder out = new StringBuilder();
        if (s.masterHost() == null) {
            out.append("role: master, ").append(s.replicas().size()).append(s.replicas().size() == 1 ? " replica" : " replicas").append('\n');
        } else {
            out.append("role: replica of ").append(s.masterHost()).append(':').append(s.masterPort())
               .append(", link state: ").append(s.state()).append('\n');
        }
        out.append("replid:  ").append(s.replid()).append("  offset ").append(s.masterReplOffset()).append('\n');
        if (s.syncFull() + s.syncPartialOk() + s.syncPartialErr() > 0) {
            out.append("syncs served: ").append(s.syncFull()).append(" full (RDB), ").append(s.syncPartialOk())
               .append(" partial (+CONTINUE), ").append(s.syncPartialErr()).append(" PSYNC refused\n");
        }
        if (s.secondReplOffset() >= 0) {
            out.append("replid2: ").append(s.replid2()).append("  valid up to offset ").append(s.secondReplOffset() - 1)
               .append(" (the history before a promotion)\n");
        }
        if (!s.replicas().isEmpty()) {
            out.append(String.format("  %-6s %-22s %6s %14s %12s %8s%n", "id", "address", "port", "acked offset", "behind (B)",
                    "ack age"));
            for (Replication.ReplicaView r : s.replicas()) {
                out.append(String.format("  %-6d %-22s %6d %14d %12d %7ds%n", r.clientId(), r.address(), r.listeningPort(),
                        r.ackOffset(), r.lagBytes(), r.lagSeconds()));
            }
        }
        Replication.BacklogView b = s.backlog();
        if (b == null) {
            out.append("backlog: none yet (created with the first replica, or when this node syncs from a master)\n");
            return out.toString();
        }
        out.append("backlog: ").append(b.size()).append(" bytes, ").append(b.histlen()).append(" held, offsets [")
           .append(b.firstByteOffset()).append(", ").append(b.offset()).append("], next write at index ")
           .append(b.writeIndex()).append('\n');
        out.append("  [").append(ring(b)).append("]\n");
        out.append("  # history a PSYNC can continue from, . not written yet, W the write position\n");
        return out.toString();
    }

    /** The ring's cells: which hold history, and where the write index is. */
    static String ring(Replication.BacklogView b) {
        char[] cells = new char[CELLS];
        boolean wrapped = b.histlen() >= b.size();
        for (int i = 0; i < CELLS; i++) {
            long cellStart = (long) i * b.size() / CELLS;
            cells[i] = wrapped || cellStart < b.writeIndex() ? '#' : '.';
        }
        int w = (int) Math.min(CELLS - 1, (long) b.writeIndex() * CELLS / Math.max(1, b.size()));
        cells[w] = 'W';
        return new String(cells);
    }
}
