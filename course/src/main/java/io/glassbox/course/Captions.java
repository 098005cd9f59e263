package io.glassbox.course;

/**
 * A step's words as plain text in the learner's language: the heading (lesson, chapter title,
 * step n of N), the captions, then where the mechanism lives in Redis's C and in Glassbox's Java.
 * Front ends add the commands with their replies and the view, each in their own way.
 */
public final class Captions {
    private Captions() {}

    /** The heading line of a step. */
    public static String heading(Shown s, Messages m) {
        return m.get("player.step", s.lesson().id(), m.get(s.lesson().titleKey()), s.step(), s.total());
    }

    /** Captions (and a drift's problems), one paragraph each, then the citations. */
    public static String render(Shown s, Messages m) {
        StringBuilder sb = new StringBuilder();
        for (Text t : s.captions()) sb.append(t.render(m)).append('\n');
        for (Text t : s.problems()) sb.append("  - ").append(t.render(m)).append('\n');
        for (Cite c : s.cites()) {
            sb.append(m.get("player.redis", c.cFile(), c.cFunction())).append("  \u00b7  ")
              .append(m.get("player.java", c.javaMethod())).append('\n');
        }
        return sb.toString();
    }
}
