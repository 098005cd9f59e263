package io.glassbox.server;

import io.glassbox.resp.RequestParser;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client half of Redis's {@code networking.c}: the client list, reading a client's query
 * buffer and running every complete request in it ({@code readQueryFromClient},
 * {@code processInputBuffer}), the clients with replies waiting for the end of the tick
 * ({@code clientInstallWriteHandler}, {@code handleClientsWithPendingWrites}), accepting and freeing
 * clients ({@code acceptCommonHandler}, {@code freeClient}). The sockets themselves are
 * {@code io.glassbox.net}'s; here a connection is only something to write bytes to.
 *
 * <p>Invariants: a command never writes to a socket (replies wait in the client's buffer until
 * beforeSleep, one write per client per tick), except for a watcher while the teaching pause holds
 * the loop; a blocked or closing client's further input waits unparsed. Command thread only.
 */
final class Networking {
    static final byte[] MAX_CLIENTS_ERR = "-ERR max number of clients reached\r\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] DENIED_ERR = ("-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. "
            + "In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: "
            + "1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. "
            + "2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. "
            + "3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. "
            + "4) Setup a an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    private final Server server;
    private final Map<Long, Client> clients = new LinkedHashMap<>();
    private final List<Client> pendingWrites = new ArrayList<>();
    private final List<Client> monitors = new ArrayList<>();
    private long nextClientId = 1;
    /**
     * The teaching pause ({@code EventLoop.pause}): while set, bytes that arrive stay unparsed in
     * the clients' query buffers; {@link #processPendingInput} runs them once the loop releases.
     */
    private boolean inputHeld;

    Networking(Server server) { this.server = server; }

    Map<Long, Client> clients() { return clients; }

    List<Client> monitors() { return monitors; }

    /**
     * A connection was accepted (acceptCommonHandler). Returns the new client, or null if it was
     * refused: over maxclients, or a non-loopback peer while protected mode is on and no password
     * is set. A refused peer gets Redis's error line before the connection closes.
     */
    Client acceptClient(Connection conn) {
        if (clients.size() >= server.settings().maxClients) {
            server.stats().rejectedConnections++;
            conn.write(MAX_CLIENTS_ERR, 0, MAX_CLIENTS_ERR.length);
            conn.close();
            return null;
        }
        if (server.settings().protectedMode && !server.authRequired() && !conn.isLoopback()) {
            server.stats().rejectedConnections++;
            conn.write(DENIED_ERR, 0, DENIED_ERR.length);
            conn.close();
            return null;
        }
        return createClient(conn);
    }

    /** Creates a client for any connection, network or in-process, without the accept checks. */
    Client createClient(Connection conn) {
        Client c = new Client(server, nextClientId++, conn);
        c.parser.setMaxBulkLen(server.settings().protoMaxBulkLen);
        c.parser.setAuthRequired(!c.authenticated);
        clients.put(c.id, c);
        server.stats().numConnections++;
        server.listener().clientConnected(c);
        return c;
    }

    /** Forgets a client whose connection closed (freeClient). */
    void freeClient(Client c) {
        if (c.closed) return;
        c.closed = true;
        server.blocking().clientClosed(c);
        server.replication().clientClosed(c);
        server.multi().clientClosed(c);
        server.pubsub().unsubscribeAll(c);
        if (c.tracking.on) server.tracking().disableTracking(c);
        if (c.eventStream != null) closeQuietly(c.eventStream);
        server.threadedIO().clientFreed(c);
        server.clientMemory().clientFreed(c);
        clients.remove(c.id);
        monitors.remove(c);
        server.listener().clientClosed(c);
    }

    /** Closes a client from the server side: CLIENT KILL, timeouts, limits. */
    void closeClient(Client c) {
        Connection conn = c.connection;
        freeClient(c);
        conn.close();
    }

    /**
     * Bytes arrived for a client (readQueryFromClient): parse and run every complete command in its
     * query buffer (processInputBuffer). Replies accumulate; they are sent in {@code beforeSleep}.
     */
    void onInput(Client c, int bytesRead) {
        server.stats().netInputBytes += bytesRead;
        c.totalNetInput += bytesRead;
        c.lastInteractionMillis = server.clock().millis();
        processInputBuffer(c);
    }

    /**
     * An I/O thread read this client (the command thread's half of
     * handleClientsWithPendingReadsUsingThreads): run the command it parsed, then the rest of the
     * query buffer (processPendingCommandAndInputBuffer).
     */
    void readDone(Client c) {
        c.lastInteractionMillis = server.clock().millis();
        if (c.closeAsap) { // beforeNextClient
            server.clientMemory().freeClientsInAsyncFreeQueue();
            return;
        }
        server.clientMemory().updateClientMemUsageAndBucket(c);
        processInputBuffer(c);
    }

    void processInputBuffer(Client c) {
        RequestParser p = c.parser;
        boolean ranWhileHeld = false;
        while (!c.closed && !c.closeAsap && !c.closeAfterReply && !c.blocked) {
            if ((inputHeld && !c.watcher && !nextIsGlassboxCommand(c)) || (server.pause().isPausedFor(c) && !c.master)) break;
            ranWhileHeld |= inputHeld;
            RequestParser.Result r;
            int requestBytes;
            if (c.pendingCommand) { // parsed by an I/O thread (CLIENT_PENDING_COMMAND)
                c.pendingCommand = false;
                r = c.pendingResult;
                requestBytes = c.pendingRequestBytes;
            } else {
                long parsedBefore = p.consumedBytes();
                r = p.parse();
                requestBytes = (int) (p.consumedBytes() - parsedBefore);
            }
            if (r == RequestParser.Result.NEED_MORE) break;
            if (r == RequestParser.Result.PROTOCOL_ERROR) {
                c.addError(p.error());
                c.closeAfterReply = true;
                break;
            }
            // The parser's list is reused for the next command: a command that keeps argv beyond
            // its execution (CLIENT PAUSE postponing, the slow log) copies it.
            c.argv = p.args();
            c.runningRequestBytes = requestBytes;
            Client previous = server.currentClient;
            server.currentClient = c;
            if (c.master) {
                // replicas apply the master's commands and pass on the same bytes, offset by offset
                byte[] raw = Propagation.encodeCommand(c.argv);
                long consumed = p.consumedBytes() - c.appliedBytes;
                c.appliedBytes = p.consumedBytes();
                server.processor().processCommand(c);
                if (c.blocked && c.postponedArgv != null) {
                    c.postponedRaw = raw;  // held by CLIENT PAUSE: applied when it runs (ClientPause)
                    c.postponedConsumed = consumed;
                } else {
                    server.replication().masterCommandApplied(raw, consumed);
                }
            } else {
                server.processor().processCommand(c);
            }
            server.currentClient = previous;
            resetClient(c);
            c.argv = null;
            c.runningRequestBytes = 0;
            if (c.closed) return; // evicted by maxmemory-clients before its command ran
            // the output buffer grew: the next command's evictClients must see it (processCommandAndResetClient)
            server.clientMemory().updateClientMemUsageAndBucket(c);
            c.parser.setAuthRequired(!c.authenticated);
        }
        if (!c.closed && p.pendingBytes() > server.settings().clientQueryBufferLimit) {
            // Redis closes the client without a reply: the buffer is already too big to trust.
            server.stats().clientQbufLimitDisconnections++;
            server.log("warning", "Closing client that reached max query buffer length: id=" + c.id);
            closeClient(c);
            return;
        }
        if (c.closeAsap) {
            // over its output buffer limit: freed now, before any of its replies is written (beforeNextClient)
            server.clientMemory().freeClientsInAsyncFreeQueue();
            return;
        }
        // a query buffer that is still filling counts towards maxmemory-clients (end of processInputBuffer)
        server.clientMemory().updateClientMemUsageAndBucket(c);
        // a watcher is answered at once: no beforeSleep comes while the loop is frozen, and a
        // subscription's pushes (written by another thread) must not overtake its OK
        if (c.watcher || ranWhileHeld) flushAtOnce(c);
        else if (c.pendingReplyBytes() > 0 || c.closeAfterReply) queueWrite(c);
    }

    /**
     * Writes a watcher's pending reply now instead of in beforeSleep, then runs what else it sent:
     * a watcher is answered while the loop is frozen (no tick, so no beforeSleep, would come), and
     * a GLASSBOX.LOOP control answers once the loop has taken it in. Command thread only.
     */
    void writeAtOnce(Client c) {
        if (c.closed) return;
        flushAtOnce(c);
        if (!c.closed && hasUnprocessedInput(c) && !c.blocked) processInputBuffer(c);
    }

    /** Writes what the client's reply buffer holds to its connection; closes it if that was its last reply. */
    private void flushAtOnce(Client c) {
        if (c.closeAsap) return; // nothing is written to a client about to be closed
        int n = c.pendingReplyBytes();
        if (n > 0) {
            c.connection.write(c.replyArray(), 0, n);
            c.consumeReply(n);
            server.stats().netOutputBytes += n;
            c.totalNetOutput += n;
        }
        if (c.closeAfterReply) closeClient(c);
    }

    private static void closeQuietly(AutoCloseable a) {
        try {
            a.close();
        } catch (Exception ignored) {
            // an event stream's close only unsubscribes; nothing to report to anyone
        }
    }

    /** True if the next request to run is a GLASSBOX.* command (one an I/O thread parsed, or the next in the buffer). */
    private static boolean nextIsGlassboxCommand(Client c) {
        if (!c.pendingCommand) return c.parser.nextCommandStartsWith(GLASSBOX_PREFIX);
        if (c.pendingResult != RequestParser.Result.COMMAND_READY || c.parser.args().isEmpty()) return false;
        byte[] name = c.parser.args().get(0);
        if (name.length < GLASSBOX_PREFIX.length) return false;
        for (int i = 0; i < GLASSBOX_PREFIX.length; i++) if ((name[i] | 0x20) != GLASSBOX_PREFIX[i]) return false;
        return true;
    }

    /** A GLASSBOX.* command runs even while input is held: it is how a watcher attaches to a paused loop. */
    private static final byte[] GLASSBOX_PREFIX = "glassbox.".getBytes(StandardCharsets.US_ASCII);

    /** Holds (true) or lets through (false) the parsing of query buffers; see {@code EventLoop.pause}. */
    void holdInput(boolean held) { this.inputHeld = held; }

    boolean inputHeld() { return inputHeld; }

    /** Bytes waiting in the query buffer, or a request an I/O thread parsed and nobody ran yet. */
    private static boolean hasUnprocessedInput(Client c) {
        return c.pendingCommand || c.parser.pendingBytes() > 0;
    }

    /** True if some client has unparsed bytes that it could run now. */
    boolean hasPendingInput() {
        for (Client c : clients.values()) if (!c.closed && !c.blocked && hasUnprocessedInput(c)) return true;
        return false;
    }

    /** Runs what waited in query buffers while input was held (the read events of a released tick). */
    void processPendingInput() {
        for (Client c : new ArrayList<>(clients.values())) {
            if (!c.closed && !c.blocked && hasUnprocessedInput(c)) processInputBuffer(c);
        }
    }

    /** Puts the client on the list flushed by {@code beforeSleep} (clientInstallWriteHandler). */
    void queueWrite(Client c) {
        if (!c.pendingWrite) {
            c.pendingWrite = true;
            pendingWrites.add(c);
        }
    }

    /**
     * Runs a command from inside the JVM on behalf of a client (REPL, tests, embedding). Must be
     * called on the command thread; the reply is in the client's buffer afterwards.
     */
    void execute(Client c, List<byte[]> argv) {
        if (c.blocked) {
            // like unread input of a blocked network client: run after it is unblocked
            c.heldCommands.add(new ArrayList<>(argv));
            return;
        }
        c.argv = argv;
        Client previous = server.currentClient;
        server.currentClient = c;
        server.processor().processCommand(c);
        server.currentClient = previous;
        resetClient(c);
        c.argv = null;
        if (c.pendingReplyBytes() > 0 || c.closeAfterReply) queueWrite(c);
    }

    /**
     * The part of resetClient that outlives a command: CLIENT CACHING yes|no applies to the next
     * command only (or to the next transaction, so not inside MULTI), and CLIENT itself keeps it.
     */
    private static void resetClient(Client c) {
        // ASKING lasts one command, or a whole transaction (resetClient)
        if (c.asking && !c.mstate.inMulti() && (c.cmd == null || !c.cmd.name.equals("asking"))) c.asking = false;
        if (c.tracking.caching && !c.mstate.inMulti()
                && (c.cmd == null || !(c.cmd.parent == null ? c.cmd : c.cmd.parent).name.equals("client"))) {
            c.tracking.caching = false;
        }
    }

    /**
     * A client with no connection, for replaying the AOF (createAOFClient): its replies are
     * discarded, it is not in the client list, and nothing it runs is propagated.
     */
    Client createFakeClient() {
        Client c = new Client(server, Long.MAX_VALUE, new Connection() {
            public void write(byte[] b, int off, int len) { }
            public void close() { }
            public String remoteAddress() { return ""; }
            public String localAddress() { return ""; }
            public boolean isLoopback() { return true; }
        });
        c.authenticated = true;
        c.user = null; // the AOF replays what was already allowed
        c.setMuted(true);
        return c;
    }

    /**
     * Bytes for a client that did not come from its own socket read: the replication link hands
     * the master's stream to the master client this way (readQueryFromClient's second half).
     */
    void feedClientInput(Client c, byte[] b, int off, int len) {
        if (c.closed) return;
        c.parser.append(b, off, len);
        onInput(c, len);
    }

    /**
     * The client a script's commands run on (Redis's {@code server.script_caller}'s fake client):
     * not in the client list, its replies are read back by the script, never sent anywhere.
     */
    Client createScriptClient() {
        Client c = new Client(server, nextClientId++, SCRIPT_CONNECTION);
        c.authenticated = true;
        c.scriptClient = true;
        c.user = null; // takes the caller's user for each command a script runs (scriptCall)
        return c;
    }

    private static final Connection SCRIPT_CONNECTION = new Connection() {
        @Override public void write(byte[] buf, int off, int len) {}
        @Override public void close() {}
        @Override public String remoteAddress() { return "lua"; }
        @Override public String localAddress() { return "lua"; }
        @Override public boolean isLoopback() { return true; }
    };

    /**
     * Writes every reply that waited for the end of the tick (handleClientsWithPendingWrites): one
     * write per client, then whatever that client sent meanwhile (input that waited behind a pause,
     * in-process commands held while it was blocked). Returns how many clients were written to.
     */
    int handleClientsWithPendingWrites() {
        int written = pendingWrites.size();
        for (int i = 0; i < pendingWrites.size(); i++) {
            Client c = pendingWrites.get(i);
            c.pendingWrite = false;
            if (c.closed || c.closeAsap) continue; // don't write to clients that are going to be closed anyway
            sendReplies(c);
        }
        pendingWrites.clear();
        return written;
    }

    /**
     * Writes a client's pending reply (what an I/O thread left of it, if one wrote first), closes it
     * if that was its last, checks its output buffer limit and runs what it sent meanwhile.
     */
    void sendReplies(Client c) {
        flushAtOnce(c);
        if (c.closed) return; // closeAfterReply
        // what the socket did not take is output buffer too: a subscriber that does not read
        // reaches its limit here, one flush at a time
        if (c.connection.pendingOutputBytes() > 0 && server.clientMemory().closeClientOnOutputBufferLimitReached(c, true)) return;
        server.clientMemory().updateClientMemUsageAndBucket(c);
        if (hasUnprocessedInput(c) && !c.blocked) processInputBuffer(c); // resumed after a pause
        else while (!c.blocked && !c.closed && !c.heldCommands.isEmpty()) execute(c, c.heldCommands.poll());
    }

    /** clients_pending_write: the clients beforeSleep writes to (ThreadedIO deals them out). */
    List<Client> pendingWrites() { return pendingWrites; }
}
