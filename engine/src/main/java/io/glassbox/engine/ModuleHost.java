package io.glassbox.engine;

import io.glassbox.command.CommandTable;
import io.glassbox.command.RedisCommand;
import io.glassbox.db.Keyspace;
import io.glassbox.module.core.Modules;
import io.glassbox.server.Client;
import io.glassbox.server.Propagation;
import io.glassbox.server.Server;

/** What the module subsystem may ask of the server ({@link Modules.Host}), answered by one engine's {@link Server}. */
final class ModuleHost implements Modules.Host {
    private final Server server;

    ModuleHost(Server server) { this.server = server; }

    @Override public CommandTable commands() { return server.commands(); }

    @Override public Keyspace keyspace() { return server.keyspace(); }

    @Override public Client createModuleClient() { return server.createScriptClient(); }

    @Override public void call(Client c, RedisCommand cmd) { server.callFromScript(c, cmd); }

    @Override public Propagation propagation() { return server.propagation(); }

    @Override public void log(String level, String message) { server.log(level, message); }

    @Override public void setKeyspaceSubscriber(io.glassbox.server.Notify.Subscriber s) { server.notifier().setModuleSubscriber(s); }

    /** A delayed hop onto the command thread (module.c's timers ride a time event of the loop). */
    @Override public void runLater(long millis, Runnable task) {
        java.util.concurrent.CompletableFuture.delayedExecutor(millis, java.util.concurrent.TimeUnit.MILLISECONDS,
                r -> server.loopExecutor().execute(r)).execute(task);
    }
}
