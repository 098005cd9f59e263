package io.glassbox.visualizer.source;

import io.glassbox.resp.RespReader;
import io.glassbox.resp.RespValue;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One RESP connection to a server, on a plain socket with a reader thread of its own: commands
 * are written in order and each reply completes the oldest waiting future (RESP's pairing);
 * RESP3 pushes ({@code >} frames: GLASSBOX.EVENTS's events) go to the push listener instead.
 * The reader thread is the only one that blocks on the socket, so neither the UI thread nor the
 * engine's threads ever wait for the network.
 *
 * <p>When the connection ends (the server went away, or {@link #close}), every waiting future
 * fails with one readable message, and the lost listener hears it once, unless we closed it.
 */
final class RespLink implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final String address;
    private final Socket socket;
    private final OutputStream out;
    private final RespReader reader;
    private final ConcurrentLinkedQueue<CompletableFuture<RespValue>> waiting = new ConcurrentLinkedQueue<>();
    private volatile Consumer<List<RespValue>> pushListener;
    private volatile Consumer<String> lostListener;
    private volatile boolean closed;
    private volatile String lostReason;

    private RespLink(String address, Socket socket) throws IOException {
        this.address = address;
        this.socket = socket;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        this.reader = new RespReader(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
        Thread t = new Thread(this::readLoop, "glassbox-viz-resp-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        t.start();
    }

    /** Connects within {@code timeoutMillis}; throws a ConnectException and friends with their own message. */
    static RespLink connect(String host, int port, int timeoutMillis) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
            s.setTcpNoDelay(true);
            return new RespLink(host + ":" + port, s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    String address() { return address; }

    void onPush(Consumer<List<RespValue>> listener) { this.pushListener = listener; }

    /** Hears why the connection ended, once; immediately if it already has. */
    void onLost(Consumer<String> listener) {
        this.lostListener = listener;
        String r = lostReason;
        if (r != null && !closed) listener.accept(r);
    }

    boolean isOpen() { return lostReason == null && !closed; }

    /** Sends a command; the future completes with its reply, or fails if the connection ends first. */
    CompletableFuture<RespValue> send(List<byte[]> argv) {
        CompletableFuture<RespValue> f = new CompletableFuture<>();
        synchronized (this) { // the queue's order must be the wire's order
            if (lostReason != null || closed) {
                f.completeExceptionally(new IOException(lostReason != null ? lostReason : "connection closed"));
                return f;
            }
            waiting.add(f);
            try {
                out.write(RespReader.encodeCommand(argv));
                out.flush();
            } catch (IOException e) {
                lost("connection to " + address + " lost: " + e.getMessage());
            }
        }
        return f;
    }

    CompletableFuture<RespValue> send(String... args) {
        List<byte[]> argv = new ArrayList<>(args.length);
        for (String a : args) argv.add(a.getBytes(StandardCharsets.UTF_8));
        return send(argv);
    }

    /** Sends and waits at most {@code timeoutMillis}; an IOException says what went wrong in words. */
    RespValue call(long timeoutMillis, String... args) throws IOException {
        try {
            return send(args).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("no reply from " + address + " within " + timeoutMillis + " ms");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    private void readLoop() {
        try {
            while (true) {
                RespValue v = reader.read();
                if (v instanceof RespValue.Array a && a.kind() == '>') {
                    Consumer<List<RespValue>> l = pushListener;
                    if (l != null) l.accept(a.items());
                    continue;
                }
                CompletableFuture<RespValue> f = waiting.poll();
                if (f != null) f.complete(v);
            }
        } catch (java.io.EOFException e) {
            lost(closed ? "connection closed" : "connection to " + address + " lost: the server closed it");
        } catch (IOException | RuntimeException e) {
            lost(closed ? "connection closed"
                    : "connection to " + address + " lost" + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private void lost(String reason) {
        synchronized (this) {
            if (lostReason != null) return;
            lostReason = reason;
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
        IOException e = new IOException(reason);
        for (CompletableFuture<RespValue> f; (f = waiting.poll()) != null; ) f.completeExceptionally(e);
        Consumer<String> l = lostListener;
        if (l != null && !closed) l.accept(reason);
    }

    @Override
    public void close() {
        closed = true;
        lost("connection closed");
    }
}
