package io.glassbox.visualizer;

import io.glassbox.course.Lang;
import io.glassbox.course.Messages;
import io.glassbox.course.Shown;
import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.hooks.EngineEvent;
import io.glassbox.resp.RespValue;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Memory tab and the ACL-and-caching tab on a real engine, in a 1280x800 window on Monocle:
 * what each model holds is what the engine did (the victim INFO counts, the lazy-free job INFO
 * counts, the latency sample LATENCY LATEST reports, the refusal ACL LOG holds, the key the tracking
 * table holds), and what is drawn says it (the victim's, the freed job's, the refusal's and the
 * invalidation's colours on the canvas; the tab titles in the chosen language). A lesson's step
 * that names its own engine's memory makes the tab follow that engine.
 */
@Tag("ui")
class MechanismViewsTest {
    private Engine engine;
    private VisualizerPane pane;
    private long now = 1_000_000_000L;

    @BeforeEach
    void start() throws Exception {
        engine = Fx.engine(true);
        pane = Fx.window(engine, false);
    }

    @AfterEach
    void stop() throws Exception {
        Fx.closeWindow(pane);
        engine.close();
    }

    /** Runs frames (the pane's timer is not started: the test drives time) until {@code done} holds on the FX thread. */
    private void framesUntil(String what, BooleanSupplier done) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            now += 300_000_000L;
            long t = now;
            if (Fx.call(() -> {
                pane.frame(t);
                return done.getAsBoolean();
            })) return;
            assertTrue(System.nanoTime() < deadline, "never: " + what);
            Thread.sleep(20);
        }
    }

    /** Every bulk string of a reply, nested arrays and maps included. */
    private static List<String> flat(RespValue r) {
        List<String> out = new ArrayList<>();
        if (r instanceof RespValue.Bulk) out.add(bulk(r));
        else if (r instanceof RespValue.Array a) for (RespValue v : a.items()) out.addAll(flat(v));
        else if (r instanceof RespValue.Map m) for (RespValue v : m.entries()) out.addAll(flat(v));
        return out;
    }

    private static String bulk(RespValue r) { return new String(((RespValue.Bulk) r).value(), java.nio.charset.StandardCharsets.UTF_8); }

    private static long infoField(LocalClient c, String section, String field) {
        for (String l : bulk(c.call("INFO", section)).split("\r\n")) {
            if (l.startsWith(field + ":")) return Long.parseLong(l.substring(field.length() + 1).strip());
        }
        throw new AssertionError(field);
    }

    @Test
    void theMemoryTabDrawsThePoolTheVictimTheLazyFreeQueueAndTheLatencySamples() throws Exception {
        Fx.run(() -> pane.tabs.getSelectionModel().select(pane.memoryTab));
        try (LocalClient c = engine.newClient()) {
            c.call("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
            c.call("CONFIG", "SET", "latency-monitor-threshold", "15");
            for (int i = 0; i < 200; i++) c.call("SET", "key:" + i, "x".repeat(100));
            long used = infoField(c, "memory", "used_memory");
            c.call("CONFIG", "SET", "maxmemory", Long.toString(used + 2000));
            for (int i = 0; i < 100; i++) c.call("SET", "more:" + i, "y".repeat(100));
            long evicted = infoField(c, "stats", "evicted_keys");
            assertTrue(evicted > 0, "the writes evicted");
            c.call("CONFIG", "SET", "maxmemory", "0");
            framesUntil("a victim and a pool", () -> pane.memoryView.victim() != null);
            EngineEvent.KeyEvicted v = Fx.call(() -> pane.memoryView.victim());
            assertEquals("allkeys-lru", v.policy());
            assertEquals(0, ((RespValue.Int) c.call("EXISTS", new String(v.key()))).value(), "the victim is gone from the keyspace");
            assertTrue(Fx.call(() -> pane.memoryView.pool().size()) <= 16);
            assertTrue(Fx.call(() -> pane.memoryView.sampled().size()) > 0, "the sampled keys with their idle times");

            List<String> args = new ArrayList<>(List.of("SADD", "big"));
            for (int i = 0; i < 1000; i++) args.add("member:" + i);
            c.call(args.toArray(String[]::new));
            c.call("UNLINK", "big");
            framesUntil("the job freed", () -> pane.memoryView.freed() >= 1);
            assertEquals(1, Fx.call(() -> pane.memoryView.queued()));

            c.call("DEBUG", "SLEEP", "0.03");
            framesUntil("a latency sample", () -> pane.memoryView.latest().containsKey("command"));
            Thread.sleep(100);
            framesUntil("every sample in", () -> true);
            long[] l = Fx.call(() -> pane.memoryView.latest().get("command"));
            long max = -1;
            for (RespValue e : ((RespValue.Array) c.call("LATENCY", "LATEST")).items()) {
                List<RespValue> f = ((RespValue.Array) e).items();
                if (bulk(f.get(0)).equals("command")) max = ((RespValue.Int) f.get(3)).value();
            }
            assertEquals(max, l[1], "LATENCY LATEST's max for 'command'");
            List<Long> history = new ArrayList<>();
            for (RespValue e : ((RespValue.Array) c.call("LATENCY", "HISTORY", "command")).items()) {
                history.add(((RespValue.Int) ((RespValue.Array) e).items().get(1)).value());
            }
            assertTrue(history.contains(l[0]), "the latest shown is one of LATENCY HISTORY's samples: " + l[0] + " in " + history);
            assertTrue(l[1] >= 30, "DEBUG SLEEP 0.03 is among them");

            Fx.run(() -> pane.memoryView.redraw());
            WritableImage img = Fx.call(() -> Fx.image(pane.memoryView));
            if (System.getenv("VIEWS_PNG") != null) Png.write(img, java.nio.file.Path.of(System.getenv("VIEWS_PNG"), "memory.png"));
            assertTrue(Fx.count(img, Palette.VICTIM) > 0, "the victim's mark is drawn");
            assertTrue(Fx.count(img, Palette.FREED) > 0, "the freed job is drawn on the bio lane");
            assertTrue(Fx.count(img, Palette.QUEUED) > 0, "and queued on the command thread's");

            Fx.run(() -> pane.setLang(Lang.ZH));
            assertEquals("内存", Fx.call(() -> pane.memoryTab.getText()));
            String caption = Fx.call(() -> pane.captions.getText());
            assertTrue(caption.codePoints().anyMatch(ch -> Character.UnicodeScript.of(ch) == Character.UnicodeScript.HAN),
                    "the event caption on screen switched too: " + caption);
            assertEquals("ACL 与客户端缓存", Fx.call(() -> pane.accessTab.getText()));
            WritableImage zh = Fx.call(() -> Fx.image(pane.memoryView));
            if (System.getenv("VIEWS_PNG") != null) Png.write(zh, java.nio.file.Path.of(System.getenv("VIEWS_PNG"), "memory-zh.png"));
            assertTrue(Fx.count(zh, Palette.VICTIM) > 0, "the same picture, labelled in Chinese");
        }
    }

    @Test
    void theAccessTabDrawsTheRefusalAndTheTrackingTable() throws Exception {
        Fx.run(() -> pane.tabs.getSelectionModel().select(pane.accessTab));
        try (LocalClient admin = engine.newClient(); LocalClient reader = engine.newClient(); LocalClient cache = engine.newClient()) {
            admin.call("ACL", "SETUSER", "reader", "on", "nopass", "+get", "~cache:*");
            reader.call("AUTH", "reader", "x");
            RespValue refused = reader.call("GET", "secret");
            assertTrue(refused instanceof RespValue.Error);
            framesUntil("the refusal", () -> pane.accessView.lastRefusal() != null);
            EngineEvent.AclDenied d = Fx.call(() -> pane.accessView.lastRefusal());
            assertEquals(List.of("reader", "get", "key", "secret", reader.id()),
                    List.of(d.username(), d.command(), d.reason(), d.object(), d.clientId()));
            List<List<String>> log = Fx.call(() -> pane.accessView.aclLog());
            assertEquals(List.of("key", "toplevel", "secret", "reader", "1"), log.get(0));
            assertTrue(flat(admin.call("ACL", "LOG")).containsAll(List.of("key", "toplevel", "secret", "reader")), "the same entry in ACL LOG");

            cache.call("HELLO", "3");
            cache.call("CLIENT", "TRACKING", "on");
            admin.call("SET", "cache:1", "v");
            cache.call("GET", "cache:1");
            framesUntil("the tracked key", () -> pane.accessView.trackingRows().contains("cache:1 -> [" + cache.id() + "]"));
            admin.call("SET", "cache:1", "w");
            framesUntil("the invalidation", () -> !pane.accessView.sent().isEmpty());
            EngineEvent.InvalidationSent s = Fx.call(() -> pane.accessView.sent().get(0));
            assertEquals(cache.id(), s.receiverId());
            assertEquals("push", s.how());
            framesUntil("the key gone from the table", () -> pane.accessView.trackingRows().isEmpty());

            Fx.run(() -> pane.accessView.redraw());
            WritableImage img = Fx.call(() -> Fx.image(pane.accessView));
            if (System.getenv("VIEWS_PNG") != null) Png.write(img, java.nio.file.Path.of(System.getenv("VIEWS_PNG"), "access.png"));
            assertTrue(Fx.count(img, Palette.DENIED) > 0, "the refused step of the path is drawn");
            assertTrue(Fx.count(img, Palette.INVALIDATION) > 0, "the invalidation's mark is drawn");
        }
    }

    @Test
    void aLessonStepOnItsOwnEngineMakesTheMemoryTabFollowIt() throws Exception {
        Shown first = Fx.call(() -> pane.course.play("15")).get(30, TimeUnit.SECONDS);
        assertNotNull(first);
        assertSame(pane.memoryTab, Fx.call(() -> pane.tabs.getSelectionModel().getSelectedItem()));
        Engine followed = Fx.call(() -> pane.mechanisms.followed());
        assertNotNull(followed, "the tab follows the lesson's engine");
        assertTrue(followed != engine);
        for (int i = 0; i < 2; i++) Fx.call(() -> pane.course.next()).get(30, TimeUnit.SECONDS); // step 3: a write over the limit
        framesUntil("the lesson's victim", () -> pane.memoryView.victim() != null);
        assertEquals("allkeys-lru", Fx.call(() -> pane.memoryView.victim().policy()));
        Fx.run(() -> pane.showView(new Shown(Shown.Kind.STEP, first.lesson(), 1, 1, List.of(),
                new io.glassbox.course.View(io.glassbox.course.View.Kind.MEMORY, engine, 0, null, null), List.of(), List.of(), List.of())));
        assertNull(Fx.call(() -> pane.mechanisms.followed()), "back on the window's own engine");
    }
}
