package io.glassbox.visualizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Why this machine cannot show the window, in one line with the fix, before anything starts (instead
 * of JavaFX's stack trace and a process that never ends): JavaFX 21's only Linux backend is GTK 3,
 * and a window needs an X or Wayland display. {@code --headless} (Monocle's headless glass, the
 * software renderer) needs neither.
 */
final class WindowCheck {
    /** Where Debian, Ubuntu, Fedora and Arch keep the GTK 3 library. */
    static final List<Path> LIB_DIRS = List.of(Path.of("/usr/lib/x86_64-linux-gnu"), Path.of("/usr/lib/aarch64-linux-gnu"),
            Path.of("/usr/lib64"), Path.of("/usr/lib"));
    static final String GTK = "libgtk-3.so.0";

    private WindowCheck() {}

    /** This process's problem, or null if a window can open. */
    static String problem() {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) return null;
        return problem(System.getenv(), Files::exists);
    }

    /** The problem for this environment and file system, or null. */
    static String problem(Map<String, String> env, Predicate<Path> exists) {
        boolean display = !env.getOrDefault("DISPLAY", "").isEmpty() || !env.getOrDefault("WAYLAND_DISPLAY", "").isEmpty();
        // only when some library directory exists: elsewhere the layout is unknown, and JavaFX will say
        boolean knownLayout = LIB_DIRS.stream().anyMatch(exists);
        boolean gtk = !knownLayout || LIB_DIRS.stream().anyMatch(d -> exists.test(d.resolve(GTK)));
        if (!gtk && !display) {
            return "A window needs a display and GTK 3, and this machine has neither: apt-get install -y --no-install-recommends "
                    + "libgtk-3-0 xvfb, then xvfb-run -a ./glassbox viz; or ./glassbox viz --headless renders without them.";
        }
        if (!gtk) {
            return "A window needs GTK 3 (JavaFX's only Linux backend): apt-get install -y --no-install-recommends libgtk-3-0; "
                    + "or ./glassbox viz --headless renders without it.";
        }
        if (!display) {
            return "No display to open a window on (DISPLAY is not set): xvfb-run -a ./glassbox viz gives one "
                    + "(apt-get install -y xvfb); or ./glassbox viz --headless renders without it.";
        }
        return null;
    }

    /** The same sentence for a failure of the toolkit's start that the check did not foresee, or null. */
    static String explain(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = String.valueOf(c.getMessage());
            if (m.contains("DISPLAY")) return problem(Map.of("WAYLAND_DISPLAY", "", "DISPLAY", ""), p -> true);
            if (c instanceof UnsatisfiedLinkError || m.toLowerCase(java.util.Locale.ROOT).contains("gtk")) {
                return problem(Map.of("DISPLAY", ":0"), p -> !p.endsWith(GTK));
            }
        }
        return null;
    }
}
