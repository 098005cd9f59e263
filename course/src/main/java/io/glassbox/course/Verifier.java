package io.glassbox.course;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link Step.Check} uses: the run (to read the engine), the facts the step recorded, and
 * {@link #expect} to note a difference. Differences are texts in both languages, shown to a learner
 * whose own commands moved the engine away from the lesson, and failed on by the tests.
 */
public final class Verifier {
    private final LessonRun run;
    private final List<Text> problems = new ArrayList<>();

    Verifier(LessonRun run) { this.run = run; }

    public LessonRun run() { return run; }

    /** The fact the step recorded under {@code name}. */
    public Object fact(String name) { return run.facts().get(name); }

    public long longFact(String name) { return ((Number) fact(name)).longValue(); }

    /** Notes a problem unless {@code expected} equals {@code actual} (numbers compared by value). */
    public void expect(String what, Object expected, Object actual) {
        boolean same = expected instanceof Number a && actual instanceof Number b
                ? a.doubleValue() == b.doubleValue() : Objects.equals(expected, actual);
        if (!same) problems.add(Text.of("check.differs", what, String.valueOf(expected), String.valueOf(actual)));
    }

    /** Notes {@code what} as a problem unless {@code ok}. */
    public void expectTrue(String what, boolean ok) {
        if (!ok) problems.add(Text.of("check.failed", what));
    }

    public List<Text> problems() { return List.copyOf(problems); }
}
