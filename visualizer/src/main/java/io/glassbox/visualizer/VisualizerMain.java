package io.glassbox.visualizer;

import io.glassbox.config.ConfigLoader;
import io.glassbox.config.ConfigRegistry;
import io.glassbox.engine.Engine;
import io.glassbox.util.Glob;
import javafx.application.Platform;
import javafx.stage.Stage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./glassbox viz [--headless] [redis.conf] [--port N] [--name value ...]}: starts an engine in
 * this process, serving RESP on port 6379 (or {@code --port N}) so redis-cli and redis-benchmark can
 * drive it, and opens the visualizer on it. The process ends when the window is closed (or on
 * SHUTDOWN).
 *
 * <p>This is a plain main class, not an {@code Application}: a main class that extends Application
 * cannot be launched from the classpath ("JavaFX runtime components are missing").
 * {@code --headless} renders on Monocle's headless glass without a display (for measurements
 * and CI: the frame loop runs exactly as with a window).
 */
public final class VisualizerMain {
    private VisualizerMain() {}

    public static void main(String[] argv) throws Exception {
        List<String> serverArgs = new ArrayList<>();
        boolean headless = false;
        for (String a : argv) {
            if (a.equals("--headless")) headless = true;
            else serverArgs.add(a);
        }
        if (headless) Visualizer.useHeadlessGlass();
        ConfigRegistry registry = ConfigRegistry.createDefault((pattern, name) -> Glob.match(
                pattern.getBytes(StandardCharsets.ISO_8859_1), name.getBytes(StandardCharsets.ISO_8859_1), true));
        try {
            ConfigLoader.load(registry, serverArgs.toArray(String[]::new), System.in);
        } catch (ConfigLoader.FatalConfigError e) {
            System.err.print(e.getMessage());
            System.exit(1);
        }
        Engine engine = Engine.start(registry);
        System.out.println("Glassbox visualizer: engine serving RESP on 127.0.0.1:" + engine.port()
                           + (headless ? " (headless rendering)" : "") + "; close the window to stop.");
        Stage stage = Visualizer.open(engine).join();
        Platform.runLater(() -> stage.setOnCloseRequest(e -> {
            engine.close();
            Platform.exit();
            System.exit(0);
        }));
        engine.awaitShutdownRequest();
        engine.close();
        System.exit(0);
    }
}
