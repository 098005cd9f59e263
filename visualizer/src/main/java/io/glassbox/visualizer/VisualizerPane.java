package io.glassbox.visualizer;

import io.glassbox.course.Lang;
import io.glassbox.course.Messages;
import io.glassbox.course.Shown;
import io.glassbox.course.View;
import io.glassbox.hooks.KeyListing;
import io.glassbox.engine.Engine;
import io.glassbox.hooks.EngineEvent;
import io.glassbox.engine.LocalClient;
import io.glassbox.visualizer.source.LocalSource;
import io.glassbox.visualizer.source.Source;
import io.glassbox.visualizer.source.RemoteSource;
import javafx.animation.AnimationTimer;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The whole visualizer in one pane, and its frame loop.
 *
 * <p>Each frame (an {@link AnimationTimer} pulse, up to 60 a second) does a bounded amount of work:
 * <ol>
 *   <li>drain at most {@link EventFeed#MAX_PER_FRAME} events and route them: ticks to the loop
 *       timeline, the most telling one to the captions, some to the replay timeline;</li>
 *   <li>coalesce: however many events said "the watched dict moved", ask for <em>one</em> snapshot,
 *       and only if the previous one has come back and {@link #minSnapshotNanos()} has passed (a big
 *       dict is copied at most 4 times a second: copying is O(buckets) on the command thread);</li>
 *   <li>apply the newest snapshot that came back since the last frame.</li>
 * </ol>
 * Nothing here waits for the engine: snapshots and listings are futures whose results are picked up by
 * a later frame.
 *
 * <p>Everything comes from a {@link Source}: an engine in this JVM, or a Glassbox server attached
 * over the network ({@code --attach host:port}); the frame loop is the same for both. If a remote
 * server goes away, the pane says so in red above the views and keeps the last pictures.
 *
 * <p>On the right, the {@link CoursePanel} plays the course's lessons on this engine; the view a step
 * names is brought forward ({@link #showView}). Every label is in the learner's language (the
 * course's bundles, {@link Messages}), chosen from the system locale and switched live from the
 * toolbar's language menu ({@link #setLang}). Keys: Space pauses or resumes the loop, the arrows step
 * the lesson, + and - change auto-play's speed.
 */
public final class VisualizerPane extends BorderPane implements AutoCloseable {
    static final long SMALL_SNAPSHOT_NANOS = 50_000_000L, BIG_SNAPSHOT_NANOS = 250_000_000L;
    static final long LISTING_NANOS = 250_000_000L;

    private final Source source;
    private final EventFeed feed;
    private final Watch watch;
    private final Source.Client consoleClient;
    /** The replication tab's client of a local engine (null when attached to a remote one). */
    private final LocalClient tabClient;
    private final ExecutorService controlThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "glassbox-viz-controls");
        t.setDaemon(true);
        return t;
    });

    final DictView dictView = new DictView();
    final SkipListView skipListView = new SkipListView();
    final LoopTimelineView loopView = new LoopTimelineView();
    final MemoryView memoryView;
    final AccessView accessView;
    /** What the Memory and ACL tabs watch: this engine, or one a lesson's step names. */
    final MechanismFeed mechanisms;
    final ReplicationTab replicationTab;
    final ReplicationView replicationView;
    final KeyspaceView keyspaceView;
    final ConsoleView console;
    final CaptionsView captions;
    final ControlsBar controls;
    final TimelineView timeline;
    final TabPane tabs = new TabPane();
    final Tab dictTab, skipListTab, loopTab, replicationTabTab, memoryTab, accessTab;
    final Messages messages;
    final CoursePanel course;
    final HBox watchBar;
    private final Label watchingLabel = new Label();
    private final TextField keyField = new TextField();
    private final Button watchButton = new Button(), keyspaceButton = new Button();
    private final Label watching = new Label();
    /** Empty while the source works; the reason in red once a remote server went away. */
    final Label sourceStatus = new Label();

    private final AtomicReference<Watch.State> arrivedState = new AtomicReference<>();
    private final AtomicReference<List<KeyListing>> arrivedListing = new AtomicReference<>();
    private volatile boolean snapshotInFlight, listingInFlight;
    private boolean dictDirty = true, listingDirty = true;
    private long lastSnapshotAt, lastListingAt;
    private int lastMovedBucket = -1;
    private Watch.State current;
    private long lastInsertSeq;
    private boolean bigDict;

    // Frame health.
    private long frames, framesAtMark, eventsAtMark, markAt, lastFrameAt;
    private double fps, eventsPerSecond;
    /** Measures the UI and render threads' CPU and stretches repaints and snapshots when over budget. */
    final FrameBudget budget = new FrameBudget();
    private long snapshotsAtMark, snapshotNanosAtMark, skippedAtMark, ticksSkippedAtMark;
    /** Hears the health line (fps, events/s, dropped) twice a second; for --stats and measurements. */
    private volatile java.util.function.Consumer<String> healthListener;
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            frame(now);
        }
    };

    public VisualizerPane(Engine engine) {
        this(engine, 8192);
    }

    /** With a feed of {@code feedCapacity} events (tests use a small one to see drops). */
    public VisualizerPane(Engine engine, int feedCapacity) {
        this(new LocalSource(engine), feedCapacity);
    }

    /** On any source: a local engine, or a remote server ({@code RemoteSource.attach}). Closing the pane closes the source. */
    public VisualizerPane(Source source, int feedCapacity) {
        this(source, feedCapacity, Messages.forSystemLocale());
    }

    /** As {@link #VisualizerPane(Source, int)}, speaking {@code messages}' language. */
    public VisualizerPane(Source source, int feedCapacity, Messages messages) {
        this.source = source;
        this.messages = messages;
        this.feed = new EventFeed(source, feedCapacity);
        this.captions = new CaptionsView(messages);
        this.watch = new Watch().listen(source);
        this.consoleClient = source.newClient();
        if (source instanceof LocalSource local) {
            // the tab reads this engine through a client of its own, whose INFO the captions skip
            this.tabClient = local.engine().newClient();
            this.replicationTab = new ReplicationTab(local.engine(), tabClient);
        } else {
            this.tabClient = null;
            this.replicationTab = new ReplicationTab();
            if (source instanceof RemoteSource remote) replicationTab.poller().addRemote(remote.host(), remote.port());
        }
        this.replicationView = replicationTab.view();
        this.keyspaceView = new KeyspaceView(this::watchKey);
        this.console = new ConsoleView(consoleClient, argv -> dictDirty = true);
        this.controls = new ControlsBar(source.loop(), controlThread);
        this.timeline = new TimelineView(this::replay, this::live);
        this.memoryView = new MemoryView(messages);
        this.accessView = new AccessView(messages);
        this.mechanisms = new MechanismFeed(source, memoryView, accessView);

        dictTab = tab("Dict & rehash", dictView);
        skipListTab = tab("Skiplist", skipListView);
        loopTab = tab("Event loop", loopView);
        replicationTabTab = tab("Replication", replicationTab);
        memoryTab = tab("Memory", memoryView);
        accessTab = tab("ACL", accessView);
        tabs.getTabs().addAll(dictTab, skipListTab, loopTab, replicationTabTab, memoryTab, accessTab);
        keyField.setPrefColumnCount(18);
        keyField.setOnAction(e -> watchKey(keyField.getText().getBytes(StandardCharsets.UTF_8)));
        watchButton.setOnAction(e -> watchKey(keyField.getText().getBytes(StandardCharsets.UTF_8)));
        keyspaceButton.setOnAction(e -> watchKeyspace(0));
        sourceStatus.setStyle("-fx-text-fill: #c02020; -fx-font-weight: bold;");
        sourceStatus.setWrapText(true);
        javafx.scene.layout.Region gap = new javafx.scene.layout.Region();
        HBox.setHgrow(gap, javafx.scene.layout.Priority.ALWAYS);
        watchBar = new HBox(8, watchingLabel, watching, keyField, watchButton, keyspaceButton, sourceStatus, gap, controls.learner);
        watchBar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        watchBar.setPadding(new Insets(0, 8, 4, 8));
        setTop(new VBox(controls, watchBar));
        setLeft(keyspaceView);
        setCenter(tabs);
        this.course = new CoursePanel(source instanceof LocalSource local ? local.engine() : null, messages, this::showView);
        setRight(course);
        relabel();
        addEventFilter(KeyEvent.KEY_PRESSED, this::key);
        SplitPane bottom = new SplitPane(console, timeline);
        bottom.setOrientation(Orientation.HORIZONTAL);
        bottom.setPrefHeight(170);
        setBottom(new VBox(captions, bottom));
        updateWatching();
        source.onLost(why -> javafx.application.Platform.runLater(() -> {
            sourceStatus.setText("Disconnected: " + why);
            console.note("(disconnected) " + why);
        }));
    }

    private static Tab tab(String name, javafx.scene.Node content) {
        Tab t = new Tab(name, content);
        t.setClosable(false);
        return t;
    }

    public void start() {
        timer.start();
    }

    // ------------------------------------------------------------------ what is watched

    public void watchKey(byte[] key) {
        if (key.length == 0) {
            watchKeyspace(watch.db());
            return;
        }
        watch.key(watch.db(), key);
        afterWatchChange();
    }

    public void watchKeyspace(int db) {
        watch.keyspace(db);
        afterWatchChange();
    }

    private void afterWatchChange() {
        dictDirty = true;
        lastSnapshotAt = 0;
        lastMovedBucket = -1;
        updateWatching();
    }

    private void updateWatching() {
        byte[] k = watch.key();
        watching.setText(k == null ? messages.get("viz.watching.keyspace", watch.db()) : messages.get("viz.watching.key", Captions.text(k)));
    }

    // ------------------------------------------------------------------ languages, keys, lessons

    /** Switches the window's language at once: every label, and the lesson step on screen, again. */
    public void setLang(Lang l) {
        messages.setLang(l);
        relabel();
    }

    private void relabel() {
        controls.relabel(messages, this::setLang);
        controls.showLearner(messages, source.loop().isPaused(), loopView.commandsPerSecond(), feed.dropped());
        dictTab.setText(messages.get("viz.tab.dict"));
        skipListTab.setText(messages.get("viz.tab.skiplist"));
        loopTab.setText(messages.get("viz.tab.loop"));
        replicationTabTab.setText(messages.get("viz.tab.replication"));
        memoryTab.setText(messages.get("viz.tab.memory"));
        accessTab.setText(messages.get("viz.tab.access"));
        memoryView.redraw();
        accessView.redraw();
        watchingLabel.setText(messages.get("viz.watching"));
        keyField.setPromptText(messages.get("viz.watch.prompt"));
        watchButton.setText(messages.get("viz.watch"));
        keyspaceButton.setText(messages.get("viz.keyspace"));
        replicationTab.relabel(messages);
        captions.relabel();
        updateWatching();
        course.relabel();
    }

    /** Space: pause/resume the loop; left/right: the lesson's Back/Next; + and -: auto-play's speed. Not while typing. */
    private void key(KeyEvent e) {
        if (e.getTarget() instanceof TextInputControl) return;
        KeyCode c = e.getCode();
        if (c == KeyCode.SPACE) controls.toggle();
        else if (c == KeyCode.RIGHT) course.next();
        else if (c == KeyCode.LEFT) course.back();
        else if (c == KeyCode.PLUS || c == KeyCode.ADD || c == KeyCode.EQUALS) course.faster(true);
        else if (c == KeyCode.MINUS || c == KeyCode.SUBTRACT) course.faster(false);
        else return;
        e.consume();
    }

    /**
     * Brings forward the view a lesson's step names: DICT the dict tab on its database (or key),
     * SKIPLIST the skiplist tab on its key, LOOP the event loop, REPLICATION the topology with the
     * lesson's master added. A dict or skiplist of an engine the lesson started itself cannot be
     * watched here (the window watches its own engine): the caption says so. Kinds without a tab
     * (ENCODING, STREAM) leave the tabs as they are.
     */
    void showView(Shown s) {
        View v = s.view();
        if (v == null || v.kind() == View.Kind.NONE) return;
        Engine mine = source instanceof LocalSource l ? l.engine() : null;
        boolean here = v.engine() == null || v.engine() == mine;
        switch (v.kind()) {
            case DICT -> {
                if (!here) return;
                if (v.key() == null) watchKeyspace(v.db());
                else {
                    watch.key(v.db(), v.key().getBytes(StandardCharsets.UTF_8));
                    afterWatchChange();
                }
                tabs.getSelectionModel().select(dictTab);
            }
            case SKIPLIST -> {
                if (!here || v.key() == null) return;
                watch.key(v.db(), v.key().getBytes(StandardCharsets.UTF_8));
                afterWatchChange();
                tabs.getSelectionModel().select(skipListTab);
            }
            case LOOP -> { if (here) tabs.getSelectionModel().select(loopTab); }
            case REPLICATION -> {
                if (!here && v.engine() != null) replicationTab.poller().addEngine(v.engine());
                tabs.getSelectionModel().select(replicationTabTab);
            }
            case MEMORY, ACCESS -> {
                mechanisms.follow(here ? null : v.engine());
                tabs.getSelectionModel().select(v.kind() == View.Kind.MEMORY ? memoryTab : accessTab);
            }
            default -> { }
        }
        listingDirty = true;
    }

    // ------------------------------------------------------------------ the frame

    void frame(long now) {
        frames++;
        lastFrameAt = now;
        List<EngineEvent> batch = feed.drain();
        if (!batch.isEmpty()) route(batch);

        Watch.State s = arrivedState.getAndSet(null);
        if (s != null) apply(s);
        List<KeyListing> l = arrivedListing.getAndSet(null);
        if (l != null) keyspaceView.show(l, 0, now);

        if (dictDirty && !snapshotInFlight && structureShowing() && now - lastSnapshotAt >= minSnapshotNanos()) requestSnapshot(now);
        if (listingDirty && !listingInFlight && now - lastListingAt >= LISTING_NANOS) requestListing(now);
        skipListView.grow(0.15);
        loopView.frame();
        dictView.catchUp();
        skipListView.catchUp();
        loopView.catchUp();
        replicationTab.frame(tabs.getSelectionModel().getSelectedItem() != null
                             && tabs.getSelectionModel().getSelectedItem().getContent() == replicationTab);
        Tab selected = tabs.getSelectionModel().getSelectedItem();
        mechanisms.frame(now, selected == memoryTab, selected == accessTab);
        memoryView.catchUp();
        accessView.catchUp();
        if (keyspaceView.anyFlashing(now)) keyspaceView.refresh();

        if (now - markAt >= 500_000_000L) {
            double secs = (now - markAt) / 1e9;
            if (markAt != 0) {
                fps = (frames - framesAtMark) / secs;
                eventsPerSecond = (feed.received() - eventsAtMark) / secs;
            }
            framesAtMark = frames;
            eventsAtMark = feed.received();
            budget.sample(now);
            loopView.setRepaintNanos(budget.repaintNanos());
            String snaps = snapshotHealth(secs) + ", " + sampleHealth(secs);
            markAt = now;
            controls.showHealth(fps, eventsPerSecond, feed.dropped(), source.loop().isPaused(), budget.describe() + ", " + snaps);
            controls.showLearner(messages, source.loop().isPaused(), loopView.commandsPerSecond(), feed.dropped());
            java.util.function.Consumer<String> h = healthListener;
            if (h != null && markAt != 0) h.accept(controls.status.getText());
        }
    }

    private long minSnapshotNanos() {
        return budget.snapshotNanos(bigDict ? BIG_SNAPSHOT_NANOS : SMALL_SNAPSHOT_NANOS);
    }

    /**
     * Whether a view that draws the watched structure (dict, skiplist) is on screen: a snapshot runs on
     * the command thread, so none is taken for a hidden tab; the dirty flag stays, and the first frame
     * with the tab shown takes one.
     */
    private boolean structureShowing() {
        Tab t = tabs.getSelectionModel().getSelectedItem();
        return t == null || t.getContent() == dictView || t.getContent() == skipListView;
    }

    /** "snapshots 20/s, 0.03 ms": how often the command thread was asked for a picture, and how long each took there. */
    private String snapshotHealth(double secs) {
        long n = watch.snapshots() - snapshotsAtMark, ns = watch.snapshotNanos() - snapshotNanosAtMark;
        snapshotsAtMark = watch.snapshots();
        snapshotNanosAtMark = watch.snapshotNanos();
        return String.format(java.util.Locale.ROOT, "snapshots %.0f/s, %.2f ms", n / secs, n == 0 ? 0.0 : ns / 1e6 / n);
    }

    /**
     * "sampled: commands 8/tick, 120000/s counted, ticks 30000/s counted": what the engine only counted
     * for the feed (ticks shorter than a millisecond after a heard one, commands past
     * {@link EventFeed#COMMANDS_PER_TICK} after a heard tick), so a learner knows the views show a sample.
     */
    private String sampleHealth(double secs) {
        long skipped = feed.commandsSkipped(), ticksSkipped = feed.ticksSkipped();
        long n = skipped - skippedAtMark, t = ticksSkipped - ticksSkippedAtMark;
        skippedAtMark = skipped;
        ticksSkippedAtMark = ticksSkipped;
        return String.format(java.util.Locale.ROOT, "sampled: commands %d/tick, %.0f/s counted, ticks %.0f/s counted",
                EventFeed.COMMANDS_PER_TICK, n / secs, t / secs);
    }

    private void route(List<EngineEvent> batch) {
        List<EngineEvent.LoopTick> ticks = new ArrayList<>();
        EngineEvent.ReplicationStreamFed lastFed = null;
        List<EngineEvent> told = new ArrayList<>(batch.size());
        String dictName = watch.keyspaceDictName();
        for (EngineEvent e : batch) {
            if (e instanceof EngineEvent.LoopTick t) ticks.add(t);
            if (e instanceof EngineEvent.Sampled s) loopView.sampled(s); // before its tick, which it accounts for
            if (e instanceof EngineEvent.ReplicationStreamFed f) lastFed = f; // one redraw per frame, not per write
            if (e instanceof EngineEvent.CommandExecuted c
                && ((tabClient != null && c.clientId() == tabClient.id()) || source.isOwnCommand(c.clientId()))) continue; // our own reads
            told.add(e);
            if (e instanceof EngineEvent.DictRehashStep st) {
                if (st.dict().equals(dictName)) {
                    lastMovedBucket = st.fromBucket();
                    dictDirty = true;
                }
            } else if (e instanceof EngineEvent.DictResized || e instanceof EngineEvent.DictRehashCompleted
                       || e instanceof EngineEvent.SkipListInsert || e instanceof EngineEvent.SkipListDelete) {
                dictDirty = true;
            } else if (e instanceof EngineEvent.CommandExecuted || e instanceof EngineEvent.Sampled
                       || e instanceof EngineEvent.KeyExpired
                       || e instanceof EngineEvent.EncodingConverted) {
                dictDirty = true;
                listingDirty = true;
            }
        }
        if (lastFed != null) replicationView.streamFed(lastFed);
        loopView.add(ticks);
        if (!timeline.isReplaying()) captions.frame(told, lastFrameAt);
        timeline.record(told, current, lastFrameAt);
    }

    private void requestSnapshot(long now) {
        snapshotInFlight = true;
        dictDirty = false;
        lastSnapshotAt = now;
        source.take(watch).whenComplete((s, err) -> {
            if (s != null) arrivedState.set(s);
            snapshotInFlight = false;
        });
    }

    private void requestListing(long now) {
        listingInFlight = true;
        listingDirty = false;
        lastListingAt = now;
        source.listing(watch.db()).whenComplete((l, err) -> {
            if (l != null) arrivedListing.set(l);
            listingInFlight = false;
        });
    }

    private void apply(Watch.State s) {
        if (current != null && sameShape(current, s)) return; // nothing moved: no repaint
        current = s;
        bigDict = s.dict() != null && s.dict().ht0().size() + s.dict().ht1().size() > Watch.KEYS_MAX_BUCKETS;
        if (timeline.isReplaying()) return;
        draw(s, true);
    }

    /** Same title, same tables, same chains, same cursor, same list, same last insert: drawing it again shows nothing new. */
    static boolean sameShape(Watch.State a, Watch.State b) {
        if (!a.title().equals(b.title()) || !java.util.Objects.equals(a.lastInsert(), b.lastInsert())) return false;
        if ((a.dict() == null) != (b.dict() == null) || (a.zsl() == null) != (b.zsl() == null)) return false;
        if (a.dict() != null) {
            var x = a.dict();
            var y = b.dict();
            if (x.rehashIdx() != y.rehashIdx() || x.pauseRehash() != y.pauseRehash()) return false;
            for (int t = 0; t < 2; t++) {
                if (x.table(t).used() != y.table(t).used()
                    || !java.util.Arrays.equals(x.table(t).chainLengths(), y.table(t).chainLengths())) return false;
                if (!sameKeys(x.table(t).bucketKeys(), y.table(t).bucketKeys())) return false;
            }
        }
        if (a.zsl() != null) return false; // a list is redrawn whenever it was re-read (the dict said something changed)
        return true;
    }

    private static boolean sameKeys(List<List<byte[]>> a, List<List<byte[]>> b) {
        if (a == null || b == null) return a == b;
        for (int i = 0; i < a.size(); i++) {
            List<byte[]> x = a.get(i), y = b.get(i);
            for (int j = 0; j < x.size(); j++) if (!java.util.Arrays.equals(x.get(j), y.get(j))) return false;
        }
        return true;
    }

    private void draw(Watch.State s, boolean live) {
        dictView.show(s.title(), s.dict(), live ? lastMovedBucket : -1);
        Watch.Insert ins = s.lastInsert();
        boolean fresh = live && ins != null && ins.seq() != lastInsertSeq;
        if (ins != null && live) lastInsertSeq = ins.seq();
        skipListView.show(s.title(), s.zsl(), ins == null ? null : ins.member(), ins == null ? 0 : ins.score(), fresh);
    }

    private void replay(TimelineView.Moment m) {
        captions.show(m.event());
        if (m.state() != null) draw(m.state(), false);
    }

    private void live() {
        if (current != null) draw(current, true);
    }

    // ------------------------------------------------------------------ for tests and the snapshot main

    /**
     * Takes a snapshot and a keyspace listing now and applies them on the UI thread; the future
     * completes (on the UI thread) once both are drawn.
     */
    public CompletableFuture<Void> refreshNow() {
        CompletableFuture<Watch.State> s = source.take(watch);
        CompletableFuture<List<KeyListing>> l = source.listing(watch.db());
        CompletableFuture<Void> done = new CompletableFuture<>();
        s.thenCombine(l, (state, listing) -> {
            javafx.application.Platform.runLater(() -> {
                try {
                    apply(state);
                    keyspaceView.show(listing, 0, System.nanoTime());
                    done.complete(null);
                } catch (Throwable t) {
                    done.completeExceptionally(t);
                }
            });
            return null;
        }).exceptionally(t -> {
            done.completeExceptionally(t);
            return null;
        });
        return done;
    }

    public EventFeed feed() { return feed; }

    public void setHealthListener(java.util.function.Consumer<String> l) { healthListener = l; }

    public Watch watch() { return watch; }

    /** The replication tab's poller: add nodes to the topology ({@code --node host:port}, a demo's engines). */
    public TopologyPoller replicationNodes() { return replicationTab.poller(); }

    public long frames() { return frames; }

    public double fps() { return fps; }

    @Override
    public void close() {
        timer.stop();
        course.close(); // gives the engine back as the lesson found it, before the source goes
        feed.close();
        mechanisms.close();
        consoleClient.close();
        replicationTab.close();
        if (tabClient != null) tabClient.close();
        controlThread.shutdown();
        source.close();
    }
}
