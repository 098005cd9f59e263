package io.glassbox.repl;

import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Colours the line as it is typed and shows the command's syntax after the cursor, as redis-cli's
 * hints do. The command name is bold (red if no such command), keys (by the command's key
 * positions from COMMAND INFO) yellow, option tokens (NX, EX, WITHSCORES...) cyan, quoted strings
 * green, meta-commands magenta. The hint is the syntax from COMMAND DOCS minus the arguments
 * already typed, shown faint through JLine's tail tip.
 */
final class ReplHighlighter implements Highlighter {
    private static final AttributedStyle COMMAND = AttributedStyle.BOLD;
    private static final AttributedStyle UNKNOWN = AttributedStyle.BOLD.foreground(AttributedStyle.RED);
    private static final AttributedStyle KEY = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
    private static final AttributedStyle TOKEN = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
    private static final AttributedStyle QUOTED = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
    private static final AttributedStyle META = AttributedStyle.BOLD.foreground(AttributedStyle.MAGENTA);

    private final java.util.function.Supplier<CommandDocs> docs;

    ReplHighlighter(java.util.function.Supplier<CommandDocs> docs) { this.docs = docs; }

    /** A word of the line: where it starts and ends in the buffer, and whether it was quoted. */
    record Word(int start, int end, boolean quoted) {}

    @Override
    public AttributedString highlight(LineReader reader, String buffer) {
        List<Word> words = words(buffer);
        AttributedStringBuilder sb = new AttributedStringBuilder();
        CommandDocs.Doc doc = null;
        boolean meta = false;
        int at = 0;
        for (int i = 0; i < words.size(); i++) {
            Word w = words.get(i);
            sb.append(buffer.substring(at, w.start));
            String text = buffer.substring(w.start, w.end);
            AttributedStyle style = AttributedStyle.DEFAULT;
            if (i == 0) {
                meta = text.startsWith(":");
                if (meta) {
                    style = META;
                } else {
                    doc = docs.get().get(text);
                    style = doc != null || docs.get().isEmpty() ? COMMAND : UNKNOWN;
                }
            } else if (w.quoted) {
                style = QUOTED;
            } else if (doc != null && doc.isKeyPosition(i)) {
                style = KEY;
            } else if (doc != null && doc.tokens().contains(text.toUpperCase(Locale.ROOT))) {
                style = TOKEN;
            }
            sb.styled(style, text);
            at = w.end;
        }
        sb.append(buffer.substring(at));
        if (reader instanceof LineReaderImpl r) r.setTailTip(hint(doc, buffer, words));
        return sb.toAttributedString();
    }

    /** The syntax still to type: the doc's top-level elements minus the required ones already given. */
    static String hint(CommandDocs.Doc doc, String buffer, List<Word> words) {
        if (doc == null || doc.syntax().isEmpty() || words.isEmpty()) return "";
        int typed = words.size() - 1;
        // the word under the cursor is still being typed
        if (!buffer.isEmpty() && !Character.isWhitespace(buffer.charAt(buffer.length() - 1))) typed--;
        if (typed < 0) typed = 0;
        List<String> elems = topLevel(doc.syntax());
        int drop = 0;
        while (drop < typed && drop < elems.size() && !elems.get(drop).startsWith("[")) drop++;
        return String.join(" ", elems.subList(drop, elems.size()));
    }

    /** Splits a syntax line at spaces outside brackets: "key [NX|XX] [GET]" -> key, [NX|XX], [GET]. */
    static List<String> topLevel(String syntax) {
        List<String> out = new ArrayList<>();
        int depth = 0, start = 0;
        for (int i = 0; i < syntax.length(); i++) {
            char c = syntax.charAt(i);
            if (c == '[') depth++;
            else if (c == ']') depth--;
            else if (c == ' ' && depth == 0) {
                if (i > start) out.add(syntax.substring(start, i));
                start = i + 1;
            }
        }
        if (start < syntax.length()) out.add(syntax.substring(start));
        return out;
    }

    /** The words of a line with redis-cli's quoting (a quoted word may hold spaces). */
    static List<Word> words(String s) {
        List<Word> out = new ArrayList<>();
        int i = 0, n = s.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(s.charAt(i))) i++;
            if (i >= n) break;
            int start = i;
            char c = s.charAt(i);
            if (c == '"' || c == '\'') {
                i++;
                while (i < n && s.charAt(i) != c) {
                    if (c == '"' && s.charAt(i) == '\\') i++;
                    i++;
                }
                i = Math.min(n, i + 1);
                out.add(new Word(start, i, true));
            } else {
                while (i < n && !Character.isWhitespace(s.charAt(i))) i++;
                out.add(new Word(start, i, false));
            }
        }
        return out;
    }
}
