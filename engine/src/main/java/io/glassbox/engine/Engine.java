package io.glassbox.engine;

import io.glassbox.acl.Acl;
import io.glassbox.acl.AclCommands;
import io.glassbox.command.CommandTable;
import io.glassbox.command.Commands;
import io.glassbox.config.ConfigLoader;
import io.glassbox.config.ConfigRegistry;
import io.glassbox.eviction.Eviction;
import io.glassbox.hooks.Hooks;
import io.glassbox.hooks.remote.GlassboxCommands;
import io.glassbox.loop.EventLoop;
import io.glassbox.module.core.ModuleCommands;
import io.glassbox.module.core.Modules;
import io.glassbox.net.NettyServer;
import io.glassbox.persistence.DiskPersistence;
import io.glassbox.pubsub.PubSub;
import io.glassbox.pubsub.PubSubCommands;
import io.glassbox.replication.Replication;
import io.glassbox.replication.ReplicationCommands;
import io.glassbox.scripting.LazyScripting;
import io.glassbox.scripting.ScriptingCommands;
import io.glassbox.server.Client;
import io.glassbox.server.Server;
import io.glassbox.server.ServerConfig;
import io.glassbox.server.ServerSettings;
import io.glassbox.tracking.TrackingCommands;
import io.glassbox.tracking.TrackingTable;
import io.glassbox.util.Clock;
import io.glassbox.util.Glob;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Glassbox's public face: one engine, running its command loop, optionally serving RESP on a TCP
 * port, and reachable from inside the JVM through {@link LocalClient}s. The REPL, the visualizer,
 * the samples and the tests use this class (and the hooks), nothing behind it.
 *
 * <pre>{@code
 * try (Engine engine = Engine.start(settings)) {
 *     LocalClient c = engine.newClient();
 *     c.call("SET", "greeting", "hello");
 * }
 * }</pre>
 */
public final class Engine implements AutoCloseable {
    private final Server server;
    private final EventLoop loop;
    private final NettyServer net = new NettyServer();
    private final AtomicInteger localClients = new AtomicInteger();
    private final Hooks hooks;
    private final GlassboxCommands remote;
    private final DiskPersistence persistence;
    private final Replication replication;
    private final Acl acl;
    private final TrackingTable tracking;
    private final Eviction eviction;
    private final Modules modules;
    /** Redis Cluster, or null with cluster-enabled no. */
    private final io.glassbox.cluster.Cluster cluster;
    /** The Sentinel of an engine in sentinel mode ({@code --sentinel}), else null. */
    private final io.glassbox.sentinel.Sentinel sentinel;
    /** What SENTINEL SIMULATE-FAILURE's crash does: the launcher exits with 99, an embedded engine closes. */
    private volatile Runnable sentinelCrash = () -> new Thread(this::close, "glassbox-sentinel-crash").start();
    /** The engine's clock: a ManualClock for {@link #startWithManualClock}, moved by {@link TeachingControls#advanceClock}. */
    private final Clock clock;
    /** main()'s steps as this engine took them: written by {@link #start} before the engine is handed out, read-only after. */
    private final java.util.List<io.glassbox.hooks.StartupPhase> startup = new java.util.ArrayList<>();

    /**
     * Builds one engine, lowest layer first (docs/architecture.md): the server core with its command
     * table, then each subsystem with what it needs of the server, given to the server through the
     * narrow interface the core calls ({@code setPubSub}, {@code setScripts}, {@code setPersistence},
     * {@code setReplication}) and with its commands bound into the table; then the loop that calls
     * the server, and the hooks that watch all of it.
     */
    private Engine(ConfigRegistry config, ServerSettings settings, Clock clock) {
        this.clock = clock;
        CommandTable table = new CommandTable();
        Commands.registerAll(table);
        this.server = new Server(config, settings, clock, table);
        PubSub pubsub = new PubSub();
        server.setPubSub(pubsub);
        PubSubCommands pubsubCommands = new PubSubCommands(pubsub, server.propagation());
        pubsubCommands.register(table);
        this.tracking = new TrackingTable(new TrackingHost(server));
        server.setTracking(tracking);
        new TrackingCommands(tracking).register(table);
        LazyScripting scripting = new LazyScripting(new ScriptingHost(server));
        server.setScripts(scripting);
        new ScriptingCommands(scripting).register(table);
        this.persistence = new DiskPersistence(new PersistenceHost(server));
        server.setPersistence(persistence);
        persistence.register(table);
        this.replication = new Replication(new ReplicationHost(server), persistence.rdb(), persistence.aof());
        server.setReplication(replication);
        new ReplicationCommands(replication).register(table);
        this.eviction = new Eviction(new EvictionHost(server, replication), config);
        server.setMemory(eviction);
        this.modules = new Modules(new ModuleHost(server));
        server.setModules(modules);
        config.setModuleLinesForRewrite(modules::loadmoduleLines);
        new ModuleCommands(modules).register(table);
        this.loop = new EventLoop(server); // the loop calls the server's beforeSleep and cron (aeSetBeforeSleepProc)
        server.setWakeup(loop::wakeAfter);
        server.setLoopExecutor(loop::execute); // the script thread hands a finished long script back through this
        // cluster-enabled: the node table and the bus (its sockets on this loop); its init runs at start
        if (config.bool("cluster-enabled").get()) {
            io.glassbox.config.StringConfig source = config.string("bind-source-addr");
            this.cluster = new io.glassbox.cluster.Cluster(new ClusterHost(server, replication, pubsub), config,
                    new io.glassbox.net.NettyClusterBus(loop, source::get));
            server.setCluster(cluster);
            pubsubCommands.setClusterPublish(cluster::propagatePublish);
        } else {
            this.cluster = null;
        }
        new io.glassbox.cluster.ClusterCommands(cluster).register(table);
        this.hooks = new Hooks(server, loop, replication, persistence.rdb(), persistence.aof(), tracking, eviction);
        hooks.observeModules(modules);
        // not Redis: the hooks served over RESP to remote visualizers (GLASSBOX.EVENTS / SNAPSHOT / LOOP)
        this.remote = new GlassboxCommands(hooks, loop);
        remote.register(table);
        this.sentinel = config.sentinelMode() ? startSentinel(config, table) : null;
        if (sentinel != null) hooks.watchSentinel(sentinel);
        // last, so that its rules can name every command of the table, GLASSBOX.* included
        this.acl = new Acl(new AclHost(server), table);
        server.setAccess(acl);
        new AclCommands(acl).register(table);
        config.onChange("requirepass", () -> acl.requirePassChanged(config.string("requirepass").get()));
    }

    /**
     * Sentinel mode (initSentinel): the command table shrinks to a Sentinel's, the SENTINEL family
     * and the Sentinel's INFO, ROLE and PUBLISH are bound, CONFIG REWRITE writes its state, and the
     * queued {@code sentinel} lines of the config are applied (a bad one stops the start).
     */
    private io.glassbox.sentinel.Sentinel startSentinel(ConfigRegistry config, CommandTable table) {
        Class<?> res = io.glassbox.sentinel.Sentinel.class;
        table.restrictTo(res.getResourceAsStream("redis-7.0-sentinel-command-info.resp3"),
                res.getResourceAsStream("redis-7.0-sentinel-command-docs.resp3"));
        io.glassbox.sentinel.Sentinel s = new io.glassbox.sentinel.Sentinel(new SentinelHost(server, loop, net::port, () -> sentinelCrash.run()));
        new io.glassbox.sentinel.SentinelCommands(s).register(table);
        config.setSentinelRewrite(s::rewriteConfig);
        try {
            s.loadConfig(config.sentinelLines());
        } catch (ConfigLoader.FatalConfigError e) {
            loop.close();
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return s;
    }

    /** sentinelTimer from serverCron, at a rate that wanders between 10 and 19 Hz so that Sentinels never stay in step. */
    private void scheduleSentinelTimer() {
        long delay = 1000 / (10 + java.util.concurrent.ThreadLocalRandom.current().nextInt(10));
        try {
            loop.group().schedule(() -> loop.execute(() -> {
                sentinel.timer();
                scheduleSentinelTimer();
            }), delay, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // the engine is closing
        }
    }

    /** The Sentinel of an engine in sentinel mode, else null; for the hooks and tests. */
    public io.glassbox.sentinel.Sentinel sentinel() { return sentinel; }

    /** What SENTINEL SIMULATE-FAILURE's crash does (the launcher: exit 99). */
    public void onSentinelCrash(Runnable crash) { this.sentinelCrash = crash; }

    /** Starts an engine with these settings; listens on {@code settings.port} unless it is 0. */
    public static Engine start(ServerSettings settings) throws BindException {
        return start(settings, Clock.SYSTEM);
    }

    public static Engine start(ServerSettings settings, Clock clock) throws BindException {
        return start(ServerConfig.fromSettings(settings), settings, clock, () -> {}, java.util.List.of());
    }

    /**
     * Starts an engine from a config registry, as the launcher does after reading redis.conf and the
     * command line ({@code ConfigLoader.load}); CONFIG GET/SET/REWRITE then act on that registry.
     */
    public static Engine start(ConfigRegistry config) throws BindException {
        return start(config, Clock.SYSTEM);
    }

    public static Engine start(ConfigRegistry config, Clock clock) throws BindException {
        return start(config, ServerConfig.toSettings(config), clock, () -> {}, java.util.List.of());
    }

    /**
     * Starts an engine as {@code redis-server}'s main does: {@code listening} runs once the port is
     * bound and before the data is loaded (where Redis prints its logo and "Server initialized", so
     * that whoever waits for those lines can connect at once; the connection waits for the load).
     */
    public static Engine start(ConfigRegistry config, Runnable listening) throws BindException {
        ServerSettings settings = ServerConfig.toSettings(config);
        settings.logToStdout = true; // redis-server's own log lines, as its users (and the Tcl suite) read them
        return start(config, settings, Clock.SYSTEM, listening, java.util.List.of(), true);
    }

    private static Engine start(ConfigRegistry config, ServerSettings settings, Clock clock, Runnable listening,
                                java.util.List<io.glassbox.hooks.StartupPhase> configPhases) throws BindException {
        return start(config, settings, clock, listening, configPhases, false);
    }

    /**
     * {@code serverProcess}: this engine is the process (the launcher's server, as Redis's suite
     * starts it), so the background jobs Redis forks for show a stand-in child process
     * ({@link io.glassbox.server.ChildProcess}); an embedded engine shares its JVM and starts none.
     */
    private static Engine start(ConfigRegistry config, ServerSettings settings, Clock clock, Runnable listening,
                                java.util.List<io.glassbox.hooks.StartupPhase> configPhases, boolean serverProcess)
            throws BindException {
        long t = System.nanoTime();
        Engine e = new Engine(config, settings, clock);
        e.startup.addAll(configPhases);
        t = e.phase("initServer", t, e.databases(), "");
        // ACLLoadUsersAtStartup: redis.conf's user lines or the ACL file; an error stops the start
        String aclError = e.acl.loadAtStartup(config.userLines());
        t = e.phase("ACLLoadUsersAtStartup", t, config.userLines().size(), "");
        if (aclError != null) {
            // Redis logs each line and exits; the last line is the exception's (the launcher logs it)
            String[] lines = aclError.split("\n");
            for (int i = 0; i < lines.length - 1; i++) e.server.log("warning", lines[i]);
            e.loop.close();
            throw new StartupException(lines[lines.length - 1], null);
        }
        // the snapshot walks yield to I/O between slices, and wait out rdb-key-save-delay on a timer;
        // BGSAVE's slices wait while a script outlives busy-reply-threshold
        java.util.concurrent.Executor afterScript = e.server.deferWhileScriptBusy(e.loop::executeAfterIo);
        e.persistence.rdb().setScheduler((slice, delayMicros) -> {
            if (delayMicros <= 0) afterScript.execute(slice);
            else e.loop.executeLater(() -> afterScript.execute(slice), delayMicros);
        });
        e.persistence.aof().setScheduler(e.loop::executeLater);
        if (serverProcess) {
            e.persistence.setChildProcesses(title -> {
                io.glassbox.server.ChildProcess child = io.glassbox.server.ChildProcess.STAND_IN.start(title);
                if (child != null) e.server.oomScoreAdj().applyToChild(child.pid());
                return child;
            });
        }
        // setOOMScoreAdj at start and whenever its settings change (updateOOMScoreAdj)
        e.server.oomScoreAdj().apply();
        for (String name : new String[]{"oom-score-adj", "oom-score-adj-values"}) {
            config.onChange(name, () -> {
                if (!e.server.oomScoreAdj().apply()) {
                    throw new io.glassbox.config.ConfigValueException("Failed to set current oom_score_adj. Check server logs.");
                }
            });
        }
        io.glassbox.config.StringConfig bindSource = config.string("bind-source-addr");
        e.replication.setConnector(new io.glassbox.net.NettyMasterConnector(e.loop, bindSource::get));
        // InitServerLast's bioInit: Glassbox starts a bio thread with its first job (Bio.worker)
        t = e.phase("InitServerLast", t, e.server.keyspace().lazyFree().bio().thread(io.glassbox.bio.Bio.Op.LAZY_FREE) == null ? 0 : 1, "");
        // listenToPort comes before loadDataFromDisk, as in Redis's main: a taken port fails the start
        // at once, and a client that connects during the load waits for it (the load is one task on
        // the command thread, so the loop reads nobody's request until it is done)
        if (e.cluster != null) {
            // clusterInit (initServer): nodes.conf and the bus port, before any client or node can
            // reach the engine and before the data is loaded (the load fills the slot index)
            try {
                e.clusterInit();
            } catch (java.io.IOException | io.glassbox.cluster.BusTransport.BindFailed ex) {
                e.server.log("warning", ex.getMessage());
                e.cluster.close();
                e.loop.close();
                throw new StartupException(ex.getMessage(), ex);
            }
        }
        try {
            e.net.start(e.server, e.loop);
            e.server.shutdown().setCloseListeningSockets(e.net::closeListeningSockets);
        } catch (NettyServer.BindException ex) {
            e.loop.close();
            throw new BindException(ex.getMessage());
        }
        // CONFIG SET port / bind listen again (updatePort, applyBind); a failure keeps the old listeners
        config.onChange("port", () -> e.relisten("Unable to listen on this port. Check server logs."));
        config.onChange("bind", () -> e.relisten("Failed to bind to specified addresses."));
        t = e.phase("listenToPort", t, e.port(), String.valueOf(config.value("bind")));
        listening.run();
        if (e.sentinel != null) { // a Sentinel loads no data: sentinelIsRunning, then its timer
            e.loop.submitOutsideTicks(() -> { e.sentinel.isRunning(); return null; }).join();
            e.loop.startCron(e.server.settings().hz);
            e.scheduleSentinelTimer();
            return e;
        }
        long[] keys = new long[1];
        try {
            e.loop.submitOutsideTicks(() -> {
                try {
                    // moduleLoadFromQueue, before the data: an RDB or AOF may hold the modules' types
                    String failed = e.modules.loadFromQueue(config.loadModuleLines());
                    if (failed != null) throw new java.io.IOException("Can't load module from " + failed + ": server aborting");
                    e.loadDataFromDisk();
                    for (int db = 0; db < e.databases(); db++) keys[0] += e.server.keyspace().db(db).size();
                    return null;
                } catch (java.io.IOException | io.glassbox.persistence.rdb.RdbLoadException ex) {
                    throw new java.util.concurrent.CompletionException(ex);
                }
            }).join();
        } catch (java.util.concurrent.CompletionException ex) {
            e.net.close();
            e.loop.close();
            Throwable cause = ex.getCause() instanceof java.util.concurrent.CompletionException c ? c.getCause() : ex.getCause();
            if (cause instanceof java.io.UncheckedIOException u) cause = u.getCause();
            throw new StartupException(cause.getMessage(), cause);
        }
        t = e.phase("loadDataFromDisk", t, keys[0], e.loadedFrom());
        e.loop.startCron(e.server.settings().hz);
        e.phase("aeMain", t, e.server.settings().hz, "");
        return e;
    }

    /** Records main()'s step {@code function} as begun at {@code since} and ended now; returns now. */
    private long phase(String function, long since, long count, String detail) {
        long now = System.nanoTime();
        startup.add(new io.glassbox.hooks.StartupPhase(function, since, now - since, count, detail));
        return now;
    }

    /** The file loadDataFromDisk read: the AOF's manifest with appendonly yes, else the RDB; "" if it does not exist. */
    private String loadedFrom() {
        java.nio.file.Path dir = java.nio.file.Path.of(server.config().value("dir"));
        String f = server.config().bool("appendonly").get()
                ? server.config().value("appenddirname") + "/" + server.config().value("appendfilename") + ".manifest"
                : server.config().value("dbfilename");
        return java.nio.file.Files.exists(dir.resolve(f)) ? f : "";
    }

    /**
     * main()'s steps in the order this engine took them, with what each did (see {@link
     * io.glassbox.hooks.StartupPhase}): a start-up a learner can read after the fact.
     */
    public java.util.List<io.glassbox.hooks.StartupPhase> startup() { return java.util.List.copyOf(startup); }

    /**
     * Starts an engine as {@code redis-server} would with these arguments ({@code "--port", "0",
     * "--save", ""}, or a redis.conf path first); the standard input is not read.
     *
     * @throws IllegalArgumentException with Redis's message if an argument is refused
     */
    public static Engine start(String... redisServerArgs) throws BindException {
        return startFromArgs(redisServerArgs, Clock.SYSTEM);
    }

    /**
     * Starts a Sentinel as {@code redis-sentinel} would with these arguments (a sentinel.conf path
     * first, which it rewrites with its state, then {@code --name value} options).
     *
     * @throws IllegalArgumentException with Redis's message if an argument or a sentinel line is refused
     */
    public static Engine startSentinel(String... redisSentinelArgs) throws BindException {
        ConfigRegistry registry = defaultConfig();
        registry.setSentinelMode(true);
        try {
            ConfigLoader.load(registry, redisSentinelArgs, java.io.InputStream.nullInputStream());
        } catch (ConfigLoader.FatalConfigError ex) {
            throw new IllegalArgumentException(ex.getMessage().trim(), ex);
        }
        // sentinelCheckConfigFile: the state lives in the config file
        if (registry.configFile() == null || !java.nio.file.Files.isWritable(registry.configFile())) {
            throw new IllegalArgumentException("Sentinel needs config file on disk to save state. Exiting...");
        }
        return start(registry);
    }

    /**
     * Starts an engine as {@link #start(String...)} does, on a clock that stands still (at the real
     * time of the call) until {@link TeachingControls#advanceClock} moves it: idle times, LFU decay
     * in minutes and TTLs then change only when told, so a lesson can show a key idle for an hour
     * without waiting for it. For an engine of a lesson's (or a test's) own, never the learner's:
     * moving the clock expires keys.
     */
    public static Engine startWithManualClock(String... redisServerArgs) throws BindException {
        return startFromArgs(redisServerArgs, new io.glassbox.util.ManualClock(System.currentTimeMillis()));
    }

    /** main()'s initServerConfig (the defaults) and loadServerConfig (the arguments), then the start. */
    private static Engine startFromArgs(String[] redisServerArgs, Clock clock) throws BindException {
        long t0 = System.nanoTime();
        ConfigRegistry registry = defaultConfig();
        long t1 = System.nanoTime();
        try {
            ConfigLoader.load(registry, redisServerArgs, java.io.InputStream.nullInputStream());
        } catch (ConfigLoader.FatalConfigError ex) {
            throw new IllegalArgumentException(ex.getMessage().trim(), ex);
        }
        long t2 = System.nanoTime();
        long options = java.util.Arrays.stream(redisServerArgs).filter(a -> a.startsWith("--")).count();
        return start(registry, ServerConfig.toSettings(registry), clock, () -> {}, java.util.List.of(
                new io.glassbox.hooks.StartupPhase("initServerConfig", t0, t1 - t0, registry.all().size(), ""),
                new io.glassbox.hooks.StartupPhase("loadServerConfig", t1, t2 - t1, options, String.join(" ", redisServerArgs))));
    }

    /**
     * A config registry holding Redis's defaults, for {@code ConfigLoader.load} to fill from a
     * redis.conf and the command line before {@link #start(ConfigRegistry)}. CONFIG GET and CONFIG
     * SET match its names with Redis's glob patterns.
     */
    public static ConfigRegistry defaultConfig() {
        ConfigRegistry r = ConfigRegistry.createDefault((pattern, name) -> Glob.match(
                pattern.getBytes(StandardCharsets.ISO_8859_1), name.getBytes(StandardCharsets.ISO_8859_1), true));
        r.setUserLineCheck(Acl::checkUserLine); // redis.conf's user lines are checked as they are read
        return r;
    }

    /** CONFIG SET port/bind's apply: listens on the new address, or rejects the change with Redis's error. */
    private void relisten(String error) throws io.glassbox.config.ConfigValueException {
        try {
            net.relisten(server.settings().bind, server.settings().port);
        } catch (NettyServer.BindException ex) {
            server.log("warning", ex.getMessage());
            throw new io.glassbox.config.ConfigValueException(error);
        }
    }

    /** The engine could not listen on its port (taken, or no address to bind): Redis's message. */
    public static final class BindException extends Exception {
        public BindException(String message) { super(message); }
    }

    /**
     * loadDataFromDisk, on the command thread: the AOF if appendonly is on (it is the more complete
     * record), else the RDB; then replication starts where the file left the stream (replicaof in the
     * config connects to the master, continuing from the loaded RDB's offset; a master keeps its
     * history for the replicas it had). A bad file stops the start.
     */
    private void loadDataFromDisk() throws java.io.IOException, io.glassbox.persistence.rdb.RdbLoadException {
        if (server.config().bool("appendonly").get()) persistence.aof().loadAtStartup();
        else persistence.rdb().loadAtStartup();
        if (server.config().lookupConfig("replicaof") instanceof io.glassbox.config.SpecialConfigs.ReplicaOf ro
                && ro.masterHost() != null) {
            replication.startAsReplica(ro.masterHost(), ro.masterPort(), persistence.rdb().startupAux());
        } else {
            replication.startAsMaster(persistence.rdb().startupAux());
        }
    }

    /** clusterInit: nodes.conf (relative to {@code dir}) and the bus port, port+10000 unless cluster-port says otherwise. */
    private void clusterInit() throws java.io.IOException, io.glassbox.cluster.BusTransport.BindFailed {
        String bind = server.settings().bind;
        java.util.List<String> addrs = bind == null || bind.isBlank() ? java.util.List.of("*") : java.util.List.of(bind.trim().split("\\s+"));
        java.nio.file.Path dir = server.config().special(io.glassbox.config.SpecialConfigs.Dir.class).get();
        cluster.init(server.settings().port, addrs, dir);
    }

    /** Redis Cluster on this engine, or null with cluster-enabled no; for the hooks and tests inside the engine module. */
    public io.glassbox.cluster.Cluster cluster() { return cluster; }

    /** The engine could not start: its data files are unreadable (the message names the file and offset). */
    public static final class StartupException extends RuntimeException {
        public StartupException(String message, Throwable cause) { super(message, cause); }
    }

    /** Blocks until a client sends SHUTDOWN (or the process is told to stop). */
    public void awaitShutdownRequest() throws InterruptedException { server.awaitShutdownRequest(); }

    /** The TCP port actually bound (useful with port 0 ... or a taken port), or 0 if none. */
    public int port() { return net.port(); }

    /** The Unix domain socket's path ({@code unixsocket}) if one is listened on, else null. */
    public String unixSocket() { return net.unixSocket(); }

    public EventLoop loop() { return loop; }

    /** Pause, step, resume and slow motion: the teaching controls of this engine's event loop. */
    public TeachingControls controls() { return new TeachingControls(loop, clock); }

    /** True once a client sent SHUTDOWN. */
    public boolean shutdownRequested() { return server.shutdownRequested(); }

    /** How many databases the keyspace has ({@code databases} in redis.conf). */
    public int databases() { return server.keyspace().databases(); }

    /** The observation API: typed events, snapshots (see {@code docs/hooks.md}). */
    public Hooks hooks() { return hooks; }

    /** The server state; for the hooks layer and tests inside the engine module. */
    public Server server() { return server; }

    /** The RDB and AOF of this engine; for tests inside the engine module. */
    public DiskPersistence persistence() { return persistence; }

    /** The loaded modules of this engine (module.c's modules dict); for the hooks and tests inside the engine module. */
    public Modules modules() { return modules; }

    /** The replication of this engine; for tests inside the engine module. */
    public Replication replication() { return replication; }

    /** maxmemory and the memory account of this engine; for the hooks and tests inside the engine module. */
    public Eviction eviction() { return eviction; }

    /** A new in-process client, connected like a network client. */
    public LocalClient newClient() {
        String name = "local:" + localClients.incrementAndGet();
        LocalConnection conn = new LocalConnection(name);
        // attaching a client is not a command: it works even while the loop is paused
        Client c = loop.submitOutsideTicks(() -> server.createClient(conn)).join();
        return new LocalClient(this, conn, c);
    }

    @Override
    public void close() {
        try { // a running BGSAVE stops and removes its temp file, as Redis kills its child
            loop.submitOutsideTicks(() -> { persistence.rdb().killChild(); return null; }).get(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception | Error ignored) {
            // the loop is already gone: nothing runs the walk any more
        }
        if (sentinel != null) {
            try {
                loop.submitOutsideTicks(() -> { sentinel.shutdown(); return null; }).get(2, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception | Error ignored) {
                // the loop is already gone, and its connections with it
            }
        }
        server.shutdownScripting();
        if (cluster != null) {
            try {
                loop.submitOutsideTicks(() -> { cluster.close(); return null; }).get(2, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception | Error ignored) {
                // the loop is already gone: its sockets went with it
            }
        }
        remote.close();
        net.close();
        try {
            loop.submitOutsideTicks(() -> { persistence.aof().close(); return null; }).join();
        } catch (RuntimeException ignored) {
            // the loop is already gone: nothing was buffered that a tick could have flushed
        }
        loop.close();
        server.killIoThreads(); // killIOThreads
        server.keyspace().lazyFree().bio().shutdown(); // bioKillThreads
    }
}
