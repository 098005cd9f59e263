package io.glassbox.db;

import io.glassbox.bio.Bio;
import io.glassbox.ds.dict.Dict;
import io.glassbox.ds.dict.DictEntry;
import io.glassbox.ds.dict.DictIterator;
import io.glassbox.testkit.EngineFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * lazyfree.c's rules: what goes to the bio_lazy_free thread, and that it only ever gets what the
 * command thread can no longer reach. The thread is held on a latch (a job queued first) so the
 * test looks at the keyspace while the value waits in the queue.
 */
@Tag("unit")
class LazyFreeTest {
    private EngineFixture f;
    private LazyFree lazyFree;
    private CountDownLatch gate;

    @BeforeEach
    void start() throws Exception {
        f = EngineFixture.start();
        lazyFree = f.engine.server().keyspace().lazyFree();
    }

    @AfterEach
    void stop() {
        if (gate != null) gate.countDown();
        f.close();
    }

    /** Queues a job that holds the background thread until {@link #open} (the queue runs in order). */
    private void holdThread() {
        gate = new CountDownLatch(1);
        lazyFree.bio().submit(Bio.Op.LAZY_FREE, () -> {
            try { gate.await(); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
        });
    }

    private void open() throws InterruptedException {
        gate.countDown();
        lazyFree.bio().drain(Bio.Op.LAZY_FREE);
    }

    private void bigSet(String key, int members) {
        List<String> args = new ArrayList<>(List.of("SADD", key));
        for (int i = 0; i < members; i++) args.add("m" + i);
        f.call(args.toArray(new String[0]));
    }

    private static long num(io.glassbox.resp.RespValue v) { return ((io.glassbox.resp.RespValue.Int) v).value(); }

    private RedisObject value(String key) {
        return f.onLoop(() -> f.db(0).dict().fetchValue(key.getBytes()));
    }

    /** True if any key of db 0 leads to {@code o} (a walk of the keyspace on the command thread). */
    private boolean reachable(RedisObject o) {
        return f.onLoop(() -> {
            DictIterator<byte[], RedisObject> it = f.db(0).dict().iterator();
            try {
                DictEntry<byte[], RedisObject> de;
                while ((de = it.next()) != null) if (de.getVal() == o) return true;
                return false;
            } finally {
                it.release();
            }
        });
    }

    @Test
    void unlinkTakesTheValueOutOfTheKeyspaceBeforeTheThreadFreesIt() throws InterruptedException {
        bigSet("big", 1000);
        f.call("SET", "other", "v");
        RedisObject set = value("big");
        holdThread();
        assertEquals(1, num(f.call("UNLINK", "big")));
        // the job waits behind the gate: the value is queued, and nothing in the keyspace leads to it
        assertEquals(1, lazyFree.pendingObjects());
        assertFalse(reachable(set), "a queued value must be unreachable from the keyspace");
        assertEquals(0, num(f.call("EXISTS", "big")));
        assertEquals("v", f.call("GET", "other").asText(), "the command thread goes on meanwhile");
        assertEquals(1000, ((Dict<?, ?>) set.value).size(), "not freed yet: the thread is held");
        open();
        assertEquals(0, lazyFree.pendingObjects());
        assertEquals(1, lazyFree.freedObjects());
        assertEquals(0, ((Dict<?, ?>) set.value).size(), "the thread cut the dict apart");
        assertEquals("bio_lazy_free", lazyFree.bio().thread(Bio.Op.LAZY_FREE).getName());
    }

    @Test
    void onlyValuesAboveTheThresholdGoToTheThread() throws InterruptedException {
        bigSet("at", LazyFree.LAZYFREE_THRESHOLD);       // effort 64: freed at once
        bigSet("above", LazyFree.LAZYFREE_THRESHOLD + 1); // effort 65: queued
        f.call("SET", "s", "x");
        assertEquals(LazyFree.LAZYFREE_THRESHOLD, LazyFree.freeEffort(value("at")));
        assertEquals(1, LazyFree.freeEffort(value("s")));
        f.call("UNLINK", "at", "s");
        lazyFree.bio().drain(Bio.Op.LAZY_FREE);
        assertEquals(0, lazyFree.freedObjects());
        f.call("UNLINK", "above");
        lazyFree.bio().drain(Bio.Op.LAZY_FREE);
        assertEquals(1, lazyFree.freedObjects());
    }

    @Test
    void delIsSynchronousUnlessLazyfreeLazyUserDel() throws InterruptedException {
        bigSet("a", 200);
        f.call("DEL", "a");
        lazyFree.bio().drain(Bio.Op.LAZY_FREE);
        assertEquals(0, lazyFree.freedObjects());
        f.call("CONFIG", "SET", "lazyfree-lazy-user-del", "yes");
        bigSet("b", 200);
        f.call("DEL", "b");
        lazyFree.bio().drain(Bio.Op.LAZY_FREE);
        assertEquals(1, lazyFree.freedObjects());
    }

    @Test
    void flushallAsyncLeavesAnEmptyUsableDatabaseAtOnce() throws InterruptedException {
        for (int i = 0; i < 500; i++) f.call("SET", "k" + i, "v");
        bigSet("big", 300);
        Dict<byte[], RedisObject> old = f.onLoop(() -> f.db(0).dict());
        holdThread();
        assertEquals("OK", f.call("FLUSHALL", "ASYNC").asText());
        assertEquals(0, num(f.call("DBSIZE")));
        assertEquals(501, lazyFree.pendingObjects(), "the old dict's keys wait in the queue");
        assertEquals("OK", f.call("SET", "k1", "new").asText());
        assertEquals("new", f.call("GET", "k1").asText());
        assertTrue(f.onLoop(() -> f.db(0).dict()) != old, "the database has a fresh dict");
        assertEquals(501, old.size(), "the old dict is untouched until the thread runs");
        open();
        assertEquals(0, lazyFree.pendingObjects());
        assertEquals(501, lazyFree.freedObjects());
        assertEquals(0, old.size());
        assertEquals("new", f.call("GET", "k1").asText());
    }

    @Test
    void flushWithoutArgumentFollowsLazyfreeLazyUserFlush() throws InterruptedException {
        f.call("SET", "a", "1");
        f.call("FLUSHDB");
        lazyFree.bio().drain(Bio.Op.LAZY_FREE);
        assertEquals(0, lazyFree.freedObjects());
        f.call("CONFIG", "SET", "lazyfree-lazy-user-flush", "yes");
        f.call("SET", "a", "1");
        f.call("FLUSHDB");
        lazyFree.bio().drain(Bio.Op.LAZY_FREE);
        assertEquals(1, lazyFree.freedObjects());
    }

    @Test
    void aFlushDuringASnapshotQueuesTheDictsButLeavesThemWhole() throws InterruptedException {
        for (int i = 0; i < 100; i++) f.call("SET", "k" + i, "v");
        Dict<byte[], RedisObject> old = f.onLoop(() -> f.db(0).dict());
        // a running snapshot walks the dicts it remembered; its copy-on-write hook marks it running
        f.onLoop(() -> f.engine.server().keyspace().setBeforeWriteHook((db, key) -> {}));
        f.call("FLUSHDB", "ASYNC");
        f.onLoop(() -> f.engine.server().keyspace().setBeforeWriteHook(null));
        lazyFree.bio().drain(Bio.Op.LAZY_FREE);
        assertEquals(100, lazyFree.freedObjects(), "counted as Redis counts");
        assertEquals(100, old.size(), "but not cut: the snapshot may still read it");
        assertNotNull(old.fetchValue("k7".getBytes()));
    }

    @Test
    void renameAndMoveNeverQueueTheValueThatMoves() throws InterruptedException {
        f.call("CONFIG", "SET", "lazyfree-lazy-server-del", "yes");
        bigSet("src", 300);
        bigSet("dst", 300);
        RedisObject moving = value("src");
        f.call("RENAME", "src", "dst");
        lazyFree.bio().drain(Bio.Op.LAZY_FREE);
        assertEquals(1, lazyFree.freedObjects(), "the old dst value was freed in the background");
        assertSame(moving, value("dst"));
        assertEquals(300, num(f.call("SCARD", "dst")));
        f.call("MOVE", "dst", "1");
        lazyFree.bio().drain(Bio.Op.LAZY_FREE);
        assertEquals(1, lazyFree.freedObjects());
        f.call("SELECT", "1");
        assertEquals(300, num(f.call("SCARD", "dst")));
    }

    @Test
    void overwritingABigValueFreesTheOldOneWithLazyfreeLazyServerDel() throws InterruptedException {
        f.call("CONFIG", "SET", "lazyfree-lazy-server-del", "yes");
        bigSet("k", 300);
        f.call("SET", "k", "small");
        lazyFree.bio().drain(Bio.Op.LAZY_FREE);
        assertEquals(1, lazyFree.freedObjects());
        assertEquals("small", f.call("GET", "k").asText());
    }

    @Test
    void anExpiredBigValueGoesToTheThreadWithLazyfreeLazyExpire() throws Exception {
        try (EngineFixture g = EngineFixture.builder().manualClock().noActiveExpire().start()) {
            LazyFree lf = g.engine.server().keyspace().lazyFree();
            g.call("CONFIG", "SET", "lazyfree-lazy-expire", "yes");
            List<String> args = new ArrayList<>(List.of("SADD", "s"));
            for (int i = 0; i < 200; i++) args.add("m" + i);
            g.call(args.toArray(new String[0]));
            g.call("PEXPIRE", "s", "100");
            g.clock().advance(200);
            assertEquals(0, num(g.call("EXISTS", "s")), "the read expired it (expireIfNeeded)");
            lf.bio().drain(Bio.Op.LAZY_FREE);
            assertEquals(1, lf.freedObjects());
        }
    }

    @Test
    void infoShowsTheCountersAndResetstatClearsTheFreedOne() throws InterruptedException {
        bigSet("big", 100);
        f.call("UNLINK", "big");
        lazyFree.bio().drain(Bio.Op.LAZY_FREE);
        String info = f.call("INFO", "memory").asText();
        assertTrue(info.contains("lazyfree_pending_objects:0\r\n"), info);
        assertTrue(info.contains("lazyfreed_objects:1\r\n"), info);
        f.call("CONFIG", "RESETSTAT");
        assertTrue(f.call("INFO", "memory").asText().contains("lazyfreed_objects:0\r\n"));
    }
}
