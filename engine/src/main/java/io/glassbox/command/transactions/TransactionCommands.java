package io.glassbox.command.transactions;

import io.glassbox.command.CommandTable;

/**
 * The transactions command group: MULTI, EXEC, DISCARD, WATCH, UNWATCH (Redis's {@code multi.c}).
 * The state and the work live in {@link io.glassbox.server.Multi}, because EXEC runs commands through
 * the server's {@code call}; this class only binds the names.
 */
public final class TransactionCommands {
    private TransactionCommands() {}

    public static void register(CommandTable t) {
        t.bind("multi", c -> c.server().multi().multiCommand(c));
        t.bind("exec", c -> c.server().multi().execCommand(c));
        t.bind("discard", c -> c.server().multi().discardCommand(c));
        t.bind("watch", c -> c.server().multi().watchCommand(c));
        t.bind("unwatch", c -> c.server().multi().unwatchCommand(c));
    }
}
