package io.glassbox.testkit;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated by the JVM's live threads (the engine's loop thread among them), for tests that a
 * corrupt length is not believed: the difference across a command bounds what the command allocated.
 */
public final class Allocations {
    private Allocations() {}

    public static long total() {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long b : mx.getThreadAllocatedBytes(mx.getAllThreadIds())) if (b > 0) sum += b;
        return sum;
    }
}
