package io.glassbox.course;

/**
 * One step of a lesson: an action that runs commands (or a fault) on the real engine through its
 * {@link LessonRun}, names the view to bring forward and writes captions from what actually
 * happened; and a check of the state the step leaves, read back from the engine.
 *
 * <p>The check is the step's caption turned into assertions: it compares the facts the action
 * recorded ({@link LessonRun#fact}) with the engine as it is now. The tests run it after every
 * step; the player runs it before the next step, so a learner who typed their own commands in
 * between is told the engine is no longer where the step left it.
 */
public record Step(Action action, Check check) {
    /** Runs the step; everything it shows goes through {@code run}. */
    @FunctionalInterface
    public interface Action {
        void run(LessonRun run) throws Exception;
    }

    /** Reads the engine and reports where it differs from what the step recorded. */
    @FunctionalInterface
    public interface Check {
        void check(Verifier v) throws Exception;
    }

    public static Step of(Action action, Check check) { return new Step(action, check); }
}
