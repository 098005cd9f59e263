package io.glassbox.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * How the server core lives with a script that outlived {@code busy-reply-threshold} (Redis's
 * {@code script.c}: {@code scriptIsTimedout}, and {@code processEventsWhileBlocked} serving other
 * clients meanwhile). The script runs on the script thread and owns the data set until it
 * returns: the propagation of its effects is held open so they still leave as one MULTI/EXEC, and
 * keyspace work posted meanwhile (BGSAVE's walk slices) waits. Whether a script is busy is
 * scripting's to say ({@link ScriptRunner#busy}); this is the core's side of it.
 */
final class BusyScript {
    private final Server server;

    /** Keyspace work posted while a long script ran, run once it returns ({@link #deferWhileScriptBusy}). */
    private final List<Runnable> heldWhileScriptBusy = new ArrayList<>();

    BusyScript(Server server) { this.server = server; }

    /**
     * Wraps an executor of command-thread work that reads the keyspace (BGSAVE's walk slices) so
     * that the work waits while a script that outlived busy-reply-threshold owns the data set.
     */
    Executor deferWhileScriptBusy(Executor executor) {
        return task -> executor.execute(() -> {
            if (server.scriptBusy()) heldWhileScriptBusy.add(task);
            else task.run();
        });
    }

    /**
     * A script is about to outlive busy-reply-threshold (command thread, inside its EVAL/FCALL):
     * its later commands run on the script thread after the EVAL's call() returned, so the
     * propagation of its effects is held open until {@link #scriptNoLongerBusy}.
     */
    void scriptBecomesBusy() { server.processor().holdPropagation(); }

    /**
     * The long script returned (command thread): its effects propagate as one block, and the work
     * {@link #deferWhileScriptBusy} held back runs.
     */
    void scriptNoLongerBusy() {
        server.processor().releasePropagation();
        List<Runnable> held = new ArrayList<>(heldWhileScriptBusy);
        heldWhileScriptBusy.clear();
        for (Runnable r : held) r.run();
    }

    /**
     * True when the running command was called by another (an EVAL inside MULTI/EXEC): such a
     * script must finish before its caller goes on, so it never hands the loop back (no BUSY).
     */
    boolean insideNestedCall() { return server.processor().callDepth() > 1; }

    /**
     * Runs a command a script called, on the script's client (script.c's scriptCall → call()).
     * The one point where every command of a script executes: propagation of a script's effects
     * (wrapped in MULTI/EXEC in 7.0) hooks here.
     */
    void callFromScript(Client scriptClient, io.glassbox.command.RedisCommand cmd) {
        server.processor().call(scriptClient, cmd);
    }
}
