package io.glassbox.visualizer;

import io.glassbox.course.Messages;
import io.glassbox.hooks.EngineEvent;
import io.glassbox.tracking.TrackingTable;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who may do what, and who caches what (acl.c, tracking.c), two panels:
 * <ul>
 *   <li>ACL: the last refusal drawn where it happens in the command path (processCommand's
 *       ACLCheckAllPerm, after the lookup and the arity check, before the command runs): the client,
 *       the user it is authenticated as, the check, and the refused command, key or channel with its
 *       -NOPERM; under it the refusals as ACL LOG lists them (equal ones counted);</li>
 *   <li>client-side caching: the tracking table (key to the ids of the clients that may cache it),
 *       the BCAST prefixes with their clients, and the invalidation messages as they went out.</li>
 * </ul>
 * The table is read from the engine ({@code Hooks.trackingSnapshot}); from a remote server, which
 * offers no such snapshot, it is rebuilt from the KeysTracked and InvalidationSent events.
 */
public final class AccessView extends CanvasView {
    static final int LOG_ROWS = 8, TABLE_ROWS = 12, SENT_ROWS = 8;

    private final Messages m;
    /** Refusals heard, newest first, equal ones (reason, context, object, user) folded as ACL LOG does. */
    private final ArrayDeque<Refusal> log = new ArrayDeque<>();
    private EngineEvent.AclDenied last;
    private TrackingTable.View table;
    /** Built from events when no snapshot comes (a remote source): key -> client ids. */
    private final TreeMap<String, TreeSet<Long>> heard = new TreeMap<>();
    private final ArrayDeque<EngineEvent.InvalidationSent> sent = new ArrayDeque<>();
    private long invalidations;

    /** One ACL LOG line as the window heard it. */
    static final class Refusal {
        final EngineEvent.AclDenied e;
        int count = 1;

        Refusal(EngineEvent.AclDenied e) { this.e = e; }

        boolean same(EngineEvent.AclDenied o) {
            return e.reason().equals(o.reason()) && e.context().equals(o.context()) && Objects.equals(e.object(), o.object())
                   && e.username().equals(o.username());
        }
    }

    public AccessView(Messages m) {
        super(900, 420);
        this.m = m;
    }

    // ------------------------------------------------------------------ the model

    void add(EngineEvent e) {
        if (e instanceof EngineEvent.AclDenied d) {
            last = d;
            Refusal same = null;
            for (Refusal r : log) if (r.same(d)) same = r;
            if (same != null) {
                log.remove(same);
                same.count++;
                log.addFirst(same);
            } else {
                log.addFirst(new Refusal(d));
                while (log.size() > LOG_ROWS) log.removeLast();
            }
        } else if (e instanceof EngineEvent.KeysTracked k) {
            for (byte[] key : k.keys()) heard.computeIfAbsent(text(key), x -> new TreeSet<>()).add(k.clientId());
        } else if (e instanceof EngineEvent.InvalidationSent s) {
            invalidations++;
            sent.addFirst(s);
            while (sent.size() > SENT_ROWS) sent.removeLast();
            if (s.keys() == null) heard.clear();
            else for (byte[] key : s.keys()) heard.remove(text(key));
        }
    }

    void table(TrackingTable.View v) { table = v; }

    void clear() {
        log.clear();
        last = null;
        table = null;
        heard.clear();
        sent.clear();
        invalidations = 0;
    }

    EngineEvent.AclDenied lastRefusal() { return last; }

    /** ACL LOG as heard: {reason, context, object, username, count}, newest first. */
    List<List<String>> aclLog() {
        List<List<String>> out = new ArrayList<>();
        for (Refusal r : log) out.add(List.of(r.e.reason(), r.e.context(), String.valueOf(r.e.object()), r.e.username(), Integer.toString(r.count)));
        return out;
    }

    /** The tracking table as shown: "key -> [ids]" rows. */
    List<String> trackingRows() {
        List<String> out = new ArrayList<>();
        if (table != null) {
            for (TrackingTable.KeyEntry k : table.table()) out.add(text(k.key()) + " -> " + Arrays.toString(k.clientIds()));
        } else {
            heard.forEach((k, ids) -> out.add(k + " -> " + ids));
        }
        return out;
    }

    List<EngineEvent.InvalidationSent> sent() { return List.copyOf(sent); }

    private static String text(byte[] b) { return b == null ? "" : new String(b, StandardCharsets.UTF_8); }

    // ------------------------------------------------------------------ drawing

    @Override
    protected void draw(GraphicsContext g, double w, double h) {
        // one above the other: the command path needs the width for its four steps
        double hh = Math.floor(Math.max(h * 0.45, Math.min(h, 250)));
        MemoryView.clipped(g, 0, 0, w, hh, () -> drawAcl(g, 0, 0, w, hh));
        MemoryView.clipped(g, 0, hh, w, h - hh, () -> drawTracking(g, 0, hh, w, h - hh));
        g.setStroke(Palette.MOVED_OUT);
        g.strokeLine(0, hh + 0.5, w, hh + 0.5);
    }

    private void title(GraphicsContext g, String s, double x, double y) {
        g.setFill(Palette.TEXT);
        g.setFont(Font.font("System", FontWeight.BOLD, 12));
        g.fillText(s, x + 8, y + 16);
        g.setFont(Font.font("System", 10));
    }

    private void text(GraphicsContext g, String s, double x, double y, javafx.scene.paint.Color c) {
        g.setFill(c);
        g.setFont(Font.font("System", 10));
        g.fillText(s, x, y);
    }

    private void drawAcl(GraphicsContext g, double x, double y, double w, double h) {
        title(g, m.get("viz.acl.title"), x, y);
        if (last == null) {
            text(g, m.get("viz.acl.none"), x + 8, y + 40, Palette.MUTED);
        } else {
            // the command path: client -> user -> ACL check -> refused
            String[] boxes = {
                m.get("viz.acl.client", last.clientId()),
                m.get("viz.acl.user", last.username()),
                m.get("viz.acl.check", last.command(), last.context()),
                m.get(switch (last.reason()) {
                    case "command" -> "viz.acl.refused.command";
                    case "channel" -> "viz.acl.refused.channel";
                    case "auth" -> "viz.acl.refused.auth";
                    default -> "viz.acl.refused.key";
                }, last.object())
            };
            double bw = Math.floor((w - 16 - 3 * 14) / 4), by = y + 32, bh = 46;
            for (int i = 0; i < 4; i++) {
                double bx = x + 8 + i * (bw + 14);
                boolean refused = i == 3;
                g.setFill(refused ? Palette.DENIED : Palette.CELL);
                g.fillRect(bx, by, bw, bh);
                g.setStroke(Palette.CELL_BORDER);
                g.strokeRect(bx + 0.5, by + 0.5, bw - 1, bh - 1);
                wrap(g, boxes[i], bx + 4, by + 14, bw - 8, refused ? javafx.scene.paint.Color.WHITE : Palette.TEXT);
                if (i < 3) {
                    g.setStroke(Palette.TEXT);
                    g.strokeLine(bx + bw + 2, by + bh / 2, bx + bw + 12, by + bh / 2);
                    g.strokeLine(bx + bw + 8, by + bh / 2 - 4, bx + bw + 12, by + bh / 2);
                    g.strokeLine(bx + bw + 8, by + bh / 2 + 4, bx + bw + 12, by + bh / 2);
                }
            }
            wrap(g, m.get("viz.acl.where"), x + 8, by + bh + 16, w - 16, Palette.MUTED);
        }
        double ly = y + 132;
        text(g, m.get("viz.acl.log"), x + 8, ly, Palette.TEXT);
        int i = 0;
        for (Refusal r : log) {
            if (ly + 16 + 14 * i > y + h - 4) break;
            text(g, m.get("viz.acl.log.row", r.count, r.e.reason(), r.e.context(), MemoryView.cut(String.valueOf(r.e.object()), w / 3),
                    r.e.username()), x + 12, ly + 16 + 14 * i++, Palette.TEXT);
        }
    }

    private void drawTracking(GraphicsContext g, double x, double y, double w, double h) {
        title(g, m.get("viz.trk.title"), x, y);
        if (table != null) {
            text(g, m.get("viz.trk.counts", table.trackingClients(), table.keys(), table.items(), table.prefixCount(), invalidations),
                    x + 8, y + 32, Palette.MUTED);
        } else {
            text(g, m.get("viz.trk.heard", invalidations), x + 8, y + 32, Palette.MUTED);
        }
        List<String> rows = trackingRows();
        double ty = y + 50;
        text(g, m.get("viz.trk.keys"), x + 8, ty, Palette.TEXT);
        if (rows.isEmpty()) text(g, m.get("viz.trk.none"), x + 12, ty + 14, Palette.MUTED);
        for (int i = 0; i < Math.min(TABLE_ROWS, rows.size()); i++) {
            g.setFill(Palette.ENTRY);
            g.fillRect(x + 12, ty + 6 + 14 * i, 6, 8);
            text(g, MemoryView.cut(rows.get(i), w - 40), x + 22, ty + 14 + 14 * i, Palette.TEXT);
        }
        double py = ty + 14 * (Math.max(1, Math.min(TABLE_ROWS, rows.size()))) + 18;
        text(g, m.get("viz.trk.prefixes"), x + 8, py, Palette.TEXT);
        int n = 0;
        if (table != null) {
            for (TrackingTable.PrefixEntry p : table.prefixes()) {
                if (n >= 4) break;
                text(g, "\"" + text(p.prefix()) + "\" -> " + Arrays.toString(p.clientIds()), x + 22, py + 14 + 14 * n++, Palette.TEXT);
            }
        }
        if (n == 0) text(g, "-", x + 22, py + 14, Palette.MUTED);
        double sy = py + 14 * Math.max(1, n) + 18;
        text(g, m.get("viz.trk.sent"), x + 8, sy, Palette.TEXT);
        int i = 0;
        for (EngineEvent.InvalidationSent s : sent) {
            double ry = sy + 14 + 14 * i++;
            if (ry > y + h - 4) break;
            g.setFill(Palette.INVALIDATION);
            g.fillRect(x + 12, ry - 8, 6, 8);
            String keys = s.keys() == null ? m.get("viz.trk.all") : String.join(" ", Arrays.stream(s.keys()).map(AccessView::text).toList());
            text(g, MemoryView.cut(m.get("viz.trk.sent.row", s.receiverId(), s.trackingClientId(), s.how(), keys), w - 40), x + 22, ry,
                    Palette.TEXT);
        }
    }

    /** Draws {@code s} in at most three lines of {@code width} pixels (about 6 px a character, 11 a CJK one), broken at blanks where it can. */
    private static void wrap(GraphicsContext g, String s, double x, double y, double width, javafx.scene.paint.Color c) {
        g.setFill(c);
        g.setFont(Font.font("System", 10));
        List<String> lines = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        double used = 0;
        int lastBlank = -1;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            double cw = Character.UnicodeScript.of(ch) == Character.UnicodeScript.HAN ? 11 : 6;
            if (used + cw > width && cur.length() > 0) {
                if (lastBlank > 0) { // carry the last word to the next line
                    String rest = cur.substring(lastBlank + 1);
                    lines.add(cur.substring(0, lastBlank));
                    cur.setLength(0);
                    cur.append(rest);
                } else {
                    lines.add(cur.toString());
                    cur.setLength(0);
                }
                used = cur.length() * 6;
                lastBlank = -1;
            }
            if (ch == ' ') lastBlank = cur.length();
            cur.append(ch);
            used += cw;
        }
        if (cur.length() > 0) lines.add(cur.toString());
        for (int i = 0; i < Math.min(3, lines.size()); i++) g.fillText(lines.get(i), x, y + 12 * i);
    }
}
