package io.glassbox.visualizer;

import javafx.scene.image.Image;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileInputStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The screenshot command's PNGs, checked for content, not just existence: each view's picture holds
 * the colours of what it must show (the rehash cursor and moved entries, the lit path and the new
 * tower, tick bars and the stall, the summarised big dict's cursor). A small big-dict (20,000 keys) keeps
 * it quick.
 */
@Tag("ui")
class ScreenshotsTest {
    @BeforeAll
    static void toolkit() throws Exception {
        Fx.stage();
    }

    @Test
    void everyViewIsRenderedWithItsContent(@TempDir Path dir) throws Exception {
        List<Path> files = ScreenshotMain.render(dir, 20_000);
        assertEquals(11, files.size());
        assertHas(dir.resolve("memory.png"), Palette.VICTIM, Palette.QUEUED, Palette.FREED);
        assertHas(dir.resolve("acl-tracking.png"), Palette.DENIED, Palette.INVALIDATION);
        assertHas(dir.resolve("startup.png"), Palette.STALL, Palette.TICK);
        assertHas(dir.resolve("dict-rehash.png"), Palette.CURSOR, Palette.ENTRY, Palette.MOVED_OUT);
        assertHas(dir.resolve("dict-big.png"), Palette.CURSOR, Palette.MOVED_OUT);
        assertHas(dir.resolve("skiplist.png"), Palette.LIT_PATH, Palette.NEW_NODE, Palette.EXPECTED);
        assertHas(dir.resolve("event-loop.png"), Palette.TICK, Palette.STALL);
        assertHas(dir.resolve("replication.png"), Palette.CELL);
        Image window = load(dir.resolve("window.png"));
        assertEquals(ScreenshotMain.WIDTH, (int) window.getWidth());
        assertTrue(colours(window).size() > 50, "the window has text, controls and views");
        // the Course panel's pictures: the dict tab brought forward by lesson 03's step, mid-rehash
        assertHas(dir.resolve("course-en.png"), Palette.CURSOR, Palette.ENTRY);
        assertHas(dir.resolve("course-zh.png"), Palette.CURSOR, Palette.ENTRY);
    }

    private static void assertHas(Path file, Color... colours) throws Exception {
        Image img = load(file);
        Set<Color> present = colours(img);
        for (Color c : colours) assertTrue(present.contains(c), file.getFileName() + " should contain " + c);
        assertTrue(present.size() > 10, file.getFileName() + " has real content");
    }

    private static Image load(Path file) throws Exception {
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            return new Image(in);
        }
    }

    private static Set<Color> colours(Image img) {
        Set<Color> out = new HashSet<>();
        for (int y = 0; y < (int) img.getHeight(); y++) {
            for (int x = 0; x < (int) img.getWidth(); x++) out.add(img.getPixelReader().getColor(x, y));
        }
        return out;
    }
}
