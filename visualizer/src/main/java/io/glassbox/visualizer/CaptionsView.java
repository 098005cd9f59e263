package io.glassbox.visualizer;

import io.glassbox.hooks.EngineEvent;
import javafx.geometry.Insets;
import javafx.scene.control.Label;

/**
 * The captions area: one or two sentences on what just happened, from {@link Captions}. Ticks and
 * command completions come by the thousand under load, so they only caption a frame that had nothing
 * more telling (a resize, a rehash step, an expiry, a conversion). Under load most of a tick's commands
 * arrive only as a count ({@code Sampled}), and the caption says "N more commands".
 */
public final class CaptionsView extends Label {
    private EngineEvent lastShown;
    /** A caption stays at least this long: text changing at 60 Hz is unreadable, and relayouts the window. */
    static final long HOLD_NANOS = 400_000_000L;
    private long shownAt;
    private EngineEvent pending;

    private final io.glassbox.course.Messages m;

    public CaptionsView(io.glassbox.course.Messages m) {
        this.m = m;
        setWrapText(true);
        setPadding(new Insets(4, 8, 4, 8));
        setMinHeight(44);
        setPrefHeight(44);
        setMaxHeight(44);
        setText(m.get("ev.start"));
        setStyle("-fx-font-size: 13px; -fx-background-color: #fffbe6;");
    }

    /**
     * Captions the most telling event of one frame's batch, or keeps it for later if the current
     * caption has not been up for {@link #HOLD_NANOS} (a more telling event replaces a kept one).
     */
    public void frame(java.util.List<EngineEvent> batch, long now) {
        EngineEvent best = pending;
        for (EngineEvent e : batch) if (best == null || rank(e) >= rank(best)) best = e;
        if (best == null) return;
        if (now - shownAt >= HOLD_NANOS) {
            show(best);
            shownAt = now;
            pending = null;
        } else {
            pending = best;
        }
    }

    public void show(EngineEvent e) {
        lastShown = e;
        setText(Captions.describe(e, m));
    }

    public EngineEvent lastShown() { return lastShown; }

    /** The caption on screen again in the current language (after a switch). */
    void relabel() {
        setText(lastShown == null ? m.get("ev.start") : Captions.describe(lastShown, m));
    }

    private static int rank(EngineEvent e) {
        if (e instanceof EngineEvent.DictResized || e instanceof EngineEvent.DictRehashCompleted) return 5;
        if (e instanceof EngineEvent.EncodingConverted) return 4;
        if (e instanceof EngineEvent.ClientOutputBufferLimitReached || e instanceof EngineEvent.ClientEvicted) return 4;
        if (e instanceof EngineEvent.DictRehashStep || e instanceof EngineEvent.KeyExpired) return 3;
        if (e instanceof EngineEvent.ClientConnected || e instanceof EngineEvent.ClientClosed) return 2;
        // the "N more commands" summary comes after the sampled commands, and ties go to the later event
        if (e instanceof EngineEvent.CommandExecuted || e instanceof EngineEvent.Sampled) return 1;
        return 0;
    }
}
