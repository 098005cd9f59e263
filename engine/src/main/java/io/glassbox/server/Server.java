package io.glassbox.server;

import io.glassbox.command.CommandTable;
import io.glassbox.command.RedisCommand;
import io.glassbox.config.ConfigRegistry;
import io.glassbox.config.SpecialConfigs;
import io.glassbox.db.ActiveExpire;
import io.glassbox.db.Keyspace;
import io.glassbox.db.KeyspaceListener;
import io.glassbox.db.RedisDb;
import io.glassbox.server.Notify;
import io.glassbox.pubsub.PubSub;
import io.glassbox.resp.RequestParser;
import io.glassbox.util.Clock;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The server's state and its life cycle on the command thread: clients arrive, their requests are
 * parsed and run, replies wait in their buffers until the loop is about to sleep, and a cron
 * keeps house. This is the Netty-free core of Redis's {@code server.c} and {@code networking.c}:
 * the {@code net} package feeds it bytes, the {@code loop} package calls {@link #beforeSleep} and
 * {@link #serverCron}, and commands reach it through their {@link Client}.
 *
 * <p>Everything here runs on one thread, the command thread, so nothing here locks.
 */
public final class Server implements io.glassbox.loop.LoopProcs {
    public static final String REDIS_VERSION = "7.0.15";

    private final ServerSettings settings;
    private final ConfigRegistry config;
    private final Clock clock;
    private final Keyspace keyspace;
    private final CommandTable commands;
    private final CommandProcessor processor;
    private final ServerStats stats = new ServerStats();
    private final Networking networking = new Networking(this);
    private final ServerCron cron = new ServerCron(this);
    private final ClientPause pause = new ClientPause(this);
    private final Shutdown shutdown = new Shutdown(this);
    private final OomScoreAdj oomScoreAdj;
    private final BusyScript busyScript = new BusyScript(this);
    private final SlowLog slowLog = new SlowLog();
    /** latency.c's event time series (LATENCY LATEST, HISTORY, DOCTOR, ...). */
    private final LatencyMonitor latencyMonitor;
    private final ActiveExpire activeExpire;
    private final ClientMemory clientMemory;
    /** The I/O threads (io-threads, io-threads-do-reads): networking.c's threaded I/O. */
    private final ThreadedIO threadedIO;
    private final String runId;
    private ServerListener listener = ServerListener.NONE;
    private final Blocking blocking;
    private final Multi multi;
    private PubSubChannels pubsub = PubSubChannels.NONE;
    private ClusterRouting cluster = ClusterRouting.NONE;
    private final Notify notify;
    private final Propagation propagation = new Propagation();
    /** RDB and AOF as the core sees them (Engine sets them; a bare server has no files). */
    private Persistence persistence = Persistence.NONE;
    /** Client-side caching as the core sees it (Engine sets it). */
    private Tracking tracking = Tracking.NONE;
    /**
     * The client whose command is being processed (server.current_client), null between commands:
     * client-side caching holds back invalidations for this client's own keys until its reply is
     * out, and NOLOOP compares against it.
     */
    Client currentClient;
    /** Master and replica roles as the core sees them (Engine sets them). */
    private ReplicationRole replication = ReplicationRole.NONE;
    /** Wakes the loop after a delay in ms (a timer event), for blocked clients' deadlines. */
    private java.util.function.LongConsumer wakeup = ms -> {};
    private volatile boolean shutdownRequested;
    /** EVAL and FUNCTION's state as the core sees it: busy or not, the libraries (Engine sets it). */
    private ScriptRunner scripts = ScriptRunner.NONE;
    /** ACL as the core sees it: users, AUTH, the permission check (Engine sets it; a bare server has requirepass only). */
    private AccessControl access;
    /** Memory accounting and maxmemory as the core sees them (Engine sets them; a bare server has no limit). */
    private MemoryLimit memory = MemoryLimit.NONE;
    private LoadedModules modules = LoadedModules.NONE;
    /** Runs a task on the command thread from another thread (the event loop installs it); null without a loop. */
    private java.util.concurrent.Executor loopExecutor;

    public Server(ServerSettings settings, Clock clock, CommandTable commands) {
        this(ServerConfig.fromSettings(settings), settings, clock, commands);
    }

    /**
     * A server whose settings live in {@code config} (CONFIG GET/SET act on it); {@code settings}
     * receives the registry's values now and after every CONFIG SET (see {@link ServerConfig}).
     */
    public Server(ConfigRegistry config, ServerSettings settings, Clock clock, CommandTable commands) {
        this.config = config;
        this.oomScoreAdj = new OomScoreAdj(this, config);
        ServerConfig.copy(config, settings);
        this.settings = settings;
        this.clock = clock;
        this.latencyMonitor = new LatencyMonitor(clock);
        this.keyspace = new Keyspace(settings.databases, clock, io.glassbox.db.EncodingConfig.from(config));
        this.commands = commands;
        this.processor = new CommandProcessor(this);
        this.activeExpire = new ActiveExpire(keyspace);
        this.blocking = new Blocking(this);
        keyspace.setKeyReadySignal(blocking::signalKeyAsReady);
        keyspace.setFlushSignal(blocking::signalDeletedStreams);
        keyspace.setSwapSignal(blocking::signalDeletedStreams);
        keyspace.setExpiredKeyPropagator(this::propagateDeletion);
        this.multi = new Multi(this);
        this.clientMemory = new ClientMemory(this, config);
        this.threadedIO = new ThreadedIO(this, networking, config);
        this.notify = new Notify((channel, message) -> pubsub.publish(channel, message), config.special(SpecialConfigs.NotifyKeyspaceEvents.class));
        keyspace.setListener(new WatchedKeysListener(this, multi, notify, keyspace.listener()));
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
    }

    /** RDB and AOF as the core sees them (rdb.c, aof.c). */
    public Persistence persistence() { return persistence; }

    /** Gives the server its persistence (Engine does, before any client connects). */
    public void setPersistence(Persistence persistence) { this.persistence = persistence; }

    /** Client-side caching as the core sees it (tracking.c). */
    public Tracking tracking() { return tracking; }

    /** Gives the server its client-side caching (Engine does, before any client connects). */
    public void setTracking(Tracking tracking) { this.tracking = tracking; }

    /** The client whose command is being processed (server.current_client), or null. */
    public Client currentClient() { return currentClient; }

    /**
     * True while a command runs for {@link #currentClient} (Redis tests server.fixed_time_expire):
     * inside call(), or while a blocked client is served its answer.
     */
    public boolean inCommand() { return processor.inCall() || blocking.serving(); }

    /** pre_command_oom_state: memory was over maxmemory, with nothing to evict, when the current command started. */
    boolean preCommandOomState;

    /** True if the running command started out of memory (scripts refuse their first deny-oom command then). */
    public boolean preCommandOom() { return preCommandOomState && memory.maxmemory() != 0; }

    /** Memory accounting and maxmemory eviction as the core sees them (evict.c). */
    public MemoryLimit memory() { return memory; }

    /** Gives the server its memory limit (Engine does, before any client connects). */
    public void setMemory(MemoryLimit memory) { this.memory = memory; }

    /** The loaded modules, for HELLO and INFO (module.c). */
    public LoadedModules modules() { return modules; }

    public void setModules(LoadedModules modules) { this.modules = modules; }

    /** Master and replica roles as the core sees them (replication.c). */
    public ReplicationRole replication() { return replication; }

    /** Gives the server its replication (Engine does, before any client connects). */
    public void setReplication(ReplicationRole replication) { this.replication = replication; }

    public ServerSettings settings() { return settings; }

    /** The config registry: CONFIG GET/SET/REWRITE work on it. */
    public ConfigRegistry config() { return config; }

    public Clock clock() { return clock; }

    public Keyspace keyspace() { return keyspace; }

    public CommandTable commands() { return commands; }

    public ServerStats stats() { return stats; }

    public SlowLog slowLog() { return slowLog; }

    /** The latency monitor (latency.c): code that may block calls its addSampleIfNeeded. */
    public LatencyMonitor latencyMonitor() { return latencyMonitor; }

    /** What LATENCY DOCTOR's advice reads besides the samples: the slow log, hz, the fsync policy, the fork rate. */
    public LatencyMonitor.Facts latencyFacts() {
        return new LatencyMonitor.Facts() {
            @Override public long slowlogLogSlowerThan() { return settings.slowlogLogSlowerThan; }
            @Override public int hz() { return settings.hz; }
            @Override public boolean aofFsyncAlways() { return "always".equals(config.value("appendfsync")); }
            @Override public double forkRate() { return stats.forkRate; }
        };
    }

    public ActiveExpire activeExpire() { return activeExpire; }

    /** Clients blocked on keys (blocked.c). */
    public Blocking blocking() { return blocking; }

    /** Channels, patterns and their subscribers (pubsub.c), as the core sees them. */
    public PubSubChannels pubsub() { return pubsub; }

    /** Gives the server its Pub/Sub (Engine does, before any client connects). */
    public void setPubSub(PubSubChannels pubsub) { this.pubsub = pubsub; }

    /** Redis Cluster, or {@link ClusterRouting#NONE} with cluster-enabled no. */
    public ClusterRouting cluster() { return cluster; }

    public void setCluster(ClusterRouting cluster) { this.cluster = cluster; }

    /** Keyspace notifications (notify.c): commands call {@code Notify.event} next to their dirty++. */
    public Notify notifier() { return notify; }

    /** Transactions and WATCH (multi.c). */
    public Multi multi() { return multi; }


    /**
     * Runs one command read from the AOF on the fake client (loadSingleAppendOnlyFile calls the
     * command's proc directly: no other checks, no stats). Null if it ran, else why not: the command
     * does not exist, or its argument count does not fit its arity (Redis 7.0 does not check and
     * reads past argv; a command here would throw, so the file is refused instead).
     */
    public String executeLoadedCommand(Client fake, List<byte[]> argv) {
        RedisCommand cmd = commands.lookup(argv.get(0));
        String unknown = "Unknown command '" + new String(argv.get(0), StandardCharsets.UTF_8) + "'";
        if (cmd == null) return unknown;
        if (!cmd.subcommands().isEmpty() && argv.size() > 1) {
            RedisCommand sub = cmd.subcommand(new String(argv.get(1), StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT));
            if (sub != null) cmd = sub;
        }
        if (cmd.handler() == null) return unknown;
        if (!cmd.arityOk(argv.size())) return "Wrong number of arguments for '" + cmd.fullName + "' command";
        fake.argv = argv;
        fake.cmd = cmd;
        keyspace.startCommand();
        cmd.handler().execute(fake);
        fake.argv = null;
        fake.originalArgv = null;
        fake.consumeReply(fake.pendingReplyBytes());
        return null;
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

    /** Scripting as the core sees it (script.c's state): busy or not, the function libraries. */
    public ScriptRunner scripts() { return scripts; }

    /** Gives the server its scripting (Engine does, before any client connects). */
    public void setScripts(ScriptRunner scripts) {
        this.scripts = scripts;
        keyspace.setFunctionLibraries(scripts.libraries());
    }


    /** Stops a running script and the script thread (engine shutdown). */
    public void shutdownScripting() { scripts.shutdown(); }


    public String runId() { return runId; }


    public void setListener(ServerListener listener) { this.listener = listener == null ? ServerListener.NONE : listener; }

    public ServerListener listener() { return listener; }

    /** True when the default user needs a password (or is off), so new clients must AUTH first (authRequired). */
    public boolean authRequired() { return access().authRequired(); }

    /** ACL as the core sees it (acl.c): the default user, AUTH, the permission check. */
    public AccessControl access() {
        if (access == null) access = AccessControl.requirePassOnly(settings);
        return access;
    }

    /** Gives the server its ACL (Engine does, before any client connects). */
    public void setAccess(AccessControl access) { this.access = access; }


    // ---------------------------------------------------------------- the server's parts

    /** The client half of networking.c: the client list, query buffers, pending writes. */
    Networking networking() { return networking; }

    /** Output buffer limits and client eviction (networking.c's client memory half). */
    public ClientMemory clientMemory() { return clientMemory; }

    /** The I/O threads (networking.c's threaded I/O): INFO reads their state and counters. */
    public ThreadedIO threadedIO() { return threadedIO; }

    /**
     * A socket read arrived for {@code c} (readQueryFromClient's postponeClientRead): true if an I/O
     * thread will copy and parse its bytes at the tick's end, so the caller keeps them for it.
     */
    public boolean postponeClientRead(Client c) { return threadedIO.postponeClientRead(c); }

    /** Stops the I/O threads (killIOThreads; the engine is closing). */
    public void killIoThreads() { threadedIO.killIOThreads(); }

    /** CLIENT PAUSE's state. */
    ClientPause pause() { return pause; }

    /**
     * INFO's blocked_clients: clients blocked on keys or WAIT and clients a CLIENT PAUSE holds back
     * (blockClient counts every btype, BLOCKED_POSTPONE included).
     */
    public int blockedClients() { return blocking.blockedClients() + pause.postponedClients() + shutdown.blockedClients(); }

    /** oom-score-adj: this process's and its background children's OOM killer score. */
    public OomScoreAdj oomScoreAdj() { return oomScoreAdj; }

    /** The shutdown sequence: SHUTDOWN, signals, the wait for replicas. */
    public Shutdown shutdown() { return shutdown; }

    public long cronLoops() { return cron.cronLoops(); }

    public Collection<Client> clients() { return Collections.unmodifiableCollection(networking.clients().values()); }

    public Client client(long id) { return networking.clients().get(id); }

    /** Clients that are replicas of this server (listLength(server.slaves)). */
    public int replicaClients() {
        int n = 0;
        for (Client c : networking.clients().values()) if (c.replica) n++;
        return n;
    }

    public List<Client> monitors() { return networking.monitors(); }

    /** A connection was accepted (acceptCommonHandler): the new client, or null if refused (maxclients, protected mode). */
    public Client acceptClient(Connection conn) { return networking.acceptClient(conn); }

    /** Creates a client for any connection, network or in-process, without the accept checks. */
    public Client createClient(Connection conn) { return networking.createClient(conn); }

    /** A client with no connection, for replaying the AOF (createAOFClient). */
    public Client createFakeClient() { return networking.createFakeClient(); }

    /** The client a script's commands run on (the script caller's fake client). */
    public Client createScriptClient() { return networking.createScriptClient(); }

    /** Forgets a client whose connection closed (freeClient). */
    public void freeClient(Client c) { networking.freeClient(c); }

    /** Closes a client from the server side: CLIENT KILL, timeouts, limits. */
    public void closeClient(Client c) { networking.closeClient(c); }

    /** Bytes arrived for a client (readQueryFromClient): run every complete command in its query buffer. */
    public void onInput(Client c, int bytesRead) { networking.onInput(c, bytesRead); }

    /** Bytes for a client that did not come from its own socket read (the master's stream on a replica). */
    public void feedClientInput(Client c, byte[] b, int off, int len) { networking.feedClientInput(c, b, off, len); }

    /** Writes a watcher's pending reply now instead of in beforeSleep, then runs what else it sent. */
    public void writeAtOnce(Client c) { networking.writeAtOnce(c); }

    /** Puts the client on the list flushed by beforeSleep (clientInstallWriteHandler). */
    public void queueWrite(Client c) { networking.queueWrite(c); }

    /** Runs a command from inside the JVM on behalf of a client (REPL, tests, embedding); command thread only. */
    public void execute(Client c, List<byte[]> argv) { networking.execute(c, argv); }

    /** True while CLIENT PAUSE holds (checkClientPauseTimeoutAndReturnIfPaused): keys neither expire nor get evicted. */
    public boolean clientsPaused() { return pause.writesPaused(); }

    public void pauseClients(long endMillis, boolean writesOnly) { pause.pauseClients(endMillis, writesOnly); }

    public void unpauseClients() { pause.unpauseClients(); }

    /** True while a script that outlived busy-reply-threshold runs: commands get -BUSY, crons skip the data set. */
    public boolean scriptBusy() { return scripts.busy(); }

    /** Wraps an executor of keyspace work (BGSAVE's walk slices) so that it waits while a script is busy. */
    public Executor deferWhileScriptBusy(Executor executor) { return busyScript.deferWhileScriptBusy(executor); }

    /** A script is about to outlive busy-reply-threshold: its effects' propagation is held open. */
    public void scriptBecomesBusy() { busyScript.scriptBecomesBusy(); }

    /** The long script returned: its effects propagate as one block, held work runs. */
    public void scriptNoLongerBusy() { busyScript.scriptNoLongerBusy(); }

    /** True when the running command was called by another (an EVAL inside EXEC): no BUSY hand-over then. */
    public boolean insideNestedCall() { return busyScript.insideNestedCall(); }

    /** Runs a command a script called, on the script's client (script.c's scriptCall → call()). */
    public void callFromScript(Client scriptClient, io.glassbox.command.RedisCommand cmd) { busyScript.callFromScript(scriptClient, cmd); }

    // ---------------------------------------------------------------- the loop's procedures (LoopProcs)

    /** beforeSleep (server.c): see {@link ServerCron#beforeSleep}. Returns how many clients were written to. */
    @Override public int beforeSleep() { return cron.beforeSleep(); }

    /** The cron time event: {@code serverCron}, then the rate it asks for ({@code hz}). */
    @Override public int cron() {
        cron.serverCron();
        return settings.hz;
    }

    /** serverCron, once (tests drive the cron by hand). */
    public void serverCron() { cron.serverCron(); }

    @Override public long commandsProcessed() { return stats.numCommands; }

    /** Holds (true) or lets through (false) the parsing of query buffers; see {@code EventLoop.pause}. */
    @Override public void holdInput(boolean held) { networking.holdInput(held); }

    @Override public boolean hasPendingInput() { return networking.hasPendingInput(); }

    @Override public void processPendingInput() { networking.processPendingInput(); }

    /** Slow motion: the cron's active rehashing moves one bucket per run (see {@code EventLoop.setSlowMotion}). */
    @Override public void slowMotion(boolean oneStep) { cron.setActiveRehashOneStep(oneStep); }

    // ---------------------------------------------------------------- misc

    /**
     * Tells WATCH and client-side caching about writes and flushes (signalModifiedKey ->
     * touchWatchedKey, trackingInvalidateKey; signalFlushedDb), WATCH about swaps, publishes the
     * "expired" notification (deleteExpiredKeyAndPropagate), then tells whoever listened before.
     */
    private record WatchedKeysListener(Server server, Multi multi, Notify notifier, KeyspaceListener next)
            implements KeyspaceListener {
        @Override public void keyModified(RedisDb db, byte[] key) {
            multi.touchWatchedKey(db, key);
            server.tracking.invalidateKey(server.currentClient, key);
            next.keyModified(db, key);
        }
        @Override public void keyExpired(RedisDb db, byte[] key) {
            notifier.keyspaceEvent(Notify.EXPIRED, "expired", key, db.id);
            // the deletion already invalidated it for the current client; Redis signals an expired
            // key with no client, so a NOLOOP BCAST client hears of it even if it had set it itself
            server.tracking.invalidateKey(null, key);
            next.keyExpired(db, key);
        }
        @Override public void databasesSwapped(int a, int b) { multi.databasesSwapped(a, b); next.databasesSwapped(a, b); }
        @Override public void databaseFlushed(int db) {
            multi.databaseFlushed(db);
            server.tracking.invalidateKeysOnFlush();
            next.databaseFlushed(db);
        }
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
        listener.shutdownRequested();
        synchronized (this) { notifyAll(); }
    }

    /** Blocks the calling (non-loop) thread until SHUTDOWN is requested. */
    public synchronized void awaitShutdownRequest() throws InterruptedException {
        while (!shutdownRequested) wait();
    }

    public boolean shutdownRequested() { return shutdownRequested; }


    CommandProcessor processor() { return processor; }
}
