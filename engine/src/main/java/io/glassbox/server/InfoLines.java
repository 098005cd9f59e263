package io.glassbox.server;

import java.util.Locale;

/**
 * The line format of INFO ({@code genRedisInfoString} in {@code server.c}): {@code name:value}
 * lines ending in CRLF, sizes also written for people ({@code bytesToHuman}). The INFO command is
 * in the server core; subsystems that own a section or some of its lines (replication, persistence,
 * scripting) write them with these.
 */
public final class InfoLines {
    private InfoLines() {}

    /** One {@code name:value} line of an INFO section. */
    public static void field(StringBuilder sb, String name, Object value) {
        sb.append(name).append(':').append(value).append("\r\n");
    }

    /** bytesToHuman of server.c: B, then K, M, G, T, P with two decimals. */
    public static String bytesToHuman(long n) {
        double d = n;
        if (n < 1024) return n + "B";
        if (n < 1024L * 1024) return String.format(Locale.ROOT, "%.2fK", d / 1024);
        if (n < 1024L * 1024 * 1024) return String.format(Locale.ROOT, "%.2fM", d / (1024 * 1024));
        if (n < 1024L * 1024 * 1024 * 1024) return String.format(Locale.ROOT, "%.2fG", d / (1024.0 * 1024 * 1024));
        if (n < 1024L * 1024 * 1024 * 1024 * 1024) return String.format(Locale.ROOT, "%.2fT", d / (1024.0 * 1024 * 1024 * 1024));
        if (n < 1024L * 1024 * 1024 * 1024 * 1024 * 1024) return String.format(Locale.ROOT, "%.2fP", d / (1024.0 * 1024 * 1024 * 1024 * 1024));
        return n + "B"; // Redis: "Let's hope we never need this"
    }
}
