package io.glassbox.server;

import io.glassbox.command.RedisCommand;

/**
 * What the server core needs of Redis Cluster ({@code cluster.c}), which lives above it in
 * {@code io.glassbox.cluster}: where Redis's {@code server.c} tests {@code server.cluster_enabled}
 * and calls into cluster.c, the core calls this.
 * <ul>
 *   <li>{@link #redirect} from processCommand (getNodeByQuery + clusterRedirectClient);</li>
 *   <li>{@link #cron} every 100 ms from serverCron (clusterCron), {@link #beforeSleep} from
 *       beforeSleep (clusterBeforeSleep);</li>
 *   <li>{@link #info} for INFO's # Cluster section, {@link #connections} for cluster_connections.</li>
 * </ul>
 * {@link #NONE} is a server with {@code cluster-enabled no}: every call is one virtual call that
 * returns at once.
 */
public interface ClusterRouting {
    ClusterRouting NONE = new ClusterRouting() {
        @Override public boolean enabled() { return false; }
        @Override public String redirect(Client c, RedisCommand cmd, long flags) { return null; }
        @Override public void cron() { }
        @Override public void beforeSleep() { }
        @Override public long connections() { return 0; }
        @Override public String redirectBlocked(Client c, java.util.List<byte[]> keys) { return null; }
    };

    /** cluster-enabled yes. */
    boolean enabled();

    /**
     * getNodeByQuery for the command {@code c} is about to run ({@code flags}: its flags as
     * processCommand judges them): null if this node serves it, else the error to reply, word for
     * word as clusterRedirectClient words it ("-MOVED 3999 127.0.0.1:6381", "-CROSSSLOT ...").
     */
    String redirect(Client c, RedisCommand cmd, long flags);

    /**
     * clusterRedirectBlockedClientIfNeeded for a client blocked on {@code keys} (all in one slot):
     * null if it may go on waiting here, else the error to answer it with.
     */
    String redirectBlocked(Client c, java.util.List<byte[]> keys);

    /** clusterCron: called ten times a second. */
    void cron();

    /** clusterBeforeSleep: the state update and config save that events asked for. */
    void beforeSleep();

    /** INFO clients' cluster_connections (getClusterConnectionsCount). */
    long connections();

    /** INFO's # Cluster section. */
    default void info(StringBuilder sb) {
        sb.append("# Cluster\r\ncluster_enabled:").append(enabled() ? 1 : 0).append("\r\n");
    }
}
