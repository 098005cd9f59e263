package io.glassbox.engine;

import io.glassbox.config.ConfigLoader;
import io.glassbox.config.ConfigRegistry;
import io.glassbox.server.Server;
import io.glassbox.server.ServerSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./glassbox server [redis.conf] [--name value ...]}: a RESP server in the foreground that
 * takes its configuration exactly as {@code redis-server} does, and stops with Redis's message on
 * a bad option.
 */
public final class ServerMain {
    private ServerMain() {}

    public static void main(String[] args) throws Exception {
        ConfigRegistry registry = Engine.defaultConfig();
        if (args.length == 1 && (args[0].equals("-v") || args[0].equals("--version"))) {
            System.out.println("Glassbox server v=" + Server.REDIS_VERSION + " (Redis-compatible)");
            return;
        }
        try {
            ConfigLoader.load(registry, args, System.in);
        } catch (ConfigLoader.FatalConfigError e) {
            System.err.print(e.getMessage());
            System.err.flush();
            System.exit(1);
        }
        ServerSettings settings = io.glassbox.server.ServerConfig.toSettings(registry);
        if ("yes".equals(registry.value("daemonize"))) {
            Server.logTo(settings, "warning", "daemonize yes is not supported by Glassbox: running in the foreground.");
        }
        Engine engine;
        try {
            engine = Engine.start(registry);
        } catch (Engine.BindException | Engine.StartupException e) {
            Server.logTo(settings, "warning", e.getMessage());
            System.exit(1);
            return;
        }
        writePidFile(settings);
        Server.logTo(settings, "notice", "Glassbox (Redis " + Server.REDIS_VERSION + " compatible) started, pid="
                + ProcessHandle.current().pid() + ", port=" + engine.port()
                + (engine.loop().usesEpoll() ? ", transport=epoll" : ", transport=nio"));
        Server.logTo(settings, "notice", "Ready to accept connections tcp");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!engine.server().shutdownRequested()) Server.logTo(settings, "warning", "Received SIGTERM scheduling shutdown...");
            engine.close();
            removePidFile(settings);
            Server.logTo(settings, "warning", "Glassbox is now ready to exit, bye bye...");
            stopped.countDown();
        }, "glassbox-shutdown"));
        engine.awaitShutdownRequest();
        System.exit(0);
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
        if (s.pidfile == null || s.pidfile.isEmpty()) return;
        try {
            Files.deleteIfExists(Path.of(s.pidfile));
        } catch (IOException ignored) {
            // nothing useful to do while exiting
        }
    }
}
