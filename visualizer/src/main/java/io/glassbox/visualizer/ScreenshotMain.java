package io.glassbox.visualizer;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./glassbox screenshots [dir] [big-keys]}: renders every view to PNG without a display
 * (Monocle's headless glass, software renderer), after a scripted session that leaves something
 * worth seeing: a keyspace mid-rehash, a sorted set just after an insert, a loop with a stall, and
 * a big dict (600,000 keys by default) mid-rehash, summarised. Writes {@code dict-rehash.png},
 * {@code dict-big.png}, {@code skiplist.png}, {@code event-loop.png}, {@code replication.png} and
 * {@code window.png} into {@code dir} (default docs/screenshots).
 *
 * <p>Active rehashing is off in this engine so that only commands move the cursor and the pictures
 * are the same from run to run, up to the hash seed.
 */
public final class ScreenshotMain {
    static final int WIDTH = 1280, HEIGHT = 800;

    private ScreenshotMain() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "docs/screenshots");
        int big = args.length > 1 ? Integer.parseInt(args[1]) : 600_000;
        Visualizer.useHeadlessGlass();
        for (Path p : render(dir, big)) System.out.println(p);
        Platform.exit();
        System.exit(0);
    }

    /** Runs the scripted session and writes the PNGs; the toolkit is started if needed. */
    public static List<Path> render(Path dir, int bigKeys) throws Exception {
        Visualizer.startToolkit();
        // DEBUG SLEEP makes the stall in the loop picture
        String[] s = {"--port", "0", "--save", "", "--activerehashing", "no", "--enable-debug-command", "yes"};
        List<Path> written = new ArrayList<>();
        try (Engine engine = Engine.start(s); LocalClient c = engine.newClient()) {
            // in English whatever the system locale (the Course panel's pictures are taken in both languages)
            VisualizerPane pane = fx(() -> new VisualizerPane(new io.glassbox.visualizer.source.LocalSource(engine), 8192,
                    new io.glassbox.course.Messages(io.glassbox.course.Lang.EN)));
            Stage stage = fx(() -> {
                Stage st = new Stage();
                st.setScene(new Scene(pane, WIDTH, HEIGHT));
                pane.start();
                st.show();
                return st;
            });
            try {
                // A big dict in db 1, mid-rehash: MSETs of 1000 keys, pipelined.
                c.call("SELECT", "1");
                List<CompletableFuture<?>> sent = new ArrayList<>();
                for (int i = 0; i < bigKeys; i += 1000) {
                    List<byte[]> argv = new ArrayList<>();
                    argv.add(bytes("MSET"));
                    for (int j = i; j < Math.min(bigKeys, i + 1000); j++) {
                        argv.add(bytes("key:" + j));
                        argv.add(bytes("v"));
                    }
                    sent.add(c.send(argv));
                }
                for (CompletableFuture<?> f : sent) f.get(120, TimeUnit.SECONDS);
                c.call("SELECT", "0");
                // db 0 mid-rehash: 8 keys fill 8 buckets, the 9th doubles the table to 16, two GETs
                // move the cursor (every command that touches a rehashing dict moves one bucket).
                for (int i = 1; i <= 6; i++) c.call("SET", "user:" + i, "u" + i);
                c.call("HSET", "h", "f", "v");
                for (int i = 0; i < 200; i++) c.call("ZADD", "ranking", Integer.toString(i * 10), "player:" + i);
                c.call("SET", "user:7", "u7");
                fx(() -> { pane.watchKeyspace(0); return null; });
                pane.refreshNow().get(30, TimeUnit.SECONDS);
                c.call("GET", "user:1");
                c.call("GET", "user:2");
                pane.refreshNow().get(30, TimeUnit.SECONDS);
                // The loop timeline: a few ticks, then a stall (one slow command holds every client).
                for (int i = 0; i < 40; i++) {
                    c.call("PING"); // touches no dict: the cursor stays
                    Thread.sleep(10);
                }
                c.call("DEBUG", "SLEEP", "0.05");
                for (int i = 0; i < 20; i++) {
                    c.call("PING"); // touches no dict: the cursor stays
                    Thread.sleep(10);
                }
                written.add(shoot(pane, pane.dictView, 0, dir.resolve("dict-rehash.png")));
                written.add(shoot(pane, pane.loopView, 2, dir.resolve("event-loop.png")));
                written.add(shoot(pane, pane.replicationView, 3, dir.resolve("replication.png")));

                fx(() -> { pane.watchKey(bytes("ranking")); return null; });
                c.call("ZADD", "ranking", "1005", "newcomer");
                // The insert event reaches the watch on the hooks' delivery thread: wait for it.
                for (int i = 0; i < 500 && pane.watch().lastInsert() == null; i++) Thread.sleep(10);
                pane.refreshNow().get(30, TimeUnit.SECONDS);
                fx(() -> pane.skipListView.grow(64));
                written.add(shoot(pane, pane.skipListView, 1, dir.resolve("skiplist.png")));

                fx(() -> { pane.watchKeyspace(1); return null; });
                pane.refreshNow().get(60, TimeUnit.SECONDS);
                written.add(shoot(pane, pane.dictView, 0, dir.resolve("dict-big.png")));

                fx(() -> { pane.watchKeyspace(0); return null; });
                pane.refreshNow().get(30, TimeUnit.SECONDS);
                written.add(shoot(pane, pane, 0, dir.resolve("window.png")));

                // Memory: writes over a maxmemory just above the dataset evict (allkeys-lru), a big set
                // is UNLINKed (the bio thread frees it), a slow command is a latency sample.
                c.call("SELECT", "2");
                c.call("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
                c.call("CONFIG", "SET", "latency-monitor-threshold", "10");
                fx(() -> { pane.tabs.getSelectionModel().select(pane.memoryTab); return null; });
                for (int i = 0; i < 200; i++) c.call("SET", "cache:" + i, "x".repeat(100));
                long used = Long.parseLong(info(c, "used_memory"));
                c.call("CONFIG", "SET", "maxmemory", Long.toString(used + 2000));
                for (int i = 0; i < 100; i++) c.call("SET", "fresh:" + i, "y".repeat(100));
                c.call("CONFIG", "SET", "maxmemory", "0");
                List<String> sadd = new ArrayList<>(List.of("SADD", "big"));
                for (int i = 0; i < 2000; i++) sadd.add("member:" + i);
                c.call(sadd.toArray(String[]::new));
                c.call("UNLINK", "big");
                c.call("DEBUG", "SLEEP", "0.03");
                Thread.sleep(600); // the events and a snapshot of the evictor reach the tab
                written.add(shoot(pane, pane.memoryView, 4, dir.resolve("memory.png")));
                c.call("CONFIG", "SET", "latency-monitor-threshold", "0");
                c.call("FLUSHDB");

                // ACL and client-side caching: a refused GET, a tracking client and its invalidation.
                fx(() -> { pane.tabs.getSelectionModel().select(pane.accessTab); return null; });
                try (LocalClient reader = engine.newClient(); LocalClient cache = engine.newClient()) {
                    c.call("ACL", "SETUSER", "reader", "on", "nopass", "+get", "~cache:*");
                    reader.call("AUTH", "reader", "x");
                    reader.call("GET", "secret");
                    cache.call("HELLO", "3");
                    cache.call("CLIENT", "TRACKING", "on");
                    c.call("SET", "cache:1", "a");
                    cache.call("GET", "cache:1");
                    cache.call("GET", "cache:2");
                    c.call("SET", "cache:1", "b");
                    Thread.sleep(600);
                    written.add(shoot(pane, pane.accessView, 5, dir.resolve("acl-tracking.png")));
                }
                c.call("ACL", "DELUSER", "reader");
                c.call("FLUSHDB");
                c.call("SELECT", "0");

                // The Course panel: lesson 03 at its second step (the fifth key began a rehash), in
                // English and in Chinese; the step brings the dict tab forward on the lesson's db.
                fx(() -> pane.course.play("03")).get(60, TimeUnit.SECONDS);
                fx(() -> pane.course.next()).get(60, TimeUnit.SECONDS);
                for (io.glassbox.course.Lang l : io.glassbox.course.Lang.values()) {
                    fx(() -> { pane.setLang(l); return null; });
                    pane.refreshNow().get(30, TimeUnit.SECONDS);
                    written.add(shoot(pane, pane, 0, dir.resolve("course-" + l.name().toLowerCase(java.util.Locale.ROOT) + ".png")));
                }
                fx(() -> { pane.setLang(io.glassbox.course.Lang.EN); return null; });

                // Lesson 08's first step: the start of the engine it started on a copied RDB.
                fx(() -> pane.course.play("08")).get(60, TimeUnit.SECONDS);
                written.add(shoot(pane, pane.startupView, 6, dir.resolve("startup.png")));
            } finally {
                fx(() -> {
                    stage.hide();
                    pane.close();
                    return null;
                });
            }
        }
        return written;
    }

    private static Path shoot(VisualizerPane pane, Node node, int tab, Path file) throws Exception {
        fx(() -> {
            pane.tabs.getSelectionModel().select(tab);
            pane.applyCss();
            pane.layout();
            return null;
        });
        Thread.sleep(100); // a frame or two, so the tab's canvas has its size
        WritableImage img = fx(() -> node.snapshot(null, null));
        Png.write(img, file);
        return file;
    }

    static <T> T fx(Callable<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.get(60, TimeUnit.SECONDS);
    }

    /** A field of INFO memory. */
    private static String info(LocalClient c, String field) {
        String all = new String(((io.glassbox.resp.RespValue.Bulk) c.call("INFO", "memory")).value(), StandardCharsets.UTF_8);
        for (String l : all.split("\r\n")) if (l.startsWith(field + ":")) return l.substring(field.length() + 1);
        throw new IllegalStateException(field);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
