package io.glassbox.visualizer;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A machine that cannot show the window is told so in one line with the package to install. */
@Tag("unit")
class WindowCheckTest {
    private static final Path DEBIAN = Path.of("/usr/lib/x86_64-linux-gnu");

    @Test
    void eachMissingPieceIsNamedWithItsFix() {
        Set<Path> withGtk = Set.of(DEBIAN, DEBIAN.resolve(WindowCheck.GTK));
        Set<Path> withoutGtk = Set.of(DEBIAN);
        assertNull(WindowCheck.problem(Map.of("DISPLAY", ":0"), withGtk::contains));
        assertNull(WindowCheck.problem(Map.of("WAYLAND_DISPLAY", "wayland-0"), withGtk::contains));
        assertTrue(WindowCheck.problem(Map.of("DISPLAY", ":0"), withoutGtk::contains)
                .startsWith("A window needs GTK 3 (JavaFX's only Linux backend): apt-get install -y --no-install-recommends libgtk-3-0;"));
        assertTrue(WindowCheck.problem(Map.of(), withGtk::contains).startsWith("No display to open a window on"));
        String both = WindowCheck.problem(Map.of(), withoutGtk::contains);
        assertTrue(both.contains("libgtk-3-0 xvfb") && both.contains("--headless"), both);
        // an unknown library layout: JavaFX itself will tell, through explain()
        assertNull(WindowCheck.problem(Map.of("DISPLAY", ":0"), p -> false));
    }

    @Test
    void javaFxsOwnFailuresAreExplainedTheSameWay() {
        assertTrue(WindowCheck.explain(new UnsupportedOperationException("Unable to open DISPLAY")).startsWith("No display"));
        assertTrue(WindowCheck.explain(new RuntimeException("boom", new UnsatisfiedLinkError("libgtk-3.so.0: cannot open")))
                .startsWith("A window needs GTK 3"));
        assertNull(WindowCheck.explain(new IllegalStateException("something else")));
    }

    @Test
    void vizWithoutADisplaySaysSoInOneLineAndEnds() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), VisualizerMain.class.getName(), "--port", "0", "--save", "");
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "viz did not end");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, p.exitValue(), out);
        assertEquals(1, out.lines().count(), out);
        assertTrue(out.startsWith("No display") || out.startsWith("A window needs"), out);
    }
}
