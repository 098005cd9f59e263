package io.glassbox.server;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.text.SimpleDateFormat;
import java.util.Date;

/**
 * Redis's log lines ({@code serverLog}): "pid:M 24 Nov 2026 15:41:24.123 * message", to stdout or
 * to {@code logfile}, filtered by {@code loglevel} (debug, verbose, notice, warning),
 * marked {@code . - * #} as in serverLogRaw.
 */
public final class ServerLog {
    private ServerLog() {}

    private static final long PID = ProcessHandle.current().pid();

    private static int rank(String level) {
        switch (level) {
            case "debug": return 0;
            case "verbose": return 1;
            case "notice": return 2;
            case "warning": return 3;
            default: return 4;
        }
    }

    public static synchronized void log(ServerSettings settings, String level, String msg) {
        if (rank(level) < rank(settings.loglevel)) return;
        if (toSystemLogger(settings)) {
            logger().log(systemLevel(level), msg);
            return;
        }
        char mark = ".-*#".charAt(Math.min(3, rank(level)));
        String line = PID + (settings.sentinelMode ? ":X " : ":M ") + new SimpleDateFormat("dd MMM yyyy HH:mm:ss.SSS", java.util.Locale.ROOT).format(new Date())
                + " " + mark + " " + msg;
        write(settings, line + "\n");
    }

    /**
     * An embedded engine with no logfile: its lines go to the application's logging (System.Logger,
     * which an application routes to java.util.logging, SLF4J or Log4j), Redis's levels mapped to
     * its levels (warning WARNING, notice INFO, verbose DEBUG, debug TRACE), so that the application's
     * configuration decides what shows; {@code loglevel} still filters first, as in Redis.
     */
    private static boolean toSystemLogger(ServerSettings settings) {
        return !settings.logToStdout && (settings.logfile == null || settings.logfile.isEmpty());
    }

    /** Looked up per line, never kept: an application may (re)configure its logging at any time. */
    private static System.Logger logger() { return System.getLogger("io.glassbox.server"); }

    private static System.Logger.Level systemLevel(String level) {
        switch (level) {
            case "debug": return System.Logger.Level.TRACE;
            case "verbose": return System.Logger.Level.DEBUG;
            case "notice": return System.Logger.Level.INFO;
            default: return System.Logger.Level.WARNING;
        }
    }

    /** serverLogRaw with LL_RAW: the text as it is, no prefix and no newline added (the start-up logo). */
    public static synchronized void raw(ServerSettings settings, String level, String text) {
        if (rank(level) < rank(settings.loglevel)) return;
        if (toSystemLogger(settings)) return; // the ASCII logo is for a terminal, not an application's log
        write(settings, text);
    }

    private static void write(ServerSettings settings, String line) {
        if (settings.logfile == null || settings.logfile.isEmpty()) {
            System.out.print(line);
            System.out.flush();
        } else {
            // Redis chdir()s into dir and opens the log per line: a relative logfile lives in dir
            String file = settings.dir == null ? settings.logfile : java.nio.file.Path.of(settings.dir).resolve(settings.logfile).toString();
            try (PrintStream out = new PrintStream(new FileOutputStream(file, true), true, StandardCharsets.UTF_8)) {
                out.print(line);
            } catch (IOException e) {
                System.err.print(line);
            }
        }
    }
}
