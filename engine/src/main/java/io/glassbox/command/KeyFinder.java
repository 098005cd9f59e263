package io.glassbox.command;

import java.util.List;

/** Finds the key arguments of a command whose key positions depend on its arguments (getkeys_proc). */
@FunctionalInterface
public interface KeyFinder {
    /** Indexes into argv of the keys; argv[0] is the command name. */
    int[] keys(List<byte[]> argv);
}
