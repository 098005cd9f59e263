package io.glassbox.util;

/**
 * The engine's source of wall-clock time. Expiry, LRU and TTL replies read time only through a
 * Clock, so tests can use a {@link ManualClock} and move time forward without sleeping.
 */
public interface Clock {
    /** Unix time in milliseconds. */
    long millis();

    /** Unix time in microseconds (TIME, slowlog timestamps). */
    default long micros() { return millis() * 1000; }

    Clock SYSTEM = new Clock() {
        @Override public long millis() { return System.currentTimeMillis(); }

        @Override public long micros() {
            java.time.Instant now = java.time.Instant.now();
            return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
        }
    };
}
