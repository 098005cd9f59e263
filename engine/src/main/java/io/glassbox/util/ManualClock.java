package io.glassbox.util;

/** A clock that only moves when told to: for tests of expiry and eviction without sleeps. */
public final class ManualClock implements Clock {
    private volatile long millis;

    public ManualClock(long startMillis) { this.millis = startMillis; }

    @Override public long millis() { return millis; }

    public void advance(long ms) { millis += ms; }

    public void set(long ms) { millis = ms; }
}
