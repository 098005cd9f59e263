package io.glassbox.visualizer;

import io.glassbox.ds.skiplist.SkipListSnapshot;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.text.Font;

import java.util.Arrays;
import java.util.Locale;

/**
 * t_zset.c's skiplist on screen: the header and the nodes in order, each a tower as tall as its
 * level, the links on each level labelled with their span (how many level-0 steps they jump: summing
 * spans along a search gives a rank, which is how ZRANK is O(log N)).
 *
 * <p>The path of the last insert is lit: the nodes where the search went down a level (zslInsert's
 * {@code update[]}), which are exactly the links the insert rewired. The new node's tower grows level
 * by level, because its height was drawn at random: level 1 always, and each further level with
 * probability 1/4 (ZSKIPLIST_P), capped at 32. The histogram on the right compares the measured
 * levels with that expectation: about 3/4 of nodes at level 1, 3/16 at level 2, and so on.
 *
 * <p>Long lists are shown through a window of {@link #MAX_COLUMNS} nodes around the last insert.
 */
public final class SkipListView extends CanvasView {
    public static final int MAX_COLUMNS = 40;
    static final double COL_W = 34, BOX = 16, HIST_W = 220, LEFT = 10, TOP = 50;

    private String title = "";
    private SkipListSnapshot snap;
    private byte[] litMember;
    private int[] update = new int[0];
    private int litNode = -1;
    /** How many levels of the new node's tower are visible (animates from 0 to its height). */
    private double grown = Double.MAX_VALUE;
    private int firstColumnNode;
    /** Vertical distance between levels: the towers use the height they are given, up to 60 px a level. */
    private double levelH = 22;

    public SkipListView() {
        super(900, 420);
    }

    /**
     * Shows a snapshot; {@code lit} is the last inserted member (its search path is lit and its tower
     * grows in), or null.
     */
    public void show(String title, SkipListSnapshot s, byte[] litMember, double litScore, boolean animateNew) {
        this.title = title;
        this.snap = s;
        this.litMember = litMember;
        this.litNode = -1;
        this.update = new int[0];
        if (s != null && litMember != null) {
            for (int i = 0; i < s.nodes().size(); i++) {
                if (Arrays.equals(s.nodes().get(i).member(), litMember)) litNode = i;
            }
            if (litNode >= 0) update = SkipListPath.update(s, litScore, litMember);
        }
        grown = animateNew && litNode >= 0 ? 0 : Double.MAX_VALUE;
        redraw();
    }

    /** Advances the new node's growth by {@code levels}; returns whether it is still growing. */
    boolean grow(double levels) {
        if (litNode < 0 || grown >= snap.nodes().get(litNode).height()) return false;
        grown += levels;
        redraw();
        return grown < snap.nodes().get(litNode).height();
    }

    public SkipListSnapshot shown() { return snap; }

    /** The lit path: update[i] per level, -1 being the header. */
    public int[] litPath() { return update.clone(); }

    public int litNode() { return litNode; }

    /** Nodes per level count: histogram[h] = nodes whose tower has exactly h levels (index 0 unused). */
    public long[] levelHistogram() {
        long[] hist = new long[33];
        if (snap != null) for (SkipListSnapshot.NodeView n : snap.nodes()) hist[n.height()]++;
        return hist;
    }

    /** Expected nodes with exactly h levels among n: n * (1 - p) * p^(h-1), p = 1/4. */
    public static double expected(long n, int h) {
        return n * 0.75 * Math.pow(0.25, h - 1);
    }

    /** Centre of node {@code node}'s box at {@code level} (-1 = header) in this view's coordinates, or NaN if not shown. */
    public double[] boxCenter(int node, int level) {
        int col = node < 0 ? 0 : node - firstColumnNode + 1;
        if (node >= 0 && (col < 1 || col > MAX_COLUMNS)) return new double[] {Double.NaN, Double.NaN};
        double x = LEFT + col * COL_W + BOX / 2;
        double y = baseY() - level * levelH - BOX / 2;
        return new double[] {x, y};
    }

    private double baseY() {
        return canvas.getHeight() - 40;
    }

    @Override
    protected void draw(GraphicsContext g, double w, double h) {
        g.setFont(Font.font("System", 12));
        g.setFill(Palette.TEXT);
        if (snap == null) {
            g.fillText("Watch a sorted set with the skiplist encoding (more than 128 members, or a member longer than"
                       + " 64 bytes) to see its skiplist.", 10, 20);
            return;
        }
        g.fillText(title + "   length " + snap.length() + "   level " + snap.level()
                   + (litNode >= 0 ? "   last insert: '" + Captions.text(litMember) + "', level "
                                    + snap.nodes().get(litNode).height() : ""), 10, 18);
        g.setFill(Palette.MUTED);
        g.fillText("Towers = levels; numbers on links = spans; orange = the search path of the last insert"
                   + " (update[]); green = its new tower.", 10, 34);
        int n = snap.nodes().size();
        levelH = Math.max(BOX + 4, Math.min(60, (baseY() - TOP - 10) / Math.max(1, snap.level())));
        int cols = (int) Math.min(MAX_COLUMNS, Math.max(1, (w - HIST_W - LEFT - COL_W) / COL_W));
        firstColumnNode = litNode < 0 ? 0 : Math.max(0, Math.min(n - cols, litNode - cols / 2));
        firstColumnNode = Math.max(0, firstColumnNode);
        int last = Math.min(n, firstColumnNode + cols);
        double base = baseY();
        int levels = Math.max(1, snap.level());
        // Links first, towers over them.
        for (int level = 0; level < levels; level++) {
            int prev = -1;
            int j = SkipListPath.next(snap.nodes(), firstColumnNode - 1, level);
            while (true) {
                boolean shown = j >= 0 && j < last;
                double[] a = boxCenter(prev, level);
                double x1 = shown ? boxCenter(j, level)[0] : LEFT + (last - firstColumnNode + 1) * COL_W;
                boolean lit = litNode >= 0 && level < update.length && update[level] == prev;
                g.setStroke(lit ? Palette.LIT_PATH : Palette.CELL_BORDER);
                g.setLineWidth(lit ? 3 : 1);
                g.strokeLine(a[0] + BOX / 2, a[1], x1 - BOX / 2, a[1]);
                if (shown && (prev >= 0 || firstColumnNode == 0)) {
                    long span = prev < 0 ? snap.headerSpans()[level] : snap.nodes().get(prev).spans()[level];
                    g.setFill(Palette.MUTED);
                    g.setFont(Font.font("System", 9));
                    g.fillText(Long.toString(span), (a[0] + x1) / 2 - 3, a[1] - 3);
                }
                if (!shown) break;
                prev = j;
                j = SkipListPath.next(snap.nodes(), j, level);
            }
        }
        g.setLineWidth(1);
        // The header: a tower of every level.
        for (int level = 0; level < levels; level++) drawBox(g, -1, level, update.length > level && update[level] == -1 && litNode >= 0);
        g.setFill(Palette.TEXT);
        g.setFont(Font.font("System", 10));
        g.fillText("head", LEFT, base + 14);
        for (int i = firstColumnNode; i < last; i++) {
            SkipListSnapshot.NodeView node = snap.nodes().get(i);
            int height = node.height();
            if (i == litNode) height = (int) Math.min(height, Math.ceil(grown));
            boolean onPath = false;
            for (int u : update) if (u == i) onPath = true;
            for (int level = 0; level < height; level++) {
                boolean litBox = level < update.length && update[level] == i;
                drawBox(g, i, level, litBox);
                if (i == litNode) {
                    double[] c = boxCenter(i, level);
                    g.setFill(Palette.NEW_NODE);
                    g.fillRect(c[0] - BOX / 2, c[1] - BOX / 2, BOX, BOX);
                }
            }
            double[] c = boxCenter(i, 0);
            g.setFill(onPath || i == litNode ? Palette.TEXT : Palette.MUTED);
            g.setFont(Font.font("System", 9));
            g.fillText(tail(Captions.text(node.member()), 6), c[0] - BOX / 2, base + 14);
            g.fillText(score(node.score()), c[0] - BOX / 2, base + 26);
        }
        if (last < n) {
            g.setFill(Palette.MUTED);
            g.fillText("… " + (n - last) + " more", LEFT + (last - firstColumnNode + 1) * COL_W, base);
        }
        drawHistogram(g, w - HIST_W, TOP, HIST_W - 10, h - TOP - 20);
    }

    private void drawBox(GraphicsContext g, int node, int level, boolean lit) {
        double[] c = boxCenter(node, level);
        g.setFill(lit ? Palette.LIT_PATH : Palette.CELL);
        g.fillRect(c[0] - BOX / 2, c[1] - BOX / 2, BOX, BOX);
        g.setStroke(Palette.CELL_BORDER);
        g.strokeRect(c[0] - BOX / 2 + 0.5, c[1] - BOX / 2 + 0.5, BOX - 1, BOX - 1);
    }

    private void drawHistogram(GraphicsContext g, double x, double y, double w, double h) {
        long[] hist = levelHistogram();
        long n = snap.nodes().size();
        int maxLevel = 1;
        for (int i = 1; i < hist.length; i++) if (hist[i] > 0) maxLevel = i;
        maxLevel = Math.max(maxLevel, 4);
        g.setFill(Palette.TEXT);
        g.setFont(Font.font("System", 11));
        g.fillText("levels: measured vs expected (p = 1/4)", x, y);
        double rowH = Math.min(18, (h - 10) / maxLevel);
        double barMax = w - 70;
        for (int level = 1; level <= maxLevel; level++) {
            double ry = y + 8 + (level - 1) * rowH;
            double exp = expected(n, level);
            double scale = n == 0 ? 0 : barMax / (n * 0.75);
            g.setFill(Palette.EXPECTED);
            g.fillRect(x + 20, ry + rowH * 0.55, exp * scale, rowH * 0.35);
            g.setFill(Palette.TICK);
            g.fillRect(x + 20, ry, hist[level] * scale, rowH * 0.5);
            g.setFill(Palette.TEXT);
            g.setFont(Font.font("System", 9));
            g.fillText(Integer.toString(level), x, ry + rowH * 0.6);
            g.fillText(hist[level] + " / " + String.format(Locale.ROOT, "%.1f", exp), x + 25 + Math.max(hist[level], exp) * scale, ry + rowH * 0.6);
        }
    }

    private static String score(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e9 ? Long.toString((long) d) : String.format(Locale.ROOT, "%.3g", d);
    }

    /** The end of a member (members often share a prefix such as "player:"). */
    private static String tail(String s, int max) {
        return s.length() <= max ? s : "…" + s.substring(s.length() - (max - 1));
    }
}
