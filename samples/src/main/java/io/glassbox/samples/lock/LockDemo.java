package io.glassbox.samples.lock;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.resp.RespValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Four workers add to a counter with a deliberately unsafe read-modify-write (GET, then SET of
 * the value plus one), each time under {@link DistributedLock}. Without the lock updates would
 * be lost; with it the counter ends at workers x rounds.
 *
 * <p>Run: {@code java -cp ... io.glassbox.samples.lock.LockDemo}.
 */
public final class LockDemo {
    private LockDemo() {}

    public static void main(String[] args) throws Exception {
        // no TCP listener needed: the workers are in-process clients
        try (Engine engine = Engine.start("--port", "0", "--save", "")) {
            System.out.println("counter = " + run(engine, 4, 250) + " (expected " + 4 * 250 + ")");
        }
    }

    /** Runs {@code workers} threads of {@code rounds} locked increments each; returns the final counter. */
    static long run(Engine engine, int workers, int rounds) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            Thread t = new Thread(() -> {
                try (LocalClient c = engine.newClient()) {
                    DistributedLock lock = new DistributedLock(c, "lock:counter", 10_000);
                    for (int i = 0; i < rounds; i++) {
                        Optional<String> token;
                        while ((token = lock.tryAcquire()).isEmpty()) Thread.onSpinWait();
                        RespValue v = c.call("GET", "counter");
                        long n = v instanceof RespValue.Bulk b ? Long.parseLong(b.text()) : 0;
                        c.call("SET", "counter", Long.toString(n + 1));
                        lock.release(token.get());
                    }
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) t.join();
        try (LocalClient c = engine.newClient()) {
            return Long.parseLong(((RespValue.Bulk) c.call("GET", "counter")).text());
        }
    }
}
