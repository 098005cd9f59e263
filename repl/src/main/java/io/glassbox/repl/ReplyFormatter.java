package io.glassbox.repl;

import io.glassbox.resp.RespValue;
import io.glassbox.resp.SplitArgs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Prints a reply the way redis-cli 7.0 does: {@code cliFormatReplyTTY} when a person is watching
 * (type prefixes, quoted strings escaped by {@code sdscatrepr}, numbered nested aggregates) and
 * {@code cliFormatReplyRaw} when the output goes to a pipe (bytes as they are, one element a line).
 *
 * <p>The TTY indentation rule, as redis-cli's: an aggregate of n elements numbers them with
 * {@code digits(n)}-wide right-aligned indexes followed by {@code )}, {@code ~} (set) or {@code #}
 * (map); a nested element's continuation lines are indented by the parent's prefix plus
 * {@code digits(n) + 2} spaces, and its first line follows the parent's index on the same line.
 * Map entries print as {@code key => value}.
 *
 * <p>Two reply types redis-cli 7.0 cannot print (it stops with "Unknown reply type"): big numbers,
 * shown here as {@code (big number) N} like redis-cli 7.2, and attributes, which are skipped.
 */
public final class ReplyFormatter {
    private ReplyFormatter() {}

    /** Terminal form, with the trailing newline redis-cli prints. */
    public static String tty(RespValue r) {
        StringBuilder out = new StringBuilder();
        formatTty(r, "", out);
        return out.toString();
    }

    /** Pipe form ({@code --raw}), with the trailing newline ({@code cmd_delim}) redis-cli prints. */
    public static byte[] raw(RespValue r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        formatRaw(r, out);
        out.write('\n');
        return out.toByteArray();
    }

    private static void formatTty(RespValue r, String prefix, StringBuilder out) {
        if (r instanceof RespValue.Error e) {
            out.append("(error) ").append(e.message()).append('\n');
        } else if (r instanceof RespValue.SimpleString s) {
            out.append(s.value()).append('\n');
        } else if (r instanceof RespValue.Int i) {
            out.append("(integer) ").append(i.value()).append('\n');
        } else if (r instanceof RespValue.Double d) {
            out.append("(double) ").append(d.text()).append('\n');
        } else if (r instanceof RespValue.BigNumber b) {
            out.append("(big number) ").append(b.digits()).append('\n');
        } else if (r instanceof RespValue.Bulk b) {
            out.append(SplitArgs.repr(b.value())).append('\n');
        } else if (r instanceof RespValue.Verbatim v) {
            // A verbatim string is meant to be shown as it is: no quotes, no escapes.
            out.append(new String(v.value(), StandardCharsets.UTF_8)).append('\n');
        } else if (r instanceof RespValue.Null) {
            out.append("(nil)\n");
        } else if (r instanceof RespValue.Bool b) {
            out.append(b.value() ? "(true)\n" : "(false)\n");
        } else if (r instanceof RespValue.Array a) {
            formatAggregate(a.items(), a.kind(), prefix, out);
        } else if (r instanceof RespValue.Map m) {
            if (m.kind() == '|') return; // attributes carry out-of-band data; redis-cli shows none
            formatAggregate(m.entries(), '%', prefix, out);
        }
    }

    /** {@code cliFormatReplyTTY}'s aggregate branch: kind is '*', '~', '>' or '%'. */
    private static void formatAggregate(List<RespValue> items, char kind, String prefix, StringBuilder out) {
        boolean map = kind == '%';
        if (items.isEmpty()) {
            out.append(switch (kind) {
                case '%' -> "(empty hash)\n";
                case '~' -> "(empty set)\n";
                case '>' -> "(empty push)\n";
                default -> "(empty array)\n";
            });
            return;
        }
        int count = map ? items.size() / 2 : items.size();
        int idxlen = Integer.toString(count).length();
        String childPrefix = prefix + " ".repeat(idxlen + 2);
        char numsep = kind == '~' ? '~' : map ? '#' : ')';
        for (int i = 0; i < items.size(); i++) {
            int humanIdx = (map ? i / 2 : i) + 1;
            // The first element's index follows whatever the parent already printed on this line.
            if (i > 0) out.append(prefix);
            String idx = Integer.toString(humanIdx);
            out.append(" ".repeat(idxlen - idx.length())).append(idx).append(numsep).append(' ');
            formatTty(items.get(i), childPrefix, out);
            if (map) {
                i++;
                out.setLength(out.length() - 1); // the key's newline: the value follows on its line
                out.append(" => ");
                StringBuilder value = new StringBuilder();
                formatTty(items.get(i), childPrefix, value);
                // What redis-cli 7.0 prints: a value spanning several lines starts on its own
                // line, aligned with its continuation lines (checked against redis-cli's output).
                if (value.indexOf("\n") < value.length() - 1) out.append('\n').append(childPrefix);
                out.append(value);
            }
        }
    }

    private static void formatRaw(RespValue r, ByteArrayOutputStream out) {
        if (r instanceof RespValue.Error e) {
            out.writeBytes(e.message().getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        } else if (r instanceof RespValue.SimpleString s) {
            out.writeBytes(s.value().getBytes(StandardCharsets.UTF_8));
        } else if (r instanceof RespValue.Bulk b) {
            out.writeBytes(b.value());
        } else if (r instanceof RespValue.Verbatim v) {
            out.writeBytes(v.value());
        } else if (r instanceof RespValue.Bool b) {
            out.writeBytes((b.value() ? "(true)" : "(false)").getBytes(StandardCharsets.US_ASCII));
        } else if (r instanceof RespValue.Int i) {
            out.writeBytes(Long.toString(i.value()).getBytes(StandardCharsets.US_ASCII));
        } else if (r instanceof RespValue.Double d) {
            out.writeBytes(d.text().getBytes(StandardCharsets.US_ASCII));
        } else if (r instanceof RespValue.BigNumber b) {
            out.writeBytes(b.digits().getBytes(StandardCharsets.US_ASCII));
        } else if (r instanceof RespValue.Array a) {
            for (int i = 0; i < a.items().size(); i++) {
                if (i > 0) out.write('\n');
                formatRaw(a.items().get(i), out);
            }
        } else if (r instanceof RespValue.Map m && m.kind() != '|') {
            List<RespValue> e = m.entries();
            for (int i = 0; i + 1 < e.size(); i += 2) {
                if (i > 0) out.write('\n');
                formatRaw(e.get(i), out);
                out.write(' ');
                formatRaw(e.get(i + 1), out);
            }
        }
        // Null: nothing, as redis-cli.
    }
}
