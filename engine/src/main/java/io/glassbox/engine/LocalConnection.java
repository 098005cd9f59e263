package io.glassbox.engine;

import io.glassbox.resp.RespReader;
import io.glassbox.resp.RespValue;
import io.glassbox.server.Connection;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
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

    LocalConnection(String name) { this.name = name; }

    void expect(CompletableFuture<RespValue> f) {
        synchronized (waiting) { waiting.add(f); }
    }

    void setPushListener(Consumer<RespValue> l) { pushListener = l; }

    @Override
    public void write(byte[] buf, int off, int len) {
        RespReader reader = new RespReader(new ByteArrayInputStream(buf, off, len));
        int consumed = 0;
        try {
            ByteArrayInputStream in = new ByteArrayInputStream(buf, off, len);
            reader = new RespReader(in);
            while (in.available() > 0) {
                RespValue v = reader.read();
                if (isOutOfBandPush(v)) { // a RESP3 message can arrive while a call waits for its reply
                    pushListener.accept(v);
                    consumed++;
                    continue;
                }
                CompletableFuture<RespValue> f;
                synchronized (waiting) { f = waiting.poll(); }
                if (f != null) f.complete(v);
                else pushListener.accept(v);
                consumed++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("in-process reply was not whole RESP after " + consumed + " replies", e);
        }
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
