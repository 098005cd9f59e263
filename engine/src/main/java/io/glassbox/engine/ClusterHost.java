package io.glassbox.engine;

import io.glassbox.cluster.Cluster;
import io.glassbox.db.Keyspace;
import io.glassbox.replication.Replication;
import io.glassbox.server.Server;

/**
 * What Redis Cluster asks of the server ({@link Cluster.Host}), answered by one engine's
 * {@link Server} and {@link Replication}: {@code Engine} builds it, so the cluster package never
 * sees {@code Server}.
 */
final class ClusterHost implements Cluster.Host {
    private final Server server;
    private final Replication replication;

    ClusterHost(Server server, Replication replication) {
        this.server = server;
        this.replication = replication;
    }

    @Override public long now() { return System.currentTimeMillis(); }

    @Override public void log(String level, String message) { server.log(level, message); }

    @Override public Keyspace keyspace() { return server.keyspace(); }

    @Override public long masterReplOffset() { return replication.masterReplOffset(); }

    @Override public long replicaOffset() { return replication.masterReplOffset(); }

    @Override public void setMaster(String ip, int port) { replication.setMaster(ip, port); }

    @Override public void unsetMaster() { replication.unsetMaster(); }

    @Override public String masterHost() { return replication.masterHost(); }

    @Override public void pauseWrites(long untilMillis) { server.pauseClients(untilMillis, true); }

    @Override public void unpauseWrites() { server.unpauseClients(); }
}
