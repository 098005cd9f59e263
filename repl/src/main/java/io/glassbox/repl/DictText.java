package io.glassbox.repl;

import io.glassbox.ds.dict.DictSnapshot;
import io.glassbox.resp.SplitArgs;

import java.util.List;

/**
 * Draws a {@link DictSnapshot} of a keyspace dict as text for {@code :dict}: both hash tables, each
 * bucket's index and chain length (with its keys, head of chain first), and where the rehash
 * cursor {@code rehashidx} stands. During an incremental rehash ({@code dictRehash}) the buckets of
 * table 0 below the cursor are empty because their entries already moved to table 1.
 *
 * <p>Small tables are drawn bucket by bucket; larger ones show only non-empty buckets, at most
 * {@link #MAX_LINES} per table, so the view stays readable.
 */
final class DictText {
    static final int ALL_BUCKETS_UP_TO = 64;
    static final int MAX_LINES = 64;
    private static final int MAX_KEYS_PER_LINE = 8;

    private DictText() {}

    static String render(int db, DictSnapshot<byte[]> s) {
        return render("db " + db, "keys", s);
    }

    /** {@code title}: "db 0", or a value's name such as {@code hash "h"}; {@code what}: what the entries are. */
    static String render(String title, String what, DictSnapshot<byte[]> s) {
        StringBuilder out = new StringBuilder();
        out.append(title).append(": ").append(s.size()).append(' ').append(what).append(", ");
        if (s.isRehashing()) {
            out.append("rehashing table 0 -> table 1, rehashidx=").append(s.rehashIdx());
        } else {
            out.append("not rehashing (rehashidx=-1)");
        }
        if (s.pauseRehash() != 0) out.append(", rehash paused (").append(s.pauseRehash()).append(')');
        out.append('\n');
        table(out, 0, s.ht0(), s.rehashIdx());
        if (s.isRehashing() || s.ht1().size() > 0) table(out, 1, s.ht1(), -1);
        return out.toString();
    }

    private static void table(StringBuilder out, int idx, DictSnapshot.Table<byte[]> t, int rehashIdx) {
        out.append("table ").append(idx).append(": size ").append(t.size()).append(", used ").append(t.used()).append('\n');
        if (t.size() == 0) {
            out.append("  (no buckets allocated)\n");
            return;
        }
        boolean all = t.size() <= ALL_BUCKETS_UP_TO;
        int width = Integer.toString(t.size() - 1).length();
        int lines = 0, skipped = 0;
        for (int i = 0; i < t.size(); i++) {
            int len = t.chainLength(i);
            boolean cursor = i == rehashIdx;
            if (!all && len == 0 && !cursor) continue;
            if (lines == MAX_LINES) {
                skipped++;
                continue;
            }
            lines++;
            out.append("  [").append(" ".repeat(width - Integer.toString(i).length())).append(i).append("] ")
               .append(len).append(len == 0 ? "" : "  ");
            if (len > 0 && t.bucketKeys() != null) chain(out, t.bucketKeys().get(i));
            if (cursor) out.append("  <- rehashidx");
            out.append('\n');
        }
        if (skipped > 0) out.append("  ... ").append(skipped).append(" more non-empty buckets\n");
    }

    private static void chain(StringBuilder out, List<byte[]> keys) {
        for (int k = 0; k < keys.size() && k < MAX_KEYS_PER_LINE; k++) {
            if (k > 0) out.append(" -> ");
            out.append(SplitArgs.repr(keys.get(k)));
        }
        if (keys.size() > MAX_KEYS_PER_LINE) out.append(" -> ...");
    }
}
