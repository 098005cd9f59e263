package io.glassbox.course;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The code panel's text: the Java source of a method a step cites ({@code db.LazyFree.freeObjAsync}),
 * read from the engine's sources this module ships as resources ({@code io/glassbox/course/source/},
 * copied from {@code engine/src/main/java} at build time, so it is the code that runs), from its
 * Javadoc to its closing brace. A nested class is found in its outer class's file
 * ({@code persistence.rdb.RdbPersistence.Host}). Null when the method or the file is not found.
 */
public final class JavaSource {
    /** At most this many lines of a long method: a panel shows the contract and the start. */
    public static final int MAX_LINES = 60;

    private JavaSource() {}

    /** The declaration of {@code javaMethod} ({@code package.Class.method}, {@code io.glassbox} left out), or null. */
    public static String method(String javaMethod) {
        int dot = javaMethod.lastIndexOf('.');
        if (dot < 0) return null;
        String cls = javaMethod.substring(0, dot), name = javaMethod.substring(dot + 1);
        String file = file(cls);
        return file == null ? null : extract(file, name);
    }

    /** The source of the top-level class that holds {@code cls} (trying shorter names for nested classes). */
    private static String file(String cls) {
        String path = cls.replace('.', '/');
        while (true) {
            try (InputStream in = JavaSource.class.getResourceAsStream("source/io/glassbox/" + path + ".java")) {
                if (in != null) return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return null;
            }
            int slash = path.lastIndexOf('/');
            if (slash < 0) return null;
            path = path.substring(0, slash);
        }
    }

    /** The first declaration of {@code name} (a method or constructor with a body) with the comment above it. */
    static String extract(String src, String name) {
        Matcher m = Pattern.compile("(?m)^[ \\t]*(?:@\\w+(?:\\([^)]*\\))?\\s+)*(?:(?:public|private|protected|static|final|synchronized|abstract|default)\\s+)*"
                + "(?:<[^>]+>\\s+)?[\\w.<>\\[\\], ?]*?\\b" + Pattern.quote(name) + "\\s*\\([^;{]*\\)[^;{]*\\{").matcher(src);
        if (!m.find()) return null;
        int start = m.start(), open = src.indexOf('{', m.end() - 1), depth = 0, end = -1;
        for (int i = open; i < src.length(); i++) {
            char c = src.charAt(i);
            if (c == '{') depth++;
            else if (c == '}' && --depth == 0) {
                end = i + 1;
                break;
            }
        }
        if (end < 0) return null;
        int doc = src.lastIndexOf("/**", start);
        if (doc >= 0 && src.substring(src.indexOf("*/", doc) + 2, start).isBlank()) start = doc;
        start = src.lastIndexOf('\n', start - 1) + 1;
        String[] lines = src.substring(start, end).split("\n", -1);
        int indent = Integer.MAX_VALUE;
        for (String l : lines) if (!l.isBlank()) indent = Math.min(indent, l.length() - l.stripLeading().length());
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(lines.length, MAX_LINES); i++) {
            String l = lines[i];
            sb.append(l.length() >= indent ? l.substring(indent) : l.strip()).append('\n');
        }
        if (lines.length > MAX_LINES) sb.append("    \u2026 (").append(lines.length - MAX_LINES).append(" more lines)\n");
        return sb.toString();
    }
}
