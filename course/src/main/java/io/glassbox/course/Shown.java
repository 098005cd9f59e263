package io.glassbox.course;

import java.util.List;

/**
 * What the player hands a front end to show: a step that ran (its commands and replies, the view,
 * captions and citations), or a message (the lesson ended, the engine drifted from the step, a step
 * failed). Texts are keys with arguments: render them with the learner's {@link Messages}, again
 * after a language switch.
 *
 * @param step     1-based number of the step shown (0 before the first)
 * @param total    the lesson's number of steps
 * @param problems for {@link Kind#DRIFT}: where the engine differs from the step's state
 */
public record Shown(Kind kind, Lesson lesson, int step, int total, List<Exchange> exchanges, View view, List<Text> captions,
                    List<Cite> cites, List<Text> problems) {
    public enum Kind {
        /** A step ran. */
        STEP,
        /** The last step was already shown: nothing ran. */
        END,
        /** The engine is no longer in the state the current step left it (the learner's own commands?): nothing ran. */
        DRIFT,
        /** The step could not run (e.g. a mechanism missing on this engine); the message says why. */
        ERROR,
        /** Nothing to go back to: the first step is shown. */
        START
    }

    static Shown message(Kind kind, Lesson lesson, int step, List<Text> texts) {
        return new Shown(kind, lesson, step, lesson.steps().size(), List.of(), View.none(), texts, List.of(), List.of());
    }
}
