package io.glassbox.visualizer;

import javafx.scene.paint.Color;

/**
 * The colours every view shares, named by what they mean so a learner sees the same colour for the
 * same idea everywhere (and tests can check a pixel's meaning exactly: the software renderer draws
 * these colours unblended on opaque fills).
 */
public final class Palette {
    private Palette() {}

    public static final Color BACKGROUND = Color.rgb(250, 250, 247);
    public static final Color TEXT = Color.rgb(30, 30, 30);
    public static final Color MUTED = Color.rgb(120, 120, 120);
    /** A bucket or node at rest. */
    public static final Color CELL = Color.rgb(214, 226, 240);
    public static final Color CELL_BORDER = Color.rgb(90, 110, 140);
    /** An entry in a chain. */
    public static final Color ENTRY = Color.rgb(120, 170, 220);
    /** ht[0] buckets below rehashidx: already moved, empty for good. */
    public static final Color MOVED_OUT = Color.rgb(225, 225, 225);
    /** Entries that the last rehash steps moved into ht[1]. */
    public static final Color JUST_MOVED = Color.rgb(60, 180, 90);
    /** The rehash cursor (rehashidx). */
    public static final Color CURSOR = Color.rgb(220, 40, 40);
    /** The search path of the last skiplist operation. */
    public static final Color LIT_PATH = Color.rgb(255, 140, 0);
    /** A freshly inserted skiplist node (its random level appearing). */
    public static final Color NEW_NODE = Color.rgb(60, 180, 90);
    /** A tick that took much longer than its neighbours. */
    public static final Color STALL = Color.rgb(220, 40, 40);
    public static final Color TICK = Color.rgb(120, 170, 220);
    public static final Color CRON = Color.rgb(150, 100, 200);
    public static final Color WRITES = Color.rgb(60, 180, 90);
    /** Expected value drawn next to a measured one (histogram of levels). */
    public static final Color EXPECTED = Color.rgb(160, 160, 160);
    /** A key whose encoding just changed. */
    public static final Color CONVERTED = Color.rgb(255, 215, 0);
    /** The eviction pool's best candidate: the key evicted next. */
    public static final Color NEXT_VICTIM = Color.rgb(255, 140, 0);
    /** A key performEvictions deleted. */
    public static final Color VICTIM = Color.rgb(200, 30, 60);
    /** A lazy-free job queued by the command thread. */
    public static final Color QUEUED = Color.rgb(120, 170, 220);
    /** A lazy-free job the bio thread freed. */
    public static final Color FREED = Color.rgb(60, 180, 90);
    /** A command ACL refused. */
    public static final Color DENIED = Color.rgb(200, 30, 60);
    /** An invalidation message that went out to a tracking client. */
    public static final Color INVALIDATION = Color.rgb(230, 140, 20);
}
