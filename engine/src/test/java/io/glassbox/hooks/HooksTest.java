package io.glassbox.hooks;

import io.glassbox.ds.dict.DictSnapshot;
import io.glassbox.engine.Engine;
import io.glassbox.hooks.EngineEvent.CommandExecuted;
import io.glassbox.hooks.EngineEvent.DictRehashCompleted;
import io.glassbox.hooks.EngineEvent.DictRehashStep;
import io.glassbox.hooks.EngineEvent.DictResized;
import io.glassbox.resp.RespValue;
import io.glassbox.server.ServerSettings;
import io.glassbox.testkit.Await;
import io.glassbox.testkit.EngineFixture;
import io.glassbox.testkit.Ports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The observation API as a visualizer uses it: subscribe, watch a resize, pause and step the loop. */
@Tag("unit")
class HooksTest {
    private static final RespValue OK = new RespValue.SimpleString("OK");

    private EngineFixture f;
    private final List<EngineEvent> seen = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        f = EngineFixture.builder().noActiveRehashing().start();
    }

    @AfterEach
    void stop() { f.close(); }

    private Subscription collect(int capacity) {
        return f.engine.hooks().subscribe(e -> { synchronized (seen) { seen.add(e); } }, capacity);
    }

    /** Waits (at most 5 s) until an event matching {@code p} was delivered; returns all delivered so far. */
    private List<EngineEvent> awaitEvent(Predicate<EngineEvent> p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            synchronized (seen) {
                if (seen.stream().anyMatch(p)) return new ArrayList<>(seen);
            }
            Thread.sleep(5);
        }
        throw new AssertionError("event never arrived; saw " + seen);
    }

    private static List<EngineEvent> dictEvents(List<EngineEvent> all, String dict) {
        List<EngineEvent> out = new ArrayList<>();
        for (EngineEvent e : all) {
            if (e instanceof DictResized r && r.dict().equals(dict)
                    || e instanceof DictRehashStep s && s.dict().equals(dict)
                    || e instanceof DictRehashCompleted c && c.dict().equals(dict)) out.add(e);
        }
        return out;
    }

    /** The fifth key outgrows db0's 4 buckets: a table of 8 is allocated, filled step by step, then swapped in. */
    private void assertGrowsFromFourToEight(List<EngineEvent> all, String dict) {
        List<EngineEvent> ev = dictEvents(all, dict);
        int start = -1;
        for (int i = 0; i < ev.size(); i++) {
            if (ev.get(i) instanceof DictResized r && r.oldSize() == 4 && r.newSize() == 8) { start = i; break; }
        }
        assertTrue(start >= 0, "no 4 -> 8 resize in " + ev);
        assertEquals(4, ((DictResized) ev.get(start)).used());
        int i = start + 1;
        int moved = 0;
        while (i < ev.size() && ev.get(i) instanceof DictRehashStep s) { moved += s.movedEntries(); i++; }
        assertTrue(i > start + 1, "expected rehash steps after the resize: " + ev);
        assertEquals(4, moved, "every entry of the old table moves exactly once");
        assertInstanceOf(DictRehashCompleted.class, ev.get(i));
        assertEquals(8, ((DictRehashCompleted) ev.get(i)).newSize());
    }

    private void fiveKeysAndSomeLookups() {
        for (int k = 0; k < 5; k++) assertEquals(OK, f.call("SET", "key:" + k, "v"));
        for (int k = 0; k < 10; k++) f.call("GET", "key:0");
    }

    @Test
    void insertingKeysResizesDb0FromFourToEightThenRehashesStepByStep() throws Exception {
        collect(10_000);
        fiveKeysAndSomeLookups();
        List<EngineEvent> all = awaitEvent(e -> e instanceof DictRehashCompleted c && c.dict().equals("db0") && c.newSize() == 8);
        List<EngineEvent> db0 = dictEvents(all, "db0");
        assertEquals(new DictResized(db0.get(0).tick(), db0.get(0).nanoTime(), "db0", 0, 4, 0), db0.get(0),
                "the first key gives the dict its first table");
        assertGrowsFromFourToEight(all, "db0");
        DictSnapshot<byte[]> snap = f.engine.hooks().dictSnapshot(0).get(5, TimeUnit.SECONDS);
        assertEquals(8, snap.ht0().size());
        assertEquals(5, snap.size());
    }

    @Test
    void dictListenersSurviveFlushdbAndFollowTheirNumberAcrossSwapdb() throws Exception {
        collect(10_000);
        fiveKeysAndSomeLookups();
        awaitEvent(e -> e instanceof DictRehashCompleted c && c.dict().equals("db0") && c.newSize() == 8);
        assertEquals(OK, f.call("SWAPDB", "0", "1"));
        assertEquals(OK, f.call("SELECT", "1"));
        assertEquals(OK, f.call("FLUSHDB"));
        synchronized (seen) { seen.clear(); }
        fiveKeysAndSomeLookups(); // into db1's new dict, after the swap and the flush
        List<EngineEvent> all = awaitEvent(e -> e instanceof DictRehashCompleted c && c.dict().equals("db1") && c.newSize() == 8);
        assertGrowsFromFourToEight(all, "db1");
        assertTrue(dictEvents(all, "db0").isEmpty(), "db0 was not touched");
    }

    @Test
    void aSetIsReportedWithItsClientAndName() throws Exception {
        collect(100);
        assertEquals(OK, f.call("SET", "greeting", "hello"));
        List<EngineEvent> all = awaitEvent(e -> e instanceof CommandExecuted c && c.command().equals("set"));
        CommandExecuted set = (CommandExecuted) all.stream()
                .filter(e -> e instanceof CommandExecuted c && c.command().equals("set")).findFirst().orElseThrow();
        assertEquals(f.client.id(), set.clientId());
        assertTrue(set.micros() >= 0);
        assertTrue(set.tick() > 0);
    }

    @Test
    void aSlowListenerLosesEventsButNeverSlowsTheEngine() throws Exception {
        Subscription slow = f.engine.hooks().subscribe(e -> {
            try { Thread.sleep(50); } catch (InterruptedException ie) { Thread.currentThread().interrupt(); }
        }, 2);
        long t0 = System.nanoTime();
        for (int i = 0; i < 500; i++) assertEquals(OK, f.call("SET", "flood:" + i, "x"));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms < 10_000, "500 SETs took " + ms + " ms: the engine waited for the listener");
        assertTrue(slow.dropped() > 0, "a queue of 2 cannot hold a flood");
        assertTrue(slow.dropped() + slow.delivered() + slow.pending() <= f.engine.hooks().eventsCreated() + 1);
        f.engine.hooks().unsubscribe(slow);
        assertTrue(slow.isClosed());
    }

    @Test
    void nobodyListeningMeansNoEventIsEverBuilt() throws Exception {
        for (int i = 0; i < 50; i++) f.call("SET", "k" + i, "v");
        f.call("FLUSHALL");
        f.awaitCronRuns(2); // some cron ticks too
        assertEquals(0, f.engine.hooks().eventsCreated());
        assertFalse(f.engine.hooks().isActive());

        Subscription s = collect(100);
        f.call("PING");
        assertTrue(f.engine.hooks().eventsCreated() > 0);
        s.close();
        f.call("PING"); // the unsubscribe is visible to the loop before this command runs
        long after = f.engine.hooks().eventsCreated();
        f.call("SET", "k", "v");
        f.awaitCronRuns(2); // and some cron ticks
        assertEquals(after, f.engine.hooks().eventsCreated(), "the last unsubscribe switches event building off");
    }

    @Test
    void aPausedLoopHoldsCommandsUntilStepOrResume() throws Exception {
        f.engine.loop().pause();
        CompletableFuture<RespValue> set = f.client.send(List.of(bytes("SET"), bytes("paused"), bytes("1")));
        EngineFixture.awaitReceived(f.engine);
        assertFalse(set.isDone(), "nothing runs while paused");
        assertTrue(f.engine.loop().isPaused());
        // snapshots still work while paused: the key is not there yet
        assertEquals(0L, f.engine.hooks().snapshot(s -> s.keyspace().db(0).size()).get(5, TimeUnit.SECONDS));

        f.engine.loop().step(1);
        assertEquals(OK, set.get(5, TimeUnit.SECONDS));

        CompletableFuture<RespValue> get = f.client.send(List.of(bytes("GET"), bytes("paused")));
        EngineFixture.awaitReceived(f.engine);
        assertFalse(get.isDone(), "one step, then paused again");
        f.engine.loop().resume();
        assertEquals("1", ((RespValue.Bulk) get.get(5, TimeUnit.SECONDS)).text());
        assertFalse(f.engine.loop().isPaused());
    }

    @Test
    void aNetworkClientWaitsWhileThePausedLoopKeepsItsBytes() throws Exception {
        try (Engine net = EngineFixture.builder().settings(s -> s.port = Ports.free()).startEngine()) {
            int port = net.port();
            try (Socket sock = new Socket("127.0.0.1", port)) {
                sock.setSoTimeout(300);
                OutputStream out = sock.getOutputStream();
                InputStream in = sock.getInputStream();
                net.loop().pause();
                out.write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThrows(SocketTimeoutException.class, in::read, "no reply while paused");
                net.loop().resume();
                sock.setSoTimeout(5000);
                byte[] buf = new byte[7];
                int n = 0;
                while (n < 7) n += in.read(buf, n, 7 - n);
                assertEquals("+PONG\r\n", new String(buf, StandardCharsets.US_ASCII));
            }
        }
    }

    @Test
    void slowMotionStillServesCommands() throws Exception {
        f.engine.loop().setSlowMotion(20, true);
        long t0 = System.nanoTime();
        for (int i = 0; i < 5; i++) assertEquals(OK, f.call("SET", "slow:" + i, "v"));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms >= 60, "each command waited for its tick: " + ms + " ms");
        f.engine.loop().setSlowMotion(0, false);
        assertEquals(OK, f.call("SET", "fast", "v"));
    }

    @Test
    void anExpiredKeyIsReportedWithItsBytes() throws Exception {
        collect(1000);
        assertEquals(OK, f.call("SET", "short-lived", "v", "PX", "1"));
        Thread.sleep(20);
        assertEquals(new RespValue.Null(), f.call("GET", "short-lived"));
        List<EngineEvent> all = awaitEvent(e -> e instanceof EngineEvent.KeyExpired);
        EngineEvent.KeyExpired x = (EngineEvent.KeyExpired) all.stream()
                .filter(e -> e instanceof EngineEvent.KeyExpired).findFirst().orElseThrow();
        assertEquals(0, x.db());
        assertEquals("short-lived", new String(x.key(), StandardCharsets.UTF_8));
        x.key()[0] = 'X';
        assertEquals('s', x.key()[0], "events are immutable: key() hands out a copy");
    }

    @Test
    void aHashOutgrowingItsListpackIsReportedWithItsKey() throws Exception {
        collect(10_000);
        f.call("HSET", "big", "first", "v"); // a small hash: listpack
        f.call("HSET", "big", "long", "x".repeat(200)); // past hash-max-listpack-value
        assertEquals("hashtable", ((RespValue.Bulk) f.call("OBJECT", "ENCODING", "big")).text());
        EngineEvent.EncodingConverted c = first(EngineEvent.EncodingConverted.class);
        assertEquals(0, c.db());
        assertEquals("big", new String(c.key(), StandardCharsets.UTF_8));
        assertEquals("listpack", c.from());
        assertEquals("hashtable", c.to());
    }

    @Test
    void aSetOfIntegersUpgradesItsIntsetThenBecomesAHashtable() throws Exception {
        collect(10_000);
        f.call("SADD", "s", "1", "2");
        f.call("SADD", "s", "100000"); // past 16 bits: every value is rewritten at 4 bytes
        EngineEvent.IntsetUpgraded up = first(EngineEvent.IntsetUpgraded.class);
        assertEquals("s", new String(up.key(), StandardCharsets.UTF_8));
        assertEquals(2, up.oldEncoding());
        assertEquals(4, up.newEncoding());
        assertEquals(100000, up.value());
        assertEquals(3, up.length());
        f.call("SADD", "s", "not-a-number");
        EngineEvent.EncodingConverted c = first(EngineEvent.EncodingConverted.class);
        assertEquals("s", new String(c.key(), StandardCharsets.UTF_8));
        assertEquals("intset", c.from());
        assertEquals("hashtable", c.to());
    }

    @Test
    void skiplistInsertsCarryTheirLevelAndUpdatePathAndDeletesFollow() throws Exception {
        collect(10_000);
        f.call("CONFIG", "SET", "zset-max-listpack-entries", "0"); // skiplist from the first member
        f.call("ZADD", "z", "1", "a", "2", "b", "3", "c");
        f.call("ZREM", "z", "b");
        List<EngineEvent> all = awaitEvent(e -> e instanceof EngineEvent.SkipListDelete);
        List<EngineEvent.SkipListInsert> ins = all.stream().filter(e -> e instanceof EngineEvent.SkipListInsert)
                .map(e -> (EngineEvent.SkipListInsert) e).toList();
        assertEquals(List.of("a", "b", "c"), ins.stream().map(i -> new String(i.member(), StandardCharsets.UTF_8)).toList());
        for (EngineEvent.SkipListInsert i : ins) {
            assertEquals("z", new String(i.key(), StandardCharsets.UTF_8));
            assertTrue(i.level() >= 1 && i.level() <= i.updateMembers().length);
        }
        // each member is appended: at level 0 the new node follows the previous member
        assertEquals(null, ins.get(0).updateMembers()[0]);
        assertEquals("a", new String(ins.get(1).updateMembers()[0], StandardCharsets.UTF_8));
        assertEquals(1, ins.get(1).updateRanks()[0]);
        assertEquals("b", new String(ins.get(2).updateMembers()[0], StandardCharsets.UTF_8));
        EngineEvent.SkipListDelete d = first(EngineEvent.SkipListDelete.class);
        assertEquals("b", new String(d.member(), StandardCharsets.UTF_8));
        assertEquals(2.0, d.score());
    }

    @Test
    void aFullQuicklistNodeSplitsWhenAnEntryGoesInTheMiddle() throws Exception {
        collect(10_000);
        f.call("CONFIG", "SET", "list-max-listpack-size", "4");
        f.call("RPUSH", "l", "a", "b", "c", "d");
        f.call("LINSERT", "l", "BEFORE", "c", "x");
        EngineEvent.QuicklistNodeChanged split = first(EngineEvent.QuicklistNodeChanged.class);
        assertEquals(EngineEvent.QuicklistNodeChanged.Kind.SPLIT, split.kind());
        assertEquals("l", new String(split.key(), StandardCharsets.UTF_8));
        assertEquals(4, split.count() + split.otherCount());
        ValueSnapshot.QuicklistView q = (ValueSnapshot.QuicklistView) f.engine.hooks().valueSnapshot(0, bytes("l")).get();
        assertEquals(5, q.count());
        assertEquals(5, q.nodes().stream().mapToInt(ValueSnapshot.QuicklistView.Node::count).sum());
        assertTrue(q.nodes().size() >= 2);
    }

    @Test
    void innerQuicklistNodesAreCompressedAndReported() throws Exception {
        collect(10_000);
        f.call("CONFIG", "SET", "list-max-listpack-size", "4");
        f.call("CONFIG", "SET", "list-compress-depth", "1"); // only the head and tail nodes stay raw
        String big = "abcdefgh".repeat(8); // compressible, and past the 48-byte minimum
        for (int i = 0; i < 12; i++) f.call("RPUSH", "l", big);
        EngineEvent.QuicklistNodeChanged c = null;
        for (EngineEvent e : awaitEvent(e -> e instanceof EngineEvent.QuicklistNodeChanged q
                && q.kind() == EngineEvent.QuicklistNodeChanged.Kind.COMPRESS)) {
            if (e instanceof EngineEvent.QuicklistNodeChanged q && q.kind() == EngineEvent.QuicklistNodeChanged.Kind.COMPRESS) c = q;
        }
        assertEquals("l", new String(c.key(), StandardCharsets.UTF_8));
        assertTrue(c.otherBytes() < c.bytes(), "LZF made the node smaller: " + c);
        ValueSnapshot.QuicklistView q = (ValueSnapshot.QuicklistView) f.engine.hooks().valueSnapshot(0, bytes("l")).get();
        assertEquals(3, q.nodes().size());
        assertFalse(q.nodes().get(0).compressed());
        assertTrue(q.nodes().get(1).compressed());
        assertFalse(q.nodes().get(2).compressed());
    }

    @Test
    void twoEnginesInOneJvmDoNotHearEachOther() throws Exception {
        ServerSettings s = new ServerSettings();
        s.port = 0;
        try (Engine other = Engine.start(s)) {
            List<EngineEvent> otherSeen = new ArrayList<>();
            other.hooks().subscribe(e -> { synchronized (otherSeen) { otherSeen.add(e); } }, 10_000);
            collect(10_000);
            f.call("HSET", "mine", "f", "x".repeat(200));
            f.call("ZADD", "mine-z", "1", "m".repeat(100));
            first(EngineEvent.EncodingConverted.class);
            other.newClient().call("PING");
            // the other engine's own events up to its PING have arrived: nothing of ours came before them
            Await.until("the other engine's PING event", () -> {
                synchronized (otherSeen) {
                    return otherSeen.stream().anyMatch(e -> e instanceof EngineEvent.CommandExecuted x && x.command().equals("ping"));
                }
            });
            synchronized (otherSeen) {
                assertTrue(otherSeen.stream().noneMatch(e -> e instanceof EngineEvent.EncodingConverted
                        || e instanceof EngineEvent.SkipListInsert), otherSeen.toString());
            }
        }
    }

    @Test
    void aListpackSnapshotShowsEachEntrysEncodingByteAndBacklen() throws Exception {
        f.call("HSET", "h", "f", "7");
        ValueSnapshot.ListpackView lp = (ValueSnapshot.ListpackView) f.engine.hooks().valueSnapshot(0, bytes("h")).get();
        assertEquals("hash", lp.type());
        assertEquals(2, lp.entries().size());
        ValueSnapshot.ListpackView.Entry field = lp.entries().get(0);
        assertEquals(6, field.offset(), "the first entry follows the 6-byte header");
        assertEquals(0x81, field.encodingByte(), "6-bit string of length 1");
        assertEquals(3, field.bytes().length); // encoding byte, 'f', backlen 2
        assertEquals(2, field.backlen());
        ValueSnapshot.ListpackView.Entry seven = lp.entries().get(1);
        assertTrue(seven.isInt());
        assertEquals(7, seven.encodingByte(), "a 7-bit uint is its own encoding byte");
        assertEquals(6 + 3 + 2 + 1, lp.totalBytes());
        assertEquals(null, f.engine.hooks().valueSnapshot(0, bytes("nope")).get());
    }

    @Test
    void recentTicksAreKeptWithoutSubscribers() throws Exception {
        f.call("SET", "a", "1");
        f.call("GET", "a");
        List<io.glassbox.loop.Tick> ticks = f.engine.hooks().recentTicks().get();
        assertFalse(ticks.isEmpty());
        assertTrue(ticks.stream().mapToLong(io.glassbox.loop.Tick::commands).sum() >= 2);
        assertEquals(0, f.engine.hooks().eventsCreated());
        assertTrue(f.engine.hooks().clientsSnapshot().get().stream().anyMatch(l -> l.contains("cmd=")));
    }

    @Test
    void theLastUnsubscribeLeavesTheCommandPathAsItWas() {
        io.glassbox.server.ServerListener before = f.engine.server().listener();
        io.glassbox.db.KeyspaceListener ksBefore = f.engine.server().keyspace().listener();
        Subscription s = collect(100);
        assertFalse(before == f.engine.server().listener(), "while subscribed, commands are observed");
        s.close();
        assertTrue(before == f.engine.server().listener(), "an unwatched engine runs the code of an engine without hooks");
        assertTrue(ksBefore == f.engine.server().keyspace().listener());
        assertEquals(OK, f.call("SET", "a", "1"));
    }

    private <T extends EngineEvent> T first(Class<T> type) throws InterruptedException {
        List<EngineEvent> all = awaitEvent(type::isInstance);
        return type.cast(all.stream().filter(type::isInstance).findFirst().orElseThrow());
    }

    @Test
    void hllRegistersAndTheSparseToDenseSwitchAreReported() throws Exception {
        collect(100_000);
        f.call("CONFIG", "SET", "hll-sparse-max-bytes", "40");
        f.call("PFADD", "hll", "a");
        List<EngineEvent> all = awaitEvent(e -> e instanceof EngineEvent.HllRegisterSet r && r.encoding().equals("sparse"));
        EngineEvent.HllRegisterSet r = (EngineEvent.HllRegisterSet) all.stream()
                .filter(e -> e instanceof EngineEvent.HllRegisterSet).findFirst().orElseThrow();
        assertEquals(0, r.oldValue());
        for (int i = 0; i < 20; i++) f.call("PFADD", "hll", "e" + i); // past 40 bytes: dense
        all = awaitEvent(e -> e instanceof EngineEvent.EncodingConverted c && c.from().equals("sparse"));
        assertEquals("dense", ((EngineEvent.EncodingConverted) all.stream()
                .filter(e -> e instanceof EngineEvent.EncodingConverted c && c.from().equals("sparse")).findFirst().orElseThrow()).to());
        f.call("CONFIG", "SET", "hll-sparse-max-bytes", "3000");
    }

    private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }
}
