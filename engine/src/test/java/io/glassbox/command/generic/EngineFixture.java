package io.glassbox.command.generic;

import io.glassbox.db.RedisDb;
import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.resp.RespValue;
import io.glassbox.server.ServerSettings;
import io.glassbox.util.ManualClock;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * An in-process engine on a {@link ManualClock} for the generic-command tests: time moves only
 * when a test says so, so expiry and idle times are exact and nothing sleeps.
 */
final class EngineFixture implements AutoCloseable {
    /** 2023-11-14T22:13:20Z: an ordinary instant, far from the LRU clock's wrap. */
    static final long START = 1_700_000_000_000L;

    final ManualClock clock = new ManualClock(START);
    final Engine engine;
    final LocalClient client;

    EngineFixture() throws Exception { this(new ServerSettings()); }

    EngineFixture(ServerSettings settings) throws Exception { this(settings, START); }

    EngineFixture(ServerSettings settings, long startMillis) throws Exception {
        clock.set(startMillis);
        settings.port = 0;
        settings.activeRehashing = false; // rehash only as commands touch the dict (the SCAN test wants that)
        engine = Engine.start(settings, clock);
        client = engine.newClient();
        // Keys then expire only when a command looks them up, so a test sees exactly its commands' effects.
        onLoop(() -> { engine.server().activeExpire().setEnabled(false); return null; });
    }

    RespValue call(String... args) { return client.call(args); }

    /** Runs code on the command thread, where the keyspace may be read. */
    <T> T onLoop(Supplier<T> task) { return engine.loop().submit(task).join(); }

    RedisDb db(int id) { return engine.server().keyspace().db(id); }

    long dirty() { return onLoop(() -> engine.server().keyspace().stats.dirty); }

    void assertInt(long expected, String... cmd) {
        assertEquals(new RespValue.Int(expected), call(cmd), String.join(" ", cmd));
    }

    void assertOk(String... cmd) { assertStatus("OK", cmd); }

    void assertStatus(String expected, String... cmd) {
        assertEquals(new RespValue.SimpleString(expected), call(cmd), String.join(" ", cmd));
    }

    void assertBulk(String expected, String... cmd) {
        RespValue r = call(cmd);
        if (expected == null) assertInstanceOf(RespValue.Null.class, r, String.join(" ", cmd));
        else assertEquals(expected, assertInstanceOf(RespValue.Bulk.class, r, String.join(" ", cmd)).text());
    }

    void assertError(String expected, String... cmd) {
        assertEquals(new RespValue.Error(expected), call(cmd), String.join(" ", cmd));
    }

    /** The texts of an array reply. */
    static List<String> texts(RespValue r) {
        List<String> out = new ArrayList<>();
        for (RespValue v : assertInstanceOf(RespValue.Array.class, r).items()) out.add(v.asText());
        return out;
    }

    @Override
    public void close() { engine.close(); }
}
