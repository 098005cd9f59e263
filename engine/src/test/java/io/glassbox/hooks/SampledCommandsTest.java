package io.glassbox.hooks;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.hooks.EngineEvent.CommandExecuted;
import io.glassbox.hooks.EngineEvent.CommandsSkipped;
import io.glassbox.hooks.EngineEvent.LoopTick;
import io.glassbox.resp.RespValue;
import io.glassbox.server.ServerSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sampled subscription (what the visualizer asks for): at most K command completions per loop
 * tick, the others counted in one CommandsSkipped before the tick's LoopTick. The loop is paused
 * and stepped one tick at a time, so a burst of commands sent while paused runs in exactly one tick.
 */
class SampledCommandsTest {
    private Engine engine;
    private LocalClient client;

    @BeforeEach
    void start() throws Exception {
        ServerSettings s = new ServerSettings();
        s.port = 0;
        engine = Engine.start(s);
        client = engine.newClient();
    }

    @AfterEach
    void stop() {
        client.close();
        engine.close();
    }

    /** Collects what one subscription hears. */
    private static final class Heard {
        final List<EngineEvent> events = new ArrayList<>();

        void add(EngineEvent e) {
            synchronized (events) { events.add(e); }
        }

        /** Waits (at most 5 s) for the LoopTick that ran {@code commands} commands; returns its tick number. */
        long awaitTickOf(long commands) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline) {
                synchronized (events) {
                    for (EngineEvent e : events) if (e instanceof LoopTick t && t.commands() == commands) return t.tick();
                }
                Thread.sleep(5);
            }
            throw new AssertionError("no tick of " + commands + " commands in " + snapshot());
        }

        List<EngineEvent> ofTick(long tick) {
            List<EngineEvent> out = new ArrayList<>();
            for (EngineEvent e : snapshot()) if (e.tick() == tick) out.add(e);
            return out;
        }

        List<EngineEvent> snapshot() {
            synchronized (events) { return new ArrayList<>(events); }
        }
    }

    /** Sends {@code n} PINGs while the loop is paused, then lets exactly one tick run them all. */
    private void burstInOneTick(int n) throws Exception {
        engine.loop().pause();
        List<CompletableFuture<RespValue>> replies = new ArrayList<>();
        for (int i = 0; i < n; i++) replies.add(client.send(List.of("PING".getBytes(StandardCharsets.UTF_8))));
        engine.loop().step(1);
        for (CompletableFuture<RespValue> r : replies) {
            assertEquals(new RespValue.SimpleString("PONG"), r.get(5, TimeUnit.SECONDS), "every command is answered");
        }
    }

    private static long count(List<EngineEvent> events, Class<?> kind) {
        return events.stream().filter(kind::isInstance).count();
    }

    @Test
    void aSampledSubscriptionHearsTheFirstKCommandsOfATickAndTheRestAsACount() throws Exception {
        Heard sampled = new Heard(), full = new Heard();
        try (Subscription s = engine.hooks().subscribe(sampled::add, 1024, null, 8);
             Subscription f = engine.hooks().subscribe(full::add, 1024)) {
            assertEquals(8, s.commandsPerTick());
            assertEquals(Subscription.EVERY_COMMAND, f.commandsPerTick());
            burstInOneTick(20);
            long tick = sampled.awaitTickOf(20);
            full.awaitTickOf(20);

            List<EngineEvent> few = sampled.ofTick(tick);
            assertEquals(8, count(few, CommandExecuted.class), "at most K command completions: " + few);
            List<EngineEvent> summaries = few.stream().filter(e -> e instanceof CommandsSkipped).toList();
            assertEquals(List.of(new CommandsSkipped(tick, summaries.get(0).nanoTime(), 20, 12)), summaries,
                    "one summary: 20 ran, 12 more only counted");
            assertTrue(few.get(few.size() - 1) instanceof LoopTick, "the tick's LoopTick comes last");
            assertTrue(few.get(few.size() - 2) instanceof CommandsSkipped, "the summary just before it");
            for (int i = 0; i < 8; i++) assertTrue(few.get(i) instanceof CommandExecuted c && c.command().equals("ping"));

            List<EngineEvent> all = full.ofTick(tick);
            assertEquals(20, count(all, CommandExecuted.class), "a subscription that asked for every command hears them all");
            assertEquals(0, count(all, CommandsSkipped.class), "and never a summary");
        }
    }

    @Test
    void aTickWithinTheAllowanceHasNoSummary() throws Exception {
        Heard sampled = new Heard();
        try (Subscription s = engine.hooks().subscribe(sampled::add, 1024, null, 8)) {
            burstInOneTick(3);
            long tick = sampled.awaitTickOf(3);
            List<EngineEvent> few = sampled.ofTick(tick);
            assertEquals(3, count(few, CommandExecuted.class));
            assertEquals(0, count(few, CommandsSkipped.class));
            burstInOneTick(9); // the counter starts again at each tick
            List<EngineEvent> next = sampled.ofTick(sampled.awaitTickOf(9));
            assertEquals(8, count(next, CommandExecuted.class));
            assertEquals(1, ((CommandsSkipped) next.stream().filter(e -> e instanceof CommandsSkipped).findFirst().orElseThrow()).skipped());
        }
    }

    @Test
    void pastTheAllowanceNoEventIsBuilt() throws Exception {
        Heard sampled = new Heard(), inserts = new Heard();
        // a kinds-filtered subscription that wants no command events (like the visualizer's skiplist
        // watcher) must not make the engine build one per command
        try (Subscription s = engine.hooks().subscribe(sampled::add, 1024, null, 8);
             Subscription w = engine.hooks().subscribe(inserts::add, 64, Set.of(EngineEvent.SkipListInsert.class))) {
            burstInOneTick(1); // settles anything the subscribing itself caused
            sampled.awaitTickOf(1);
            long before = engine.hooks().eventsCreated();
            burstInOneTick(500);
            long tick = sampled.awaitTickOf(500);
            assertEquals(8 + 1 + 1, engine.hooks().eventsCreated() - before,
                    "8 CommandExecuted, 1 CommandsSkipped, 1 LoopTick for a 500-command tick; events of tick " + tick + ": "
                    + sampled.ofTick(tick).size());
            assertEquals(0, inserts.snapshot().size());
        }
    }

    @Test
    void zeroCommandsPerTickHearsOnlyTheCount() throws Exception {
        Heard counted = new Heard();
        try (Subscription s = engine.hooks().subscribe(counted::add, 1024, null, 0)) {
            burstInOneTick(5);
            List<EngineEvent> tick = counted.ofTick(counted.awaitTickOf(5));
            assertEquals(0, count(tick, CommandExecuted.class));
            CommandsSkipped summary = (CommandsSkipped) tick.stream().filter(e -> e instanceof CommandsSkipped).findFirst().orElseThrow();
            assertEquals(5, summary.commands());
            assertEquals(5, summary.skipped());
        }
    }
}
