package io.glassbox.command.generic;

import io.glassbox.command.CommandTable;

/** Placeholder until the family lands (being written on its own branch). */
public final class KeyCommands {
    private KeyCommands() {}

    public static void register(CommandTable t) {}
}
