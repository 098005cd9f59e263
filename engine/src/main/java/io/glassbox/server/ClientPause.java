package io.glassbox.server;

import java.util.ArrayList;
import java.util.List;

/**
 * CLIENT PAUSE and UNPAUSE ({@code pauseClients}, {@code unpauseClients},
 * {@code blockPostponeClient} of Redis's {@code networking.c}): until a deadline, either no client's
 * input is processed (ALL), or write commands are held back as they arrive (WRITE) while reads go
 * on. Expiry and eviction stop meanwhile, so that a paused data set does not change under a
 * failover. Replication's master link is never paused.
 */
final class ClientPause {
    private final Server server;
    /** Until when clients are paused (0: not paused), and whether only writes are. */
    private long pauseEndMillis;
    private boolean pauseWritesOnly;
    private final List<Client> postponed = new ArrayList<>();

    ClientPause(Server server) { this.server = server; }

    /** serverCron's check: a pause whose deadline passed ends, and what it held runs. */
    void cron(long now) {
        if (pauseEndMillis != 0 && now >= pauseEndMillis) unpauseClients();
    }

    void pauseClients(long endMillis, boolean writesOnly) {
        if (endMillis > pauseEndMillis || pauseWritesOnly && !writesOnly) {
            pauseEndMillis = endMillis;
        }
        pauseWritesOnly = writesOnly;
        server.keyspace().setExpireDisabled(true);
    }

    void unpauseClients() {
        pauseEndMillis = 0;
        pauseWritesOnly = false;
        server.keyspace().setExpireDisabled(false);
        // From inside a command (CLIENT UNPAUSE, SHUTDOWN ABORT) the held commands must not run
        // nested in its call(): their effects would join its propagation. Redis queues them
        // (unblocked_clients) for beforeSleep's processUnblockedClients; so does this.
        if (server.processor().inCall()) replayPending = true;
        else replayHeld();
    }

    /** beforeSleep: the commands an unpause inside a command released run now. */
    void beforeSleep() {
        if (replayPending) replayHeld();
    }

    private boolean replayPending;

    private void replayHeld() {
        replayPending = false;
        List<Client> held = new ArrayList<>(postponed);
        postponed.clear();
        for (Client c : held) {
            c.blocked = false;
            if (c.closed) continue;
            List<byte[]> argv = c.postponedArgv;
            c.postponedArgv = null;
            server.execute(c, argv);
            if (c.postponedRaw != null && c.postponedArgv == null) { // (not held again by a new pause)
                // the master's command ran: now the replica's offset moves past it
                byte[] raw = c.postponedRaw;
                c.postponedRaw = null;
                server.replication().masterCommandApplied(raw, c.postponedConsumed);
            }
        }
        for (Client c : server.clients()) if (c.parser.pendingBytes() > 0) server.queueWrite(c);
    }

    /** Holds a write command back while clients are paused for writes (blockPostponeClient). */
    void postpone(Client c) {
        c.blocked = true;
        c.postponedArgv = new ArrayList<>(c.argv);
        postponed.add(c);
    }

    /** Clients held by the pause (BLOCKED_POSTPONE): Redis counts them in INFO's blocked_clients. */
    int postponedClients() {
        int n = 0;
        for (Client c : postponed) if (!c.closed) n++;
        return n;
    }

    /** CLIENT PAUSE WRITE is in force: write commands are held back as they arrive. */
    boolean holdsWrites() { return pauseWritesOnly && writesPaused(); }

    boolean writesPaused() {
        return pauseEndMillis != 0 && server.clock().millis() < pauseEndMillis;
    }

    /** True if the client's input must wait: all clients are paused (a WRITE pause is checked per command). */
    boolean isPausedFor(Client c) {
        if (pauseEndMillis == 0) return false;
        if (server.clock().millis() >= pauseEndMillis) { pauseEndMillis = 0; return false; }
        return !pauseWritesOnly; // WRITE pauses are enforced per command in CommandProcessor
    }
}
