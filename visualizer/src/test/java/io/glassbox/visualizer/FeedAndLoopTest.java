package io.glassbox.visualizer;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.hooks.EngineEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The road from the hooks to the frames: bounded, counted when it overflows, and the loop timeline fed from it. */
@Tag("ui")
class FeedAndLoopTest {
    private Engine engine;
    private LocalClient client;

    @BeforeAll
    static void toolkit() throws Exception {
        Fx.stage();
    }

    @BeforeEach
    void start() throws Exception {
        engine = Fx.engine(true);
        client = engine.newClient();
    }

    @AfterEach
    void stop() {
        client.close();
        engine.close();
    }

    @Test
    void aFloodIsDroppedAndCountedNeverWaitedFor() throws Exception {
        try (EventFeed feed = new EventFeed(engine.hooks(), 16)) {
            for (int i = 0; i < 2000; i++) assertEquals("PONG", ((io.glassbox.resp.RespValue.SimpleString) client.call("PING")).value());
            // Every command was answered although nobody drained the feed. The feed is sampled, so a
            // command's completion either came as an event (kept or dropped) or was counted in a summary.
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (feed.dropped() + 16 + feed.commandsSkipped() < 2000 && System.nanoTime() < deadline) Thread.sleep(10);
            assertTrue(feed.dropped() > 0, "a full feed drops");
            List<EngineEvent> kept = feed.drain();
            assertTrue(kept.size() <= 16);
            assertTrue(feed.dropped() + kept.size() + feed.commandsSkipped() >= 2000,
                    "each of the 2000 commands' events was either kept, dropped and counted, or only counted by the engine");
        }
    }

    @Test
    void theDroppedCounterIsShownAndTicksReachTheLoopView() throws Exception {
        VisualizerPane pane = Fx.call(() -> new VisualizerPane(engine, 32));
        try {
            Fx.run(() -> Fx.layout(pane.loopView, 900, 300));
            for (int i = 0; i < 3000; i++) client.call("SET", "k" + (i % 10), "v");
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (pane.feed().dropped() == 0 && System.nanoTime() < deadline) Thread.sleep(10);
            assertTrue(pane.feed().dropped() > 0);
            // Two frames half a second apart: the second one refreshes the health line.
            Fx.run(() -> pane.frame(1_000_000_000L));
            Fx.run(() -> pane.frame(1_600_000_000L));
            String status = Fx.call(() -> pane.controls.status.getText());
            long shown = Long.parseLong(status.replaceAll(".*dropped (\\d+).*", "$1"));
            assertTrue(shown > 0, status);
            List<EngineEvent.LoopTick> ticks = Fx.call(() -> pane.loopView.shown());
            assertTrue(!ticks.isEmpty());
            for (int i = 1; i < ticks.size(); i++) assertTrue(ticks.get(i).tick() > ticks.get(i - 1).tick(), "in order");
            assertTrue(Fx.call(() -> pane.timeline.moments().size()) <= TimelineView.PER_FRAME * 2);
        } finally {
            Fx.run(pane::close);
        }
    }

    /**
     * The window hears at most {@link EventFeed#COMMANDS_PER_TICK} commands per tick: a pipelined
     * burst of 100 commands run in one tick reaches the captions and the timeline as 8 commands and
     * "92 more commands this tick", and the health line says commands are sampled.
     */
    @Test
    void aPipelinedBurstIsShownAsTheFirstCommandsAndNMore() throws Exception {
        VisualizerPane pane = Fx.call(() -> new VisualizerPane(engine, 8192));
        try {
            client.call("SET", "burst", "v"); // the keyspace's first table: a resize would out-rank the burst's caption
            Thread.sleep(100);
            Fx.run(() -> pane.frame(1_000_000_000L)); // that, and the pane's own clients connecting: captioned and gone
            long skippedBefore = pane.feed().commandsSkipped();
            engine.loop().pause();
            List<java.util.concurrent.CompletableFuture<io.glassbox.resp.RespValue>> replies = new java.util.ArrayList<>();
            for (int i = 0; i < 100; i++) replies.add(client.send(List.of("SET".getBytes(), "burst".getBytes(), ("v" + i).getBytes())));
            Thread.sleep(2); // more than a millisecond after the last tick: the sampled feed hears this one
            engine.loop().step(1); // all 100 run in one tick, as a pipeline read in one go would
            for (var r : replies) r.get(5, java.util.concurrent.TimeUnit.SECONDS);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (pane.feed().commandsSkipped() - skippedBefore < 92 && System.nanoTime() < deadline) Thread.sleep(10);
            assertEquals(92, pane.feed().commandsSkipped() - skippedBefore, "the engine counted 92 it did not send");
            Thread.sleep(50); // the tick's LoopTick follows its summary
            Fx.run(() -> pane.frame(2_000_000_000L));
            Fx.run(() -> pane.timeline.publish(2_000_000_000L));

            EngineEvent shown = Fx.call(pane.captions::lastShown);
            assertTrue(shown instanceof EngineEvent.Sampled s && s.commands() == 100 && s.commandsSkipped() == 92, "caption: " + shown);
            String caption = Fx.call(pane.captions::getText);
            assertTrue(caption.contains("ran 100 commands: the first 8 are in the timeline, 92 more commands were only counted"), caption);

            long tick = shown.tick();
            List<TimelineView.Moment> moments = Fx.call(() -> pane.timeline.moments());
            long sets = moments.stream().filter(m -> m.event() instanceof EngineEvent.CommandExecuted c
                    && c.tick() == tick && c.command().equals("set")).count();
            assertEquals(8, sets, "the timeline lists the tick's first 8 commands");
            assertTrue(moments.stream().anyMatch(m -> m.event().tick() == tick && m.toString().contains("… 92 more commands")),
                    "and then the summary: " + moments);
            assertTrue(Fx.call(() -> pane.controls.status.getText()).contains("sampled: commands 8/tick"), "the health line says so");
        } finally {
            Fx.run(pane::close);
        }
    }

    @Test
    void aSlowCommandsTickIsAStall() throws Exception {
        try (EventFeed feed = new EventFeed(engine.hooks(), 1024)) {
            client.call("DEBUG", "SLEEP", "0.05");
            client.call("PING");
            long deadline = System.nanoTime() + 5_000_000_000L;
            List<EngineEvent> seen = new java.util.ArrayList<>();
            while (System.nanoTime() < deadline) {
                seen.addAll(feed.drain());
                if (seen.stream().anyMatch(e -> e instanceof EngineEvent.LoopTick t && LoopTimelineView.isStall(t))) return;
                Thread.sleep(10);
            }
            throw new AssertionError("no stall among " + seen);
        }
    }

    @Test
    void aSlowTickIsAStall() throws Exception {
        EngineEvent.LoopTick slow = new EngineEvent.LoopTick(1, 0, 0, 50_000_000, 1, 1, 0, 1);
        EngineEvent.LoopTick fast = new EngineEvent.LoopTick(2, 1, 0, 20_000, 1, 1, 0, 1);
        LoopTimelineView v = Fx.call(LoopTimelineView::new);
        Fx.run(() -> Fx.layout(v, 900, 300));
        Fx.run(() -> v.add(List.of(slow, fast)));
        assertEquals(1, (long) Fx.call(v::stalls));
        javafx.scene.image.WritableImage img = Fx.call(() -> Fx.image(v));
        assertTrue(Fx.count(img, Palette.STALL) > 50, "the stall's bar is red");
    }

    @Test
    void captionsUseTheStructuresOwnWords() {
        String s = Captions.describe(new EngineEvent.DictResized(1, 0, "db0", 4, 8, 4), new io.glassbox.course.Messages(io.glassbox.course.Lang.EN));
        assertTrue(s.contains("load factor reached 1.00"), s);
        assertTrue(s.contains("rehashidx = 0"), s);
        String step = Captions.describe(new EngineEvent.DictRehashStep(1, 0, "db0", 2, 3, 3), new io.glassbox.course.Messages(io.glassbox.course.Lang.EN));
        assertTrue(step.contains("moved bucket 2 of ht[0] (3 entries) to ht[1]"), step);
    }

    @Test
    void replicationStateParsesInfoAndDefaultsToTheLocalNode() {
        assertEquals(ReplicationState.LOCAL, ReplicationState.parse("# Server\r\nredis_version:7.0.15\r\n"));
        ReplicationState r = ReplicationState.parse("# Replication\r\nrole:master\r\nconnected_slaves:1\r\n"
                + "slave0:ip=127.0.0.1,port=6380,state=online,offset=1234,lag=0\r\nmaster_repl_offset:1300\r\n"
                + "repl_backlog_active:1\r\nrepl_backlog_size:1048576\r\nrepl_backlog_first_byte_offset:1\r\nrepl_backlog_histlen:1300\r\n");
        assertEquals(1300, r.masterReplOffset());
        assertEquals(1, r.replicas().size());
        assertEquals(new ReplicationState.Replica("127.0.0.1:6380", "online", 1234, 0), r.replicas().get(0));
        assertTrue(r.backlogActive());
        assertEquals(1300, r.backlogHistlen());
    }
}
