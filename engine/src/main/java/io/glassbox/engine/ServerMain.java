package io.glassbox.engine;

import io.glassbox.config.ConfigLoader;
import io.glassbox.config.ConfigRegistry;
import io.glassbox.server.Server;
import io.glassbox.server.ServerLog;
import io.glassbox.server.ServerSettings;
import io.glassbox.server.Shutdown;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code ./glassbox server [redis.conf] [--name value ...]} (also {@code ./glassbox redis-server}):
 * a RESP server in the foreground that takes its configuration exactly as {@code redis-server}
 * does, logs Redis's start-up and shutdown lines (Redis's own test suite waits for them), and stops
 * gracefully on SIGTERM and SIGINT as {@code shutdown-on-sigterm}/{@code -sigint} say.
 *
 * <p>The order of the lines follows {@code main()} in server.c: "Redis is starting", the version,
 * "Configuration loaded", the logo (or "Running mode=..."), "Server initialized", the loading lines,
 * then "Ready to accept connections". Redis listens before it loads; Glassbox's engine listens after
 * loading, so the port is tried (and let go) before the logo, and clients can connect only once the
 * data is loaded (Redis would answer -LOADING meanwhile).
 */
public final class ServerMain {
    private ServerMain() {}

    /** What {@code redisGitSHA1()} and {@code redisGitDirty()} say in a build from a release tarball. */
    private static final String GIT_SHA1 = "00000000";
    private static final String GIT_DIRTY = "0";

    public static void main(String[] args) throws Exception {
        ConfigRegistry registry = Engine.defaultConfig();
        if (args.length == 1 && (args[0].equals("-v") || args[0].equals("--version"))) {
            System.out.println("Redis server v=" + Server.REDIS_VERSION + " sha=" + GIT_SHA1 + ":" + GIT_DIRTY
                    + " malloc=jvm bits=64 build=glassbox");
            return;
        }
        // checkForSentinelMode: --sentinel among the arguments (the launcher adds it for redis-sentinel)
        boolean sentinelMode = java.util.Arrays.asList(args).contains("--sentinel");
        registry.setSentinelMode(sentinelMode);
        try {
            ConfigLoader.load(registry, args, System.in);
        } catch (ConfigLoader.FatalConfigError e) {
            System.err.print(e.getMessage());
            System.err.flush();
            System.exit(1);
        }
        ServerSettings settings = io.glassbox.server.ServerConfig.toSettings(registry);
        settings.logToStdout = true;
        if (sentinelMode) sentinelCheckConfigFile(registry, settings);
        long pid = ProcessHandle.current().pid();
        Server.logTo(settings, "warning", "oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo");
        Server.logTo(settings, "warning", "Redis version=" + Server.REDIS_VERSION + ", bits=64, commit=" + GIT_SHA1
                + ", modified=" + GIT_DIRTY + ", pid=" + pid + ", just started");
        if (args.length == 0) {
            Server.logTo(settings, "warning", "Warning: no config file specified, using the default config. "
                    + "In order to specify a config file use ./glassbox server /path/to/redis.conf");
        } else {
            Server.logTo(settings, "warning", "Configuration loaded");
        }
        if ("yes".equals(registry.value("daemonize"))) {
            Server.logTo(settings, "warning", "daemonize yes is not supported by Glassbox: running in the foreground.");
        }
        // initServer listens, then main prints the logo (with the PID the test suite waits for) and
        // "Server initialized", then loadDataFromDisk: a client that connects on the PID line waits
        // for the load, and a start that fails on a bad AOF or RDB has shown its logo
        ServerSettings startSettings = settings;
        Engine engine;
        try {
            engine = Engine.start(registry, () -> {
                writePidFile(startSettings);
                try {
                    asciiArt(registry, startSettings, startSettings.port, pid);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e); // the logo is a resource of this jar
                }
                if (!sentinelMode) Server.logTo(startSettings, "warning", "Server initialized");
            });
        } catch (IllegalArgumentException e) { // a bad sentinel line (loadSentinelConfigFromQueue)
            System.err.print(e.getMessage());
            System.err.flush();
            System.exit(1);
            return;
        } catch (Engine.BindException e) {
            Server.logTo(settings, "warning", e.getMessage());
            // initServer's line, which the test suite matches to retry on another port
            // (not after a Unix socket's failure or "Configured to not listen anywhere", which end alone)
            if (!e.getMessage().startsWith("Failed") && !e.getMessage().startsWith("Configured")) {
                Server.logTo(settings, "warning", "Failed listening on port " + settings.port + " (TCP), aborting.");
            }
            removePidFile(settings);
            System.exit(1);
            return;
        } catch (Engine.StartupException e) {
            Server.logTo(settings, "warning", e.getMessage());
            // rdbReportError while loading the file at start-up ends the same way in Redis
            if (e.getCause() instanceof io.glassbox.persistence.rdb.RdbLoadException) {
                Server.logTo(settings, "warning", "Terminating server after rdb file reading failure.");
            }
            removePidFile(settings);
            System.exit(1);
            return;
        }
        settings = engine.server().settings(); // the live settings: CONFIG SET loglevel/logfile apply to the last lines
        Server.logTo(settings, "verbose", "Glassbox transport: " + (engine.loop().usesEpoll() ? "epoll" : "nio"));
        if (engine.port() != 0 && !sentinelMode) Server.logTo(settings, "notice", "Ready to accept connections");
        engine.onSentinelCrash(() -> Runtime.getRuntime().halt(99));
        if (engine.unixSocket() != null) {
            Server.logTo(settings, "notice", "The server is now ready to accept connections at " + engine.unixSocket());
        }
        installSignalHandlers(engine);
        if (Boolean.getBoolean("glassbox.cds.training")) train(engine);
        engine.awaitShutdownRequest();
        engine.close();
        if (settings.pidfile != null && !settings.pidfile.isEmpty()) {
            Server.logTo(settings, "notice", "Removing the pid file.");
            removePidFile(settings);
        }
        Server.logTo(settings, "warning", "Redis is now ready to exit, bye bye...");
        System.exit(0);
    }

    /**
     * redisAsciiArt: the logo with version, mode, port and PID when the log goes to a terminal (or
     * {@code always-show-logo yes}), else one "Running mode=" line.
     */
    private static void asciiArt(ConfigRegistry registry, ServerSettings settings, int port, long pid) throws IOException {
        boolean toTerminal = !"yes".equals(registry.value("syslog-enabled"))
                && (settings.logfile == null || settings.logfile.isEmpty()) && System.console() != null;
        if (!toTerminal && !"yes".equals(registry.value("always-show-logo"))) {
            Server.logTo(settings, "notice", "Running mode=" + mode(registry, settings) + ", port=" + port + ".");
            return;
        }
        String logo;
        try (InputStream in = ServerMain.class.getResourceAsStream("redis-logo.txt")) {
            logo = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ServerLog.raw(settings, "notice", String.format(logo, Server.REDIS_VERSION, GIT_SHA1, Integer.parseInt(GIT_DIRTY),
                "64", mode(registry, settings), port, pid));
    }

    /** The logo's and the "Running mode=" line's mode (redisAsciiArt): sentinel, cluster or standalone. */
    private static String mode(ConfigRegistry registry, ServerSettings settings) {
        return settings.sentinelMode ? "sentinel" : "yes".equals(registry.value("cluster-enabled")) ? "cluster" : "standalone";
    }

    /** sentinelCheckConfigFile: a Sentinel keeps its state in its config file, so it must have a writable one. */
    private static void sentinelCheckConfigFile(ConfigRegistry registry, ServerSettings settings) {
        if (registry.configFile() == null) {
            Server.logTo(settings, "warning", "Sentinel needs config file on disk to save state. Exiting...");
            System.exit(1);
        } else if (!Files.isWritable(registry.configFile())) {
            Server.logTo(settings, "warning", "Sentinel config file " + registry.configFile() + " is not writable: "
                    + (Files.exists(registry.configFile()) ? "Permission denied" : "No such file or directory") + ". Exiting...");
            System.exit(1);
        }
    }

    /**
     * sigShutdownHandler: a signal only schedules the shutdown; serverCron then runs it on the
     * command thread with the flags of {@code shutdown-on-sigterm} or {@code shutdown-on-sigint}
     * (server/Shutdown). A second SIGINT exits at once. If saving fails the server keeps running.
     */
    private static void installSignalHandlers(Engine engine) {
        for (String sig : new String[]{"TERM", "INT"}) {
            int number = sig.equals("INT") ? Shutdown.SIGINT : Shutdown.SIGTERM;
            sun.misc.Signal.handle(new sun.misc.Signal(sig), s -> {
                if (!engine.server().shutdown().signalReceived(number)) Runtime.getRuntime().halt(1);
            });
        }
    }

    /**
     * The launcher's one-off class-data-sharing run ({@code -XX:ArchiveClassesAtExit}): a few common
     * commands load the classes that a server needs for its first replies, then the server stops.
     * Later starts map those classes from the archive instead of loading them from the jars.
     */
    private static void train(Engine engine) {
        try (LocalClient c = engine.newClient()) {
            c.call("SET", "k", "v");
            c.call("GET", "k");
            c.call("INCR", "n");
            c.call("RPUSH", "l", "a", "b");
            c.call("HSET", "h", "f", "v");
            c.call("SADD", "s", "m");
            c.call("ZADD", "z", "1", "m");
            c.call("XADD", "x", "*", "f", "v");
            c.call("CONFIG", "GET", "port");
            c.call("INFO");
            c.call("FLUSHALL");
        }
        engine.loop().submit(() -> {
            if (engine.server().shutdown().prepare(Shutdown.NOSAVE | Shutdown.NOW)) engine.server().requestShutdown();
            return null;
        }).join();
    }

    private static void writePidFile(ServerSettings s) {
        if (s.pidfile == null || s.pidfile.isEmpty()) return;
        try {
            Files.writeString(Path.of(s.pidfile), ProcessHandle.current().pid() + "\n");
        } catch (IOException e) {
            Server.logTo(s, "warning", "Failed to write PID file: " + e.getMessage());
        }
    }

    private static void removePidFile(ServerSettings s) {
        try {
            Files.deleteIfExists(Path.of(s.pidfile));
        } catch (IOException ignored) {
            // nothing useful to do while exiting
        }
    }
}
