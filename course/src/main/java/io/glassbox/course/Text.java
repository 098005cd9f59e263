package io.glassbox.course;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A message key with its arguments, rendered in the learner's language when shown
 * ({@link Messages#get}). Arguments are numbers and names read from the engine, nested texts, or
 * lists of either; never a sentence in one language.
 */
public record Text(String key, List<Object> args) {
    public Text {
        args = Collections.unmodifiableList(Arrays.asList(args.toArray()));
    }

    public static Text of(String key, Object... args) { return new Text(key, Arrays.asList(args)); }

    public String render(Messages m) { return m.get(key, args.toArray()); }
}
