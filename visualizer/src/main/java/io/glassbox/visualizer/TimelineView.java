package io.glassbox.visualizer;

import io.glassbox.hooks.EngineEvent;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;

import java.util.List;
import java.util.function.Consumer;

/**
 * Recent events, newest last, that can be scrolled back to replay: selecting one shows its caption
 * and the dict and skiplist as they were drawn when it arrived (the {@link Watch.State} of that
 * frame is kept with each moment; states are shared between moments, not copied). "Live" goes back
 * to following the engine.
 *
 * <p>Bounded twice: at most {@link #CAPACITY} moments are kept, and one frame records at most
 * {@link #PER_FRAME} of its events (under a load generator a frame holds thousands of ticks and
 * command completions; the skipped ones are counted).
 */
public final class TimelineView extends BorderPane {
    public static final int CAPACITY = 2000;
    public static final int PER_FRAME = 64;

    /**
     * One recorded event, with what the watched structure looked like at the time; or, with
     * {@code idle}, a run of idle ticks (no client read, no command: the loop woke for serverCron
     * only) shown as one row that counts them, from {@code event}'s tick on.
     */
    public record Moment(long seq, EngineEvent event, Watch.State state, IdleRun idle) {
        public Moment(long seq, EngineEvent event, Watch.State state) { this(seq, event, state, null); }

        @Override
        public String toString() {
            if (idle != null) return "#" + seq + "  t" + event.tick() + "\u2013" + idle.lastTick + "  " + idle.label();
            return "#" + seq + "  t" + event.tick() + "  " + Captions.label(event);
        }
    }

    /** Consecutive idle ticks, counted while they go on (UI thread only). */
    public static final class IdleRun {
        long lastTick;
        int count = 1, cronRuns;

        IdleRun(EngineEvent.LoopTick first) {
            lastTick = first.tick();
            cronRuns = first.cronRuns();
        }

        public int count() { return count; }

        String label() { return "idle \u00d7" + count + " (no command; serverCron ran " + cronRuns + "\u00d7)"; }
    }

    /** A tick that read nothing and ran no command: the loop woke for its time events only. */
    static boolean idle(EngineEvent e) {
        return e instanceof EngineEvent.LoopTick t && t.reads() == 0 && t.commands() == 0;
    }

    /** The idle run the newest row counts, or null once something else happened. */
    private IdleRun run;
    private boolean runGrew;

    private final ObservableList<Moment> moments = FXCollections.observableArrayList();
    private final ListView<Moment> list = new ListView<>(moments);
    private final Label info = new Label();
    private long seq, skipped;
    /** Moments recorded since the list was last updated; the list is updated at most every {@link #PUBLISH_NANOS}. */
    private final java.util.ArrayDeque<Moment> unpublished = new java.util.ArrayDeque<>();
    private long publishedAt;
    static final long PUBLISH_NANOS = 250_000_000L;
    private boolean replaying;

    public TimelineView(Consumer<Moment> onReplay, Runnable onLive) {
        list.setPrefHeight(140);
        list.getSelectionModel().selectedItemProperty().addListener((o, a, m) -> {
            if (m != null && list.isFocused()) {
                replaying = true;
                onReplay.accept(m);
                updateInfo();
            }
        });
        Button live = new Button("Live");
        live.setOnAction(e -> {
            replaying = false;
            list.getSelectionModel().clearSelection();
            onLive.run();
            updateInfo();
        });
        HBox bar = new HBox(8, new Label("timeline (select an event to replay it)"), live, info);
        bar.setPadding(new Insets(2, 4, 2, 4));
        setTop(bar);
        setCenter(list);
        updateInfo();
    }

    /**
     * Records one frame's events with the state current at that frame. The list itself is updated
     * a few times a second ({@link #publish}): a list view relaid out every frame would cost more
     * than everything else the frame does.
     */
    public void record(List<EngineEvent> batch, Watch.State state, long now) {
        int from = Math.max(0, batch.size() - PER_FRAME);
        skipped += from;
        seq += from;
        for (int i = from; i < batch.size(); i++) {
            EngineEvent e = batch.get(i);
            if (idle(e)) {
                EngineEvent.LoopTick t = (EngineEvent.LoopTick) e;
                if (run != null) { // one more in the run: the row counts it, no new row
                    run.count++;
                    run.lastTick = t.tick();
                    run.cronRuns += t.cronRuns();
                    runGrew = true;
                    continue;
                }
                run = new IdleRun(t);
                unpublished.addLast(new Moment(++seq, e, state, run));
            } else {
                if (e instanceof EngineEvent.Sampled sm && sm.commands() == 0) { // idle ticks only counted: the run counts them
                    if (run != null) {
                        run.count += (int) sm.ticksSkipped();
                        runGrew = true;
                    }
                    continue;
                }
                run = null;
                unpublished.addLast(new Moment(++seq, e, state));
            }
            if (unpublished.size() > CAPACITY) unpublished.removeFirst();
        }
        if ((!unpublished.isEmpty() || runGrew) && now - publishedAt >= PUBLISH_NANOS) publish(now);
    }

    /** Moves the recorded moments into the list (UI thread). */
    public void publish(long now) {
        publishedAt = now;
        if (unpublished.isEmpty()) {
            if (runGrew) list.refresh(); // the idle row on screen shows its new count
            runGrew = false;
            return;
        }
        runGrew = false;
        moments.addAll(unpublished);
        unpublished.clear();
        int over = moments.size() - CAPACITY;
        if (over > 0) moments.remove(0, over);
        if (!replaying) list.scrollTo(moments.size() - 1);
        updateInfo();
    }

    /** Selects the moment {@code back} events before the newest and replays it (0 = newest). */
    public Moment replay(int back, Consumer<Moment> onReplay) {
        publish(System.nanoTime());
        Moment m = moments.get(moments.size() - 1 - back);
        replaying = true;
        list.getSelectionModel().select(m);
        onReplay.accept(m);
        updateInfo();
        return m;
    }

    public boolean isReplaying() { return replaying; }

    public void live() { replaying = false; updateInfo(); }

    /** Every kept moment, published or not, oldest first. */
    public List<Moment> moments() {
        List<Moment> all = new java.util.ArrayList<>(moments);
        all.addAll(unpublished);
        return all.subList(Math.max(0, all.size() - CAPACITY), all.size());
    }

    private void updateInfo() {
        info.setText((replaying ? "REPLAYING  " : "") + moments.size() + " kept, " + skipped + " not recorded (flood)");
    }
}
