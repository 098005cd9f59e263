package io.glassbox.course;

import java.util.Locale;

/** The two languages of the course: English, and simplified Chinese (the course's own). */
public enum Lang {
    EN(Locale.ENGLISH), ZH(Locale.SIMPLIFIED_CHINESE);

    private final Locale locale;

    Lang(Locale locale) { this.locale = locale; }

    public Locale locale() { return locale; }

    /** Chinese for a {@code zh} locale (any region), English otherwise. */
    public static Lang of(Locale l) {
        return l != null && l.getLanguage().equals("zh") ? ZH : EN;
    }

    /** {@code zh} or {@code en} (any case, also {@code zh-CN}, {@code en_US}); null for anything else. */
    public static Lang parse(String s) {
        if (s == null) return null;
        String t = s.strip().toLowerCase(Locale.ROOT);
        if (t.equals("zh") || t.startsWith("zh-") || t.startsWith("zh_") || t.equals("cn") || t.equals("中文")) return ZH;
        if (t.equals("en") || t.startsWith("en-") || t.startsWith("en_") || t.equals("english")) return EN;
        return null;
    }
}
