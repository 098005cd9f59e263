package io.glassbox.visualizer;

import io.glassbox.engine.Engine;
import io.glassbox.testkit.EngineFixture;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.testfx.api.FxToolkit;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Test helpers: one toolkit start per JVM (TestFX's primary stage), running code on the FX thread, engines without TCP. */
final class Fx {
    private Fx() {}

    static Stage stage() throws Exception {
        return FxToolkit.registerPrimaryStage();
    }

    static <T> T call(Callable<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.get(20, TimeUnit.SECONDS);
    }

    static void run(Runnable r) throws Exception {
        call(() -> {
            r.run();
            return null;
        });
    }

    /** An engine with no TCP listener (port 0) and, unless asked, no active rehashing: only commands move the cursor. */
    static Engine engine(boolean activeRehashing) throws Exception {
        return EngineFixture.builder().debug().settings(s -> s.activeRehashing = activeRehashing).startEngine();
    }

    /** Lays a view out at a fixed size in a scene and paints it. */
    static void layout(Region view, double w, double h) {
        if (view.getScene() == null) new Scene(new javafx.scene.Group(view));
        view.resize(w, h);
        view.layout();
    }

    static WritableImage image(Node n) {
        return n.snapshot(null, null);
    }

    static Color pixel(WritableImage img, double x, double y) {
        return img.getPixelReader().getColor((int) Math.round(x), (int) Math.round(y));
    }

    static int count(WritableImage img, Color c) {
        int n = 0;
        for (int y = 0; y < (int) img.getHeight(); y++) {
            for (int x = 0; x < (int) img.getWidth(); x++) if (img.getPixelReader().getColor(x, y).equals(c)) n++;
        }
        return n;
    }

    /**
     * A window of 1280x800 (the size the course is laid out for) holding a pane on {@code engine}
     * that speaks English; its frame timer runs if {@code started}, else the test drives frames.
     */
    static VisualizerPane window(Engine engine, boolean started) throws Exception {
        stage();
        VisualizerPane[] pane = new VisualizerPane[1];
        org.testfx.api.FxToolkit.setupStage(stage -> {
            pane[0] = new VisualizerPane(new io.glassbox.visualizer.source.LocalSource(engine), 8192,
                    new io.glassbox.course.Messages(io.glassbox.course.Lang.EN));
            stage.setScene(new Scene(pane[0], 1280, 800));
            if (started) pane[0].start();
            stage.show();
        });
        return pane[0];
    }

    /** Hides the window and closes its pane (the engine stays: the test closes it). */
    static void closeWindow(VisualizerPane pane) throws Exception {
        org.testfx.api.FxToolkit.setupStage(stage -> stage.hide());
        run(pane::close);
    }
}
