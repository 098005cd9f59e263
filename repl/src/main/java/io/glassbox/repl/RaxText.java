package io.glassbox.repl;

import io.glassbox.ds.rax.Rax;
import io.glassbox.ds.stream.StreamSnapshot;

import java.util.List;

/**
 * Draws a stream's radix tree as text for {@code :rax key}: one line per rax node, indented by
 * depth. A plain node shows its edge characters in brackets, one per child; a compressed node
 * shows its run in quotes; bytes are written in hex, since stream keys are binary IDs. A key node
 * (marked {@code =>}) is where a listpack hangs: its master ID, size and entry counts. Only the
 * first {@link #MAX_LINES} nodes are drawn.
 */
final class RaxText {
    static final int MAX_LINES = 80;

    private RaxText() {}

    static String render(String key, StreamSnapshot s) {
        StringBuilder out = new StringBuilder();
        List<Rax.NodeView> nodes = s.rax();
        out.append("stream ").append(key).append(": ").append(s.length()).append(" entries in ")
                .append(s.nodes().size()).append(" listpack nodes, rax of ").append(nodes.size())
                .append(" nodes, last id ").append(s.lastId()).append(", ").append(s.groups()).append(" groups\n");
        int keyIndex = 0, lines = 0;
        for (Rax.NodeView n : nodes) {
            if (lines++ == MAX_LINES) {
                out.append("... (").append(nodes.size() - MAX_LINES).append(" more nodes)\n");
                break;
            }
            out.append("  ".repeat(n.depth()));
            if (n.chars().length == 0) out.append("[]");
            else if (n.compressed()) out.append('"').append(hex(n.chars(), "")).append('"');
            else out.append('[').append(hex(n.chars(), " ")).append(']');
            if (n.isKey()) {
                StreamSnapshot.NodeInfo lp = keyIndex < s.nodes().size() ? s.nodes().get(keyIndex) : null;
                keyIndex++;
                if (lp != null) {
                    out.append("  => listpack ").append(lp.masterId()).append(": ").append(lp.bytes()).append(" bytes, ")
                            .append(lp.live()).append(" live, ").append(lp.deleted()).append(" deleted, ")
                            .append(lp.masterFields()).append(" master fields");
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String hex(byte[] b, String sep) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < b.length; i++) {
            if (i > 0) sb.append(sep);
            sb.append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append(Character.forDigit(b[i] & 0xf, 16));
        }
        return sb.toString();
    }
}
