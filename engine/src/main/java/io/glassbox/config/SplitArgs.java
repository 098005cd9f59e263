package io.glassbox.config;

import java.nio.charset.StandardCharsets;
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

    /**
     * {@code sdssplitargs()}: the words of {@code line}, or null when quotes are unbalanced (or a
     * closing quote is glued to the next word). The rules live in {@link io.glassbox.resp.SplitArgs},
     * shared with inline requests; this adapts them to byte strings held as ISO-8859-1 text.
     */
    static List<String> splitArgs(String line) {
        List<byte[]> words = io.glassbox.resp.SplitArgs.split(line.getBytes(StandardCharsets.ISO_8859_1));
        if (words == null) return null;
        List<String> argv = new ArrayList<>(words.size());
        for (byte[] w : words) argv.add(new String(w, StandardCharsets.ISO_8859_1));
        return argv;
    }

    /** {@code sdscatrepr()} of a byte string held as ISO-8859-1 text (see {@link io.glassbox.resp.SplitArgs#repr}). */
    static String repr(String s) {
        return io.glassbox.resp.SplitArgs.repr(s.getBytes(StandardCharsets.ISO_8859_1));
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
