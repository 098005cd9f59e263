package io.glassbox.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The way out (server.c's shutdown sequence in Redis 7.0), shared by SHUTDOWN and by SIGTERM and
 * SIGINT.
 *
 * <ul>
 *   <li>A signal only schedules it ({@code sigShutdownHandler}: {@link #signalReceived} sets
 *       shutdown_asap); serverCron starts it on the command thread with the flags of
 *       {@code shutdown-on-sigterm}/{@code -sigint} ({@link #cron}). A second SIGINT exits at once.</li>
 *   <li>{@code prepareForShutdown}: unless NOW is given or shutdown-timeout is 0, a master whose
 *       replicas have not acknowledged the whole stream asks them for acks, holds writes back
 *       (pauseClients for the shutdown) and waits: the shutdown is "initiated"
 *       ({@code shutdown_mstime}, INFO's shutdown_in_milliseconds), the SHUTDOWN caller stays
 *       blocked, and serverCron finishes it when the replicas caught up or the time ran out.</li>
 *   <li>{@code finishShutdown}: logs the lagging replicas, lets persistence stop its children,
 *       fsync the AOF and save the final RDB (a failed save keeps the server running unless
 *       FORCE); closes the listening sockets so that nobody connects to a dying server; then the
 *       process may exit.</li>
 *   <li>SHUTDOWN ABORT ({@code abortShutdown}) cancels a scheduled or initiated shutdown: the blocked
 *       callers get "Errors trying to SHUTDOWN", writes are released.</li>
 * </ul>
 */
public final class Shutdown {
    /** The {@code shutdown-on-sigint}/{@code -sigterm} and SHUTDOWN flags (SHUTDOWN_* in server.h). */
    public static final int SAVE = 1, NOSAVE = 2, NOW = 4, FORCE = 8;
    /** The signals a shutdown can come from. */
    public static final int SIGINT = 2, SIGTERM = 15;

    private final Server server;
    /** shutdown_asap and last_sig_received: set by the signal thread, read by the cron. */
    private volatile boolean asap;
    private volatile int lastSignal;
    /** shutdown_mstime: when an initiated shutdown stops waiting for replicas (0: not initiated). */
    private long deadline;
    private int flags;
    /** Clients blocked in SHUTDOWN (BLOCKED_SHUTDOWN) until it finishes or is cancelled. */
    private final List<Client> blocked = new ArrayList<>();
    /** closeListeningSockets, given by the engine (which owns the sockets). */
    private Runnable closeListeningSockets = () -> { };

    Shutdown(Server server) { this.server = server; }

    public void setCloseListeningSockets(Runnable r) { this.closeListeningSockets = r; }

    /**
     * sigShutdownHandler, on the thread that received the signal. Returns false when the process
     * must exit now (a second SIGINT: "You insist"), after removing the temp file of a save
     * running in this process.
     */
    public boolean signalReceived(int sig) {
        if (asap && sig == SIGINT) {
            server.log("warning", "You insist... exiting now.");
            try {
                Files.deleteIfExists(Path.of(server.settings().dir).resolve("temp-" + ProcessHandle.current().pid() + ".rdb"));
            } catch (java.io.IOException | RuntimeException ignored) {
                // exiting anyway
            }
            return false;
        }
        String msg = server.keyspace().isLoading() ? "Received shutdown signal during loading, scheduling shutdown."
                : sig == SIGINT ? "Received SIGINT scheduling shutdown..."
                : sig == SIGTERM ? "Received SIGTERM scheduling shutdown..."
                : "Received shutdown signal, scheduling shutdown...";
        server.log("warning", msg);
        asap = true;
        lastSignal = sig;
        return true;
    }

    /** isShutdownInitiated: waiting for replicas. */
    public boolean initiated() { return deadline != 0; }

    /** serverCron's share: a signal's shutdown starts; an initiated one ends when it may. */
    void cron(long now) {
        if (asap && !initiated()) {
            int f = 0;
            int sig = lastSignal;
            if (sig == SIGINT) f = server.config().enumConfig("shutdown-on-sigint").get();
            else if (sig == SIGTERM) f = server.config().enumConfig("shutdown-on-sigterm").get();
            if (prepare(f)) exit();
        } else if (initiated()) {
            if (now >= deadline || server.replication().replicasCaughtUp()) {
                if (finish()) exit();
            }
        }
    }

    /**
     * shutdownCommand after its flags are parsed: blocks the caller and starts the shutdown; the
     * caller gets an error if it fails, nothing if the server exits.
     */
    public void command(Client c, int f) {
        c.blocked = true; // BLOCKED_SHUTDOWN: no reply until it is over
        blocked.add(c);
        if (prepare(f)) exit();
    }

    /** abortShutdown: true if a shutdown was scheduled or initiated and is now cancelled. */
    public boolean abort() {
        if (initiated()) {
            cancel();
        } else if (asap) {
            asap = false; // requested by a signal, not started yet: just forget it
        } else {
            return false;
        }
        server.log("notice", "Shutdown manually aborted.");
        return true;
    }

    /**
     * prepareForShutdown: true when the server may exit now; false when it waits for replicas
     * (initiated) or failed (cancelled, the reason logged).
     */
    public boolean prepare(int f) {
        if (initiated()) return false;
        // never save a half-loaded data set; a Sentinel has none to save
        if (server.keyspace().isLoading() || server.settings().sentinelMode) f = (f & ~SAVE) | NOSAVE;
        flags = f;
        server.log("warning", "User requested shutdown...");
        long timeout = server.config().numeric("shutdown-timeout").get();
        if ((f & NOW) == 0 && timeout != 0 && !server.replication().replicasCaughtUp()) {
            deadline = server.clock().millis() + timeout * 1000;
            server.replication().requestAcks(); // sendGetackToReplicas
            server.pauseClients(Long.MAX_VALUE, true); // PAUSE_DURING_SHUTDOWN, writes only
            server.log("notice", "Waiting for replicas before shutting down.");
            return false;
        }
        return finish();
    }

    /** finishShutdown: true when the process may exit. */
    boolean finish() {
        boolean save = (flags & SAVE) != 0, nosave = (flags & NOSAVE) != 0, force = (flags & FORCE) != 0;
        List<String> lagging = server.replication().laggingReplicas();
        for (String line : lagging) server.log("warning", line);
        int replicas = server.replication().replicaCount();
        if (replicas > 0) {
            server.log("notice", (replicas - lagging.size()) + " of " + replicas + " replicas are in sync when shutting down.");
        }
        if (server.persistence().prepareForShutdown(save, nosave, force) != null) {
            server.log("warning", "Errors trying to shut down the server. Check the logs for more information.");
            cancel();
            return false;
        }
        closeListeningSockets.run();
        return true;
    }

    /** cancelShutdown: forget it; the blocked callers get the error, writes go on. */
    private void cancel() {
        asap = false;
        flags = 0;
        boolean wasWaiting = initiated();
        deadline = 0;
        lastSignal = 0;
        for (Client c : blocked) {
            if (c.closed) continue;
            c.blocked = false;
            c.addError("Errors trying to SHUTDOWN. Check logs.");
            server.queueWrite(c);
        }
        blocked.clear();
        if (wasWaiting) server.unpauseClients();
    }

    /**
     * The process may go: Engine's owner (ServerMain) exits after the engine closes. The SHUTDOWN
     * callers get no reply: their connections close, as the exit closes them in Redis (an embedded
     * engine's in-process callers would otherwise wait for a reply that never comes).
     */
    private void exit() {
        server.requestShutdown(); // first: a caller that sees its connection close finds the shutdown requested
        for (Client c : blocked) if (!c.closed) server.closeClient(c);
        blocked.clear();
    }

    /** The conditional line of INFO's # Server section while replicas are waited for. */
    public void info(StringBuilder sb) {
        if (initiated()) InfoLines.field(sb, "shutdown_in_milliseconds", deadline - server.clock().millis());
    }

    /** Clients blocked in SHUTDOWN, for INFO's blocked_clients. */
    int blockedClients() {
        int n = 0;
        for (Client c : blocked) if (!c.closed) n++;
        return n;
    }
}
