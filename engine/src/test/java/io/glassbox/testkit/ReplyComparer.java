package io.glassbox.testkit;

import io.glassbox.resp.RespReader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sends the same commands to redis-server and to Glassbox and compares the raw reply bytes. It
 * fails by itself: {@link #close} (a try-with-resources block) throws an {@link AssertionError}
 * listing the first mismatches, or saying that nothing was compared, so a test cannot forget to
 * look. Queued commands ({@link #send}) are pipelined in batches of 100, so a million-command test
 * stays quick; {@link #call} compares one command now and returns redis's reply.
 *
 * <p>Where a known, measured rate of differences is accepted (Geo's last-bit distances, see
 * {@code GeoDifferentialTest}), {@link #tolerating} says so up front, and close fails when the rate
 * is exceeded instead.
 */
public final class ReplyComparer implements AutoCloseable {
    private static final int SHOWN = 20;

    private final RawRespClient ref, tgt;
    private final int toleratedOneIn;
    private final List<String> mismatches = new ArrayList<>();
    private final List<String> pendingLabels = new ArrayList<>();
    private final List<List<byte[]>> pending = new ArrayList<>();
    private int compared;
    private int mismatchCount;

    private ReplyComparer(int redisPort, int glassboxPort, int toleratedOneIn) throws IOException {
        this.toleratedOneIn = toleratedOneIn;
        ref = new RawRespClient(redisPort);
        tgt = new RawRespClient(glassboxPort);
        both("FLUSHALL");
    }

    /** Every reply must be identical (after FLUSHALL on both servers). */
    public ReplyComparer(int redisPort, int glassboxPort) throws IOException {
        this(redisPort, glassboxPort, 0);
    }

    /** Fewer than one reply in {@code oneIn} may differ: close fails unless mismatches * oneIn < compared. */
    public static ReplyComparer tolerating(int oneIn, int redisPort, int glassboxPort) throws IOException {
        if (oneIn <= 0) throw new IllegalArgumentException("oneIn " + oneIn);
        return new ReplyComparer(redisPort, glassboxPort, oneIn);
    }

    /** Queues one command; replies are compared when 100 are queued or at {@link #flush}. */
    public void send(List<byte[]> argv) throws IOException {
        send(null, argv);
    }

    public void send(Object... args) throws IOException { send(Args.argv(args)); }

    /** Queues a command with a label for the failure message (a script's file:line). */
    public void send(String label, List<byte[]> argv) throws IOException {
        pending.add(argv);
        pendingLabels.add(label);
        if (pending.size() >= 100) flush();
    }

    /** Sends and compares one command now, returning redis's reply. */
    public byte[] call(Object... args) throws IOException {
        return call(null, Args.argv(args));
    }

    /** The same, labelled for the failure message. */
    public byte[] call(String label, List<byte[]> argv) throws IOException {
        send(label, argv);
        return flush();
    }

    /** Sends a command line to both servers without comparing (HELLO's reply carries the connection id). */
    public void both(String commandLine) throws IOException {
        flush();
        ref.call(Args.line(commandLine));
        tgt.call(Args.line(commandLine));
    }

    /** Compares every queued command; returns redis's last reply. */
    public byte[] flush() throws IOException {
        if (pending.isEmpty()) return null;
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (List<byte[]> a : pending) all.write(RespReader.encodeCommand(a));
        ref.sendRaw(all.toByteArray());
        tgt.sendRaw(all.toByteArray());
        byte[] last = null;
        for (int i = 0; i < pending.size(); i++) {
            byte[] e = ref.readReply(), g;
            try {
                g = tgt.readReply();
            } catch (IOException noReply) {
                throw new AssertionError(what(i) + ": Glassbox gave no reply (" + noReply.getMessage() + "); redis replied "
                        + Args.show(e), noReply);
            }
            compared++;
            last = e;
            if (!Arrays.equals(e, g)) {
                mismatchCount++;
                if (mismatches.size() < SHOWN) {
                    mismatches.add(what(i) + "\n    redis:    " + Args.show(e) + "\n    glassbox: " + Args.show(g));
                }
            }
        }
        pending.clear();
        pendingLabels.clear();
        return last;
    }

    /** Queued command i for a failure message: its label and its words. */
    private String what(int i) {
        return (pendingLabels.get(i) == null ? "" : pendingLabels.get(i) + " ") + "`" + Args.show(pending.get(i)) + "`";
    }

    /** Replies compared so far. */
    public int compared() { return compared; }

    /** Replies that differed so far. */
    public int mismatches() { return mismatchCount; }

    /** Compares what is queued and fails now if the replies differ beyond what this comparer tolerates. */
    public void assertSame() throws IOException {
        flush();
        if (compared == 0) throw new AssertionError("no reply was compared");
        boolean ok = toleratedOneIn == 0 ? mismatchCount == 0 : (long) mismatchCount * toleratedOneIn < compared;
        if (!ok) {
            throw new AssertionError(mismatchCount + " of " + compared + " replies differ from redis-server"
                    + (toleratedOneIn == 0 ? "" : " (at most 1 in " + toleratedOneIn + " may)") + "; the first "
                    + mismatches.size() + ":\n" + String.join("\n", mismatches));
        }
    }

    /** Checks ({@link #assertSame}) and closes both connections. */
    @Override
    public void close() throws IOException {
        try {
            assertSame();
        } finally {
            ref.close();
            tgt.close();
        }
    }
}
