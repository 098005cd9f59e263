package io.glassbox.server;

import io.glassbox.command.CommandTable;
import io.glassbox.command.RedisCommand;
import io.glassbox.config.ConfigRegistry;
import io.glassbox.config.SpecialConfigs;
import io.glassbox.db.ActiveExpire;
import io.glassbox.db.Keyspace;
import io.glassbox.db.KeyspaceListener;
import io.glassbox.db.RedisDb;
import io.glassbox.pubsub.Notify;
import io.glassbox.pubsub.PubSub;
import io.glassbox.resp.RequestParser;
import io.glassbox.util.Clock;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's state and its life cycle on the command thread: clients arrive, their requests are
 * parsed and run, replies wait in their buffers until the loop is about to sleep, and a cron
 * keeps house. This is the Netty-free core of Redis's {@code server.c} and {@code networking.c}:
 * the {@code net} package feeds it bytes, the {@code loop} package calls {@link #beforeSleep} and
 * {@link #serverCron}, and commands reach it through their {@link Client}.
 *
 * <p>Everything here runs on one thread, the command thread, so nothing here locks.
 */
public final class Server {
    public static final String REDIS_VERSION = "7.0.15";
    static final byte[] MAX_CLIENTS_ERR = "-ERR max number of clients reached\r\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] DENIED_ERR = ("-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. "
            + "In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: "
            + "1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. "
            + "2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. "
            + "3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. "
            + "4) Setup a an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    private final ServerSettings settings;
    private final ConfigRegistry config;
    private final Clock clock;
    private final Keyspace keyspace;
    private final CommandTable commands;
    private final CommandProcessor processor;
    private final ServerStats stats = new ServerStats();
    private final SlowLog slowLog = new SlowLog();
    private final ActiveExpire activeExpire;
    private final Map<Long, Client> clients = new LinkedHashMap<>();
    private final List<Client> pendingWrites = new ArrayList<>();
    private final List<Client> monitors = new ArrayList<>();
    private final List<Client> postponed = new ArrayList<>();
    private long nextClientId = 1;
    private long cronLoops;
    private final long runIdSeed = System.nanoTime();
    private final String runId;
    private ServerHooks hooks = ServerHooks.NONE;
    private final Blocking blocking;
    private final Multi multi;
    private final PubSub pubsub = new PubSub();
    private final Notify notify;
    private final Propagation propagation = new Propagation();
    private final io.glassbox.persistence.aof.AppendOnlyFile aof;
    private final io.glassbox.replication.Replication replication;
    /** Wakes the loop after a delay in ms (a timer event), for blocked clients' deadlines. */
    private java.util.function.LongConsumer wakeup = ms -> {};
    /** CLIENT PAUSE: until when, and whether only writes are paused. */
    long pauseEndMillis;
    boolean pauseWritesOnly;
    private volatile boolean shutdownRequested;
    /**
     * The teaching pause ({@code EventLoop.pause}): while set, bytes that arrive stay unparsed in
     * the clients' query buffers; {@link #processPendingInput} runs them once the loop releases.
     */
    private boolean inputHeld;
    /** Slow motion: the cron's active rehashing does one step instead of 1 ms of steps. */
    private boolean activeRehashOneStep;
    /** EVAL and FUNCTION's state, created on first use (the Lua interpreters are not free). */
    private io.glassbox.scripting.Scripting scripting;
    /** Runs a task on the command thread from another thread (the event loop installs it); null without a loop. */
    private java.util.concurrent.Executor loopExecutor;
    /** RDB persistence: SAVE, BGSAVE, save points, the start-up load (persistence/rdb). */
    private final io.glassbox.persistence.rdb.RdbPersistence rdb;

    public Server(ServerSettings settings, Clock clock, CommandTable commands) {
        this(ServerConfig.fromSettings(settings), settings, clock, commands);
    }

    /**
     * A server whose settings live in {@code config} (CONFIG GET/SET act on it); {@code settings}
     * receives the registry's values now and after every CONFIG SET (see {@link ServerConfig}).
     */
    public Server(ConfigRegistry config, ServerSettings settings, Clock clock, CommandTable commands) {
        this.config = config;
        ServerConfig.copy(config, settings);
        this.settings = settings;
        this.clock = clock;
        this.keyspace = new Keyspace(settings.databases, clock);
        this.commands = commands;
        this.processor = new CommandProcessor(this);
        this.activeExpire = new ActiveExpire(keyspace);
        this.blocking = new Blocking(this);
        keyspace.setKeyReadySignal(blocking::signalKeyAsReady);
        keyspace.setFlushSignal(blocking::signalDeletedStreams);
        keyspace.setSwapSignal(blocking::signalDeletedStreams);
        keyspace.setFunctionLibraries(new io.glassbox.db.FunctionLibraries() {
            // without a FUNCTION LOAD there is nothing to save: don't start Lua for it
            @Override public List<byte[]> codes() { return scripting == null ? List.of() : scripting.functions().libraryCodes(); }
            @Override public String load(byte[] code) { return scripting().functions().loadFromRdb(code); }
            @Override public void clear() { if (scripting != null) scripting.functions().clearLibraries(); }
        });
        keyspace.setExpiredKeyPropagator(this::propagateDeletion);
        this.multi = new Multi(this);
        this.notify = new Notify(pubsub, config.special(SpecialConfigs.NotifyKeyspaceEvents.class));
        keyspace.setListener(new WatchedKeysListener(multi, notify, keyspace.listener()));
        keyspace.setKeyEventSignal(new Keyspace.KeyEventSignal() {
            @Override public void keyAdded(RedisDb db, byte[] key) { notify.keyspaceEvent(Notify.NEW, "new", key, db.id); }
            @Override public void keyMiss(RedisDb db, byte[] key) { notify.keyspaceEvent(Notify.KEY_MISS, "keymiss", key, db.id); }
        });
        this.stats.startMillis = clock.millis();
        byte[] id = new byte[20];
        new java.security.SecureRandom().nextBytes(id);
        StringBuilder sb = new StringBuilder();
        for (byte b : id) sb.append(String.format("%02x", b));
        this.runId = sb.toString();
        ServerConfig.attach(this);
        this.rdb = new io.glassbox.persistence.rdb.RdbPersistence(new io.glassbox.persistence.rdb.RdbPersistence.Host() {
            public Keyspace keyspace() { return keyspace; }
            public ConfigRegistry config() { return Server.this.config; }
            public long nowMillis() { return Server.this.clock.millis(); }
            public void log(String level, String msg) { Server.this.log(level, msg); }
            public java.nio.file.Path rdbPath() {
                return java.nio.file.Path.of(Server.this.settings.dir).resolve(Server.this.config.value("dbfilename"));
            }
            public String maxmemoryPolicy() { return Server.this.settings.maxmemoryPolicy; }
        });
        this.aof = new io.glassbox.persistence.aof.AppendOnlyFile(this);
        this.replication = new io.glassbox.replication.Replication(this);
        rdb.setOtherChildActive(aof::rewriteInProgress);
    }

    /** The RDB side of persistence. */
    public io.glassbox.persistence.rdb.RdbPersistence rdb() { return rdb; }

    public ServerSettings settings() { return settings; }

    /** The config registry: CONFIG GET/SET/REWRITE work on it. */
    public ConfigRegistry config() { return config; }

    public Clock clock() { return clock; }

    public Keyspace keyspace() { return keyspace; }

    public CommandTable commands() { return commands; }

    public ServerStats stats() { return stats; }

    public SlowLog slowLog() { return slowLog; }

    public ActiveExpire activeExpire() { return activeExpire; }

    /** Clients blocked on keys (blocked.c). */
    public Blocking blocking() { return blocking; }

    /** Channels, patterns and their subscribers (pubsub.c). */
    public PubSub pubsub() { return pubsub; }

    /** Keyspace notifications (notify.c): commands call {@code Notify.event} next to their dirty++. */
    public Notify notifier() { return notify; }

    /** Transactions and WATCH (multi.c). */
    public Multi multi() { return multi; }
    /** The append-only file (aof.c): fed by propagation, flushed in beforeSleep. */
    public io.glassbox.persistence.aof.AppendOnlyFile aof() { return aof; }

    /**
     * A client with no connection, for replaying the AOF (createAOFClient): its replies are
     * discarded, it is not in the client list, and nothing it runs is propagated.
     */
    public Client createFakeClient() {
        Client c = new Client(this, Long.MAX_VALUE, new Connection() {
            public void write(byte[] b, int off, int len) { }
            public void close() { }
            public String remoteAddress() { return ""; }
            public String localAddress() { return ""; }
            public boolean isLoopback() { return true; }
        });
        c.authenticated = true;
        c.setMuted(true);
        return c;
    }

    /**
     * Runs one command read from the AOF on the fake client (loadSingleAppendOnlyFile calls the
     * command's proc directly: no checks, no stats). False if the command does not exist.
     */
    public boolean executeLoadedCommand(Client fake, List<byte[]> argv) {
        RedisCommand cmd = commands.lookup(argv.get(0));
        if (cmd == null) return false;
        if (!cmd.subcommands().isEmpty() && argv.size() > 1) {
            RedisCommand sub = cmd.subcommand(new String(argv.get(1), StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT));
            if (sub != null) cmd = sub;
        }
        if (cmd.handler() == null) return false;
        fake.argv = argv;
        fake.cmd = cmd;
        keyspace.startCommand();
        cmd.handler().execute(fake);
        fake.argv = null;
        fake.originalArgv = null;
        fake.consumeReply(fake.pendingReplyBytes());
        return true;
    }

    /** Master and replica roles (replication.c); also a propagation target. */
    public io.glassbox.replication.Replication replication() { return replication; }

    /**
     * Bytes for a client that did not come from its own socket read: the replication link hands
     * the master's stream to the master client this way (readQueryFromClient's second half).
     */
    public void feedClientInput(Client c, byte[] b, int off, int len) {
        if (c.closed) return;
        c.parser.append(b, off, len);
        onInput(c, len);
    }

    /** Where write commands go after they ran: the AOF, replicas (server.c's propagate). */
    public Propagation propagation() { return propagation; }

    /**
     * An expired key was deleted, lazily or by the active cycle: replicas and the AOF get a DEL (or
     * UNLINK with lazyfree-lazy-expire), queued before the ops of the command that found it
     * (propagateDeletion).
     */
    private void propagateDeletion(RedisDb db, byte[] key) {
        if (!propagation.active()) return;
        propagation.alsoPropagate(db.id, settings.lazyfreeLazyExpire ? Propagation.UNLINK : Propagation.DEL, key);
        // inside a command the DEL joins its ops (a MULTI if the command writes too); otherwise
        // (the active expire cycle) each DEL goes out alone
        if (!processor.inCall()) propagation.propagatePendingCommands();
    }

    /** Installs the loop's timer (the event loop does this at start). */
    public void setWakeup(java.util.function.LongConsumer wakeup) { this.wakeup = wakeup; }

    void wakeAfter(long delayMillis) { wakeup.accept(delayMillis); }

    /** Installs the way other threads post work to the command thread (the event loop does this at start). */
    public void setLoopExecutor(java.util.concurrent.Executor executor) { this.loopExecutor = executor; }

    public java.util.concurrent.Executor loopExecutor() { return loopExecutor; }

    /** Scripting state: the EVAL script cache, the function libraries, the running script. */
    public io.glassbox.scripting.Scripting scripting() {
        if (scripting == null) scripting = new io.glassbox.scripting.Scripting(this);
        return scripting;
    }

    /** Keyspace work posted while a long script ran, run once it returns ({@link #deferWhileScriptBusy}). */
    private final List<Runnable> heldWhileScriptBusy = new ArrayList<>();

    /**
     * Wraps an executor of command-thread work that reads the keyspace (BGSAVE's walk slices) so
     * that the work waits while a script that outlived busy-reply-threshold owns the data set.
     */
    public java.util.concurrent.Executor deferWhileScriptBusy(java.util.concurrent.Executor executor) {
        return task -> executor.execute(() -> {
            if (scriptBusy()) heldWhileScriptBusy.add(task);
            else task.run();
        });
    }

    /**
     * A script is about to outlive busy-reply-threshold (command thread, inside its EVAL/FCALL):
     * its later commands run on the script thread after the EVAL's call() returned, so the
     * propagation of its effects is held open until {@link #scriptNoLongerBusy}.
     */
    public void scriptBecomesBusy() { processor.holdPropagation(); }

    /**
     * The long script returned (command thread): its effects propagate as one block, and the work
     * {@link #deferWhileScriptBusy} held back runs.
     */
    public void scriptNoLongerBusy() {
        processor.releasePropagation();
        List<Runnable> held = new ArrayList<>(heldWhileScriptBusy);
        heldWhileScriptBusy.clear();
        for (Runnable r : held) r.run();
    }

    /**
     * True when the running command was called by another (an EVAL inside MULTI/EXEC): such a
     * script must finish before its caller goes on, so it never hands the loop back (no BUSY).
     */
    public boolean insideNestedCall() { return processor.callDepth() > 1; }

    /** Stops a running script and the script thread (engine shutdown). */
    public void shutdownScripting() { if (scripting != null) scripting.shutdown(); }

    /** True while a script that outlived busy-reply-threshold runs: commands get -BUSY, crons skip the data set. */
    public boolean scriptBusy() { return scripting != null && scripting.busy(); }

    /**
     * The client a script's commands run on (Redis's {@code server.script_caller}'s fake client):
     * not in the client list, its replies are read back by the script, never sent anywhere.
     */
    public Client createScriptClient() {
        Client c = new Client(this, nextClientId++, SCRIPT_CONNECTION);
        c.authenticated = true;
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
     * Runs a command a script called, on the script's client (script.c's scriptCall → call()).
     * The one point where every command of a script executes: propagation of a script's effects
     * (wrapped in MULTI/EXEC in 7.0) hooks here.
     */
    public void callFromScript(Client scriptClient, io.glassbox.command.RedisCommand cmd) {
        processor.call(scriptClient, cmd);
    }

    public String runId() { return runId; }

    public long cronLoops() { return cronLoops; }

    public void setHooks(ServerHooks hooks) { this.hooks = hooks == null ? ServerHooks.NONE : hooks; }

    public ServerHooks hooks() { return hooks; }

    /** True when a password is set, so new clients must AUTH first. */
    public boolean authRequired() { return !settings.requirePass.isEmpty(); }

    public Collection<Client> clients() { return Collections.unmodifiableCollection(clients.values()); }

    public Client client(long id) { return clients.get(id); }

    public List<Client> monitors() { return monitors; }

    // ---------------------------------------------------------------- clients

    /**
     * A connection was accepted (acceptCommonHandler). Returns the new client, or null if it was
     * refused: over maxclients, or a non-loopback peer while protected mode is on and no password
     * is set. A refused peer gets Redis's error line before the connection closes.
     */
    public Client acceptClient(Connection conn) {
        if (clients.size() >= settings.maxClients) {
            stats.rejectedConnections++;
            conn.write(MAX_CLIENTS_ERR, 0, MAX_CLIENTS_ERR.length);
            conn.close();
            return null;
        }
        if (settings.protectedMode && !authRequired() && !conn.isLoopback()) {
            stats.rejectedConnections++;
            conn.write(DENIED_ERR, 0, DENIED_ERR.length);
            conn.close();
            return null;
        }
        return createClient(conn);
    }

    /** Creates a client for any connection, network or in-process, without the accept checks. */
    public Client createClient(Connection conn) {
        Client c = new Client(this, nextClientId++, conn);
        c.parser.setMaxBulkLen(settings.protoMaxBulkLen);
        c.parser.setAuthRequired(!c.authenticated);
        clients.put(c.id, c);
        stats.numConnections++;
        hooks.clientConnected(c);
        return c;
    }

    /** Forgets a client whose connection closed (freeClient). */
    public void freeClient(Client c) {
        if (c.closed) return;
        c.closed = true;
        blocking.clientClosed(c);
        replication.clientClosed(c);
        multi.clientClosed(c);
        pubsub.unsubscribeAll(c);
        if (c.eventStream != null) closeQuietly(c.eventStream);
        clients.remove(c.id);
        monitors.remove(c);
        hooks.clientClosed(c);
    }

    /** Closes a client from the server side: CLIENT KILL, timeouts, limits. */
    public void closeClient(Client c) {
        Connection conn = c.connection;
        freeClient(c);
        conn.close();
    }

    /**
     * Bytes arrived for a client (readQueryFromClient): parse and run every complete command in its
     * query buffer (processInputBuffer). Replies accumulate; they are sent in {@link #beforeSleep}.
     */
    public void onInput(Client c, int bytesRead) {
        stats.netInputBytes += bytesRead;
        c.totalNetInput += bytesRead;
        c.lastInteractionMillis = clock.millis();
        processInputBuffer(c);
    }

    void processInputBuffer(Client c) {
        RequestParser p = c.parser;
        boolean ranWhileHeld = false;
        while (!c.closed && !c.closeAfterReply && !c.blocked) {
            if ((inputHeld && !c.watcher && !p.nextCommandStartsWith(GLASSBOX_PREFIX)) || (isPausedFor(c) && !c.master)) break;
            ranWhileHeld |= inputHeld;
            RequestParser.Result r = p.parse();
            if (r == RequestParser.Result.NEED_MORE) break;
            if (r == RequestParser.Result.PROTOCOL_ERROR) {
                c.addError(p.error());
                c.closeAfterReply = true;
                break;
            }
            // The parser's list is reused for the next command: a command that keeps argv beyond
            // its execution (CLIENT PAUSE postponing, the slow log) copies it.
            c.argv = p.args();
            if (c.master) {
                // replicas apply the master's commands and pass on the same bytes, offset by offset
                byte[] raw = io.glassbox.replication.Replication.encode(c.argv);
                long consumed = p.consumedBytes() - c.appliedBytes;
                c.appliedBytes = p.consumedBytes();
                processor.processCommand(c);
                replication.masterCommandApplied(raw, consumed);
            } else {
                processor.processCommand(c);
            }
            c.argv = null;
            c.parser.setAuthRequired(!c.authenticated);
        }
        if (!c.closed && p.pendingBytes() > settings.clientQueryBufferLimit) {
            // Redis closes the client without a reply: the buffer is already too big to trust.
            stats.clientQbufLimitDisconnections++;
            log("warning", "Closing client that reached max query buffer length: id=" + c.id);
            closeClient(c);
            return;
        }
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
    public void writeAtOnce(Client c) {
        if (c.closed) return;
        flushAtOnce(c);
        if (!c.closed && c.parser.pendingBytes() > 0 && !c.blocked) processInputBuffer(c);
    }

    /** Writes what the client's reply buffer holds to its connection; closes it if that was its last reply. */
    private void flushAtOnce(Client c) {
        int n = c.pendingReplyBytes();
        if (n > 0) {
            c.connection.write(c.replyArray(), 0, n);
            c.consumeReply(n);
            stats.netOutputBytes += n;
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

    /**
     * The engine's observation API and loop, for the GLASSBOX.* commands that serve them to a
     * remote visualizer (set by the Engine; null for a bare Server in unit tests).
     */
    private io.glassbox.hooks.Hooks observation;
    private io.glassbox.loop.EventLoop observedLoop;

    public void setObservation(io.glassbox.hooks.Hooks hooks, io.glassbox.loop.EventLoop loop) {
        this.observation = hooks;
        this.observedLoop = loop;
    }

    public io.glassbox.hooks.Hooks observation() { return observation; }

    public io.glassbox.loop.EventLoop observedLoop() { return observedLoop; }

    /** A GLASSBOX.* command runs even while input is held: it is how a watcher attaches to a paused loop. */
    private static final byte[] GLASSBOX_PREFIX = "glassbox.".getBytes(StandardCharsets.US_ASCII);

    /** Holds (true) or lets through (false) the parsing of query buffers; see {@code EventLoop.pause}. */
    public void setInputHeld(boolean held) { this.inputHeld = held; }

    /** True if some client has unparsed bytes that it could run now. */
    public boolean hasPendingInput() {
        for (Client c : clients.values()) if (!c.closed && !c.blocked && c.parser.pendingBytes() > 0) return true;
        return false;
    }

    /** Runs what waited in query buffers while input was held (the read events of a released tick). */
    public void processPendingInput() {
        for (Client c : new ArrayList<>(clients.values())) {
            if (!c.closed && !c.blocked && c.parser.pendingBytes() > 0) processInputBuffer(c);
        }
    }

    /** Slow motion: make the cron's active rehashing move one bucket per run (see {@code EventLoop.setSlowMotion}). */
    public void setActiveRehashOneStep(boolean oneStep) { this.activeRehashOneStep = oneStep; }

    private boolean isPausedFor(Client c) {
        if (pauseEndMillis == 0) return false;
        if (clock.millis() >= pauseEndMillis) { pauseEndMillis = 0; return false; }
        return !pauseWritesOnly; // WRITE pauses are enforced per command in CommandProcessor
    }

    /** Puts the client on the list flushed by {@link #beforeSleep} (clientInstallWriteHandler). */
    public void queueWrite(Client c) {
        if (!c.pendingWrite) {
            c.pendingWrite = true;
            pendingWrites.add(c);
        }
    }

    /**
     * Runs a command from inside the JVM on behalf of a client (REPL, tests, embedding). Must be
     * called on the command thread; the reply is in the client's buffer afterwards.
     */
    public void execute(Client c, List<byte[]> argv) {
        if (c.blocked) {
            // like unread input of a blocked network client: run after it is unblocked
            c.heldCommands.add(new ArrayList<>(argv));
            return;
        }
        c.argv = argv;
        processor.processCommand(c);
        c.argv = null;
        if (c.pendingReplyBytes() > 0 || c.closeAfterReply) queueWrite(c);
    }

    // ---------------------------------------------------------------- the loop's two moments

    /**
     * What Redis does before the loop goes back to epoll_wait (beforeSleep): a fast active
     * expire cycle, then write every pending reply (handleClientsWithPendingWrites). Returns how
     * many clients were written to.
     */
    public int beforeSleep() {
        if (!scriptBusy()) { // a long script owns the data set (and the AOF buffer) until it returns
            blocking.handleTimeouts(clock.millis());
            if (blocking.hasReadyKeys()) blocking.handleClientsBlockedOnKeys();
            if (activeExpire.enabled() && !keyspace.isReplica()) activeExpire.cycle(true, settings.hz);
            // the AOF reaches the disk (and, with appendfsync always, is fsynced) before any reply leaves
            replication.beforeSleep();
            aof.flushAppendOnlyFile(false);
        }
        int written = pendingWrites.size();
        for (int i = 0; i < pendingWrites.size(); i++) {
            Client c = pendingWrites.get(i);
            c.pendingWrite = false;
            if (c.closed) continue;
            flushAtOnce(c);
            if (c.closed) continue; // closeAfterReply
            if (c.parser.pendingBytes() > 0 && !c.blocked) processInputBuffer(c); // resumed after a pause
            else while (!c.blocked && !c.closed && !c.heldCommands.isEmpty()) execute(c, c.heldCommands.poll());
        }
        pendingWrites.clear();
        return written;
    }

    /**
     * The cron, called {@code hz} times a second (serverCron): stats sampling, client timeouts,
     * and the databases' housekeeping (active expire, resize, incremental rehash for 1 ms).
     */
    public void serverCron() {
        if (settings.pauseCron) return; // DEBUG PAUSE-CRON
        long now = clock.millis();
        cronLoops++;
        stats.trackInstantaneousMetric(ServerStats.METRIC_COMMAND, stats.numCommands, now);
        stats.trackInstantaneousMetric(ServerStats.METRIC_NET_INPUT, stats.netInputBytes, now);
        stats.trackInstantaneousMetric(ServerStats.METRIC_NET_OUTPUT, stats.netOutputBytes, now);
        if (scriptBusy()) return; // a long script owns the data set until it returns
        clientsCron(now);
        databasesCron();
        java.util.List<int[]> saveParams = new java.util.ArrayList<>();
        for (io.glassbox.config.SpecialConfigs.SaveParam sp : config.special(io.glassbox.config.SpecialConfigs.Save.class).get()) {
            saveParams.add(new int[]{(int) sp.seconds(), sp.changes()});
        }
        rdb.cron(saveParams);
        aof.cron();
        if (cronLoops % Math.max(1, settings.hz) == 0) replication.cron(); // run_with_period(1000)
        if (pauseEndMillis != 0 && now >= pauseEndMillis) unpauseClients();
    }

    private void clientsCron(long now) {
        blocking.handleTimeouts(now); // clientsCronHandleTimeout
        if (settings.timeoutSeconds <= 0) return;
        List<Client> idle = new ArrayList<>();
        for (Client c : clients.values()) {
            if (c.monitor || c.blocked || c.master || c.replica || c.connection.fd() < 0) continue; // in-process clients never time out
            if (now - c.lastInteractionMillis > settings.timeoutSeconds * 1000L) idle.add(c);
        }
        for (Client c : idle) {
            log("verbose", "Closing idle client");
            closeClient(c);
        }
    }

    /**
     * databasesCron: expire keys actively, shrink dicts that became sparse, and spend up to 1 ms
     * per database moving buckets of a dict that is rehashing (activerehashing).
     */
    private void databasesCron() {
        if (activeExpire.enabled() && !keyspace.isReplica()) activeExpire.cycle(false, settings.hz);
        for (int i = 0; i < keyspace.databases(); i++) {
            RedisDb db = keyspace.db(i);
            db.dict().tryShrink();
            db.expires().tryShrink();
        }
        if (settings.activeRehashing) {
            for (int i = 0; i < keyspace.databases(); i++) {
                RedisDb db = keyspace.db(i);
                if (db.dict().isRehashing()) { activeRehash(db.dict()); break; }
                if (db.expires().isRehashing()) { activeRehash(db.expires()); break; }
            }
        }
    }

    private void activeRehash(io.glassbox.ds.dict.Dict<?, ?> d) {
        if (activeRehashOneStep) d.rehash(1);
        else d.rehashMilliseconds(1);
    }

    // ---------------------------------------------------------------- CLIENT PAUSE

    public void pauseClients(long endMillis, boolean writesOnly) {
        if (endMillis > pauseEndMillis || pauseWritesOnly && !writesOnly) {
            pauseEndMillis = endMillis;
        }
        pauseWritesOnly = writesOnly;
        keyspace.setExpireDisabled(true);
    }

    public void unpauseClients() {
        pauseEndMillis = 0;
        pauseWritesOnly = false;
        keyspace.setExpireDisabled(false);
        List<Client> held = new ArrayList<>(postponed);
        postponed.clear();
        for (Client c : held) {
            c.blocked = false;
            if (c.closed) continue;
            List<byte[]> argv = c.postponedArgv;
            c.postponedArgv = null;
            execute(c, argv);
        }
        for (Client c : clients.values()) if (c.parser.pendingBytes() > 0) queueWrite(c);
    }

    /** Holds a write command back while clients are paused for writes (blockPostponeClient). */
    void postpone(Client c) {
        c.blocked = true;
        c.postponedArgv = new ArrayList<>(c.argv);
        postponed.add(c);
    }

    boolean writesPaused() {
        return pauseEndMillis != 0 && clock.millis() < pauseEndMillis;
    }

    // ---------------------------------------------------------------- misc

    /**
     * Tells WATCH about writes, flushes and swaps (signalModifiedKey -> touchWatchedKey) and publishes
     * the "expired" notification (deleteExpiredKeyAndPropagate), then tells whoever listened before.
     */
    private record WatchedKeysListener(Multi multi, Notify notifier, KeyspaceListener next)
            implements KeyspaceListener {
        @Override public void keyModified(RedisDb db, byte[] key) { multi.touchWatchedKey(db, key); next.keyModified(db, key); }
        @Override public void keyExpired(RedisDb db, byte[] key) {
            notifier.keyspaceEvent(Notify.EXPIRED, "expired", key, db.id);
            next.keyExpired(db, key);
        }
        @Override public void databasesSwapped(int a, int b) { multi.databasesSwapped(a, b); next.databasesSwapped(a, b); }
        @Override public void databaseFlushed(int db) { multi.databaseFlushed(db); next.databaseFlushed(db); }
    }

    /** Logs a line in Redis's log format to stdout or the logfile (serverLog). */
    public void log(String level, String msg) {
        ServerLog.log(settings, level, msg);
    }

    /** Logs before a server exists (start-up errors). */
    public static void logTo(ServerSettings settings, String level, String msg) {
        ServerLog.log(settings, level, msg);
    }

    public void requestShutdown() {
        shutdownRequested = true;
        hooks.shutdownRequested();
        synchronized (this) { notifyAll(); }
    }

    /** Blocks the calling (non-loop) thread until SHUTDOWN is requested. */
    public synchronized void awaitShutdownRequest() throws InterruptedException {
        while (!shutdownRequested) wait();
    }

    public boolean shutdownRequested() { return shutdownRequested; }

    long runIdSeed() { return runIdSeed; }

    CommandProcessor processor() { return processor; }
}
