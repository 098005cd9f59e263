package io.glassbox.command.list;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.resp.RespValue;
import io.glassbox.server.Client;
import io.glassbox.server.ServerSettings;
import io.glassbox.util.ManualClock;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** An in-process engine on a {@link ManualClock} for the list tests, with as many clients as a test needs. */
final class ListFixture implements AutoCloseable {
    static final long START = 1_700_000_000_000L;

    final ManualClock clock = new ManualClock(START);
    final Engine engine;
    final LocalClient client;

    ListFixture() throws Exception {
        ServerSettings settings = new ServerSettings();
        settings.port = 0;
        engine = Engine.start(settings, clock);
        client = engine.newClient();
    }

    RespValue call(String... args) { return client.call(args); }

    /** Sends without waiting: the future completes when the (maybe blocked) reply arrives. */
    static CompletableFuture<RespValue> send(LocalClient c, String... args) {
        List<byte[]> argv = new ArrayList<>();
        for (String a : args) argv.add(a.getBytes(StandardCharsets.UTF_8));
        return c.send(argv);
    }

    <T> T onLoop(Supplier<T> task) { return engine.loop().submit(task).join(); }

    Client serverClient(LocalClient c) { return onLoop(() -> engine.server().client(c.id())); }

    int blockedClients() { return onLoop(() -> engine.server().blocking().blockedClients()); }

    long dirty() { return onLoop(() -> engine.server().keyspace().stats.dirty); }

    static List<String> texts(RespValue r) {
        List<String> out = new ArrayList<>();
        for (RespValue v : assertInstanceOf(RespValue.Array.class, r).items()) {
            if (v instanceof RespValue.Array) out.add(texts(v).toString());
            else out.add(v.asText());
        }
        return out;
    }

    @Override
    public void close() { engine.close(); }
}
