package io.glassbox.engine;

import io.glassbox.resp.RespValue;
import io.glassbox.server.Client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A client inside the JVM (the REPL, tests, an embedding application): it has its own selected
 * database, protocol and name like any connection, and its commands enter the same loop as network
 * clients' commands, so they are serialized with them.
 *
 * <p>Replies are matched to calls in order, one reply per command; CLIENT REPLY OFF|SKIP, which
 * make the server send none, would break that pairing and are not for in-process clients.
 */
public final class LocalClient implements AutoCloseable {
    private final Engine engine;
    private final LocalConnection connection;
    private final Client client;

    LocalClient(Engine engine, LocalConnection connection, Client client) {
        this.engine = engine;
        this.connection = connection;
        this.client = client;
    }

    public long id() { return client.id; }

    /** Sends a command; the future completes with its reply. */
    public CompletableFuture<RespValue> send(List<byte[]> argv) {
        CompletableFuture<RespValue> f = new CompletableFuture<>();
        if (connection.isClosed()) {
            f.completeExceptionally(new IllegalStateException("client is closed"));
            return f;
        }
        connection.expect(f);
        engine.loop().execute(() -> {
            if (client.isClosed()) {
                connection.close();
                return;
            }
            engine.server().execute(client, argv);
        });
        return f;
    }

    /** Sends a command and waits for its reply (at most 60 s). */
    public RespValue call(String... args) {
        List<byte[]> argv = new ArrayList<>(args.length);
        for (String a : args) argv.add(a.getBytes(StandardCharsets.UTF_8));
        return call(argv);
    }

    public RespValue call(List<byte[]> argv) {
        try {
            return send(argv).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no reply within 60 s (is the loop paused?)", e);
        }
    }

    /** Receives replies nobody asked for: MONITOR output, pub/sub pushes. */
    public void onPush(Consumer<RespValue> listener) { connection.setPushListener(listener); }

    @Override
    public void close() {
        engine.loop().execute(() -> engine.server().freeClient(client));
        connection.close();
    }
}
