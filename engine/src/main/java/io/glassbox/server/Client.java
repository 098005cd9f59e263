package io.glassbox.server;

import io.glassbox.command.RedisCommand;
import io.glassbox.db.RedisDb;
import io.glassbox.server.ClientPubSub;
import io.glassbox.resp.ReplyBuffer;
import io.glassbox.resp.RequestParser;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A connected client: Redis's {@code client} struct ({@code server.h}, {@code networking.c}).
 *
 * <p>It holds what the server knows about one connection: its query buffer and parser state, the
 * arguments of the command being run ({@link #argv}), the selected database, the protocol version
 * (RESP2 or RESP3, chosen with HELLO), authentication, name, flags, and the reply bytes waiting
 * to be written (inherited from {@link ReplyBuffer}: a client <em>is</em> where replies go).
 *
 * <p>Only the command thread touches a client.
 */
public final class Client extends ReplyBuffer {
    public final long id;
    private final Server server;
    final Connection connection;
    public final RequestParser parser = new RequestParser();

    /** The arguments of the command being executed; argv.get(0) is its name. */
    public List<byte[]> argv;
    /**
     * The request as the client sent it, kept when a command rewrote {@link #argv} for propagation
     * (c->original_argv): the slow log and MONITOR show what was sent, the AOF what was done.
     */
    public List<byte[]> originalArgv;
    /** Set by a command that propagated its effects itself (CLIENT_PREVENT_PROP); reset by call(). */
    boolean preventPropagation;
    /** Set by a command that propagates even when it changed nothing (CLIENT_FORCE_REPL|AOF); reset by call(). */
    boolean forcePropagation;
    /**
     * redis.set_repl without REPL_AOF: the commands this (script) client runs are not propagated
     * (call()'s CMD_CALL_PROPAGATE_AOF left out by scriptCall). Only scripts set it.
     */
    public boolean scriptPropagationOff;
    public RedisCommand cmd;
    public RedisCommand lastCmd;
    private RedisDb db;
    public boolean authenticated;
    /** The ACL user this client runs as (c->user); null for internal clients, which may run anything. */
    public AclUser user;
    public String name;
    public String libName;
    public String libVersion;
    public final long createdMillis;
    public long lastInteractionMillis;
    /** Set when the connection must close once its pending reply is written (CLIENT_CLOSE_AFTER_REPLY). */
    public boolean closeAfterReply;
    /** Set once the client is freed; its connection is gone. */
    boolean closed;
    /** Already on the server's list of clients with pending writes for this tick. */
    boolean pendingWrite;
    /** CLIENT REPLY SKIP: mute only the next command's reply. */
    public boolean skipNextReply;
    /** Counted CLIENT NO-EVICT. */
    public boolean noEvict;
    public boolean monitor;
    /** This client issued CLIENT PAUSE's counterpart or is blocked; 'b' in flags. */
    public boolean blocked;
    /** What the client waits for while blocked on keys (BLPOP and friends), else null; see {@link Blocking}. */
    public Blocking.State bstate;
    /**
     * CLIENT_DENY_BLOCKING: blocking commands must answer at once instead of blocking. The hook for
     * MULTI/EXEC and scripts, which set it while they run commands.
     */
    public boolean denyBlocking;
    /** MULTI/EXEC state: the queue, the DIRTY flags, the watched keys (multiState, watched_keys). */
    public final Multi.State mstate = new Multi.State();
    /** Pub/Sub subscriptions and the subscribed-mode flag (pubsub_channels, pubsub_patterns, CLIENT_PUBSUB). */
    public final ClientPubSub pubsub = new ClientPubSub();
    /** Client-side caching: CLIENT TRACKING's flags, redirection and prefixes (see {@link Tracking}). */
    public final ClientTracking tracking = new ClientTracking();
    /** The client a script's commands run on (createScriptClient): tracking remembers keys for the script's caller. */
    boolean scriptClient;
    /**
     * A watcher connection (a remote visualizer's control link): it ran a GLASSBOX.* command, so
     * its commands run and its replies are written even while the teaching pause holds everyone
     * else's input, as an in-process snapshot runs while paused. See docs/remote-attach.md.
     */
    public boolean watcher;
    /** CLIENT_ASKING: the next command may touch a slot this node is importing (ASKING; cleared after one command). */
    public boolean asking;
    /** CLIENT_READONLY: a cluster replica serves this client's reads of its master's slots (READONLY / READWRITE). */
    public boolean readonlyCluster;
    /** The GLASSBOX.EVENTS stream this connection receives, closed when the client goes; or null. */
    public AutoCloseable eventStream;
    /** In-process commands sent while the client was blocked, run in order once it is unblocked. */
    final java.util.ArrayDeque<List<byte[]>> heldCommands = new java.util.ArrayDeque<>();
    /** A write held back by CLIENT PAUSE WRITE, run when the pause ends. */
    List<byte[]> postponedArgv;
    long totalNetInput, totalNetOutput;

    // ---------------------------------------------------------------- threaded I/O (see ThreadedIO)

    /** In clients_pending_read: its bytes wait in the connection for an I/O thread (CLIENT_PENDING_READ). */
    boolean pendingRead;
    /**
     * An I/O thread parsed a request that has not run yet (CLIENT_PENDING_COMMAND): its argv is the
     * parser's, {@link #pendingResult} says whether it is a command or a protocol error.
     */
    boolean pendingCommand;
    io.glassbox.resp.RequestParser.Result pendingResult;
    int pendingRequestBytes;
    /** Bytes an I/O thread moved into the query buffer in this tick. */
    int ioReadBytes;
    /** Set by an I/O thread whose write(2) failed, or whose work threw; the command thread closes the client. */
    boolean ioWriteFailed;
    Throwable ioFailure;
    long commandsProcessed;

    // ---------------------------------------------------------------- memory (see ClientMemory)

    /** CLIENT_CLOSE_ASAP: over an output buffer limit; freed at the next safe point, replies dropped. */
    boolean closeAsap;
    /** obuf_soft_limit_reached_time: when (unix seconds) the soft limit was first seen reached, or 0. */
    long obufSoftLimitReachedTime;
    /** last_memory_type / last_memory_usage: what this client added to the per-type sums. */
    int lastMemoryType;
    long lastMemoryUsage;
    /** mem_usage_bucket: the eviction bucket this client is filed in, or null. */
    java.util.LinkedHashSet<Client> memUsageBucket;

    Client(Server server, long id, Connection connection) {
        this.server = server;
        this.id = id;
        this.connection = connection;
        this.db = server.keyspace().db(0);
        this.createdMillis = server.clock().millis();
        this.lastInteractionMillis = createdMillis;
        this.authenticated = !server.authRequired();
        setGrowthCheckAbove(ClientMemory.REPLY_CHUNK_BYTES);
        this.user = server.access().defaultUser();
    }

    /** Past the static reply buffer, every append is checked against the output buffer limits. */
    @Override
    protected void onReplyGrowth(long projectedLen) {
        if (!closeAsap && !closed) server.clientMemory().onReplyGrowth(this, projectedLen);
    }

    /** Where the full sync's RDB ends in this replica's output stream (bytes handed over + pending), or 0. */
    long snapshotEnd;

    /**
     * The full sync's RDB was just appended: it is sent through the same buffers but, as Redis's
     * separate RDB transfer, does not count against the replica's output buffer limits; the
     * stream that follows does.
     */
    public void markSnapshotQueued() { snapshotEnd = totalNetOutput + pendingReplyBytes(); }

    /** Flagged to be closed because of its output buffer (CLIENT_CLOSE_ASAP): commands may stop early. */
    public boolean closeAsap() { return closeAsap; }

    public Server server() { return server; }

    /**
     * Puts this client on the list of clients whose replies are written at the end of the tick
     * (clientInstallWriteHandler): for output that did not come from its own command, such as a
     * Pub/Sub message pushed to a subscriber.
     */
    public void installWriteHandler() { server.queueWrite(this); }

    public RedisDb db() { return db; }

    public void selectDb(int id) { this.db = server.keyspace().db(id); }

    public int argc() { return argv.size(); }

    public byte[] arg(int i) { return argv.get(i); }

    /** argv[i] as text (for option names and error messages; never for keys or values). */
    public String argString(int i) { return new String(argv.get(i), StandardCharsets.UTF_8); }

    /** True if argv[i] equals the option name, ignoring ASCII case (Redis's strcasecmp on options). */
    public boolean argIs(int i, String option) {
        byte[] a = argv.get(i);
        if (a.length != option.length()) return false;
        for (int k = 0; k < a.length; k++) {
            int c = a[k];
            if (c >= 'A' && c <= 'Z') c += 32;
            int o = option.charAt(k);
            if (o >= 'A' && o <= 'Z') o += 32;
            if (c != o) return false;
        }
        return true;
    }

    public boolean isClosed() { return closed; }


    // ---------------------------------------------------------------- replication (see Replication)

    /** This client is one of our replicas ('S' in CLIENT LIST): it gets the stream, not replies. */
    boolean replica;
    /** This client is our master's link ('M'): its writes are applied, its replies dropped. */
    boolean master;
    /** The request bytes of the command running now from the network, 0 between commands (CLIENT LIST's qbuf). */
    int runningRequestBytes;
    /** For the master client: the parser's consumedBytes() after the last command applied. */
    long appliedBytes;
    /**
     * For the master client: a command CLIENT PAUSE WRITE holds back, as the stream carried it, and
     * its length; the replication offset moves past it only when it runs (commandProcessed is not
     * called for a blocked client), so slave_repl_offset stays while slave_read_repl_offset grows.
     */
    byte[] postponedRaw;
    long postponedConsumed;

    /** For the master client: bytes read from the stream but not applied yet (read_reploff - reploff). */
    public long unappliedBytes() {
        return (postponedRaw != null ? postponedConsumed : 0) + parser.pendingBytes();
    }
    /** The master's replication offset after this client's last write (woff), for WAIT. */
    long woff;
    /** Blocked in WAIT. */
    boolean waitingForReplicas;

    public boolean isReplica() { return replica; }

    public boolean isMaster() { return master; }

    public void markReplica() {
        replica = true;
        setMuted(true);
    }

    public void markMaster() {
        master = true;
        authenticated = true;
        user = null; // the master's stream obeys no ACL
        setMuted(true);
    }

    public long lastWriteOffset() { return woff; }

    /** WAIT blocks: no more commands are read until {@link #unblockForReplication}. */
    public void blockForReplication() {
        blocked = true;
        waitingForReplicas = true;
    }

    /** WAIT is answered with the number of replicas that acknowledged. */
    public void unblockForReplication(long acked) {
        blocked = false;
        waitingForReplicas = false;
        addLong(acked);
        server.queueWrite(this);
    }

    // ---------------------------------------------------------------- propagation (see Propagation)

    /**
     * Replaces the whole argv with what should be propagated instead of the request
     * (rewriteClientCommandVector): {@code SETEX k 10 v} propagates as {@code SET k v PXAT <abs>}.
     * Call it after the command did its work; the reply is not affected.
     */
    public void rewriteCommandVector(byte[]... args) {
        if (originalArgv == null) originalArgv = argv;
        argv = new java.util.ArrayList<>(java.util.Arrays.asList(args));
    }

    /**
     * Replaces argument {@code i}, or appends one if {@code i == argc()}
     * (rewriteClientCommandArgument): EXPIRE keeps its NX/XX/GT/LT flags and changes only the
     * name and the time.
     */
    public void rewriteCommandArgument(int i, byte[] arg) {
        if (originalArgv == null) originalArgv = argv;
        if (argv == originalArgv) argv = new java.util.ArrayList<>(argv);
        if (i == argv.size()) argv.add(arg);
        else argv.set(i, arg);
    }

    /**
     * Hides argument {@code i} (a password) from MONITOR and the slow log, which show the request as
     * {@code "(redacted)"} there (redactClientCommandArgument); the command itself still reads it.
     */
    public void redactArgument(int i) {
        if (originalArgv == null) originalArgv = new java.util.ArrayList<>(argv);
        originalArgv.set(i, REDACTED);
    }

    private static final byte[] REDACTED = "(redacted)".getBytes(StandardCharsets.US_ASCII);

    /**
     * The command queued its effects itself ({@code server().propagation().alsoPropagate}), so its
     * own argv must not be propagated (preventCommandPropagation): SPOP with a count sends one SREM
     * per member.
     */
    public void preventCommandPropagation() { preventPropagation = true; }

    /**
     * The command propagates even if the dirty counter did not move (forceCommandPropagation with
     * PROPAGATE_REPL|PROPAGATE_AOF): FLUSHALL of an empty dataset, or one whose save reset the counter.
     */
    public void forceCommandPropagation() { forcePropagation = true; }

    /** Queues a command to propagate against this client's database (alsoPropagate). */
    public void alsoPropagate(byte[]... argv) { server.propagation().alsoPropagate(db.id, argv); }

    public Connection connection() { return connection; }

    @Override
    protected void onErrorReply(String msg) {
        server.stats().countError(msg);
    }

    // ---------------------------------------------------------------- common error replies

    public void addErrorArity() {
        addError("wrong number of arguments for '" + cmd.fullName + "' command");
    }

    public void addErrorSyntax() { addError("syntax error"); }

    /** addReplySubcommandSyntaxError: a known container command with a bad subcommand form. */
    public void addErrorSubcommandSyntax() {
        String sub = argString(1);
        if (sub.length() > 128) sub = sub.substring(0, 128);
        addError("unknown subcommand or wrong number of arguments for '" + sub + "'. Try "
                + argString(0).toUpperCase(java.util.Locale.ROOT) + " HELP.");
    }

    public void addErrorWrongType() {
        addError("-WRONGTYPE Operation against a key holding the wrong kind of value");
    }

    public void addErrorNotInteger() { addError("value is not an integer or out of range"); }

    public void addErrorNotFloat() { addError("value is not a valid float"); }

    /** "ip:port" of the peer (CLIENT LIST's addr). */
    public String addr() { return connection.remoteAddress(); }

    @Override
    public String toString() { return "client id=" + id + " addr=" + connection.remoteAddress(); }
}
