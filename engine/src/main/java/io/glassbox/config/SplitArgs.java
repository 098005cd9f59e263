package io.glassbox.config;

import java.util.ArrayList;
import java.util.List;

/**
 * How Redis cuts a config line into words and how it quotes a value back: {@code sdssplitargs()},
 * {@code sdscatrepr()} and {@code sdssplitlen()} of {@code src/sds.c}.
 *
 * <p>The same rules serve redis.conf, the command line (each {@code --name value} becomes a config
 * line) and redis-cli. A word is either bare (ends at a space), in double quotes (with C escapes
 * {@code \n \r \t \b \a}, {@code \\}, {@code \"} and {@code \xHH} for any byte) or in single quotes
 * (only {@code \'} is an escape). A closing quote must be followed by a space or the end of the line,
 * so {@code "foo"bar} is an error, not two words.
 *
 * <p>Strings here are byte strings, one {@code char} (0..255) per byte.
 */
final class SplitArgs {
    private SplitArgs() {
    }

    /** C's {@code isspace()} in the "C" locale. */
    static boolean isspace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
    }

    private static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /**
     * {@code sdssplitargs()}: the words of {@code line}, or null when quotes are unbalanced (or a
     * closing quote is glued to the next word). Work is linear in the line length.
     */
    static List<String> splitArgs(String line) {
        List<String> argv = new ArrayList<>();
        int p = 0, n = line.length();
        while (true) {
            while (p < n && isspace(line.charAt(p))) p++;
            if (p >= n) return argv;
            boolean inq = false, insq = false, done = false;
            StringBuilder current = new StringBuilder();
            while (!done) {
                char c = p < n ? line.charAt(p) : 0;
                boolean end = p >= n;
                if (inq) {
                    if (end) return null; /* unterminated quotes */
                    if (c == '\\' && p + 3 < n && line.charAt(p + 1) == 'x'
                            && isHexDigit(line.charAt(p + 2)) && isHexDigit(line.charAt(p + 3))) {
                        current.append((char) Integer.parseInt(line.substring(p + 2, p + 4), 16));
                        p += 3;
                    } else if (c == '\\' && p + 1 < n) {
                        p++;
                        char e = line.charAt(p);
                        switch (e) {
                            case 'n': current.append('\n'); break;
                            case 'r': current.append('\r'); break;
                            case 't': current.append('\t'); break;
                            case 'b': current.append('\b'); break;
                            case 'a': current.append((char) 7); break;
                            default: current.append(e); break;
                        }
                    } else if (c == '"') {
                        /* closing quote must be followed by a space or nothing at all */
                        if (p + 1 < n && !isspace(line.charAt(p + 1))) return null;
                        done = true;
                    } else {
                        current.append(c);
                    }
                } else if (insq) {
                    if (end) return null;
                    if (c == '\\' && p + 1 < n && line.charAt(p + 1) == '\'') {
                        p++;
                        current.append('\'');
                    } else if (c == '\'') {
                        if (p + 1 < n && !isspace(line.charAt(p + 1))) return null;
                        done = true;
                    } else {
                        current.append(c);
                    }
                } else {
                    if (end || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                        done = true;
                    } else if (c == '"') {
                        inq = true;
                    } else if (c == '\'') {
                        insq = true;
                    } else {
                        current.append(c);
                    }
                }
                if (p < n) p++;
            }
            argv.add(current.toString());
        }
    }

    /**
     * {@code sdscatrepr()}: {@code s} in double quotes with every non-printable byte escaped, the form
     * CONFIG REWRITE and the command-line parser use so that any value survives a round trip through
     * {@link #splitArgs}.
     */
    static String repr(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\': sb.append("\\\\"); break;
                case '"': sb.append("\\\""); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                case 7: sb.append("\\a"); break;
                case '\b': sb.append("\\b"); break;
                default:
                    if (c >= 0x20 && c < 0x7f) sb.append(c);
                    else sb.append(String.format("\\x%02x", (int) c & 0xff));
            }
        }
        return sb.append('"').toString();
    }

    /**
     * {@code sdssplitlen(value, " ")}, how CONFIG SET cuts the value of a multi-word setting: every
     * single space separates, so two spaces make an empty word, and "" gives no words at all.
     */
    static String[] splitOnSpace(String value) {
        if (value.isEmpty()) return new String[0];
        return value.split(" ", -1);
    }
}
