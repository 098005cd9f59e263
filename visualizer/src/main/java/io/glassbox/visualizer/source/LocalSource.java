package io.glassbox.visualizer.source;

import io.glassbox.hooks.KeyListing;
import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.engine.TeachingControls;
import io.glassbox.hooks.EngineEvent;
import io.glassbox.hooks.Subscription;
import io.glassbox.resp.RespValue;
import io.glassbox.visualizer.KeyspaceView;
import io.glassbox.visualizer.Watch;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * An engine in this JVM: events from {@code engine.hooks()}, snapshots run on its command thread,
 * controls on {@code engine.controls()}, in-process clients. Closing the source leaves the engine
 * running (it belongs to whoever started it: the REPL, {@code ./glassbox viz}, a test).
 */
public final class LocalSource implements Source {
    private final Engine engine;

    public LocalSource(Engine engine) {
        this.engine = engine;
    }

    public Engine engine() { return engine; }

    @Override
    public String name() { return "port " + engine.port(); }

    @Override
    public Feed subscribe(Consumer<EngineEvent> listener, int capacity, int commandsPerTick, Class<?>... kinds) {
        Subscription s = engine.hooks().subscribe(listener, capacity, kinds.length == 0 ? null : Set.of(kinds), commandsPerTick);
        return new Feed() {
            @Override public long dropped() { return s.dropped(); }
            @Override public void close() { s.close(); }
        };
    }

    @Override
    public CompletableFuture<Watch.State> take(Watch watch) {
        return watch.take(engine.hooks());
    }

    @Override
    public CompletableFuture<List<KeyListing>> listing(int db) {
        return KeyspaceView.read(engine.hooks(), db);
    }

    @Override
    public LoopControls loop() {
        TeachingControls loop = engine.controls();
        return new LoopControls() {
            @Override public void pause() { loop.pause(); }
            @Override public void resume() { loop.resume(); }
            @Override public void step(int n) { loop.step(n); }
            @Override public void setSlowMotion(long ms, boolean one) { loop.setSlowMotion(ms, one); }
            @Override public boolean isPaused() { return loop.isPaused(); }
        };
    }

    @Override
    public Client newClient() {
        LocalClient c = engine.newClient();
        return new Client() {
            @Override public long id() { return c.id(); }
            @Override public CompletableFuture<RespValue> send(List<byte[]> argv) { return c.send(argv); }
            @Override public void close() { c.close(); }
        };
    }

    @Override
    public void close() {
        // the engine is not ours to stop
    }
}
