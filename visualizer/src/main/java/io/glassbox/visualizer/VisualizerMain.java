package io.glassbox.visualizer;

import io.glassbox.config.ConfigLoader;
import io.glassbox.config.ConfigRegistry;
import io.glassbox.engine.Engine;
import io.glassbox.visualizer.source.RemoteSource;
import javafx.application.Platform;
import javafx.stage.Stage;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./glassbox viz [--headless] [--stats] [--node host:port ...] [--lesson NN] [redis.conf] [--port N] [--name value ...]}: starts an engine in
 * this process, serving RESP on port 6379 (or {@code --port N}) so redis-cli and redis-benchmark can
 * drive it, and opens the visualizer on it. The process ends when the window is closed (or on
 * SHUTDOWN).
 *
 * <p>This is a plain main class, not an {@code Application}: a main class that extends Application
 * cannot be launched from the classpath ("JavaFX runtime components are missing").
 * {@code --headless} renders on Monocle's headless glass without a display (for measurements
 * and CI: the frame loop runs exactly as with a window); {@code --stats} prints the frame rate,
 * events per second and the dropped count twice a second; {@code --node host:port} (repeatable) adds
 * another node, Glassbox or Redis, to the replication tab's topology; {@code --lesson NN} opens the
 * Course panel on chapter NN's lesson at its first step; {@code --no-window} subscribes and drains
 * as the window does but draws nothing (to measure what watching costs the engine by itself).
 *
 * <p>{@code --attach host:port} starts no engine: the window watches a Glassbox server over the
 * network through its GLASSBOX.* commands (docs/remote-attach.md). Nothing listening there, or a
 * server that is not Glassbox (a real Redis), ends the program with one sentence; a server that
 * goes away later is reported in the window, which stays open on its last pictures.
 */
public final class VisualizerMain {
    private VisualizerMain() {}

    public static void main(String[] argv) throws Exception {
        List<String> serverArgs = new ArrayList<>();
        List<String> nodes = new ArrayList<>();
        boolean headless = false, stats = false, noWindow = false;
        String attach = null, lesson = null;
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (a.equals("--attach") && i + 1 < argv.length) attach = argv[++i];
            else if (a.equals("--node") && i + 1 < argv.length) nodes.add(argv[++i]);
            else if (a.equals("--lesson") && i + 1 < argv.length) lesson = argv[++i];
            else if (a.equals("--headless")) headless = true;
            else if (a.equals("--no-window")) noWindow = true;
            else if (a.equals("--stats")) stats = true;
            else serverArgs.add(a);
        }
        // the engine's Redis-format lines on the terminal, as before embedded engines logged through System.Logger
        if (!serverArgs.contains("--logfile")) serverArgs.addAll(List.of("--logfile", "/dev/stdout"));
        if (headless) Visualizer.useHeadlessGlass();
        String cannot = headless || noWindow ? null : WindowCheck.problem();
        if (cannot != null) {
            System.err.println(cannot);
            System.exit(1);
            return;
        }
        if (attach != null) {
            attach(attach, stats, nodes);
            return;
        }
        Engine engine;
        try {
            engine = Engine.start(registry(serverArgs));
        } catch (Engine.BindException e) {
            // As the REPL does: a taken port (often a real Redis on 6379) is not fatal; serve on a free one.
            List<String> retry = new ArrayList<>(serverArgs);
            retry.addAll(List.of("--port", Integer.toString(freePort())));
            engine = Engine.start(registry(retry));
            System.out.println("Port taken (" + e.getMessage().trim() + "); serving on " + engine.port() + " instead.");
        }
        System.out.println("Glassbox visualizer: engine serving RESP on 127.0.0.1:" + engine.port()
                           + (headless ? " (headless rendering)" : "") + "; close the window to stop.");
        if (noWindow) {
            drainWithoutWindow(engine);
            return;
        }
        Stage stage;
        try {
            stage = Visualizer.open(engine, stats ? System.out::println : null).join();
        } catch (RuntimeException | Error e) {
            String why = WindowCheck.explain(e);
            if (why == null) throw e;
            System.err.println(why);
            engine.close();
            System.exit(1);
            return;
        }
        for (String n : nodes) {
            String err = ((VisualizerPane) stage.getScene().getRoot()).replicationNodes().addRemote(n);
            if (err != null) System.out.println("--node " + n + ": " + err);
        }
        if (lesson != null) openLesson(stage, lesson);
        Engine e0 = engine;
        Platform.runLater(() -> stage.setOnCloseRequest(e -> {
            e0.close();
            Platform.exit();
            System.exit(0);
        }));
        engine.awaitShutdownRequest();
        engine.close();
        System.exit(0);
    }

    /** {@code --lesson NN}: the chapter's lesson at its first step (or, for a chapter without one, the list and why). */
    private static void openLesson(Stage stage, String chapter) {
        if (io.glassbox.course.lessons.Course.find(chapter) == null) {
            System.out.println("--lesson " + chapter + ": " + io.glassbox.course.Messages.forSystemLocale().get("viz.course.nolesson", chapter));
            return;
        }
        Platform.runLater(() -> ((VisualizerPane) stage.getScene().getRoot()).course.play(chapter));
    }

    /** {@code --attach host:port}: a window on a remote server; the process ends when the window closes. */
    private static void attach(String where, boolean stats, List<String> nodes) throws InterruptedException {
        int colon = where.lastIndexOf(':');
        String host = colon <= 0 ? "127.0.0.1" : where.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(colon < 0 ? where : where.substring(colon + 1));
        } catch (NumberFormatException e) {
            System.err.println("--attach wants host:port (or a port), not '" + where + "'");
            System.exit(2);
            return;
        }
        RemoteSource source;
        try {
            source = RemoteSource.attach(host, port);
        } catch (RemoteSource.AttachException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        System.out.println("Glassbox visualizer: watching " + source.name() + "; close the window to stop.");
        source.onLost(why -> System.out.println("Disconnected: " + why));
        Stage stage = Visualizer.open(source, stats ? System.out::println : null).join();
        for (String n : nodes) {
            String err = ((VisualizerPane) stage.getScene().getRoot()).replicationNodes().addRemote(n);
            if (err != null) System.out.println("--node " + n + ": " + err);
        }
        Platform.runLater(() -> stage.setOnCloseRequest(e -> {
            source.close();
            Platform.exit();
            System.exit(0);
        }));
        Thread.currentThread().join(); // the FX thread runs the window; exit comes from closing it
    }

    /**
     * {@code --no-window}: the visualizer's subscription and per-frame drain (60 a second) without
     * JavaFX, to tell the engine-side cost of being watched from the cost of drawing.
     */
    private static void drainWithoutWindow(Engine engine) throws InterruptedException {
        try (EventFeed feed = new EventFeed(engine.hooks(), 8192)) {
            long last = System.nanoTime(), received = 0;
            while (!engine.shutdownRequested()) {
                Thread.sleep(16);
                feed.drain();
                long now = System.nanoTime();
                if (now - last >= 1_000_000_000L) {
                    System.out.printf("no window: %.0f events/s, dropped %d%n", (feed.received() - received) / ((now - last) / 1e9), feed.dropped());
                    received = feed.received();
                    last = now;
                }
            }
        }
        engine.close();
        System.exit(0);
    }

    private static ConfigRegistry registry(List<String> serverArgs) throws Exception {
        ConfigRegistry registry = Engine.defaultConfig();
        try {
            ConfigLoader.load(registry, serverArgs.toArray(String[]::new), System.in);
        } catch (ConfigLoader.FatalConfigError e) {
            System.err.print(e.getMessage());
            System.exit(1);
        }
        return registry;
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
