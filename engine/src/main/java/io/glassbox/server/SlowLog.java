package io.glassbox.server;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The slow log (Redis's {@code slowlog.c}): commands that took longer than
 * {@code slowlog-log-slower-than} microseconds, newest first, at most {@code slowlog-max-len}.
 * Arguments are trimmed as Redis trims them: at most 32 arguments (the last one saying how many
 * more), each at most 128 bytes (with "... (N more bytes)").
 */
public final class SlowLog {
    public static final int MAX_ARGC = 32;
    public static final int MAX_ARG_LEN = 128;

    public record Entry(long id, long unixSeconds, long durationMicros, List<byte[]> args, String peer, String clientName) {}

    private final Deque<Entry> entries = new ArrayDeque<>();
    private long nextId;

    public void add(List<byte[]> argv, long durationMicros, long unixSeconds, String peer, String clientName, int maxLen) {
        List<byte[]> args = new ArrayList<>();
        int argc = Math.min(argv.size(), MAX_ARGC);
        for (int i = 0; i < argc; i++) {
            if (argc != argv.size() && i == argc - 1) {
                args.add(("... (" + (argv.size() - argc + 1) + " more arguments)").getBytes());
                break;
            }
            byte[] a = argv.get(i);
            if (a.length > MAX_ARG_LEN) {
                byte[] head = java.util.Arrays.copyOf(a, MAX_ARG_LEN);
                byte[] tail = ("... (" + (a.length - MAX_ARG_LEN) + " more bytes)").getBytes();
                byte[] t = new byte[head.length + tail.length];
                System.arraycopy(head, 0, t, 0, head.length);
                System.arraycopy(tail, 0, t, head.length, tail.length);
                a = t;
            }
            args.add(a);
        }
        entries.addFirst(new Entry(nextId++, unixSeconds, durationMicros, args, peer, clientName == null ? "" : clientName));
        trim(maxLen);
    }

    public void trim(int maxLen) {
        while (entries.size() > Math.max(0, maxLen)) entries.removeLast();
    }

    public List<Entry> newest(int count) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            if (out.size() >= count) break;
            out.add(e);
        }
        return out;
    }

    public int size() { return entries.size(); }

    public void reset() { entries.clear(); }
}
