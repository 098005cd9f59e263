package io.glassbox.command.server;

import io.glassbox.command.CommandTable;

/** Placeholder until the family lands (being written on its own branch). */
public final class ServerCommands {
    private ServerCommands() {}

    public static void register(CommandTable t) {}
}
