package io.glassbox.visualizer;

import io.glassbox.course.Messages;
import io.glassbox.eviction.Eviction;
import io.glassbox.hooks.EngineEvent;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Memory at work (evict.c, lazyfree.c, latency.c), four panels:
 * <ul>
 *   <li>the eviction pool as evictionPoolPopulate left it: its 16 slots, worst to best, each with
 *       its key and score (idle ms under LRU, the LFU counter under LFU), the entry evicted next,
 *       and the last victim performEvictions deleted;</li>
 *   <li>the keys the evictor sampled, each with its score now and the last time it was sampled:
 *       under LFU the counter's logarithmic climb (LFULogIncr) and its decay (LFUDecrAndReturn);</li>
 *   <li>the bio_lazy_free queue: each job queued on the command thread (UNLINK, FLUSHDB ASYNC, a lazy
 *       eviction) and freed later by the background thread, while commands went on;</li>
 *   <li>the latency monitor's samples per event on a time line (LATENCY HISTORY) with each event's
 *       latest and worst (LATENCY LATEST).</li>
 * </ul>
 * Everything comes from hook events and the evictor's snapshot; every label is in the learner's language.
 */
public final class MemoryView extends CanvasView {
    /** Sampled keys shown (the most recently sampled). */
    static final int KEYS = 12;
    /** Lazy-free jobs shown (the newest). */
    static final int JOBS = 24;
    /** Latency samples kept per event (latency.c's LATENCY_TS_LEN is 160). */
    static final int SAMPLES = 160;
    /** The time the latency chart spans. */
    static final long CHART_NANOS = 60_000_000_000L;

    private final Messages m;
    private Eviction.View state;
    /** The pool after the last round of sampling, worst to best. */
    private final List<Slot> pool = new ArrayList<>();
    private EngineEvent.KeyEvicted victim;
    private long evictedSeen;
    private String policy = "";
    /** Key -> its last two scores, in the order last sampled (oldest first). */
    private final LinkedHashMap<String, long[]> sampled = new LinkedHashMap<>(16, 0.75f, true);
    private final ArrayDeque<Job> jobs = new ArrayDeque<>();
    private long queued, freed;
    private final Map<String, ArrayDeque<long[]>> latency = new LinkedHashMap<>();

    record Slot(long db, String key, long score) {}

    /** A lazy-free job: what was queued, and once freed, how many entries the thread walked and how long it took. */
    static final class Job {
        final String what;
        final long objects, effort;
        boolean done;
        long visited, nanos;

        Job(String what, long objects, long effort) {
            this.what = what;
            this.objects = objects;
            this.effort = effort;
        }
    }

    public MemoryView(Messages m) {
        super(900, 420);
        this.m = m;
    }

    // ------------------------------------------------------------------ the model

    /** Takes the events of this view's kinds (others are ignored); repaint with {@link #redraw}. */
    void add(EngineEvent e) {
        if (e instanceof EngineEvent.EvictionPoolPopulated p) {
            pool.clear();
            byte[][] keys = p.keys();
            for (int i = 0; i < keys.length; i++) pool.add(new Slot(p.dbs()[i], text(keys[i]), p.scores()[i]));
        } else if (e instanceof EngineEvent.EvictionKeySampled s) {
            long[] was = sampled.get(text(s.key()));
            sampled.put(text(s.key()), new long[] {s.score(), was == null ? -1 : was[0]});
            while (sampled.size() > KEYS) {
                Iterator<String> it = sampled.keySet().iterator();
                it.next();
                it.remove();
            }
        } else if (e instanceof EngineEvent.KeyEvicted k) {
            victim = k;
            evictedSeen++;
            policy = k.policy();
            pool.removeIf(s -> s.key().equals(text(k.key())));
        } else if (e instanceof EngineEvent.LazyFreeQueued q) {
            queued++;
            jobs.addLast(new Job(q.what(), q.objects(), q.effort()));
            while (jobs.size() > JOBS) jobs.removeFirst();
        } else if (e instanceof EngineEvent.LazyFreeDone d) {
            freed++;
            for (Job j : jobs) { // one bio thread frees in queue order: the oldest job not done is this one
                if (!j.done) {
                    j.done = true;
                    j.visited = d.visited();
                    j.nanos = d.nanos();
                    break;
                }
            }
        } else if (e instanceof EngineEvent.LatencySample l) {
            // latencyAddSample keeps one sample a second per event, the worst: so does the chart
            long second = (System.currentTimeMillis() - (System.nanoTime() - l.nanoTime()) / 1_000_000) / 1000;
            ArrayDeque<long[]> q = latency.computeIfAbsent(l.event(), k -> new ArrayDeque<>());
            long[] prev = q.peekLast();
            if (prev != null && prev[2] == second) {
                prev[1] = Math.max(prev[1], l.ms());
                return;
            }
            q.addLast(new long[] {l.nanoTime(), l.ms(), second});
            while (q.size() > SAMPLES) q.removeFirst();
        }
    }

    /** The evictor's state (policy, account, pool), read from the engine. */
    void state(Eviction.View v) {
        state = v;
        if (v == null) return;
        policy = v.policy();
        pool.clear();
        for (var p : v.pool()) pool.add(new Slot(p.db(), text(p.key()), p.score()));
    }

    /** Forgets everything (the window follows another engine). */
    void clear() {
        state = null;
        pool.clear();
        victim = null;
        evictedSeen = queued = freed = 0;
        policy = "";
        sampled.clear();
        jobs.clear();
        latency.clear();
    }

    List<Slot> pool() { return List.copyOf(pool); }

    EngineEvent.KeyEvicted victim() { return victim; }

    /** Key -> {score now, score the time before (-1: first sample)}. */
    Map<String, long[]> sampled() { return new LinkedHashMap<>(sampled); }

    long queued() { return queued; }

    long freed() { return freed; }

    /** Event -> {latest ms, max ms, samples}. */
    Map<String, long[]> latest() {
        Map<String, long[]> out = new LinkedHashMap<>();
        latency.forEach((ev, q) -> out.put(ev, new long[] {q.peekLast()[1], q.stream().mapToLong(s -> s[1]).max().orElse(0), q.size()}));
        return out;
    }

    boolean lfu() { return policy.contains("lfu"); }

    /** A score as the learner reads it: the LFU counter (255 minus the score) under LFU, else the score itself. */
    long shown(long score) { return lfu() ? 255 - score : score; }

    private static String text(byte[] b) { return new String(b, StandardCharsets.UTF_8); }

    // ------------------------------------------------------------------ drawing

    @Override
    protected void draw(GraphicsContext g, double w, double h) {
        double hw = Math.floor(w / 2), hh = Math.floor(h / 2);
        clipped(g, 0, 0, hw, hh, () -> drawPool(g, 0, 0, hw, hh));
        clipped(g, hw, 0, w - hw, hh, () -> drawSampled(g, hw, 0, w - hw, hh));
        clipped(g, 0, hh, hw, h - hh, () -> drawLazy(g, 0, hh, hw, h - hh));
        clipped(g, hw, hh, w - hw, h - hh, () -> drawLatency(g, hw, hh, w - hw, h - hh));
        g.setStroke(Palette.MOVED_OUT);
        g.strokeLine(hw + 0.5, 0, hw + 0.5, h);
        g.strokeLine(0, hh + 0.5, w, hh + 0.5);
    }

    /** Draws a panel inside its rectangle: a long label is cut at the panel's edge, never drawn over its neighbour. */
    static void clipped(GraphicsContext g, double x, double y, double w, double h, Runnable draw) {
        g.save();
        g.beginPath();
        g.rect(x, y, w - 4, h);
        g.closePath();
        g.clip();
        draw.run();
        g.restore();
    }

    private void title(GraphicsContext g, String s, double x, double y) {
        g.setFill(Palette.TEXT);
        g.setFont(Font.font("System", javafx.scene.text.FontWeight.BOLD, 12));
        g.fillText(s, x + 8, y + 16);
        g.setFont(Font.font("System", 10));
    }

    private void note(GraphicsContext g, String s, double x, double y) {
        g.setFill(Palette.MUTED);
        g.setFont(Font.font("System", 10));
        g.fillText(s, x, y);
    }

    /** The pool as 16 rows, worst (top) to best (bottom, evicted next): key, score bar, score. */
    private void drawPool(GraphicsContext g, double x, double y, double w, double h) {
        title(g, m.get("viz.mem.pool", pool.size(), policy.isEmpty() ? "?" : policy), x, y);
        if (state != null) note(g, m.get("viz.mem.account", state.usedMemory(), state.maxmemory(), state.evictedKeys()), x + 8, y + 30);
        double top = y + 36, legend = 30, row = Math.max(6, Math.min(14, Math.floor((h - 36 - legend) / 16)));
        double keyW = Math.min(120, w * 0.3), left = x + 24 + keyW, barMax = w - (left - x) - 60;
        if (pool.isEmpty()) note(g, m.get("viz.mem.pool.none"), x + 8, top + 14);
        long max = 1;
        for (Slot s : pool) max = Math.max(max, Math.max(1, shown(s.score())));
        g.setFont(Font.font("System", Math.min(10, row - 2)));
        for (int i = 0; i < pool.size() && i < 16; i++) {
            Slot s = pool.get(i);
            double ry = top + i * row;
            long v = shown(s.score());
            boolean next = i == pool.size() - 1; // worst to best: the last entry is evicted next
            g.setFill(Palette.MUTED);
            g.fillText(Integer.toString(i), x + 8, ry + row - 2);
            g.setFill(Palette.TEXT);
            g.fillText(cut(s.key(), keyW), x + 24, ry + row - 2);
            g.setFill(next ? Palette.NEXT_VICTIM : Palette.CELL);
            g.fillRect(left, ry + 1, Math.max(2, Math.round(barMax * Math.min(1.0, (double) Math.max(0, v) / max))), row - 2);
            g.setFill(Palette.TEXT);
            g.fillText(Long.toString(v), left + barMax + 6, ry + row - 2);
        }
        double ly = y + h - legend + 10;
        note(g, m.get(lfu() ? "viz.mem.score.lfu" : "viz.mem.score.idle") + " \u00b7 " + m.get("viz.mem.best"), x + 8, ly);
        if (victim != null) {
            g.setFill(Palette.VICTIM);
            g.fillRect(x + 8, ly + 5, 10, 10);
            g.setFill(Palette.TEXT);
            g.fillText(m.get("viz.mem.victim", text(victim.key()), shown(victim.score()), victim.bytesFreed(), evictedSeen), x + 22, ly + 14);
        }
    }

    private void drawSampled(GraphicsContext g, double x, double y, double w, double h) {
        title(g, m.get(lfu() ? "viz.mem.lfu" : "viz.mem.idle"), x, y);
        if (sampled.isEmpty()) {
            note(g, m.get("viz.mem.sampled.none"), x + 8, y + 40);
            return;
        }
        note(g, m.get(lfu() ? "viz.mem.lfu.legend" : "viz.mem.idle.legend"), x + 8, y + 32);
        double row = Math.min(16, (h - 50) / KEYS), left = x + 90, barMax = w - 90 - 70;
        long max = 1;
        for (long[] s : sampled.values()) max = Math.max(max, Math.max(shown(s[0]), s[1] < 0 ? 0 : shown(s[1])));
        int i = 0;
        for (Map.Entry<String, long[]> e : sampled.entrySet()) {
            double ry = y + 42 + i++ * row;
            long now = shown(e.getValue()[0]), before = e.getValue()[1] < 0 ? -1 : shown(e.getValue()[1]);
            double frac = lfu() ? Math.log1p(now) / Math.log1p(255) : (double) now / max;
            g.setFill(Palette.TEXT);
            g.fillText(cut(e.getKey(), 80), x + 8, ry + row - 4);
            g.setFill(Palette.ENTRY);
            g.fillRect(left, ry + 2, Math.max(1, Math.round(barMax * frac)), row - 4);
            if (before >= 0) {
                double bf = lfu() ? Math.log1p(before) / Math.log1p(255) : (double) before / max;
                g.setFill(Palette.EXPECTED);
                g.fillRect(left + Math.round(barMax * bf), ry, 2, row);
            }
            g.setFill(Palette.TEXT);
            String arrow = before < 0 || before == now ? "" : now < before ? " \u2193" : " \u2191";
            g.fillText(now + arrow, left + barMax + 6, ry + row - 4);
        }
    }

    private void drawLazy(GraphicsContext g, double x, double y, double w, double h) {
        title(g, m.get("viz.mem.lazy"), x, y);
        note(g, m.get("viz.mem.lazy.counts", queued, freed, queued - freed), x + 8, y + 32);
        double laneH = Math.min(40, (h - 60) / 2), lane1 = y + 44, lane2 = lane1 + laneH + 10;
        double left = x + 8, labelW = 150, boxW = Math.max(6, Math.floor((w - labelW - 24) / JOBS));
        note(g, m.get("viz.mem.lazy.cmd"), left, lane1 + laneH / 2 + 4);
        note(g, m.get("viz.mem.lazy.bio"), left, lane2 + laneH / 2 + 4);
        int i = 0;
        for (Job j : jobs) {
            double bx = left + labelW + i++ * boxW;
            g.setFill(Palette.QUEUED);
            g.fillRect(bx, lane1, boxW - 2, laneH);
            if (j.done) {
                g.setFill(Palette.FREED);
                g.fillRect(bx, lane2, boxW - 2, laneH);
            } else {
                g.setStroke(Palette.QUEUED);
                g.strokeRect(bx + 0.5, lane2 + 0.5, boxW - 3, laneH - 1);
            }
        }
        Job last = jobs.peekLast();
        if (last != null) {
            String s = last.done
                    ? m.get("viz.mem.lazy.last.done", last.what, last.objects, last.effort, last.visited, last.nanos / 1000)
                    : m.get("viz.mem.lazy.last.pending", last.what, last.objects, last.effort);
            note(g, s, left, lane2 + laneH + 18);
        } else {
            note(g, m.get("viz.mem.lazy.none"), left, lane2 + laneH + 18);
        }
    }

    private static final Color[] SERIES = {Color.rgb(220, 40, 40), Color.rgb(60, 120, 220), Color.rgb(60, 180, 90),
            Color.rgb(150, 100, 200), Color.rgb(230, 140, 20), Color.rgb(40, 170, 170)};

    private void drawLatency(GraphicsContext g, double x, double y, double w, double h) {
        title(g, m.get("viz.mem.latency"), x, y);
        if (latency.isEmpty()) {
            note(g, m.get("viz.mem.latency.none"), x + 8, y + 40);
            return;
        }
        long newest = 0;
        for (ArrayDeque<long[]> q : latency.values()) newest = Math.max(newest, q.peekLast()[0]);
        int rows = latency.size();
        double legend = 14 * rows + 6, left = x + 50, right = x + w - 14, top = y + 42, bottom = y + h - legend - 8;
        g.setStroke(Palette.MOVED_OUT);
        g.setFill(Palette.MUTED);
        g.setFont(Font.font("System", 9));
        String[] scale = {"10 s", "100 ms", "1 ms"};
        for (int i = 0; i < 3; i++) {
            double ly = top + (bottom - top) * i / 2.0;
            g.strokeLine(left, ly, right, ly);
            g.fillText(scale[i], x + 6, ly + 4);
        }
        note(g, m.get("viz.mem.latency.axis", CHART_NANOS / 1_000_000_000L), x + 8, y + 30);
        int k = 0;
        for (Map.Entry<String, ArrayDeque<long[]>> e : latency.entrySet()) {
            Color c = SERIES[k % SERIES.length];
            for (long[] s : e.getValue()) {
                double age = newest - s[0];
                if (age > CHART_NANOS) continue;
                double px = right - (right - left) * age / CHART_NANOS;
                double frac = Math.max(0, Math.min(1, Math.log10(Math.max(1, s[1])) / 4)); // 1 ms .. 10 s
                double py = bottom - (bottom - top) * frac;
                g.setFill(c);
                g.fillRect(Math.round(px) - 3, Math.round(py) - 3, 6, 6);
            }
            long[] l = latest().get(e.getKey());
            double ly = bottom + 16 + 14 * k;
            g.fillRect(x + 8, ly - 8, 8, 8);
            g.setFill(Palette.TEXT);
            g.setFont(Font.font("System", 10));
            g.fillText(m.get("viz.mem.latency.row", e.getKey(), l[0], l[1], l[2]), x + 22, ly);
            k++;
        }
    }

    /** {@code s}, cut with an ellipsis to about {@code px} pixels of a 9-10 px font. */
    static String cut(String s, double px) {
        int max = Math.max(1, (int) (px / 6));
        return s.length() <= max ? s : s.substring(0, Math.max(1, max - 1)) + "\u2026";
    }
}
