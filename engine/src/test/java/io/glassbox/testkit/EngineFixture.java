package io.glassbox.testkit;

import io.glassbox.config.ConfigLoader;
import io.glassbox.config.ConfigRegistry;
import io.glassbox.db.RedisDb;
import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.resp.RespValue;
import io.glassbox.server.Client;
import io.glassbox.server.ServerConfig;
import io.glassbox.server.ServerSettings;
import io.glassbox.util.Clock;
import io.glassbox.util.ManualClock;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * An in-process engine and one client, for tests that drive the engine through commands:
 * {@code EngineFixture.start()} for defaults, or a {@link #builder()} for a manual clock, a TCP
 * listener, DEBUG, redis.conf lines. The engine is closed with the fixture.
 *
 * <p>With {@link Builder#manualClock()} time moves only when the test says so ({@link #clock()}), so
 * expiry, idle times and timeouts are exact and nothing sleeps.
 *
 * <p>The few look-ups behind the engine's public face ({@link #dirty}, {@link #blockedClients},
 * {@link #db}) are here, once, so a test reads as commands and their replies.
 */
public final class EngineFixture implements AutoCloseable {
    /** 2023-11-14T22:13:20Z: an ordinary instant, far from the LRU clock's wrap; where a manual clock starts. */
    public static final long START = 1_700_000_000_000L;

    public final Engine engine;
    public final LocalClient client;
    private final ManualClock clock;

    private EngineFixture(Engine engine, ManualClock clock) {
        this.engine = engine;
        this.clock = clock;
        this.client = engine.newClient();
    }

    /** Default settings, wall clock, no TCP listener. */
    public static EngineFixture start() throws Exception {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How the engine is started; every method returns the builder. */
    public static final class Builder {
        private final ServerSettings settings = new ServerSettings();
        private ManualClock clock;
        private String config = null;
        private boolean activeExpire = true;
        private boolean serverProcess;

        private Builder() {
            settings.port = 0; // no listener: in-process clients only
            // a fresh dir of its own: a DEBUG RELOAD or SAVE in one test must not leave a dump.rdb that
            // the next engine started in the same working directory loads
            try {
                settings.dir = java.nio.file.Files.createTempDirectory("glassbox-engine").toString();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** A {@link ManualClock} at {@link #START}. */
        public Builder manualClock() { return manualClock(START); }

        public Builder manualClock(long startMillis) {
            clock = new ManualClock(startMillis);
            return this;
        }

        /**
         * Only the test's commands change anything: a manual clock, no active expiry, no active
         * rehashing. Expiry, idle times and SCAN cursors are then exact.
         */
        public Builder commandsOnly() {
            return manualClock().noActiveExpire().noActiveRehashing();
        }

        /** A TCP listener on a free loopback port ({@link EngineFixture#port()}). */
        public Builder listening() {
            settings.port = Ports.free();
            settings.bind = "127.0.0.1";
            return this;
        }

        /** DEBUG allowed (enable-debug-command yes). */
        public Builder debug() {
            settings.enableDebugCommand = "yes";
            return this;
        }

        /**
         * Started as the launcher's server process is (Engine.start(config, listening)): background
         * jobs show a stand-in child process, as Redis's forked children (system clock only).
         */
        public Builder serverProcess() {
            serverProcess = true;
            return this;
        }

        /** Buckets move only as commands touch a dict: a deterministic rehash. */
        public Builder noActiveRehashing() {
            settings.activeRehashing = false;
            return this;
        }

        /** Keys expire only when a command looks them up, so a test sees exactly its commands' effects. */
        public Builder noActiveExpire() {
            activeExpire = false;
            return this;
        }

        /** The server's dir (RDB, AOF, log files). */
        public Builder dir(Path dir) {
            settings.dir = dir.toString();
            return this;
        }

        /** Any other setting. */
        public Builder settings(Consumer<ServerSettings> change) {
            change.accept(settings);
            return this;
        }

        /** redis.conf lines, applied after the settings as the launcher applies a config file (CONFIG acts on that registry). */
        public Builder config(String redisConf) {
            config = (config == null ? "" : config) + redisConf + "\n";
            return this;
        }

        /** Starts the engine and opens the fixture's client. */
        public EngineFixture start() throws Exception {
            EngineFixture f = new EngineFixture(newEngine(), clock);
            if (!activeExpire) f.onLoop(() -> f.engine.server().activeExpire().setEnabled(false));
            return f;
        }

        /** Only the engine, for a test that manages its own engines and clients (closing it is the caller's). */
        public Engine startEngine() throws Exception {
            if (!activeExpire) throw new IllegalStateException("noActiveExpire needs the fixture: use start()");
            return newEngine();
        }

        private Engine newEngine() throws Exception {
            Clock c = clock == null ? Clock.SYSTEM : clock;
            if (config == null && !serverProcess) return Engine.start(settings, c);
            ConfigRegistry r = ServerConfig.fromSettings(settings);
            if (config != null) ConfigLoader.loadFromString(r, config);
            if (serverProcess) {
                if (clock != null) throw new IllegalStateException("a server process runs on the system clock");
                return Engine.start(r, () -> { });
            }
            return Engine.start(r, c);
        }
    }

    /** The manual clock (the builder asked for one). */
    public ManualClock clock() {
        if (clock == null) throw new IllegalStateException("this engine runs on the wall clock: builder().manualClock()");
        return clock;
    }

    /** The listener's port (the builder asked for {@link Builder#listening()}). */
    public int port() { return engine.port(); }

    /** Another in-process client. */
    public LocalClient newClient() { return engine.newClient(); }

    public RespValue call(String... args) { return client.call(args); }

    /** Sends on {@code c} without waiting: the future completes when the (maybe blocked) reply arrives. */
    public static CompletableFuture<RespValue> send(LocalClient c, String... args) {
        List<byte[]> argv = new ArrayList<>();
        for (String a : args) argv.add(a.getBytes(StandardCharsets.UTF_8));
        return c.send(argv);
    }

    /** Runs code on the command thread, where the keyspace may be read, and returns its result. */
    public <T> T onLoop(Supplier<T> task) {
        if (engine.loop().inLoop()) return task.get(); // already there: waiting for itself would never end
        return engine.loop().submit(task).join();
    }

    /** The same for code with no result. */
    public void onLoop(Runnable task) { onLoop(() -> { task.run(); return null; }); }

    /** Database {@code id}; read it only inside {@link #onLoop}. */
    public RedisDb db(int id) { return engine.server().keyspace().db(id); }

    /** The keyspace's dirty counter (changes since the last save): what a write command adds. */
    public long dirty() { return onLoop(() -> engine.server().keyspace().stats.dirty); }

    /** The server's record of an in-process client (its flags, its blocking state). */
    public Client serverClient(LocalClient c) { return onLoop(() -> engine.server().client(c.id())); }

    /** Clients blocked on keys now (INFO's blocked_clients). */
    public int blockedClients() { return onLoop(() -> engine.server().blocking().blockedClients()); }

    /**
     * Returns once {@code engine}'s command thread has taken in every in-process command this
     * thread sent before: run it, or, when the loop is paused, held it. The positive signal before
     * asserting that a paused loop answered nothing.
     */
    public static void awaitReceived(Engine engine) {
        engine.loop().submitOutsideTicks(() -> null).join(); // queued behind the sends, and runs even while paused
    }

    /** Returns once the server counts exactly {@code n} clients blocked on keys. */
    public void awaitBlocked(int n) {
        Await.until(n + " blocked clients", () -> blockedClients() == n);
    }

    /**
     * Returns once serverCron has run {@code n} more times (each run checks timeouts, expires keys,
     * starts saves): the positive signal that time-driven work had its chances, where a test would
     * otherwise sleep and hope.
     */
    public void awaitCronRuns(int n) {
        long start = onLoop(() -> engine.server().cronLoops());
        Await.until(n + " serverCron runs", () -> onLoop(() -> engine.server().cronLoops()) >= start + n);
    }

    /** OBJECT ENCODING of a key. */
    public String encoding(String key) { return call("OBJECT", "ENCODING", key).asText(); }

    public void assertInt(long expected, String... cmd) {
        assertEquals(new RespValue.Int(expected), call(cmd), String.join(" ", cmd));
    }

    public void assertOk(String... cmd) { assertStatus("OK", cmd); }

    public void assertStatus(String expected, String... cmd) {
        assertEquals(new RespValue.SimpleString(expected), call(cmd), String.join(" ", cmd));
    }

    /** A bulk reply's text, or a null reply when {@code expected} is null. */
    public void assertBulk(String expected, String... cmd) {
        RespValue r = call(cmd);
        if (expected == null) assertInstanceOf(RespValue.Null.class, r, String.join(" ", cmd));
        else assertEquals(expected, assertInstanceOf(RespValue.Bulk.class, r, String.join(" ", cmd)).text());
    }

    public void assertError(String expected, String... cmd) {
        assertEquals(new RespValue.Error(expected), call(cmd), String.join(" ", cmd));
    }

    /** The texts of an array reply; a nested array becomes its texts in brackets. */
    public static List<String> texts(RespValue r) {
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
