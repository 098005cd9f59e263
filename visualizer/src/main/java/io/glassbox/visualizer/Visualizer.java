package io.glassbox.visualizer;

import io.glassbox.engine.Engine;
import io.glassbox.visualizer.source.LocalSource;
import io.glassbox.visualizer.source.Source;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.util.concurrent.CompletableFuture;

/**
 * Opens the visualizer window on a running engine: {@code Visualizer.open(engine)}. Used by
 * {@code ./glassbox viz} ({@link VisualizerMain}) and by the REPL's {@code :viz}.
 *
 * <p>The JavaFX toolkit is started on first use (with implicit exit off, so closing the window does
 * not end the toolkit and a second {@code :viz} can open another); the window is built on the FX
 * thread and the returned future completes with its stage. Closing the window unsubscribes from the
 * hooks: an engine nobody watches pays one boolean per observer point again.
 */
public final class Visualizer {
    private Visualizer() {}

    /** Opens a window on {@code engine}; completes with the stage once it is showing. */
    public static CompletableFuture<Stage> open(Engine engine) {
        return open(engine, null);
    }

    /** As {@link #open(Engine)}; {@code health}, if not null, hears the frame-rate line twice a second. */
    public static CompletableFuture<Stage> open(Engine engine, java.util.function.Consumer<String> health) {
        return open(new LocalSource(engine), health);
    }

    /**
     * Opens a window on any source: an engine here, or a server attached over the network
     * ({@code RemoteSource.attach}); closing the window closes the source (never a local engine).
     */
    public static CompletableFuture<Stage> open(Source source, java.util.function.Consumer<String> health) {
        startToolkit();
        CompletableFuture<Stage> shown = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                VisualizerPane pane = new VisualizerPane(source, 8192);
                pane.setHealthListener(health);
                Stage stage = new Stage();
                stage.setTitle("Glassbox visualizer — " + source.name());
                stage.setScene(new Scene(pane, 1280, 800));
                stage.setOnHidden(e -> pane.close());
                pane.start();
                stage.show();
                shown.complete(stage);
            } catch (Throwable t) {
                shown.completeExceptionally(t);
            }
        });
        return shown;
    }

    /** Starts the JavaFX toolkit once per process. */
    static void startToolkit() {
        try {
            CompletableFuture<Void> started = new CompletableFuture<>();
            Platform.startup(() -> started.complete(null));
            started.join();
        } catch (IllegalStateException alreadyStarted) {
            // Started earlier (a previous window, or a test harness): nothing to do.
        }
        Platform.setImplicitExit(false);
    }

    /** System properties that select Monocle's headless glass and the software renderer; set before the toolkit starts. */
    static void useHeadlessGlass() {
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        System.setProperty("prism.text", "t2k");
        System.setProperty("java.awt.headless", "true");
        // Monocle's headless screen is 1280x800 unless told: the window must fit in it.
        System.setProperty("headless.geometry", "1600x1000-32");
    }
}
