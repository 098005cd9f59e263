package io.glassbox.engine;

import io.glassbox.config.ConfigLoader;
import io.glassbox.config.ConfigRegistry;
import io.glassbox.hooks.Hooks;
import io.glassbox.resp.RespValue;
import io.glassbox.util.Clock;
import io.glassbox.util.ManualClock;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Glassbox embedded in a Java program or a test: a Redis 7.0-compatible server started in this JVM,
 * with or without a TCP port, that Jedis, Lettuce or any client can connect to, and that the
 * program can also talk to directly.
 *
 * <pre>{@code
 * try (Glassbox redis = Glassbox.builder().start()) {        // a free port on 127.0.0.1
 *     Jedis jedis = new Jedis("127.0.0.1", redis.port());
 *     jedis.set("greeting", "hello");
 *     redis.call("GET", "greeting");                          // Bulk "hello", no socket involved
 * }
 * }</pre>
 *
 * <p>This is the job embedded-redis (a native redis-server binary per platform) and jedis-mock (a
 * partial re-implementation) do today; here the server is the real engine, in-process, so it starts
 * in milliseconds and its internals can be watched ({@link #hooks()}). Defaults suit tests: bound to
 * 127.0.0.1 only, no persistence, a free port chosen for each server so parallel test runs never
 * collide. {@link io.glassbox.junit.GlassboxExtension} wraps it for JUnit 5.
 */
public final class Glassbox implements AutoCloseable {
    public static final String HOST = "127.0.0.1";

    private final Engine engine;
    private final LocalClient client;

    private Glassbox(Engine engine) {
        this.engine = engine;
        this.client = engine.newClient();
    }

    /** A server on a free port with default settings. */
    public static Glassbox start() { return builder().start(); }

    public static Builder builder() { return new Builder(); }

    /** A master and {@code replicas} replicas on free ports, default settings, synced: see {@link ReplicatedGlassbox}. */
    public static ReplicatedGlassbox replicated(int replicas) { return builder().startReplicated(replicas); }

    /** The TCP port clients connect to, or 0 for a server started with {@link Builder#noPort()}. */
    public int port() { return engine.port(); }

    public String host() { return HOST; }

    /** {@code redis://127.0.0.1:PORT}, the form Lettuce and Jedis accept. */
    public String uri() {
        if (port() == 0) throw new IllegalStateException("this Glassbox has no TCP port (started with noPort())");
        return "redis://" + HOST + ":" + port();
    }

    /**
     * Runs one command directly, as a client of this server would (its own connection, database 0
     * unless it SELECTs), and returns the reply. Thread-safe: calls from several threads are
     * serialized on the server's one command thread, like any clients.
     */
    public synchronized RespValue call(String... args) { return client.call(args); }

    /** A new in-process client with its own connection state (selected db, name, protocol). */
    public LocalClient newClient() { return engine.newClient(); }

    /** Empties every database (FLUSHALL), e.g. between tests sharing one server. */
    public void flushAll() { call("FLUSHALL"); }

    /** The observation API: events and snapshots of this server's internals. */
    public Hooks hooks() { return engine.hooks(); }

    /** The engine itself, for the loop's teaching controls and the rest of the embedding API. */
    public Engine engine() { return engine; }

    // ---- test-facing controls: make the engine's time-driven work happen when a test says so ----

    /**
     * Runs one turn of the event loop now, as the cron's timer starts one: serverCron (the slow
     * active expire cycle, 1 ms of incremental rehashing, the clients', persistence's and
     * replication's crons), then beforeSleep (the fast expire cycle, replies written). Returns once
     * the tick has ended, with the number of ticks so far. With {@link Builder#manualCron()} this is
     * the only way the cron runs. Throws {@link IllegalStateException} while the loop is paused
     * ({@code engine().controls().step(1)} runs a tick then).
     */
    public long tick() {
        try {
            return engine.loop().tick().join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * Runs Redis's slow {@code activeExpireCycle} ({@code expire.c}) once, now, on the command
     * thread, and returns how many keys it deleted: with {@link Builder#virtualClock()} and
     * {@link #advanceClock}, a test sees keys "expired by the cycle" (not by a read's lazy expiry)
     * without sleeping. Returns 0 when active expiry is off ({@code DEBUG SET-ACTIVE-EXPIRE 0}) or on
     * a replica, as Redis does.
     */
    public long activeExpireCycle() {
        return onLoop(() -> engine.server().keyspace().isReplica() ? 0L
                : engine.server().activeExpire().cycle(false, engine.server().settings().hz));
    }

    /**
     * Moves the virtual clock of a server built with {@link Builder#virtualClock()} forward: TTLs,
     * idle times (OBJECT IDLETIME, LRU) and LFU decay read it. Keys whose time passed expire on their
     * next read or at the next active expire cycle ({@link #activeExpireCycle}, {@link #tick}).
     *
     * @throws IllegalStateException on a server that runs on the system clock
     */
    public void advanceClock(java.time.Duration by) { engine.controls().advanceClock(by.toMillis()); }

    /**
     * Moves up to {@code buckets} buckets of database {@code db}'s keyspace dict from the old table
     * to the new one ({@code dictRehash}: at most ten times as many empty buckets visited). Returns
     * true while the rehash has more to move, false when it is over (or none was under way).
     */
    public boolean rehashStep(int db, int buckets) {
        return onLoop(() -> engine.server().keyspace().db(db).dict().rehash(buckets));
    }

    /**
     * The rehash index of database {@code db}'s keyspace dict ({@code rehashidx}): the next bucket
     * of the old table to move, or -1 when the dict is not rehashing. Reading it moves nothing.
     */
    public int rehashIndex(int db) { return onLoop(() -> engine.server().keyspace().db(db).dict().rehashIdx()); }

    /**
     * {@code OBJECT ENCODING key} in database 0: {@code listpack}, {@code hashtable}, {@code int},
     * {@code embstr}... or null when the key does not exist.
     */
    public String encoding(String key) {
        RespValue r = call("OBJECT", "ENCODING", key);
        return r.isNull() ? null : r.asText();
    }

    /** Runs a read of the engine's state on the command thread (works while the loop is paused). */
    private <T> T onLoop(java.util.function.Supplier<T> read) { return engine.loop().submitOutsideTicks(read).join(); }

    /** Stops the server: closes its port and its loop. Idempotent. */
    @Override
    public void close() {
        client.close();
        engine.close();
    }

    /** Thrown when a server cannot start: the port is taken, or a setting was refused. */
    public static final class StartException extends RuntimeException {
        StartException(String message, Throwable cause) { super(message, cause); }
    }

    /** How to start one: the port, redis.conf settings, the clock. */
    public static final class Builder {
        private int port = -1; // -1: a free port
        private final List<String> args = new ArrayList<>();
        private Clock clock = Clock.SYSTEM;
        private boolean manualCron;

        private Builder() {}

        /** Listens on this port; {@link #start()} fails if it is taken. */
        public Builder port(int port) {
            if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be 1..65535: " + port);
            this.port = port;
            return this;
        }

        /** Listens on a free port, chosen at start (the default). */
        public Builder freePort() {
            this.port = -1;
            return this;
        }

        /** No TCP port at all: only {@link Glassbox#call} and in-process clients reach the server. */
        public Builder noPort() {
            this.port = 0;
            return this;
        }

        /** A redis.conf setting, e.g. {@code config("notify-keyspace-events", "KEA")}; applied at start like redis-server's {@code --name value}. */
        public Builder config(String name, String... values) {
            args.add("--" + name);
            args.addAll(List.of(values));
            return this;
        }

        /** The clock that decides expiry (a {@link io.glassbox.util.ManualClock} makes TTL tests need no sleeps). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * A clock that stands still (at the real time of the start) until {@link Glassbox#advanceClock}
         * moves it: TTLs, idle times and LFU decay change only when the test says so.
         */
        public Builder virtualClock() {
            this.clock = new ManualClock(System.currentTimeMillis());
            return this;
        }

        /**
         * The cron ({@code serverCron}: active expiry, incremental rehashing, the clients' cron) does
         * not run on its own timer: only when the test calls {@link Glassbox#tick()}. Commands, their
         * replies and the loop's other work go on as usual.
         */
        public Builder manualCron() {
            this.manualCron = true;
            return this;
        }

        /**
         * Starts a master with these settings and {@code replicas} replicas (free ports, the same
         * settings, {@code replicaof} the master), and returns once every replica has synced.
         */
        public ReplicatedGlassbox startReplicated(int replicas) {
            if (port == 0) throw new IllegalStateException("replicas connect to the master over TCP: not with noPort()");
            Glassbox master = start();
            ReplicatedGlassbox group = ReplicatedGlassbox.start(master, replicas, () -> {
                Builder b = new Builder();
                b.args.addAll(args);
                b.clock = clock instanceof ManualClock m ? new ManualClock(m.millis()) : clock;
                return b;
            });
            // a replica connects to its master from its cron (connectWithMaster): hold it only once synced
            if (manualCron) group.replicas().forEach(r -> r.engine().loop().holdCron(true));
            return group;
        }

        /** Starts the server; throws {@link StartException} saying why if it cannot. */
        public Glassbox start() {
            // A free port is found by binding port 0 and closing it: another process may take it
            // before the engine binds, so a few attempts are made (parallel test JVMs do race).
            int attempts = port == -1 ? 5 : 1;
            Exception last = null;
            for (int i = 0; i < attempts; i++) {
                int p = port == -1 ? freeLoopbackPort() : port;
                try {
                    Engine e = Engine.start(registry(p), clock);
                    if (manualCron) e.loop().holdCron(true);
                    return new Glassbox(e);
                } catch (Engine.BindException e) {
                    last = e;
                } catch (ConfigLoader.FatalConfigError e) {
                    throw new StartException("Glassbox could not start: a setting was refused: " + e.getMessage().trim(), e);
                }
            }
            String where = port == -1 ? "a free port (" + attempts + " attempts)" : "port " + port;
            throw new StartException("Glassbox could not start on " + HOST + ", " + where + ": "
                    + (last == null ? "" : last.getMessage().trim()), last);
        }

        private ConfigRegistry registry(int p) throws ConfigLoader.FatalConfigError {
            ConfigRegistry registry = Engine.defaultConfig();
            List<String> all = new ArrayList<>(List.of("--port", Integer.toString(p), "--bind", HOST, "--save", "",
                    "--loglevel", "warning"));
            all.addAll(args);
            ConfigLoader.load(registry, all.toArray(String[]::new), new ByteArrayInputStream(new byte[0]));
            return registry;
        }

        private static int freeLoopbackPort() {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("no free port on the loopback interface", e);
            }
        }
    }
}
