package io.glassbox.server;

import io.glassbox.engine.Glassbox;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where the log goes: an embedded engine's lines reach the application's logging (System.Logger,
 * here java.util.logging) at mapped levels, filtered by what the application configured; a
 * redis-server start ({@code logToStdout}) prints Redis's own lines.
 */
@Tag("unit")
class ServerLogTest {
    @Test
    void anEmbeddedEngineLogsThroughTheApplicationsLogging() {
        Logger jul = Logger.getLogger("io.glassbox.server");
        Level before = jul.getLevel();
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override public void publish(LogRecord r) { if (jul.isLoggable(r.getLevel())) records.add(r); }
            @Override public void flush() {}
            @Override public void close() {}
        };
        jul.addHandler(capture);
        try (Glassbox redis = Glassbox.builder().noPort().config("loglevel", "verbose").config("enable-debug-command", "yes").start()) {
            jul.setLevel(Level.ALL);
            redis.call("DEBUG", "LOG", "hello from a test");
            redis.call("CONFIG", "SET", "loglevel", "notice");
            jul.setLevel(Level.SEVERE); // the application turned the engine's warnings off
            redis.call("DEBUG", "LOG", "not shown");
        } finally {
            jul.removeHandler(capture);
            jul.setLevel(before);
        }
        List<String> lines = records.stream().map(r -> r.getLevel() + " " + r.getMessage()).toList();
        assertTrue(lines.contains("WARNING DEBUG LOG: hello from a test"), lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.contains("not shown")), lines.toString());
    }

    @Test
    void redisServersLinesGoToStdoutInRedissFormat() {
        ServerSettings s = new ServerSettings();
        s.logToStdout = true;
        PrintStream out = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            ServerLog.log(s, "notice", "Ready to accept connections");
            ServerLog.log(s, "verbose", "below notice: filtered");
        } finally {
            System.setOut(out);
        }
        String line = buf.toString(StandardCharsets.UTF_8);
        // pid:M 07 Dec 2026 22:40:00.123 * Ready to accept connections
        assertTrue(line.matches("\\d+:M \\d\\d \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\* Ready to accept connections\n"), line);
        assertEquals(1, line.lines().count());
    }
}
