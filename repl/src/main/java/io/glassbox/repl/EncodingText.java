package io.glassbox.repl;

import io.glassbox.ds.dict.DictSnapshot;
import io.glassbox.hooks.ValueSnapshot;
import io.glassbox.hooks.ValueSnapshot.HashtableView;
import io.glassbox.hooks.ValueSnapshot.IntsetView;
import io.glassbox.hooks.ValueSnapshot.ListpackView;
import io.glassbox.hooks.ValueSnapshot.QuicklistView;
import io.glassbox.hooks.ValueSnapshot.SkipListView;
import io.glassbox.hooks.ValueSnapshot.StringView;
import io.glassbox.resp.SplitArgs;

/**
 * Draws a {@link ValueSnapshot} for {@code :encoding KEY}: the structure OBJECT ENCODING names,
 * with its bytes. A listpack is shown entry by entry: offset, the bytes in hex, what the encoding
 * byte says (lpEncodeString / lpEncodeIntegerGetType's cases), the value, and the backlen that lets
 * lpPrev walk backwards. An intset is its 8-byte header and its fixed-width little-endian values.
 */
final class EncodingText {
    static final int MAX_ENTRIES = 32;
    static final int MAX_NODES = 16;

    private EncodingText() {}

    static String render(String key, ValueSnapshot v) {
        StringBuilder out = new StringBuilder();
        if (v instanceof StringView s) {
            out.append("string ").append(key).append(": ").append(s.encoding());
            if (s.encoding().equals("int")) out.append(" (the number is stored in the object itself, no buffer)");
            else if (s.encoding().equals("embstr")) out.append(" (<= 44 bytes: one allocation with the object header)");
            else out.append(" (a separate buffer)");
            out.append(", ").append(s.value().length).append(" bytes: ").append(SplitArgs.repr(s.value())).append('\n');
        } else if (v instanceof ListpackView lp) {
            listpack(out, key, lp, "");
        } else if (v instanceof IntsetView is) {
            intset(out, key, is);
        } else if (v instanceof QuicklistView q) {
            quicklist(out, key, q);
        } else if (v instanceof HashtableView h) {
            out.append(h.type()).append(' ').append(key).append(": hashtable, ").append(h.size()).append(" entries\n");
            dict(out, h.dict(), "  ");
        } else if (v instanceof SkipListView z) {
            out.append("zset ").append(key).append(": skiplist + dict, ").append(z.skiplist().length())
               .append(" members, skiplist level ").append(z.skiplist().level())
               .append(" (draw it: :skiplist ").append(key).append(")\n");
            out.append("  the dict maps member -> score (ZSCORE in O(1)); the skiplist orders by score (ranges, ranks)\n");
            dict(out, z.dict(), "  dict: ");
        } else {
            out.append(v.type()).append(' ').append(key).append(": ").append(v.encoding()).append(" (not drawn)\n");
        }
        return out.toString();
    }

    private static void dict(StringBuilder out, DictSnapshot<?> d, String indent) {
        out.append(indent).append("table 0: ").append(d.ht0().size()).append(" buckets, ").append(d.ht0().used()).append(" used");
        if (d.isRehashing()) {
            out.append("; table 1: ").append(d.ht1().size()).append(" buckets, ").append(d.ht1().used())
               .append(" used; rehashidx=").append(d.rehashIdx());
        } else {
            out.append("; not rehashing");
        }
        out.append('\n');
    }

    private static void listpack(StringBuilder out, String key, ListpackView lp, String indent) {
        if (!key.isEmpty()) {
            out.append(lp.type()).append(' ').append(key).append(": listpack, ").append(lp.totalBytes()).append(" bytes, ")
               .append(lp.entries().size()).append(" entries");
            if (lp.type().equals("hash")) out.append(" (field, value, field, value...)");
            if (lp.type().equals("zset")) out.append(" (member, score, member, score... in score order)");
            out.append('\n');
        }
        out.append(indent).append("  header: total-bytes ").append(lp.totalBytes()).append(" (4 bytes), num-elements ")
           .append(lp.entries().size()).append(" (2 bytes)\n");
        int shown = 0;
        for (ListpackView.Entry e : lp.entries()) {
            if (shown++ == MAX_ENTRIES) {
                out.append(indent).append("  ... ").append(lp.entries().size() - MAX_ENTRIES).append(" more entries\n");
                break;
            }
            out.append(indent).append(String.format("  @%-4d %-24s %s = %s, backlen %d%n", e.offset(), hex(e.bytes(), 8),
                    describe(e.encodingByte()), e.isInt() ? e.value() : SplitArgs.repr(e.value().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    e.backlen()));
        }
        out.append(indent).append(String.format("  @%-4d ff                       end of listpack%n", lp.totalBytes() - 1));
    }

    /** What a listpack encoding byte announces (listpack.c's LP_ENCODING_* masks). */
    static String describe(int b) {
        if ((b & 0x80) == 0) return "7-bit uint";
        if ((b & 0xC0) == 0x80) return "6-bit str (len " + (b & 0x3F) + ")";
        if ((b & 0xE0) == 0xC0) return "13-bit int";
        if ((b & 0xF0) == 0xE0) return "12-bit str";
        return switch (b) {
            case 0xF0 -> "32-bit str";
            case 0xF1 -> "16-bit int";
            case 0xF2 -> "24-bit int";
            case 0xF3 -> "32-bit int";
            case 0xF4 -> "64-bit int";
            case 0xFF -> "EOF";
            default -> "encoding 0x" + Integer.toHexString(b);
        };
    }

    private static void intset(StringBuilder out, String key, IntsetView is) {
        out.append("set ").append(key).append(": intset, ").append(is.values().length).append(" integers of ")
           .append(is.width()).append(" bytes each (INTSET_ENC_INT").append(is.width() * 8).append("), ")
           .append(is.bytes().length).append(" bytes, sorted: binary search\n");
        byte[] b = is.bytes();
        out.append("  header: encoding ").append(hex(b, 0, 4)).append(", length ").append(hex(b, 4, 4)).append('\n');
        for (int i = 0; i < is.values().length && i < MAX_ENTRIES; i++) {
            out.append(String.format("  [%d] %-24s %d%n", i, hex(b, 8 + i * is.width(), is.width()), is.values()[i]));
        }
        if (is.values().length > MAX_ENTRIES) out.append("  ... ").append(is.values().length - MAX_ENTRIES).append(" more\n");
        out.append("  a value that does not fit ").append(is.width())
           .append(" bytes upgrades them all (intsetUpgradeAndAdd); a non-integer or more than set-max-intset-entries makes it a hashtable\n");
    }

    private static void quicklist(StringBuilder out, String key, QuicklistView q) {
        out.append("list ").append(key).append(": quicklist, ").append(q.count()).append(" entries in ").append(q.nodes().size())
           .append(" node").append(q.nodes().size() == 1 ? "" : "s").append(" (list-max-listpack-size ").append(q.fill())
           .append(", list-compress-depth ").append(q.compressDepth()).append(")\n");
        int i = 0;
        for (QuicklistView.Node n : q.nodes()) {
            if (i == MAX_NODES) {
                out.append("  ... ").append(q.nodes().size() - MAX_NODES).append(" more nodes\n");
                break;
            }
            out.append("  node ").append(i++).append(": ").append(n.count()).append(" entries, ");
            if (n.plain()) out.append("plain (one large element), ").append(n.bytes()).append(" bytes\n");
            else if (n.compressed()) out.append(n.bytes()).append(" bytes as listpack, LZF-compressed to ").append(n.compressedBytes()).append('\n');
            else out.append("listpack of ").append(n.bytes()).append(" bytes\n");
            if (q.nodes().size() <= 2 && n.listpack() != null) listpack(out, "", n.listpack(), "    ");
        }
    }

    private static String hex(byte[] b, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < b.length && i < max; i++) sb.append(i == 0 ? "" : " ").append(String.format("%02x", b[i] & 0xff));
        if (b.length > max) sb.append(" ..");
        return sb.toString();
    }

    private static String hex(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len && off + i < b.length; i++) sb.append(i == 0 ? "" : " ").append(String.format("%02x", b[off + i] & 0xff));
        return sb.toString();
    }
}
