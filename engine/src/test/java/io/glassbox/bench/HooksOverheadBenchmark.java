package io.glassbox.bench;

import io.glassbox.command.CommandTable;
import io.glassbox.command.Commands;
import io.glassbox.hooks.Hooks;
import io.glassbox.engine.PersistenceHost;
import io.glassbox.engine.ReplicationHost;
import io.glassbox.persistence.DiskPersistence;
import io.glassbox.replication.Replication;
import io.glassbox.hooks.Subscription;
import io.glassbox.loop.EventLoop;
import io.glassbox.server.Client;
import io.glassbox.server.Connection;
import io.glassbox.server.Server;
import io.glassbox.server.ServerSettings;
import io.glassbox.util.Clock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the hooks cost: SET and GET through the command layer ({@link Server#execute}, then
 * beforeSleep writing the reply, as one tick serving one command) in four engines:
 *
 * <ul>
 *   <li>{@code none}: hooks never attached (the server's observer points hold their no-op defaults);
 *   <li>{@code idle}: {@link Hooks} attached, nobody subscribed: the promise is "within 2%";
 *   <li>{@code listening}: one subscriber that counts events (its queue drops when full);
 *   <li>{@code sampled}: one <em>sampled</em> subscriber (8 commands per heard tick, as the visualizer
 *       asks). No loop tick ends here (the loop's beforeSleep is not called), so after the first 8
 *       every command is a skipped one: this is what a command costs past the allowance.
 * </ul>
 *
 * The benchmark thread plays the command thread; the engine's loop is built (the hooks need it)
 * but never started, so no cron runs concurrently. Not run by {@code mvn test} (no test name).
 * How to run it: docs/hooks.md, "What the hooks cost".
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(3)
public class HooksOverheadBenchmark {

    @Param({"none", "idle", "listening", "sampled"})
    public String hooks;

    private Server server;
    private EventLoop loop;
    private Client client;
    private Subscription subscription;
    private final AtomicLong heard = new AtomicLong();
    private List<byte[]> set;
    private List<byte[]> get;

    /** A connection that throws the reply bytes away, so only the engine's work is measured. */
    private static final class Sink implements Connection {
        long bytes;
        @Override public void write(byte[] buf, int off, int len) { bytes += len; }
        @Override public void close() {}
        @Override public String remoteAddress() { return "bench:1"; }
        @Override public String localAddress() { return "bench:0"; }
        @Override public boolean isLoopback() { return true; }
    }

    @Setup(Level.Trial)
    public void start() {
        ServerSettings s = new ServerSettings();
        s.port = 0;
        CommandTable table = new CommandTable();
        Commands.registerAll(table);
        server = new Server(s, Clock.SYSTEM, table);
        loop = new EventLoop(server);
        if (!hooks.equals("none")) {
            // the subsystems the hooks listen to, made as Engine makes them
            DiskPersistence persistence = new DiskPersistence(new PersistenceHost(server));
            server.setPersistence(persistence);
            Replication replication = new Replication(new ReplicationHost(server), persistence.rdb(), persistence.aof());
            server.setReplication(replication);
            Hooks h = new Hooks(server, loop, replication, persistence.rdb(), persistence.aof());
            if (hooks.equals("listening")) subscription = h.subscribe(e -> heard.incrementAndGet(), 4096);
            if (hooks.equals("sampled")) subscription = h.subscribe(e -> heard.incrementAndGet(), 4096, null, 8);
        }
        client = server.createClient(new Sink());
        set = List.of(b("SET"), b("key:42"), b("value-of-a-typical-size"));
        get = List.of(b("GET"), b("key:42"));
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (subscription != null) subscription.close();
        loop.close();
    }

    private static byte[] b(String s) { return s.getBytes(StandardCharsets.US_ASCII); }

    @Benchmark
    public int setThenGet() {
        server.execute(client, set);
        server.execute(client, get);
        return server.beforeSleep();
    }
}
