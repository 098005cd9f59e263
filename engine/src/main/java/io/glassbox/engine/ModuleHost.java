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

    /**
     * The server's listener, installed first (nothing listens yet when the engine builds the
     * modules; the hooks wrap it later and pass everything on). Only connections for now: the
     * keyspace's flush signal would need a wrapper that forwards every KeyspaceListener method.
     */
    @Override public void listenForServerEvents(Modules.ServerEvents sink) {
        if (server.listener() != io.glassbox.server.ServerListener.NONE) {
            throw new IllegalStateException("the modules' server listener must be the first one (it does not pass events on)");
        }
        server.setListener(new io.glassbox.server.ServerListener() {
            @Override public void clientConnected(Client c) { sink.clientChanged(true, c.id, c.addr()); }
            @Override public void clientClosed(Client c) { sink.clientChanged(false, c.id, c.addr()); }
        });
    }

    /** A delayed hop onto the command thread (module.c's timers ride a time event of the loop). */
    @Override public void runLater(long millis, Runnable task) {
        java.util.concurrent.CompletableFuture.delayedExecutor(millis, java.util.concurrent.TimeUnit.MILLISECONDS,
                r -> server.loopExecutor().execute(r)).execute(task);
    }
}
