package io.glassbox.resp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis's {@code sdssplitargs}: splits a line into arguments the way redis-cli, redis.conf and
 * inline requests do. Double quotes allow {@code \n \r \t \b \a \\ \"} and {@code \xHH} escapes;
 * single quotes allow only {@code \'}; a closing quote must be followed by a space or the end.
 */
public final class SplitArgs {
    private SplitArgs() {}

    /** Splits {@code line}; returns null on unbalanced quotes (Redis's "unbalanced quotes" error). */
    public static List<byte[]> split(byte[] line, int from, int to) {
        List<byte[]> out = new ArrayList<>();
        int p = from;
        while (true) {
            while (p < to && isSpace(line[p])) p++;
            if (p >= to) return out;
            boolean inDq = false, inSq = false, done = false;
            ByteArrayOutputStream cur = new ByteArrayOutputStream();
            while (!done) {
                if (inDq) {
                    if (p >= to) return null;
                    byte c = line[p];
                    if (c == '\\' && p + 3 < to && line[p + 1] == 'x' && isHex(line[p + 2]) && isHex(line[p + 3])) {
                        cur.write(hex(line[p + 2]) * 16 + hex(line[p + 3]));
                        p += 3;
                    } else if (c == '\\' && p + 1 < to) {
                        p++;
                        byte e = line[p];
                        switch (e) {
                            case 'n': cur.write('\n'); break;
                            case 'r': cur.write('\r'); break;
                            case 't': cur.write('\t'); break;
                            case 'b': cur.write('\b'); break;
                            case 'a': cur.write(7); break;
                            default: cur.write(e); break;
                        }
                    } else if (c == '"') {
                        if (p + 1 < to && !isSpace(line[p + 1])) return null;
                        done = true;
                    } else {
                        cur.write(c);
                    }
                } else if (inSq) {
                    if (p >= to) return null;
                    byte c = line[p];
                    if (c == '\\' && p + 1 < to && line[p + 1] == '\'') {
                        p++;
                        cur.write('\'');
                    } else if (c == '\'') {
                        if (p + 1 < to && !isSpace(line[p + 1])) return null;
                        done = true;
                    } else {
                        cur.write(c);
                    }
                } else {
                    if (p >= to) { done = true; break; }
                    byte c = line[p];
                    switch (c) {
                        case ' ': case '\n': case '\r': case '\t': case 0: done = true; break;
                        case '"': inDq = true; break;
                        case '\'': inSq = true; break;
                        default: cur.write(c); break;
                    }
                }
                if (p < to) p++;
            }
            out.add(cur.toByteArray());
        }
    }

    public static List<byte[]> split(byte[] line) { return split(line, 0, line.length); }

    /**
     * {@code sdscatrepr()}: the bytes in double quotes with every non-printable byte escaped, so
     * that {@link #split} reads them back unchanged (MONITOR lines, CONFIG REWRITE values).
     */
    public static String repr(byte[] a) {
        StringBuilder sb = new StringBuilder(a.length + 2).append('"');
        for (byte b : a) {
            int c = b & 0xff;
            switch (c) {
                case '\\': sb.append("\\\\"); break;
                case '"': sb.append("\\\""); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                case 7: sb.append("\\a"); break;
                case '\b': sb.append("\\b"); break;
                default:
                    if (c >= 32 && c < 127) sb.append((char) c);
                    else sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.append('"').toString();
    }

    private static boolean isSpace(byte c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f'; }
    private static boolean isHex(byte c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
    private static int hex(byte c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; }
}
