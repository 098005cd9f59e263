package io.glassbox.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A table of answers recorded from a real redis-server, kept as a test resource rather than a Java
 * array, so the data reads (and diffs) as data and its provenance sits in its header.
 *
 * <p>Format: UTF-8 text, one row a line, fields separated by a TAB. Lines starting with {@code #}
 * are comments (say there how the rows were recorded). In a field, {@code \\}, {@code \t},
 * {@code \n} and {@code \r} stand for a backslash, tab, newline and carriage return,
 * {@code \xHH} for any other control character (a NUL is {@code \x00}), and a field that is
 * exactly {@code \N} is null (a key that was absent). Every row has the same number of
 * fields, and a table with no row is an error: a test cannot pass having compared nothing.
 */
public final class OracleTable {
    private OracleTable() {
    }

    /** The rows of the resource at {@code path} (absolute on the test classpath, e.g. {@code /oracle/glob-keys.tsv}). */
    public static String[][] rows(String path) {
        String text;
        try (InputStream in = OracleTable.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("no oracle table " + path + " on the test classpath");
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String[]> rows = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] fields = line.split("\t", -1);
            for (int i = 0; i < fields.length; i++) fields[i] = unescape(fields[i]);
            if (!rows.isEmpty() && fields.length != rows.get(0).length) {
                throw new IllegalStateException(path + ":" + (n + 1) + ": " + fields.length + " fields, expected " + rows.get(0).length);
            }
            rows.add(fields);
        }
        if (rows.isEmpty()) throw new IllegalStateException(path + " has no rows");
        return rows.toArray(String[][]::new);
    }

    /** The first field of every row: a one-column table. */
    public static String[] column(String path) {
        String[][] rows = rows(path);
        String[] out = new String[rows.length];
        for (int i = 0; i < rows.length; i++) out[i] = rows[i][0];
        return out;
    }

    private static String unescape(String field) {
        if (field.equals("\\N")) return null;
        if (field.indexOf('\\') < 0) return field;
        StringBuilder sb = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c != '\\' || i + 1 == field.length()) { sb.append(c); continue; }
            char e = field.charAt(++i);
            switch (e) {
                case 't' -> sb.append('\t');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case '\\' -> sb.append('\\');
                case 'x' -> {
                    sb.append((char) Integer.parseInt(field.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> throw new IllegalArgumentException("unknown escape \\" + e + " in " + field);
            }
        }
        return sb.toString();
    }
}
