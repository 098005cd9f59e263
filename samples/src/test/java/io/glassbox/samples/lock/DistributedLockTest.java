package io.glassbox.samples.lock;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.testkit.EngineFixture;
import io.glassbox.util.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lock of the distributed-lock chapter: mutual exclusion, expiry, and a safe release. */
@Tag("unit")
class DistributedLockTest {
    private EngineFixture f;
    private ManualClock clock;
    private Engine engine;

    @BeforeEach
    void start() throws Exception {
        f = EngineFixture.builder().manualClock(1_000_000).start();
        clock = f.clock();
        engine = f.engine;
    }

    @AfterEach
    void stop() { f.close(); }

    @Test
    void twoClientsNeverHoldTheLockAtOnce() throws Exception {
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger maxHolders = new AtomicInteger();
        AtomicInteger acquisitions = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int w = 0; w < 2; w++) {
            Thread t = new Thread(() -> {
                try (LocalClient c = engine.newClient()) {
                    DistributedLock lock = new DistributedLock(c, "lock", 60_000);
                    for (int i = 0; i < 300; i++) {
                        Optional<String> token;
                        while ((token = lock.tryAcquire()).isEmpty()) Thread.onSpinWait();
                        int now = holders.incrementAndGet();
                        maxHolders.accumulateAndGet(now, Math::max);
                        acquisitions.incrementAndGet();
                        Thread.yield(); // give the other client every chance to get in
                        holders.decrementAndGet();
                        assertTrue(lock.release(token.get()), "our own token releases the lock");
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) t.join();
        assertTrue(failures.isEmpty(), () -> "worker failed: " + failures);
        assertEquals(600, acquisitions.get());
        assertEquals(1, maxHolders.get(), "at most one client held the lock at any moment");
    }

    @Test
    void theLockProtectsAReadModifyWrite() throws Exception {
        assertEquals(4 * 100, LockDemo.run(engine, 4, 100));
    }

    @Test
    void aSecondClientWaitsUntilTheLockIsReleased() {
        try (LocalClient a = engine.newClient(); LocalClient b = engine.newClient()) {
            DistributedLock lockA = new DistributedLock(a, "lock", 10_000);
            DistributedLock lockB = new DistributedLock(b, "lock", 10_000);
            String tokenA = lockA.tryAcquire().orElseThrow();
            assertTrue(lockB.tryAcquire().isEmpty());
            assertFalse(lockB.release("not-the-token"), "a wrong token does not release the lock");
            assertTrue(lockB.tryAcquire().isEmpty());
            assertTrue(lockA.release(tokenA));
            assertTrue(lockB.tryAcquire().isPresent());
        }
    }

    @Test
    void anExpiredHolderCannotReleaseTheNextHoldersLock() {
        try (LocalClient a = engine.newClient(); LocalClient b = engine.newClient()) {
            DistributedLock lockA = new DistributedLock(a, "lock", 10_000);
            DistributedLock lockB = new DistributedLock(b, "lock", 10_000);
            String tokenA = lockA.tryAcquire().orElseThrow();
            clock.advance(10_001); // A stalls past its TTL: the lock expires
            String tokenB = lockB.tryAcquire().orElseThrow();
            assertFalse(lockA.release(tokenA), "A's late release must not delete B's lock");
            assertTrue(lockA.tryAcquire().isEmpty(), "B still holds the lock");
            assertTrue(lockB.release(tokenB));
        }
    }
}
