package io.glassbox.visualizer.source;

import io.glassbox.hooks.KeyListing;
import io.glassbox.hooks.EngineEvent;
import io.glassbox.hooks.Subscription;
import io.glassbox.resp.RespValue;
import io.glassbox.visualizer.KeyspaceView;
import io.glassbox.visualizer.Watch;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Where the visualizer's data comes from: an engine in this JVM ({@link LocalSource}) or a Glassbox
 * server over the network ({@link RemoteSource}). The pane and its views ask a source for the four
 * things they need, and never learn which kind it is:
 * <ul>
 *   <li>events, through a bounded subscription that drops and counts ({@link #subscribe});</li>
 *   <li>pictures of the watched dict/skiplist and of the keyspace listing ({@link #take},
 *       {@link #listing}), as futures: nothing waits for them on the UI thread;</li>
 *   <li>the loop's teaching controls ({@link #loop});</li>
 *   <li>clients that run commands for the console and INFO ({@link #newClient}).</li>
 * </ul>
 */
public interface Source extends AutoCloseable {
    /** What the window title says it watches: "port 6379", "10.0.0.5:6379 (remote)". */
    String name();

    /** Starts delivering events to {@code listener} (on another thread) through a queue of {@code capacity}. */
    default Feed subscribe(Consumer<EngineEvent> listener, int capacity, Class<?>... kinds) {
        return subscribe(listener, capacity, Subscription.EVERY_COMMAND, kinds);
    }

    /**
     * As {@link #subscribe(Consumer, int, Class[])}, sampled: a loop tick at most once a millisecond
     * (and every longer one), and at most {@code commandsPerTick} command completions after each; a
     * {@code Sampled} event says how many ticks and commands were only counted (see
     * {@code Hooks.subscribe}). Spares the engine an event per command and per tick under a load
     * generator, which no frame could show one by one anyway.
     */
    Feed subscribe(Consumer<EngineEvent> listener, int capacity, int commandsPerTick, Class<?>... kinds);

    /** A picture of what {@code watch} watches. */
    CompletableFuture<Watch.State> take(Watch watch);

    /** The first {@link KeyspaceView#MAX_KEYS} keys of {@code db} with type, encoding and TTL. */
    CompletableFuture<List<KeyListing>> listing(int db);

    LoopControls loop();

    /** A new client for commands (the console, INFO). */
    Client newClient();

    /**
     * True if a command executed by this client id was the source's own plumbing (a remote
     * source's snapshots are commands): the pane must not redraw because of it.
     */
    default boolean isOwnCommand(long clientId) { return false; }

    /** Hears, once, why the source stopped working (the remote server went away); never for a local engine. */
    default void onLost(Consumer<String> why) {}

    @Override
    void close();

    /** A running subscription. */
    interface Feed extends AutoCloseable {
        /** Events lost on the way (full queues on the engine's side or, remotely, a socket that lagged). */
        long dropped();

        @Override
        void close();
    }

    /** Pause, step, resume, slow motion (see {@code EventLoop}); the calls wait, so call them off the UI thread. */
    interface LoopControls {
        void pause();

        void resume();

        void step(int n);

        void setSlowMotion(long delayPerTickMillis, boolean oneRehashStepPerTick);

        /** The last known state; never waits. */
        boolean isPaused();
    }

    /** A client: commands go in order, each future completes with its reply. */
    interface Client extends AutoCloseable {
        long id();

        CompletableFuture<RespValue> send(List<byte[]> argv);

        @Override
        void close();
    }
}
