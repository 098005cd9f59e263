package io.glassbox.testkit;

import java.util.function.BooleanSupplier;

/**
 * Waiting for a positive signal instead of sleeping: a test that must show that something did NOT
 * happen first waits for something that must have happened after it (a later reply, a cron run,
 * the server counting a blocked client), then asserts. Polls every 2 ms; fails after 10 s with what
 * it was waiting for.
 */
public final class Await {
    private static final long TIMEOUT_NANOS = 10_000_000_000L;

    private Await() {
    }

    /** Returns once {@code condition} holds; fails the test if it does not within 10 s. */
    public static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
