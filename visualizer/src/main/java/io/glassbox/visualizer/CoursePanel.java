package io.glassbox.visualizer;

import io.glassbox.course.Cite;
import io.glassbox.course.Lang;
import io.glassbox.course.Lesson;
import io.glassbox.course.Messages;
import io.glassbox.course.Player;
import io.glassbox.course.Shown;
import io.glassbox.course.Text;
import io.glassbox.course.lessons.Course;
import io.glassbox.engine.Engine;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The Course panel: the course's 32 chapters (titles in Chinese and English, those with a lesson in
 * bold), and the player of the chosen lesson on the window's engine: Next, Back, Restart, Auto-play
 * with its speed, the step's heading, captions and citations (Redis's C function, Glassbox's Java
 * method), and, when the player reports that the engine drifted from the step (the learner's own
 * commands), "Reset to step" ({@link Player#redo}) or "Go on anyway".
 *
 * <p>The {@link Player} is driven on a thread of the panel's own, one call at a time (it is not
 * thread-safe, and a step may wait for the engine: a replica syncing, a BGSAVE, keys expiring); what
 * it hands back ({@link Shown}) is shown on the FX thread, and the buttons are off while a step runs.
 * A {@code Shown} holds message keys, so a language switch renders the step again ({@link #relabel}).
 * The view a step names is brought forward by the pane ({@code onShown}).
 */
public final class CoursePanel extends VBox implements AutoCloseable {
    /** Auto-play's pause between steps: seconds, from the slider. */
    static final double MIN_SPEED = 1, MAX_SPEED = 10, DEFAULT_SPEED = 4;

    /** One row of the chapter list: a chapter and the lesson that serves it (null if none). */
    /** A row: a chapter (1..32) and the lesson serving it, or an extra lesson with no chapter (number 0). */
    record Chapter(int number, Lesson lesson) {
        String id() { return number == 0 ? lesson.id() : String.format("%02d", number); }
    }

    private final Engine engine;
    private final Messages m;
    private final Consumer<Shown> onShown;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "glassbox-viz-course");
        t.setDaemon(true);
        return t;
    });

    final Label heading = new Label();
    final ListView<Chapter> chapters = new ListView<>();
    final Button back = new Button(), next = new Button(), restart = new Button();
    final ToggleButton auto = new ToggleButton();
    final Slider speed = new Slider(MIN_SPEED, MAX_SPEED, DEFAULT_SPEED);
    final Label speedLabel = new Label();
    final Label step = new Label();
    final Label captions = new Label();
    final Label cites = new Label();
    final Label keys = new Label();
    final Button redo = new Button(), force = new Button(), flush = new Button();
    private final PauseTransition autoWait = new PauseTransition();

    /** Only on the worker thread. */
    private Player player;
    /** FX thread: what is shown, the lesson open, whether a call is running. */
    private Shown shown;
    private Lesson openLesson;
    private boolean busy;
    private String message;
    private Object[] messageArgs = new Object[0];

    /** {@code engine}: the window's engine (null for a window attached over the network: no lessons). */
    public CoursePanel(Engine engine, Messages messages, Consumer<Shown> onShown) {
        this.engine = engine;
        this.m = messages;
        this.onShown = onShown;
        setSpacing(6);
        setPadding(new Insets(6, 8, 6, 8));
        setPrefWidth(360);
        setMinWidth(300);
        setId("course");
        heading.setStyle("-fx-font-size: 15px; -fx-font-weight: bold;");
        List<Lesson> lessons = Course.lessons();
        for (int c = 1; c <= 32; c++) {
            Lesson served = null;
            for (Lesson l : lessons) if (l.chapters().contains(c)) served = l;
            chapters.getItems().add(new Chapter(c, served));
        }
        // extra lessons (ACL, client-side caching): no chapter of the course, listed after the 32
        for (Lesson l : lessons) if (l.chapters().isEmpty()) chapters.getItems().add(new Chapter(0, l));
        chapters.setId("chapters");
        chapters.setCellFactory(v -> new ChapterCell());
        chapters.setPrefHeight(230);
        chapters.setMinHeight(120);
        chapters.getSelectionModel().selectedItemProperty().addListener((o, was, is) -> selected(is));
        back.setId("course-back");
        next.setId("course-next");
        restart.setId("course-restart");
        auto.setId("course-auto");
        redo.setId("course-redo");
        force.setId("course-force");
        flush.setId("course-flush");
        speed.setId("course-speed");
        back.setOnAction(e -> back());
        next.setOnAction(e -> next());
        restart.setOnAction(e -> restart());
        redo.setOnAction(e -> redo());
        force.setOnAction(e -> call(p -> p.next(true)));
        flush.setOnAction(e -> open(openOrSelected(), true));
        auto.setOnAction(e -> {
            if (auto.isSelected()) next();
            else autoWait.stop();
        });
        speed.setPrefWidth(110);
        speed.valueProperty().addListener((o, was, is) -> speedLabel.setText(m.get("viz.course.speed", Math.round(is.doubleValue()))));
        autoWait.setOnFinished(e -> { if (auto.isSelected() && !busy) next(); });
        FlowPane buttons = new FlowPane(6, 6, back, next, restart, auto, speed, speedLabel);
        FlowPane driftButtons = new FlowPane(6, 6, redo, force, flush);
        step.setStyle("-fx-font-weight: bold;");
        step.setWrapText(true);
        captions.setWrapText(true);
        captions.setId("course-captions");
        cites.setWrapText(true);
        cites.setId("course-cites");
        cites.setStyle("-fx-text-fill: #4a5a80; -fx-font-family: monospace;");
        keys.setWrapText(true);
        keys.setStyle("-fx-text-fill: #808080; -fx-font-size: 11px;");
        // wrapped labels outside the scroll keep all their lines: the list and the scroll give way instead
        keys.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        heading.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        VBox text = new VBox(6, step, captions, cites, driftButtons);
        text.setFillWidth(true);
        ScrollPane scroll = new ScrollPane(text);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        getChildren().addAll(heading, chapters, buttons, scroll, keys);
        if (engine == null) message("viz.course.remote");
        else message("viz.course.pick", engine.databases() - 1);
        relabel();
    }

    // ------------------------------------------------------------------ actions (FX thread)

    /** The next step; opens the selected chapter's lesson first if it is not the one playing. */
    public CompletableFuture<Shown> next() {
        Lesson sel = selectedLesson();
        if (sel != null && (openLesson == null || !openLesson.id().equals(sel.id()))) return open(sel, false);
        if (shown != null && shown.kind() == Shown.Kind.STEP && shown.step() >= shown.total()) {
            return CompletableFuture.completedFuture(null); // the last step is on screen: Next is off
        }
        return call(Player::next);
    }

    public CompletableFuture<Shown> back() { return call(Player::back); }

    public CompletableFuture<Shown> restart() { return call(Player::restart); }

    public CompletableFuture<Shown> redo() { return call(Player::redo); }

    /** Selects chapter {@code id}'s row and opens its lesson at step 1 ({@code --lesson NN}). */
    public CompletableFuture<Shown> play(String id) {
        Lesson l = Course.find(id);
        if (l == null) return CompletableFuture.completedFuture(null);
        int row = 0;
        for (int i = 0; i < chapters.getItems().size(); i++) {
            Chapter c = chapters.getItems().get(i);
            if (c.lesson() != null && c.lesson().id().equals(l.id())) {
                row = i;
                break;
            }
        }
        chapters.getSelectionModel().select(row);
        chapters.scrollTo(row);
        return open(l, false);
    }

    /** Auto-play faster (a shorter pause, {@code +}) or slower ({@code -}). */
    public void faster(boolean faster) {
        speed.setValue(Math.max(MIN_SPEED, Math.min(MAX_SPEED, speed.getValue() + (faster ? -1 : 1))));
    }

    private Lesson selectedLesson() {
        Chapter c = chapters.getSelectionModel().getSelectedItem();
        return c == null ? null : c.lesson();
    }

    private Lesson openOrSelected() {
        Lesson s = selectedLesson();
        return s != null ? s : openLesson;
    }

    private void selected(Chapter c) {
        if (c == null || busy) return;
        if (c.lesson() == null) message("viz.course.nolesson", c.id());
        else if (openLesson == null || !openLesson.id().equals(c.lesson().id())) message("viz.course.selected", c.id(), Text.of(c.lesson().titleKey()));
        updateButtons();
    }

    /** Closes the lesson playing (if any) and opens {@code l} at its first step. */
    private CompletableFuture<Shown> open(Lesson l, boolean emptyIt) {
        if (engine == null || l == null || busy) return CompletableFuture.completedFuture(null);
        openLesson = l;
        shown = null;
        return submit(() -> {
            if (player != null) {
                player.close();
                player = null;
            }
            List<Text> why = new ArrayList<>();
            Player p = Player.open(engine, l, emptyIt, why);
            if (p == null) return new Refused(why);
            player = p;
            return p.next();
        });
    }

    private CompletableFuture<Shown> call(java.util.function.Function<Player, Shown> f) {
        if (engine == null || openLesson == null || busy) return CompletableFuture.completedFuture(null);
        return submit(() -> player == null ? null : f.apply(player));
    }

    /** What {@link #open} hands back when the lesson's database holds keys. */
    private record Refused(List<Text> why) {}

    private CompletableFuture<Shown> submit(java.util.concurrent.Callable<Object> work) {
        busy = true;
        autoWait.stop();
        int at = shown == null ? 1 : shown.step() + 1;
        message("viz.course.running", at);
        updateButtons();
        CompletableFuture<Shown> done = new CompletableFuture<>();
        worker.submit(() -> {
            Object r;
            try {
                r = work.call();
            } catch (Throwable t) {
                r = t;
            }
            Object result = r;
            Platform.runLater(() -> {
                busy = false;
                try {
                    if (result instanceof Shown s) {
                        show(s);
                        done.complete(s);
                    } else if (result instanceof Refused ref) {
                        openLesson = null;
                        message = null;
                        showTexts(ref.why());
                        flush.setVisible(true);
                        flush.setManaged(true);
                        updateButtons();
                        done.complete(null);
                    } else {
                        message("player.step.error", at, String.valueOf(result));
                        updateButtons();
                        done.complete(null);
                    }
                } catch (Throwable t) {
                    done.completeExceptionally(t);
                }
            });
        });
        return done;
    }

    // ------------------------------------------------------------------ what is shown (FX thread)

    private void show(Shown s) {
        if (s.kind() == Shown.Kind.STEP || s.kind() == Shown.Kind.ERROR) shown = s;
        else if (shown == null) shown = s;
        message = null;
        render(s);
        updateButtons();
        if (s.kind() == Shown.Kind.STEP) onShown.accept(s);
        if (auto.isSelected()) {
            if (s.kind() == Shown.Kind.STEP && s.step() < s.total()) {
                autoWait.setDuration(Duration.seconds(speed.getValue()));
                autoWait.playFromStart();
            } else {
                auto.setSelected(false);
            }
        }
    }

    /** The last thing the player handed back (step, end, drift), rendered in the current language. */
    private Shown lastHanded;

    private void render(Shown s) {
        lastHanded = s;
        step.setText(s.kind() == Shown.Kind.STEP || s.kind() == Shown.Kind.ERROR ? io.glassbox.course.Captions.heading(s, m) : "");
        StringBuilder sb = new StringBuilder();
        for (Text t : s.captions()) sb.append(window(t).render(m)).append("\n\n");
        for (Text t : s.problems()) sb.append("  \u2022 ").append(t.render(m)).append('\n');
        if (s.kind() == Shown.Kind.STEP && s.view() != null && s.view().kind() != io.glassbox.course.View.Kind.NONE) {
            String note = viewNote(s.view());
            if (note != null) sb.append(note).append('\n');
        }
        captions.setText(sb.toString().strip());
        StringBuilder c = new StringBuilder();
        for (Cite cite : s.cites()) {
            c.append(m.get("player.redis", cite.cFile(), cite.cFunction())).append('\n')
             .append("  ").append(m.get("player.java", cite.javaMethod())).append('\n');
        }
        cites.setText(c.toString().strip());
        boolean drift = s.kind() == Shown.Kind.DRIFT;
        redo.setText(m.get("viz.course.redo", Math.max(1, s.step())));
        for (Button b : new Button[] {redo, force}) {
            b.setVisible(drift);
            b.setManaged(drift);
        }
        flush.setVisible(false);
        flush.setManaged(false);
    }

    /** What the caption area says when the window cannot draw the step's view; null when a tab shows it. */
    private String viewNote(io.glassbox.course.View v) {
        return switch (v.kind()) {
            case DICT, SKIPLIST, LOOP -> v.engine() != null && v.engine() != engine ? m.get("viz.course.elsewhere", v.engine().port()) : null;
            case REPLICATION, MEMORY, ACCESS -> null; // those tabs follow an engine of the lesson's too
            default -> m.get("viz.course.noview");
        };
    }

    private void showTexts(List<Text> texts) {
        lastHanded = null;
        StringBuilder sb = new StringBuilder();
        for (Text t : texts) sb.append(window(t).render(m)).append('\n');
        step.setText("");
        captions.setText(sb.toString().strip());
        cites.setText("");
        for (Button b : new Button[] {redo, force}) {
            b.setVisible(false);
            b.setManaged(false);
        }
        flush.setText(m.get("viz.course.flush", engine == null ? 15 : engine.databases() - 1));
        refused = texts;
    }

    private List<Text> refused;

    /**
     * The player's messages that tell a REPL user what to type ({@code :lesson redo}) say it the
     * window's way (its buttons), with the same arguments.
     */
    private static Text window(Text t) {
        return switch (t.key()) {
            case "player.drift" -> new Text("viz.course.drift", t.args());
            case "player.db.busy" -> new Text("viz.course.busy", t.args());
            case "player.end" -> new Text("viz.course.end", t.args());
            default -> t;
        };
    }

    private void message(String key, Object... args) {
        message = key;
        messageArgs = args;
        refused = null;
        if (key.equals("viz.course.running")) {
            // keep the step on screen while the next runs; say it in the heading line
            step.setText(m.get(key, args));
            return;
        }
        lastHanded = null;
        step.setText("");
        captions.setText(m.get(key, args));
        cites.setText("");
        for (Button b : new Button[] {redo, force, flush}) {
            b.setVisible(false);
            b.setManaged(false);
        }
    }

    private void updateButtons() {
        boolean open = openLesson != null && engine != null;
        Lesson sel = selectedLesson();
        boolean canOpen = engine != null && sel != null && (openLesson == null || !openLesson.id().equals(sel.id()));
        next.setDisable(busy || !(canOpen || (open && (shown == null || shown.step() < shown.total() || shown.kind() == Shown.Kind.DRIFT))));
        back.setDisable(busy || !open || shown == null || shown.step() <= 1);
        restart.setDisable(busy || !open || shown == null);
        auto.setDisable(engine == null);
        redo.setDisable(busy);
        force.setDisable(busy);
        flush.setDisable(busy);
    }

    /** Renders every label again in the current language (after {@link Messages#setLang}). */
    public void relabel() {
        heading.setText(m.get("viz.course"));
        back.setText("\u2190 " + m.get("viz.course.back"));
        next.setText(m.get("viz.course.next") + " \u2192");
        restart.setText(m.get("viz.course.restart"));
        auto.setText(m.get("viz.course.auto"));
        speedLabel.setText(m.get("viz.course.speed", Math.round(speed.getValue())));
        force.setText(m.get("viz.course.force"));
        keys.setText(m.get("viz.course.keys"));
        chapters.refresh();
        if (busy) return;
        if (lastHanded != null) render(lastHanded);
        else if (refused != null) showTexts(refused);
        else if (message != null) message(message, messageArgs);
        updateButtons();
    }

    /** The lesson playing (null if none) and the step shown, for the pane and tests. */
    public Lesson openLesson() { return openLesson; }

    public Shown shown() { return shown; }

    public boolean busy() { return busy; }

    /** Ends the lesson (the engine is given back as the lesson found it) and the worker. */
    @Override
    public void close() {
        autoWait.stop();
        java.util.concurrent.Future<?> f = worker.submit(() -> {
            if (player != null) {
                player.close();
                player = null;
            }
        });
        worker.shutdown();
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // a step stuck on a dead engine: the daemon thread goes with the process
        }
    }

    /** A chapter: its number, the Chinese title over the English one; bold with a lesson, grey without. */
    private final class ChapterCell extends ListCell<Chapter> {
        ChapterCell() {
            setWrapText(true);
            setPrefWidth(0);
        }

        @Override
        protected void updateItem(Chapter c, boolean empty) {
            super.updateItem(c, empty);
            if (empty || c == null) {
                setText(null);
                setStyle("");
                return;
            }
            String t = c.id() + "  " + m.get(Lang.ZH, "ch." + c.id()) + "\n      " + m.get(Lang.EN, "ch." + c.id());
            if (c.lesson() == null) t += "  (" + m.get("player.list.nolesson") + ")";
            else if (!c.lesson().id().equals(c.id())) t += "  \u2192 " + c.lesson().id();
            setText(t);
            setStyle(c.lesson() == null ? "-fx-text-fill: #909090;" : "-fx-font-weight: bold;");
        }
    }
}
