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
        char mark = ".-*#".charAt(Math.min(3, rank(level)));
        String line = PID + (settings.sentinelMode ? ":X " : ":M ") + new SimpleDateFormat("dd MMM yyyy HH:mm:ss.SSS", java.util.Locale.ROOT).format(new Date())
                + " " + mark + " " + msg;
        write(settings, line + "\n");
    }

    /** serverLogRaw with LL_RAW: the text as it is, no prefix and no newline added (the start-up logo). */
    public static synchronized void raw(ServerSettings settings, String level, String text) {
        if (rank(level) < rank(settings.loglevel)) return;
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
