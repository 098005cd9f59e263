package io.glassbox.course;

import java.util.ArrayList;
import java.util.List;

/**
 * A lesson: the course chapter it serves, the steps it plays on the real engine, and what of the
 * learner's engine it touches, so that the player can give it back as it found it.
 *
 * <p>Its titles are message keys: {@code ch.NN} is the chapter's title (the course's own in Chinese,
 * its gloss in English), {@code ch.NN.summary} one line on what the lesson shows.
 *
 * @param id      the chapter number as the course writes it ("03"); several chapters may share a
 *                lesson ("09-11" is played as {@code :lesson 10})
 * @param chapters the chapters it serves
 * @param configs the settings its steps change (CONFIG SET), read at the start and set back at the end
 * @param steps   in order
 */
public record Lesson(String id, List<Integer> chapters, List<String> configs, List<Step> steps) {
    public Lesson {
        chapters = List.copyOf(chapters);
        configs = List.copyOf(configs);
        steps = List.copyOf(steps);
    }

    /** The message key of the title: the first chapter's. */
    public String titleKey() { return "ch." + id; }

    public String summaryKey() { return "ch." + id + ".summary"; }

    public static Builder builder(String id, int... chapters) { return new Builder(id, chapters); }

    public static final class Builder {
        private final String id;
        private final List<Integer> chapters = new ArrayList<>();
        private final List<String> configs = new ArrayList<>();
        private final List<Step> steps = new ArrayList<>();

        private Builder(String id, int[] chapters) {
            this.id = id;
            for (int c : chapters) this.chapters.add(c);
        }

        /** A setting a step changes: restored when the lesson ends or is reset. */
        public Builder config(String... names) {
            configs.addAll(List.of(names));
            return this;
        }

        public Builder step(Step.Action action, Step.Check check) {
            steps.add(Step.of(action, check));
            return this;
        }

        public Lesson build() { return new Lesson(id, chapters, configs, steps); }
    }
}
