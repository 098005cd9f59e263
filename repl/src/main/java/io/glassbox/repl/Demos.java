package io.glassbox.repl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The teaching demos {@code :demo} lists and runs. A demo is a text script on the classpath,
 * {@code demos/NAME.demo} (the samples module ships them), listed in a {@code demos/index.txt}
 * (every jar may bring one; names in file order). Script lines:
 *
 * <ul>
 *   <li>{@code # NAME: summary} on the first line: what {@code :demo} lists; other {@code #} lines are comments;
 *   <li>{@code > text}: a caption, what to look at and why Redis does it so;
 *   <li>{@code !wait}: wait for Enter (skipped when no one is at a terminal); {@code !sleep ms}: a pause;
 *   <li>{@code !await-replicas}: wait (up to 10 s) until every {@code :node} replica is linked and
 *       has acknowledged the master's whole stream;
 *   <li>anything else: a command or meta-command, run as if typed.
 * </ul>
 */
final class Demos {
    record Demo(String name, String summary, List<String> lines) {}

    private final Map<String, Demo> demos;

    private Demos(Map<String, Demo> demos) { this.demos = demos; }

    static Demos load() {
        Map<String, Demo> out = new LinkedHashMap<>();
        ClassLoader cl = Demos.class.getClassLoader();
        try {
            Enumeration<URL> indexes = cl.getResources("demos/index.txt");
            while (indexes.hasMoreElements()) {
                for (String name : read(indexes.nextElement().openStream())) {
                    name = name.strip();
                    if (name.isEmpty() || name.startsWith("#") || out.containsKey(name)) continue;
                    InputStream in = cl.getResourceAsStream("demos/" + name + ".demo");
                    if (in == null) continue;
                    List<String> lines = read(in);
                    String summary = "";
                    if (!lines.isEmpty() && lines.get(0).startsWith("#")) {
                        String first = lines.get(0).substring(1).strip();
                        int colon = first.indexOf(':');
                        summary = colon >= 0 ? first.substring(colon + 1).strip() : first;
                    }
                    out.put(name, new Demo(name, summary, lines));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Demos(out);
    }

    private static List<String> read(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null; ) lines.add(l);
        }
        return lines;
    }

    Demo get(String name) { return demos.get(name); }

    List<String> names() { return List.copyOf(demos.keySet()); }

    String list() {
        if (demos.isEmpty()) return "No demos found (they ship in the samples module's demos/ resources).\n";
        StringBuilder sb = new StringBuilder("Demos (:demo NAME runs one):\n");
        int w = demos.keySet().stream().mapToInt(String::length).max().orElse(0);
        for (Demo d : demos.values()) {
            sb.append("  ").append(d.name()).append(" ".repeat(w - d.name().length() + 2)).append(d.summary()).append('\n');
        }
        return sb.toString();
    }
}
