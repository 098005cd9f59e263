package io.glassbox.engine;

import io.glassbox.config.ConfigRegistry;
import io.glassbox.db.Keyspace;
import io.glassbox.persistence.DiskPersistence;
import io.glassbox.server.Client;
import io.glassbox.server.Propagation;
import io.glassbox.server.Server;

import java.util.List;

/**
 * What persistence (the RDB side and the AOF) may ask of the server ({@link DiskPersistence.Host}),
 * answered by one engine's {@link Server}: {@code Engine} builds it, so the persistence package never
 * sees {@code Server}.
 */
public final class PersistenceHost implements DiskPersistence.Host {
    private final Server server;

    public PersistenceHost(Server server) { this.server = server; }

    @Override public ConfigRegistry config() { return server.config(); }

    @Override public long nowMillis() { return server.clock().millis(); }

    @Override public void log(String level, String msg) { server.log(level, msg); }

    @Override public Keyspace keyspace() { return server.keyspace(); }

    @Override public String dir() { return server.settings().dir; }

    @Override public String maxmemoryPolicy() { return server.settings().maxmemoryPolicy; }

    @Override public boolean skipChecksumValidation() { return server.settings().skipChecksumValidation; }

    @Override public Client createAOFClient() { return server.createFakeClient(); }

    @Override public String executeLoadedCommand(Client fake, List<byte[]> argv) { return server.executeLoadedCommand(fake, argv); }

    @Override public void addPropagationTarget(Propagation.Target t) { server.propagation().addTarget(t); }

    @Override public void removePropagationTarget(Propagation.Target t) { server.propagation().removeTarget(t); }

    @Override public void setLoading(boolean loading) { server.propagation().setLoading(loading); }

    @Override public boolean latencyMonitorEnabled() { return server.latencyMonitor().enabled(); }

    @Override public void latencyAddSampleIfNeeded(String event, long ms) { server.latencyMonitor().addSampleIfNeeded(event, ms); }

    /**
     * redisFork's bookkeeping for the snapshot's start: stat_fork_rate (GB of heap per second of
     * start-up, as Redis divides used memory by the fork time) and the "fork" latency sample.
     */
    @Override public void forkDone(long nanos) {
        Runtime rt = Runtime.getRuntime();
        double gb = (double) (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024 * 1024);
        server.stats().forkRate = gb / (Math.max(nanos, 1) / 1e9);
        server.latencyMonitor().addSampleIfNeeded("fork", nanos / 1_000_000);
    }
}
