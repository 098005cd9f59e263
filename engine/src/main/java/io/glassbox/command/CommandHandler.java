package io.glassbox.command;

import io.glassbox.server.Client;

/**
 * A command's implementation: reads {@link Client#argv}, works on the client's database and
 * writes exactly one reply (Redis's {@code void xxxCommand(client *c)}).
 */
@FunctionalInterface
public interface CommandHandler {
    void execute(Client c);
}
