package io.glassbox.diff;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sends the same commands, given as argument lists of bytes, to redis-server and to Glassbox and
 * keeps the first mismatches (at most 20), for the generated differential tests. Commands are
 * pipelined in batches so a million-element test stays quick.
 */
final class ReplyComparer implements AutoCloseable {
    private final RawRespClient ref, tgt;
    final List<String> mismatches = new ArrayList<>();
    int compared;
    int mismatchCount;
    private final List<List<byte[]>> pending = new ArrayList<>();

    ReplyComparer(int redisPort, int glassboxPort) throws IOException {
        ref = new RawRespClient(redisPort);
        tgt = new RawRespClient(glassboxPort);
        call("FLUSHALL");
    }

    static List<byte[]> argv(Object... args) {
        List<byte[]> argv = new ArrayList<>(args.length);
        for (Object a : args) argv.add(a instanceof byte[] b ? b : a.toString().getBytes(StandardCharsets.UTF_8));
        return argv;
    }

    /** Queues one command; replies are compared when 100 are queued or at {@link #flush}. */
    void send(List<byte[]> argv) throws IOException {
        pending.add(argv);
        if (pending.size() >= 100) flush();
    }

    void send(Object... args) throws IOException { send(argv(args)); }

    /** Sends and compares one command now, returning redis's reply. */
    byte[] call(Object... args) throws IOException {
        send(argv(args));
        return flush();
    }

    /** Compares every queued command; returns redis's last reply. */
    byte[] flush() throws IOException {
        if (pending.isEmpty()) return null;
        StringBuilder none = new StringBuilder();
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (List<byte[]> a : pending) all.write(io.glassbox.resp.RespReader.encodeCommand(a));
        ref.sendRaw(all.toByteArray());
        tgt.sendRaw(all.toByteArray());
        byte[] last = null;
        for (List<byte[]> a : pending) {
            byte[] e = ref.readReply(), g = tgt.readReply();
            compared++;
            last = e;
            if (!Arrays.equals(e, g)) mismatchCount++;
            if (!Arrays.equals(e, g) && mismatches.size() < 20) {
                mismatches.add("`" + show(a) + "`\n    redis:    " + DifferentialTest.show(e)
                        + "\n    glassbox: " + DifferentialTest.show(g));
            }
        }
        pending.clear();
        return last;
    }

    private static String show(List<byte[]> argv) {
        StringBuilder sb = new StringBuilder();
        for (byte[] b : argv) {
            if (sb.length() > 200) { sb.append(" ..."); break; }
            sb.append(sb.length() == 0 ? "" : " ").append(new String(b, StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        ref.close();
        tgt.close();
    }
}
