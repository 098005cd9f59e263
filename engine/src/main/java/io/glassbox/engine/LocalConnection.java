package io.glassbox.engine;

import io.glassbox.resp.RespReader;
import io.glassbox.resp.RespValue;
import io.glassbox.server.Connection;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * An in-process client's connection: the reply bytes the server writes are decoded into
 * {@link RespValue}s and hand each to the oldest waiting call, in order. Replies that no call
 * waits for (MONITOR lines, pushes) go to the push listener.
 */
final class LocalConnection implements Connection {
    private final Queue<CompletableFuture<RespValue>> waiting = new ArrayDeque<>();
    private final String name;
    private volatile Consumer<RespValue> pushListener = v -> {};
    private volatile boolean closed;
    private static final byte[] EMPTY = new byte[0];
    /** The start of a reply whose end has not been written yet. */
    private byte[] partial = EMPTY;

    LocalConnection(String name) { this.name = name; }

    void expect(CompletableFuture<RespValue> f) {
        synchronized (waiting) { waiting.add(f); }
    }

    void setPushListener(Consumer<RespValue> l) { pushListener = l; }

    /**
     * Decodes the replies in these bytes. The server may hand over a long reply in several writes
     * (as a socket would carry it in several segments), so the bytes of an incomplete last reply
     * are kept and completed by the next write. Loop thread only.
     */
    @Override
    public void write(byte[] buf, int off, int len) {
        byte[] data = buf;
        int start = off, end = off + len;
        if (partial.length > 0) {
            data = new byte[partial.length + len];
            System.arraycopy(partial, 0, data, 0, partial.length);
            System.arraycopy(buf, off, data, partial.length, len);
            start = 0;
            end = data.length;
        }
        ByteArrayInputStream in = new ByteArrayInputStream(data, start, end - start);
        RespReader reader = new RespReader(in);
        while (in.available() > 0) {
            int from = end - in.available();
            RespValue v;
            try {
                v = reader.read();
            } catch (EOFException e) {
                partial = Arrays.copyOfRange(data, from, end); // the rest arrives with the next write
                return;
            } catch (IOException e) {
                throw new UncheckedIOException("in-process reply is not RESP", e);
            }
            if (isOutOfBandPush(v)) { // a RESP3 message can arrive while a call waits for its reply
                pushListener.accept(v);
                continue;
            }
            CompletableFuture<RespValue> f;
            synchronized (waiting) { f = waiting.poll(); }
            if (f != null) f.complete(v);
            else pushListener.accept(v);
        }
        partial = EMPTY;
    }

    /**
     * A RESP3 push that answers no command: a Pub/Sub message (message, pmessage, smessage). The
     * (un)subscribe confirmations are pushes too, but they are the replies of (UN)SUBSCRIBE.
     */
    private static boolean isOutOfBandPush(RespValue v) {
        if (!(v instanceof RespValue.Array a) || a.kind() != '>' || a.items() == null || a.items().isEmpty()) return false;
        String type = a.items().get(0).asText();
        return "message".equals(type) || "pmessage".equals(type) || "smessage".equals(type);
    }

    @Override
    public void close() {
        closed = true;
        synchronized (waiting) {
            for (CompletableFuture<RespValue> f : waiting) f.completeExceptionally(new IOException("connection closed"));
            waiting.clear();
        }
    }

    boolean isClosed() { return closed; }

    @Override public String remoteAddress() { return name; }

    @Override public String localAddress() { return name; }

    @Override public boolean isLoopback() { return true; }
}
