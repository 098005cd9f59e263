package io.glassbox.course;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every string a lesson or the player shows, in the learner's language: two resource bundles,
 * {@code io/glassbox/course/messages_en.properties} and {@code messages_zh.properties} (simplified
 * Chinese), both UTF-8 (read so since Java 9), with no base bundle between them, so a key missing
 * in one is missing, not silently taken from the other by the bundles' parent chain. The language is chosen from the system
 * locale and can be switched at any time ({@link #setLang}): what the player hands out are keys with
 * arguments ({@link Text}), rendered when shown, so a switch re-renders the step on screen.
 *
 * <p>Placeholders are {@code {0}}, {@code {1}}...: replaced as they are, with no
 * {@link java.text.MessageFormat} rules (an apostrophe in an English caption stays an apostrophe).
 * A key missing in the chosen language falls back to the other language (a test keeps that from
 * happening); a key missing in both shows as {@code ‹key›}, never an exception.
 *
 * <p>One per front end (not static): two REPLs in one JVM may speak different languages.
 */
public final class Messages {
    static final String BUNDLE = "io.glassbox.course.messages";
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final Map<Lang, ResourceBundle> bundles = new EnumMap<>(Lang.class);
    private volatile Lang lang;

    public Messages(Lang lang) {
        this.lang = lang;
        for (Lang l : Lang.values()) bundles.put(l, bundle(l));
    }

    /** In the system locale's language. */
    public static Messages forSystemLocale() { return new Messages(Lang.of(Locale.getDefault())); }

    public Lang lang() { return lang; }

    public void setLang(Lang l) { this.lang = l; }

    /** The text of {@code key} in the current language, placeholders filled. */
    public String get(String key, Object... args) { return get(lang, key, args); }

    /** The text of {@code key} in {@code l}. */
    public String get(Lang l, String key, Object... args) {
        String pattern = raw(l, key);
        if (pattern == null) {
            for (Lang other : Lang.values()) if (pattern == null) pattern = raw(other, key);
        }
        if (pattern == null) return "\u2039" + key + "\u203a";
        return format(l, pattern, args);
    }

    /** True if {@code key} exists in language {@code l}'s bundle itself. */
    public boolean has(Lang l, String key) { return raw(l, key) != null; }

    /** Every key of language {@code l}'s bundle. */
    public Set<String> keys(Lang l) {
        return Collections.unmodifiableSet(new TreeSet<>(bundles.get(l).keySet()));
    }

    private String raw(Lang l, String key) {
        try {
            return bundles.get(l).getString(key);
        } catch (MissingResourceException e) {
            return null;
        }
    }

    private String format(Lang l, String pattern, Object[] args) {
        if (args == null || args.length == 0 || pattern.indexOf('{') < 0) return pattern;
        StringBuilder sb = new StringBuilder(pattern.length() + 16);
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            int close = c == '{' ? pattern.indexOf('}', i) : -1;
            if (close > i + 1 && close <= i + 3) {
                String n = pattern.substring(i + 1, close);
                if (n.chars().allMatch(Character::isDigit)) {
                    int k = Integer.parseInt(n);
                    if (k < args.length) {
                        sb.append(render(l, args[k]));
                        i = close;
                        continue;
                    }
                }
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** An argument as text: a nested {@link Text} in the same language, a list joined with the language's separator. */
    private String render(Lang l, Object arg) {
        if (arg instanceof Text t) return get(l, t.key(), t.args().toArray());
        if (arg instanceof List<?> list) {
            StringBuilder sb = new StringBuilder();
            String sep = get(l, "list.sep");
            for (Object o : list) {
                if (sb.length() > 0) sb.append(sep);
                sb.append(render(l, o));
            }
            return sb.length() == 0 ? get(l, "list.none") : sb.toString();
        }
        if (arg instanceof Double d) return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : d.toString();
        return String.valueOf(arg);
    }

    private static ResourceBundle bundle(Lang l) {
        return ResourceBundle.getBundle(BUNDLE, l.locale(), Messages.class.getClassLoader(), NO_FALLBACK);
    }
}
