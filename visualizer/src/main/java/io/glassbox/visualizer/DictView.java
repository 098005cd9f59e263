package io.glassbox.visualizer;

import io.glassbox.ds.dict.DictSnapshot;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * dict.c on screen: both hash tables as rows of buckets with their chains hanging below, the
 * {@code rehashidx} cursor under ht[0], and the entries that rehash steps carried to ht[1] in the
 * last three seconds in green.
 *
 * <p>What a learner should see: a dict normally has one table. When {@code used} reaches the table's
 * size (load factor 1) a second table twice as big appears and the cursor starts at bucket 0; each
 * step moves one whole bucket's chain to ht[1] (entries land at {@code hash & sizemask} of the new
 * table, so bucket i splits into i and i + old size); buckets left of the cursor stay empty; when
 * the cursor passes the end, ht[1] takes ht[0]'s place (the swap) and the cursor disappears.
 *
 * <p>Big dicts stay legible: a table of more than {@link #DETAIL_MAX} buckets is drawn as an
 * occupancy strip (one pixel column summarises a range of buckets, darker = fuller) plus
 * {@link #DETAIL_WINDOW} buckets in detail around the cursor, so the cost of a frame depends on the
 * window's width, not on the number of keys.
 */
public final class DictView extends CanvasView {
    /** Tables up to this many buckets are drawn whole. */
    public static final int DETAIL_MAX = 64;
    /** Buckets drawn in detail around the cursor when a table is summarised. */
    public static final int DETAIL_WINDOW = 32;

    static final double LEFT = 60, TOP = 62, CELL_H = 18, ENTRY_H = 14, STRIP_H = 16;

    private String title = "";
    private DictSnapshot<byte[]> snap;
    /** Keys seen moving from ht[0] to ht[1], with when: they stay green for {@link #MOVED_NANOS}. */
    private final java.util.Map<ByteBuffer, Long> movedAt = new java.util.HashMap<>();
    private Set<ByteBuffer> justMoved = Set.of();
    static final long MOVED_NANOS = 3_000_000_000L;
    private int lastMovedBucket = -1;

    // Geometry of the last paint, per table, so tests and tooltips can find a bucket's pixels.
    private final double[] rowY = new double[2], cellX0 = new double[2], cellW = new double[2];
    private final int[] firstShown = new int[2], shownCount = new int[2];
    private final boolean[] summarised = new boolean[2];

    public DictView() {
        super(900, 420);
    }

    /**
     * Shows a new snapshot. Entries that sat in ht[0] in the previous snapshot of the same dict and
     * are in ht[1] now are marked as just moved.
     */
    public void show(String title, DictSnapshot<byte[]> s, int lastMovedBucket) {
        long now = System.nanoTime();
        if (!title.equals(this.title) || s == null || !s.isRehashing()) movedAt.clear();
        if (s != null && snap != null && title.equals(this.title) && snap.ht0().bucketKeys() != null
            && s.ht1().bucketKeys() != null && s.isRehashing()) {
            Set<ByteBuffer> wasInHt0 = keys(snap.ht0().bucketKeys());
            for (ByteBuffer k : keys(s.ht1().bucketKeys())) if (wasInHt0.contains(k)) movedAt.put(k, now);
        }
        movedAt.values().removeIf(t -> now - t > MOVED_NANOS);
        this.title = title;
        this.snap = s;
        this.justMoved = new HashSet<>(movedAt.keySet());
        this.lastMovedBucket = lastMovedBucket;
        redraw();
    }

    private static Set<ByteBuffer> keys(List<List<byte[]>> buckets) {
        Set<ByteBuffer> out = new HashSet<>();
        for (List<byte[]> b : buckets) for (byte[] k : b) out.add(ByteBuffer.wrap(k));
        return out;
    }

    public DictSnapshot<byte[]> shown() { return snap; }

    /** Buckets of table t as drawn (0 if that table is not allocated). */
    public int tableSize(int t) { return snap == null ? 0 : snap.table(t).size(); }

    /** The rehash cursor as drawn: ht[0]'s next bucket to move, or -1 when not rehashing. */
    public int cursor() { return snap == null ? -1 : snap.rehashIdx(); }

    /** Whether table t is drawn as an occupancy strip plus a detail window. */
    public boolean isSummarised(int t) { return summarised[t]; }

    /** Width of one bucket's cell of table t as drawn. */
    public double bucketWidth(int t) { return cellW[t]; }

    /** First bucket of table t drawn in detail. */
    public int firstShown(int t) { return firstShown[t]; }

    /** How many keys are marked as just moved to ht[1]. */
    public int justMovedCount() { return justMoved.size(); }

    /** Centre of bucket {@code b}'s cell of table t, in this view's coordinates; NaN if not drawn in detail. */
    public double[] bucketCenter(int t, int b) {
        int i = b - firstShown[t];
        if (i < 0 || i >= shownCount[t]) return new double[] {Double.NaN, Double.NaN};
        return new double[] {cellX0[t] + i * cellW[t] + cellW[t] / 2, rowY[t] + CELL_H / 2};
    }

    /** Centre of the i-th entry (0 = head) of bucket b's chain in table t. */
    public double[] entryCenter(int t, int b, int i) {
        double[] c = bucketCenter(t, b);
        return new double[] {c[0], rowY[t] + CELL_H + 3 + i * (ENTRY_H + 2) + ENTRY_H / 2};
    }

    @Override
    protected void draw(GraphicsContext g, double w, double h) {
        g.setFont(Font.font("System", 12));
        g.setFill(Palette.TEXT);
        if (snap == null) {
            g.fillText("No dict yet.", 10, 20);
            return;
        }
        DictSnapshot.Table<byte[]> t0 = snap.ht0(), t1 = snap.ht1();
        String head = title + "   size " + snap.size() + "   ht[0] " + t0.size() + " buckets / " + t0.used() + " used"
                      + "   ht[1] " + t1.size() + " / " + t1.used()
                      + "   load factor " + (t0.size() == 0 ? "-" : String.format(Locale.ROOT, "%.2f", (double) t0.used() / t0.size()))
                      + "   rehashidx " + snap.rehashIdx() + (snap.pauseRehash() > 0 ? "  (rehash paused)" : "");
        g.fillText(head, 10, 18);
        g.setFill(Palette.MUTED);
        g.fillText(snap.isRehashing()
                ? "Rehashing: each step moves bucket rehashidx of ht[0] to ht[1]; green = just moved."
                : "Not rehashing: one table. It doubles when used reaches size (load factor 1).", 10, 34);
        double half = (h - TOP) / 2;
        drawTable(g, 0, t0, TOP, half, w);
        drawTable(g, 1, t1, TOP + half, half, w);
    }

    private void drawTable(GraphicsContext g, int t, DictSnapshot.Table<byte[]> table, double y, double height, double w) {
        g.setFill(Palette.TEXT);
        g.fillText("ht[" + t + "]", 10, y + 14);
        shownCount[t] = 0;
        summarised[t] = false;
        if (table.size() == 0) {
            g.setFill(Palette.MUTED);
            g.fillText(t == 1 ? "not allocated: only exists while rehashing" : "empty dict: no table yet", LEFT, y + 14);
            return;
        }
        int size = table.size();
        double avail = w - LEFT - 10;
        double rowTop = y;
        int start = 0, count = size;
        if (size > DETAIL_MAX) {
            summarised[t] = true;
            drawStrip(g, t, table, rowTop, avail);
            rowTop += STRIP_H + 26;
            count = Math.min(DETAIL_WINDOW, size);
            int centre = snap.isRehashing() ? snap.rehashIdx() : (lastMovedBucket >= 0 ? lastMovedBucket : 0);
            start = Math.max(0, Math.min(size - count, centre - count / 4));
        }
        double cw = Math.min(64, avail / count);
        rowY[t] = rowTop;
        cellX0[t] = LEFT;
        cellW[t] = cw;
        firstShown[t] = start;
        shownCount[t] = count;
        int maxEntries = (int) Math.max(1, (y + height - rowTop - CELL_H - 22) / (ENTRY_H + 2));
        boolean rehashing = snap.isRehashing();
        for (int i = 0; i < count; i++) {
            int b = start + i;
            double x = LEFT + i * cw;
            boolean movedOut = t == 0 && rehashing && b < snap.rehashIdx();
            g.setFill(movedOut ? Palette.MOVED_OUT : Palette.CELL);
            g.fillRect(x + 1, rowTop, cw - 2, CELL_H);
            g.setStroke(Palette.CELL_BORDER);
            g.strokeRect(x + 1.5, rowTop + 0.5, cw - 3, CELL_H - 1);
            String index = Integer.toString(b);
            if (cw - 4 >= index.length() * 5.5) { // the bucket's index inside its cell, when it fits
                g.setFill(Palette.MUTED);
                g.setFont(Font.font("System", 9));
                g.fillText(index, x + 3, rowTop + CELL_H - 5);
            }
            int len = table.chainLength(b);
            List<byte[]> keys = table.bucketKeys() == null ? null : table.bucketKeys().get(b);
            int drawn = Math.min(len, maxEntries);
            for (int e = 0; e < drawn; e++) {
                double ey = rowTop + CELL_H + 3 + e * (ENTRY_H + 2);
                boolean moved = keys != null && justMoved.contains(ByteBuffer.wrap(keys.get(e)));
                g.setFill(moved ? Palette.JUST_MOVED : Palette.ENTRY);
                g.fillRect(x + 3, ey, cw - 6, ENTRY_H);
                if (keys != null && cw >= 30) {
                    g.setFill(Color.WHITE);
                    g.setFont(Font.font("System", 10));
                    g.fillText(clip(Captions.text(keys.get(e)), cw - 8), x + 5, ey + ENTRY_H - 3, cw - 8);
                }
            }
            if (len > drawn) {
                g.setFill(Palette.TEXT);
                g.setFont(Font.font("System", 9));
                g.fillText("+" + (len - drawn), x + 3, rowTop + CELL_H + 3 + drawn * (ENTRY_H + 2) + 9);
            }
        }
        g.setFont(Font.font("System", 12));
        if (t == 0 && rehashing) {
            int c = snap.rehashIdx();
            if (c >= start && c < start + count) {
                double cx = LEFT + (c - start) * cw + cw / 2;
                g.setFill(Palette.CURSOR);
                g.fillPolygon(new double[] {cx - 6, cx + 6, cx}, new double[] {rowTop - 2, rowTop - 2, rowTop + 7}, 3);
                g.fillText("rehashidx " + c, Math.min(cx + 9, w - 110), rowTop + 6 - CELL_H / 2);
            }
        }
    }

    /** One pixel column per range of buckets: grey when all moved out, else darker the more buckets hold entries. */
    private void drawStrip(GraphicsContext g, int t, DictSnapshot.Table<byte[]> table, double y, double avail) {
        int size = table.size();
        int cols = (int) Math.max(1, Math.min(avail, size));
        double colW = avail / cols;
        boolean rehashing = snap.isRehashing();
        for (int c = 0; c < cols; c++) {
            int from = (int) ((long) c * size / cols), to = (int) ((long) (c + 1) * size / cols);
            if (to <= from) to = from + 1;
            int full = 0;
            for (int b = from; b < to; b++) if (table.chainLength(b) > 0) full++;
            Color fill;
            if (t == 0 && rehashing && to <= snap.rehashIdx()) fill = Palette.MOVED_OUT;
            else fill = Palette.CELL.interpolate(Palette.CELL_BORDER, (double) full / (to - from));
            g.setFill(fill);
            g.fillRect(LEFT + c * colW, y, Math.ceil(colW), STRIP_H);
        }
        g.setFill(Palette.MUTED);
        g.setFont(Font.font("System", 10));
        g.fillText("occupancy of all " + size + " buckets (darker = more buckets in use); detail below", LEFT, y + STRIP_H + 12);
        g.setFont(Font.font("System", 12));
        if (t == 0 && rehashing) {
            double cx = LEFT + (double) snap.rehashIdx() / size * avail;
            g.setFill(Palette.CURSOR);
            g.fillRect(cx - 1, y - 3, 3, STRIP_H + 6);
        }
    }

    private static String clip(String s, double width) {
        int max = (int) Math.max(1, width / 6);
        return s.length() <= max ? s : s.substring(0, Math.max(1, max - 1)) + "…";
    }
}
