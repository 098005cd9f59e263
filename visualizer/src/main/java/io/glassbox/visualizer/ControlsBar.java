package io.glassbox.visualizer;

import io.glassbox.visualizer.source.Source;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.layout.HBox;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Pause, step, resume and slow motion for teaching, plus the health of the view itself (frames per
 * second, events per second, events dropped).
 *
 * <p>{@code EventLoop.pause()} and friends (here or, attached remotely, through GLASSBOX.LOOP) wait until the loop thread has taken them in, so they run
 * on the pane's control thread; the buttons' state follows when they return. Slow motion is
 * {@code EventLoop.setSlowMotion}: a delay after every tick, and optionally serverCron's active
 * rehashing reduced to one bucket per run so a rehash can be followed bucket by bucket.
 */
public final class ControlsBar extends HBox {
    final Button pause = new Button("Pause");
    final Button step = new Button("Step");
    final Button resume = new Button("Resume");
    final Slider slow = new Slider(0, 1000, 0);
    final CheckBox oneStep = new CheckBox("1 rehash step / cron");
    final Label status = new Label();
    private final Source.LoopControls loop;
    private final ExecutorService controls;

    public ControlsBar(Source.LoopControls loop, ExecutorService controls) {
        this.loop = loop;
        this.controls = controls;
        setSpacing(8);
        setAlignment(Pos.CENTER_LEFT);
        setPadding(new Insets(4, 8, 4, 8));
        pause.setId("pause");
        step.setId("step");
        resume.setId("resume");
        pause.setOnAction(e -> pause());
        step.setOnAction(e -> step());
        resume.setOnAction(e -> resume());
        slow.setPrefWidth(140);
        slow.setId("slow");
        slow.valueChangingProperty().addListener((o, was, is) -> { if (!is) applySlowMotion(); });
        slow.setOnMouseReleased(e -> applySlowMotion());
        oneStep.setOnAction(e -> applySlowMotion());
        Label slowLabel = new Label("slow motion");
        getChildren().addAll(pause, step, resume, slowLabel, slow, oneStep, status);
        syncButtons(loop.isPaused());
    }

    public CompletableFuture<Void> pause() {
        return control(loop::pause);
    }

    public CompletableFuture<Void> step() {
        return control(() -> loop.step(1));
    }

    public CompletableFuture<Void> resume() {
        return control(loop::resume);
    }

    /** Applies the slider (ms of pause after each tick) and the checkbox. */
    public CompletableFuture<Void> applySlowMotion() {
        long ms = Math.round(slow.getValue());
        boolean one = oneStep.isSelected();
        return control(() -> loop.setSlowMotion(ms, one));
    }

    private CompletableFuture<Void> control(Runnable r) {
        return CompletableFuture.runAsync(r, controls).thenRun(() -> {
            boolean paused = loop.isPaused();
            Platform.runLater(() -> syncButtons(paused));
        });
    }

    private void syncButtons(boolean paused) {
        pause.setDisable(paused);
        step.setDisable(!paused);
        resume.setDisable(!paused);
    }

    /**
     * Per-second figures, refreshed a few times a second by the pane; {@code cost} says what the
     * window itself costs and how it adapts (the {@link FrameBudget}'s line and the snapshots').
     */
    void showHealth(double fps, double eventsPerSecond, long dropped, boolean paused, String cost) {
        status.setText(String.format(Locale.ROOT, "%s   %.0f fps   %.0f events/s   dropped %d   %s",
                paused ? "PAUSED" : "running", fps, eventsPerSecond, dropped, cost));
        status.setStyle(dropped > 0 ? "-fx-text-fill: #c02020;" : "");
    }
}
