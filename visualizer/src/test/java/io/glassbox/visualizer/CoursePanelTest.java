package io.glassbox.visualizer;

import io.glassbox.course.Lang;
import io.glassbox.course.Player;
import io.glassbox.course.Shown;
import io.glassbox.ds.dict.DictSnapshot;
import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListCell;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The window's Course panel, driven as a learner drives it, in a 1280x800 window on Monocle: the
 * chapter list, lesson 03 played from first to last step in both languages (captions in the chosen
 * language, the dict tab brought forward on the lesson's database, the engine's dict where each
 * caption says), Back as a replay, drift and "Reset to step", the keyboard, and a toolbar and panel
 * whose labels are drawn whole and side by side (no "...", no overlap).
 */
@Tag("ui")
class CoursePanelTest {
    private Engine engine;
    private VisualizerPane pane;
    private final FxRobot robot = new FxRobot();

    @BeforeEach
    void start() throws Exception {
        engine = Fx.engine(true);
        pane = Fx.window(engine, true);
    }

    @AfterEach
    void stop() throws Exception {
        Fx.closeWindow(pane);
        engine.close();
    }

    private static <T> T fx(Callable<T> c) throws Exception { return Fx.call(c); }

    /** Runs a panel action on the FX thread and waits for the step it shows. */
    private Shown await(Callable<CompletableFuture<Shown>> action) throws Exception {
        return fx(action).get(30, TimeUnit.SECONDS);
    }

    private DictSnapshot<byte[]> lessonDict() {
        return engine.hooks().dictSnapshot(Player.lessonDb(engine)).join();
    }

    @Test
    void thePanelListsEveryChapterWithBothTitles() throws Exception {
        List<CoursePanel.Chapter> rows = fx(() -> List.copyOf(pane.course.chapters.getItems()));
        long extras = io.glassbox.course.lessons.Course.lessons().stream().filter(l -> l.chapters().isEmpty()).count();
        assertEquals(32 + extras, rows.size(), "the 32 chapters, then the extra lessons");
        for (int i = 32; i < rows.size(); i++) assertEquals(rows.get(i).lesson().id(), rows.get(i).id(), "an extra lesson's row is its name");
        assertNotNull(rows.get(2).lesson(), "chapter 03 has a lesson");
        assertEquals("10", rows.get(8).lesson().id(), "chapter 09 is served by the event-loop lesson 10");
        assertNull(rows.get(12).lesson(), "chapter 13 (I/O threads) has none yet");
        // what is drawn: the cells show the Chinese and the English titles, and say which have no lesson
        List<String> cells = fx(() -> {
            List<String> out = new ArrayList<>();
            for (Node n : pane.course.chapters.lookupAll(".list-cell")) {
                if (n instanceof ListCell<?> c && c.getText() != null) out.add(c.getText());
            }
            return out;
        });
        assertTrue(cells.stream().anyMatch(t -> t.startsWith("03  ") && t.contains(pane.messages.get(Lang.ZH, "ch.03"))
                && t.contains(pane.messages.get(Lang.EN, "ch.03"))), cells.toString());
        fx(() -> { pane.course.chapters.scrollTo(12); return null; });
        robot.sleep(100);
        assertTrue(fx(() -> pane.course.chapters.lookupAll(".list-cell").stream()
                .anyMatch(n -> n instanceof ListCell<?> c && c.getText() != null && c.getText().startsWith("13  ")
                        && c.getText().contains(pane.messages.get(Lang.EN, "player.list.nolesson")))));
    }

    @Test
    void lesson03PlaysFromFirstToLastStepInBothLanguages() throws Exception {
        for (Lang lang : Lang.values()) {
            fx(() -> { pane.setLang(lang); return null; });
            Shown s = await(() -> pane.course.play("03"));
            assertEquals(Shown.Kind.STEP, s.kind());
            assertEquals(1, s.step());
            assertEquals(4, lessonDict().size(), "step 1 leaves four keys in the lesson's db");
            assertEquals(-1, lessonDict().rehashIdx());
            assertShownInLanguage(lang, s);
            // the dict tab is forward, watching the lesson's database
            assertTrue(fx(() -> pane.tabs.getSelectionModel().getSelectedItem() == pane.dictTab));
            assertEquals(Player.lessonDb(engine), pane.watch().db());
            while (s.step() < s.total()) {
                int before = s.step();
                s = await(() -> pane.course.next());
                assertEquals(Shown.Kind.STEP, s.kind(), "the engine stayed where step " + before + " left it");
                assertEquals(before + 1, s.step());
                assertShownInLanguage(lang, s);
                if (s.step() == 2) assertTrue(lessonDict().isRehashing(), "step 2: the fifth key began a rehash");
            }
            assertEquals(9, lessonDict().size(), "the last step leaves nine keys");
            // what is drawn: the dict view shows the lesson's dict once a frame has taken it
            pane.refreshNow().get(10, TimeUnit.SECONDS);
            assertEquals(lessonDict().ht0().size(), (int) fx(() -> pane.dictView.tableSize(0)));
            assertTrue(fx(() -> pane.course.next.isDisabled()), "Next is off after the last step");
        }
    }

    /** Every message key the window's code names exists in both bundles (the course's MessagesTest reads only the course's code). */
    @Test
    void everyKeyTheWindowNamesExistsInBothLanguages() throws Exception {
        java.util.regex.Pattern quoted = java.util.regex.Pattern.compile("\"((?:viz|player|ch)\\.[a-z0-9.]+)\"");
        List<String> missing = new ArrayList<>();
        int seen = 0;
        try (var files = java.nio.file.Files.walk(java.nio.file.Path.of("src/main/java"))) {
            for (java.nio.file.Path p : (Iterable<java.nio.file.Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                var mt = quoted.matcher(java.nio.file.Files.readString(p));
                while (mt.find()) {
                    seen++;
                    for (Lang l : Lang.values()) if (!pane.messages.has(l, mt.group(1))) missing.add(l + " " + mt.group(1));
                }
            }
        }
        assertTrue(seen > 30, "the window names its labels' keys: " + seen);
        assertTrue(missing.isEmpty(), missing.toString());
    }

    private void assertShownInLanguage(Lang lang, Shown s) throws Exception {
        String caption = fx(() -> pane.course.captions.getText());
        String expected = s.captions().get(0).render(pane.messages);
        assertTrue(caption.startsWith(expected), "the panel shows the step's first caption: " + caption);
        boolean cjk = caption.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
        assertEquals(lang == Lang.ZH, cjk, "captions in " + lang + ": " + caption);
        String cites = fx(() -> pane.course.cites.getText());
        assertTrue(cites.contains(s.cites().get(0).cFunction()) && cites.contains(s.cites().get(0).javaMethod()), cites);
    }

    @Test
    void backReplaysTheEngineToThePreviousStepAndTheLanguageSwitchesLive() throws Exception {
        await(() -> pane.course.play("03"));
        await(() -> pane.course.next());
        Shown three = await(() -> pane.course.next());
        assertEquals(3, three.step());
        Shown back = await(() -> pane.course.back());
        assertEquals(2, back.step());
        assertEquals(5, lessonDict().size());
        assertTrue(lessonDict().isRehashing(), "back at step 2: the rehash has begun and no GET has moved it");
        assertEquals(0, lessonDict().rehashIdx());
        String english = fx(() -> pane.course.captions.getText());
        fx(() -> { pane.setLang(Lang.ZH); return null; });
        String chinese = fx(() -> pane.course.captions.getText());
        assertEquals(back.captions().get(0).render(pane.messages), chinese.substring(0, back.captions().get(0).render(pane.messages).length()));
        assertFalse(english.equals(chinese));
        assertEquals(pane.messages.get("viz.course.next") + " \u2192", fx(() -> pane.course.next.getText()));
        assertEquals(pane.messages.get("viz.pause"), fx(() -> pane.controls.pause.getText()));
        assertEquals(pane.messages.get("viz.tab.dict"), fx(() -> pane.dictTab.getText()));
    }

    @Test
    void driftOffersResetToStep() throws Exception {
        await(() -> pane.course.play("03"));
        try (LocalClient learner = engine.newClient()) {
            learner.call("SELECT", Integer.toString(Player.lessonDb(engine)));
            learner.call("SET", "mine", "1"); // the learner's own key in the lesson's db
        }
        Shown drift = await(() -> pane.course.next());
        assertEquals(Shown.Kind.DRIFT, drift.kind());
        assertTrue(fx(() -> pane.course.redo.isVisible()), "Reset to step is offered");
        assertEquals(pane.messages.get("viz.course.redo", 1), fx(() -> pane.course.redo.getText()));
        assertTrue(fx(() -> pane.course.captions.getText()).startsWith(pane.messages.get("viz.course.drift", 1)),
                "the window's wording (its buttons), not the REPL's :lesson redo");
        robot.clickOn("#course-redo");
        waitFor(() -> fx(() -> !pane.course.busy() && pane.course.shown() != null && !pane.course.redo.isVisible()));
        assertEquals(1, fx(() -> pane.course.shown().step()));
        assertEquals(4, lessonDict().size(), "the replay put the engine back at step 1");
    }

    @Test
    void arrowsStepAndPlusMinusChangeTheSpeed() throws Exception {
        await(() -> pane.course.play("03"));
        robot.type(KeyCode.RIGHT);
        waitFor(() -> fx(() -> !pane.course.busy() && pane.course.shown().step() == 2));
        robot.type(KeyCode.LEFT);
        waitFor(() -> fx(() -> !pane.course.busy() && pane.course.shown().step() == 1));
        double speed = fx(() -> pane.course.speed.getValue());
        robot.type(KeyCode.MINUS);
        assertEquals(speed + 1, fx(() -> pane.course.speed.getValue()), 1e-9, "- pauses longer between steps");
        robot.type(KeyCode.SPACE);
        waitFor(() -> engine.loop().isPaused());
        robot.type(KeyCode.SPACE);
        waitFor(() -> !engine.loop().isPaused());
    }

    @Test
    void autoPlayRunsTheNextStepsByItselfUntilStopped() throws Exception {
        await(() -> pane.course.play("03"));
        fx(() -> { pane.course.speed.setValue(CoursePanel.MIN_SPEED); return null; });
        robot.clickOn("#course-auto");
        waitFor(() -> fx(() -> !pane.course.busy() && pane.course.shown().step() >= 3));
        robot.clickOn("#course-auto"); // off: no further step (one already running finishes)
        waitFor(() -> fx(() -> !pane.course.busy()));
        int at = fx(() -> pane.course.shown().step());
        assertFalse(fx(() -> pane.course.auto.isSelected()));
        robot.sleep(1500);
        assertEquals(at, (int) fx(() -> pane.course.busy() ? -1 : pane.course.shown().step()), "auto-play stopped");
    }

    @Test
    void nothingElidedOrOverlappingAt1280x800InBothLanguages() throws Exception {
        Shown five = await(() -> pane.course.play("05")); // a step on screen, with its citations
        // the skiplist step brings the skiplist tab forward on the lesson's key, drawn from the engine
        assertTrue(fx(() -> pane.tabs.getSelectionModel().getSelectedItem() == pane.skipListTab));
        assertEquals(five.view().key(), new String(pane.watch().key(), java.nio.charset.StandardCharsets.UTF_8));
        pane.refreshNow().get(10, TimeUnit.SECONDS);
        long zcard = engine.hooks().skiplistSnapshot(Player.lessonDb(engine), five.view().key().getBytes()).join().length();
        assertEquals(zcard, (long) fx(() -> pane.skipListView.shown().length()));
        for (Lang lang : Lang.values()) {
            fx(() -> { pane.setLang(lang); pane.applyCss(); pane.layout(); return null; });
            robot.sleep(100);
            List<String> problems = fx(() -> {
                List<String> out = new ArrayList<>();
                checkRow(pane.controls.bar, out);
                checkRow(pane.watchBar, out);
                checkLabels((Parent) pane.getTop(), out);
                checkLabels(pane.tabs, out);
                checkLabels(pane.course, out);
                for (Node n : pane.course.lookupAll(".flow-pane")) checkRow((Parent) n, out);
                return out;
            });
            assertTrue(problems.isEmpty(), lang + ": " + problems);
        }
    }

    /** Every visible Labeled draws its whole text (a clipped one draws "..." instead) and lies inside the window. */
    private void checkLabels(Parent root, List<String> out) {
        double width = root.getScene().getWidth();
        for (Node n : root.lookupAll("*")) {
            if (!(n instanceof Labeled l) || !n.isVisible() || l.getText() == null || l.getText().isEmpty() || !visible(n)) continue;
            if (n instanceof ListCell<?>) continue; // cells are checked by what they say, not by the list's scroll window
            Node t = l.lookup(".text");
            if (t instanceof Text drawn && !drawn.getText().equals(l.getText())) {
                out.add("'" + l.getText() + "' is drawn as '" + drawn.getText() + "'");
            }
            Bounds b = l.localToScene(l.getBoundsInLocal());
            if (b.getMaxX() > width + 0.5 || b.getMinX() < -0.5) out.add("'" + l.getText() + "' lies outside the window: " + b);
        }
    }

    private static boolean visible(Node n) {
        for (Node p = n; p != null; p = p.getParent()) if (!p.isVisible()) return false;
        return true;
    }

    /** The managed children of a row do not overlap one another. */
    private static void checkRow(Parent row, List<String> out) {
        List<Node> kids = new ArrayList<>();
        for (Node n : row.getChildrenUnmodifiable()) if (n.isManaged() && n.isVisible()) kids.add(n);
        for (int i = 0; i < kids.size(); i++) {
            for (int j = i + 1; j < kids.size(); j++) {
                Bounds a = kids.get(i).getBoundsInParent(), b = kids.get(j).getBoundsInParent();
                double ox = Math.min(a.getMaxX(), b.getMaxX()) - Math.max(a.getMinX(), b.getMinX());
                double oy = Math.min(a.getMaxY(), b.getMaxY()) - Math.max(a.getMinY(), b.getMinY());
                if (ox > 0.5 && oy > 0.5) out.add(kids.get(i) + " overlaps " + kids.get(j));
            }
        }
    }

    private interface Check { boolean ok() throws Exception; }

    private static void waitFor(Check c) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!c.ok()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out");
            Thread.sleep(20);
        }
    }
}
