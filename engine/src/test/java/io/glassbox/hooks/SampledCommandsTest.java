package io.glassbox.hooks;

import io.glassbox.hooks.EngineEvent.CommandExecuted;
import io.glassbox.hooks.EngineEvent.LoopTick;
import io.glassbox.hooks.EngineEvent.Sampled;
import io.glassbox.resp.RespValue;
import io.glassbox.testkit.EngineFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
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
 * A sampled subscription (what the visualizer asks for): a tick at most once a millisecond (and every
 * longer one), at most K command completions after each, the rest counted in one Sampled event just
 * before the next heard tick. The loop is paused and stepped one tick at a time, so a burst of
 * commands sent while paused runs in exactly one tick, and that tick comes more than a millisecond
 * after the previous one, so it is heard.
 */
@Tag("unit")
class SampledCommandsTest {
    private EngineFixture f;

    @BeforeEach
    void start() throws Exception {
        f = EngineFixture.start();
    }

    @AfterEach
    void stop() {
        f.close();
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
        burstInOneTick(n, () -> {});
    }

    private void burstInOneTick(int n, Runnable whilePaused) throws Exception {
        f.engine.loop().pause();
        whilePaused.run();
        List<CompletableFuture<RespValue>> replies = new ArrayList<>();
        for (int i = 0; i < n; i++) replies.add(f.client.send(List.of("PING".getBytes(StandardCharsets.UTF_8))));
        Thread.sleep(2); // more than Hooks.SAMPLED_TICK_NANOS since the last tick: the burst's tick is heard
        f.engine.loop().step(1);
        for (CompletableFuture<RespValue> r : replies) {
            assertEquals(new RespValue.SimpleString("PONG"), r.get(5, TimeUnit.SECONDS), "every command is answered");
        }
    }

    private static Sampled summaryOf(List<EngineEvent> tickEvents) {
        return (Sampled) tickEvents.stream().filter(e -> e instanceof Sampled).findFirst().orElseThrow(
                () -> new AssertionError("no Sampled in " + tickEvents));
    }

    private static long count(List<EngineEvent> events, Class<?> kind) {
        return events.stream().filter(kind::isInstance).count();
    }

    @Test
    void aSampledSubscriptionHearsTheFirstKCommandsAfterATickAndTheRestAsACount() throws Exception {
        Heard sampled = new Heard(), full = new Heard();
        try (Subscription s = f.engine.hooks().subscribe(sampled::add, 1024, null, 8);
             Subscription fullSub = f.engine.hooks().subscribe(full::add, 1024)) {
            assertEquals(8, s.commandsPerTick());
            assertEquals(Subscription.EVERY_COMMAND, fullSub.commandsPerTick());
            burstInOneTick(20);
            long tick = sampled.awaitTickOf(20);
            full.awaitTickOf(20);

            List<EngineEvent> few = sampled.ofTick(tick);
            assertEquals(8, count(few, CommandExecuted.class), "at most K command completions: " + few);
            assertEquals(1, count(few, Sampled.class), "one summary: " + few);
            Sampled summary = summaryOf(few);
            assertEquals(20, summary.commands(), "20 commands since the last heard tick (the ticks between ran none)");
            assertEquals(12, summary.commandsSkipped(), "12 more only counted");
            assertEquals(summary.ticks() - 1, summary.ticksSkipped());
            assertTrue(few.get(few.size() - 1) instanceof LoopTick, "the tick's LoopTick comes last");
            assertTrue(few.get(few.size() - 2) instanceof Sampled, "the summary just before it");
            for (int i = 0; i < 8; i++) assertTrue(few.get(i) instanceof CommandExecuted c && c.command().equals("ping"));

            List<EngineEvent> all = full.ofTick(tick);
            assertEquals(20, count(all, CommandExecuted.class), "a subscription that asked for every command hears them all");
            assertEquals(0, count(all, Sampled.class), "and never a summary");
        }
    }

    @Test
    void theCountStartsAgainAfterEachHeardTick() throws Exception {
        Heard sampled = new Heard();
        try (Subscription s = f.engine.hooks().subscribe(sampled::add, 1024, null, 8)) {
            burstInOneTick(3);
            List<EngineEvent> few = sampled.ofTick(sampled.awaitTickOf(3));
            assertEquals(3, count(few, CommandExecuted.class));
            assertTrue(count(few, Sampled.class) == 0 || summaryOf(few).commandsSkipped() == 0, "no command skipped: " + few);
            burstInOneTick(9);
            List<EngineEvent> next = sampled.ofTick(sampled.awaitTickOf(9));
            assertEquals(8, count(next, CommandExecuted.class));
            assertEquals(1, summaryOf(next).commandsSkipped());
        }
    }

    /**
     * Many short ticks: the sampled subscriber hears fewer ticks, but every tick and every command is
     * accounted for (its summaries add up to what a full subscriber saw), and a tick longer than the
     * sampling interval is always heard.
     */
    @Test
    void skippedTicksAreAccountedForAndALongTickIsAlwaysHeard() throws Exception {
        Heard sampled = new Heard(), full = new Heard();
        try (Subscription s = f.engine.hooks().subscribe(sampled::add, 100_000, null, 2);
             Subscription fullSub = f.engine.hooks().subscribe(full::add, 100_000)) {
            for (int i = 0; i < 300; i++) f.call("PING"); // one tick each, tens of microseconds apart
            f.call("DEBUG", "SLEEP", "0.003"); // a long tick, or more (a GC pause makes one too)
            burstInOneTick(5); // a heard tick to end on
            long last = sampled.awaitTickOf(5);
            full.awaitTickOf(5);

            List<LoopTick> heard = sampled.snapshot().stream().filter(e -> e instanceof LoopTick).map(e -> (LoopTick) e).toList();
            java.util.Map<Long, LoopTick> every = new java.util.HashMap<>();
            for (EngineEvent e : full.snapshot()) if (e instanceof LoopTick t) every.put(t.tick(), t);
            java.util.Set<Long> heardNumbers = new java.util.HashSet<>();
            for (LoopTick t : heard) heardNumbers.add(t.tick());
            for (LoopTick t : every.values()) {
                if (t.durationNanos() >= Hooks.SAMPLED_TICK_NANOS && t.tick() >= heard.get(0).tick()) {
                    assertTrue(heardNumbers.contains(t.tick()), "a tick longer than the interval is always heard: " + t);
                }
            }
            assertTrue(heard.size() < every.size(), heard.size() + " heard of " + every.size());
            for (int i = 1; i < heard.size(); i++) {
                LoopTick prev = heard.get(i - 1), t = heard.get(i);
                if (t.tick() > last) break;
                if (!every.containsKey(prev.tick())) continue; // before the full subscription began
                long commands = 0;
                for (long n = prev.tick() + 1; n <= t.tick(); n++) commands += every.get(n).commands();
                List<EngineEvent> mine = sampled.ofTick(t.tick());
                if (t.tick() - prev.tick() == 1 && commands <= 2) {
                    assertEquals(0, count(mine, Sampled.class), "nothing skipped before tick " + t.tick());
                } else {
                    Sampled sum = summaryOf(mine);
                    assertEquals(t.tick() - prev.tick(), sum.ticks(), "ticks since the last heard one");
                    assertEquals(commands, sum.commands(), "commands since the last heard tick");
                    assertEquals(Math.max(0, commands - 2), sum.commandsSkipped());
                }
            }
        }
    }

    @Test
    void pastTheAllowanceNoEventIsBuilt() throws Exception {
        Heard sampled = new Heard(), inserts = new Heard();
        // a kinds-filtered subscription that wants no command events (like the visualizer's skiplist
        // watcher) must not make the engine build one per command
        try (Subscription s = f.engine.hooks().subscribe(sampled::add, 1024, null, 8);
             Subscription w = f.engine.hooks().subscribe(inserts::add, 64, Set.of(EngineEvent.SkipListInsert.class))) {
            burstInOneTick(1); // settles anything the subscribing itself caused
            sampled.awaitTickOf(1);
            long[] before = new long[1];
            burstInOneTick(500, () -> before[0] = f.engine.hooks().eventsCreated()); // nothing runs between
            long tick = sampled.awaitTickOf(500);
            assertEquals(8 + 1 + 1, f.engine.hooks().eventsCreated() - before[0],
                    "8 CommandExecuted, 1 Sampled, 1 LoopTick for a 500-command tick: " + sampled.ofTick(tick));
            assertEquals(0, inserts.snapshot().size());
        }
    }

    @Test
    void zeroCommandsPerTickHearsOnlyTheCount() throws Exception {
        Heard counted = new Heard();
        try (Subscription s = f.engine.hooks().subscribe(counted::add, 1024, null, 0)) {
            burstInOneTick(5);
            List<EngineEvent> tick = counted.ofTick(counted.awaitTickOf(5));
            assertEquals(0, count(tick, CommandExecuted.class));
            Sampled summary = summaryOf(tick);
            assertEquals(5, summary.commands());
            assertEquals(5, summary.commandsSkipped());
        }
    }
}
