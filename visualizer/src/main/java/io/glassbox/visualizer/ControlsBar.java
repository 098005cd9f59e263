package io.glassbox.visualizer;

import io.glassbox.course.Lang;
import io.glassbox.course.Messages;
import io.glassbox.visualizer.source.Source;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Slider;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

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
 *
 * <p>Its labels come from the course's bundles ({@link #relabel}, again after a language switch from
 * its language menu). The health line is for developers: under the bar, shown by "Diagnostics".
 */
public final class ControlsBar extends VBox {
    final Button pause = new Button("Pause");
    final Button step = new Button("Step");
    final Button resume = new Button("Resume");
    final Slider slow = new Slider(0, 1000, 0);
    final CheckBox oneStep = new CheckBox("1 rehash step / cron");
    final CheckBox diagnostics = new CheckBox();
    final MenuButton language = new MenuButton();
    final Label slowLabel = new Label("slow motion");
    final HBox bar = new HBox();
    /** The health line (fps, events/s, what the window costs): set always, shown with "Diagnostics". */
    final Label status = new Label();
    /** What a learner needs to know of the engine right now, in their language: running or paused, how busy, what to do. */
    final Label learner = new Label();
    private final Source.LoopControls loop;
    private final ExecutorService controls;

    public ControlsBar(Source.LoopControls loop, ExecutorService controls) {
        this.loop = loop;
        this.controls = controls;
        bar.setSpacing(8);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 8, 4, 8));
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
        diagnostics.setId("diagnostics");
        diagnostics.setOnAction(e -> showDiagnostics(diagnostics.isSelected()));
        language.setId("language");
        status.setWrapText(true);
        status.setPadding(new Insets(0, 8, 2, 8));
        learner.setId("learner-status");
        learner.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        learner.setStyle("-fx-text-fill: #30506e;");
        showDiagnostics(false);
        bar.getChildren().addAll(pause, step, resume, slowLabel, slow, oneStep, diagnostics, language);
        getChildren().addAll(bar, status); // the learner's line sits in the pane's second row
        syncButtons(loop.isPaused());
    }

    private void showDiagnostics(boolean on) {
        status.setVisible(on);
        status.setManaged(on);
    }

    /**
     * The labels in {@code m}'s language; the language menu offers both, and {@code switchTo} is
     * called with the one picked (the pane sets it and relabels the window).
     */
    void relabel(Messages m, java.util.function.Consumer<Lang> switchTo) {
        pause.setText(m.get("viz.pause"));
        step.setText(m.get("viz.step"));
        resume.setText(m.get("viz.resume"));
        slowLabel.setText(m.get("viz.slow"));
        oneStep.setText(m.get("viz.onestep"));
        diagnostics.setText(m.get("viz.diagnostics"));
        language.setText(m.get("viz.lang") + ": " + (m.lang() == Lang.ZH ? "\u4e2d\u6587" : "English"));
        MenuItem en = new MenuItem("English"), zh = new MenuItem("\u4e2d\u6587");
        en.setId("lang-en");
        zh.setId("lang-zh");
        en.setOnAction(e -> switchTo.accept(Lang.EN));
        zh.setOnAction(e -> switchTo.accept(Lang.ZH));
        language.getItems().setAll(en, zh);
    }

    /** Space: pause a running loop, resume a paused one. */
    public CompletableFuture<Void> toggle() {
        return loop.isPaused() ? resume() : pause();
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
    /**
     * The learner's line: the loop running (with its commands a second) or paused (and what Step and
     * Resume do), and, if the window had to skip events, that the engine did not wait for it.
     */
    void showLearner(Messages m, boolean paused, double commandsPerSecond, long dropped) {
        String s = paused ? m.get("viz.status.paused") : m.get("viz.status.running", Math.round(commandsPerSecond));
        if (dropped > 0) s += " " + m.get("viz.status.dropped", dropped);
        learner.setText(s);
    }

    void showHealth(double fps, double eventsPerSecond, long dropped, boolean paused, String cost) {
        status.setText(String.format(Locale.ROOT, "%s   %.0f fps   %.0f events/s   dropped %d   %s",
                paused ? "PAUSED" : "running", fps, eventsPerSecond, dropped, cost));
        status.setStyle(dropped > 0 ? "-fx-text-fill: #c02020;" : "");
    }
}
