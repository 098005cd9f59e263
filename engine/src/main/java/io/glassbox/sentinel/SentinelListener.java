package io.glassbox.sentinel;

/**
 * What a Sentinel tells its observers (the hooks, a lesson, a test), on the command thread: every
 * event it publishes, the votes other Sentinels reported, and each step of a failover. Observers
 * never steer: they get copies of names and numbers.
 */
public interface SentinelListener {
    /** An event as sentinelEvent publishes it: {@code type} is the channel ("+sdown"), {@code message} its text. */
    default void event(String type, String message, long currentEpoch) { }

    /** Another Sentinel ({@code voter}) answered is-master-down-by-addr with its vote for {@code leader} in {@code epoch}. */
    default void vote(String voter, String leader, long epoch) { }

    /** A master's failover state changed ("wait_start", "select_slave", ..., "none" when aborted). */
    default void failoverState(String master, String state, long epoch) { }

    SentinelListener NONE = new SentinelListener() { };
}
