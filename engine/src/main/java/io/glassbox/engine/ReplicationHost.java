package io.glassbox.engine;

import io.glassbox.config.ConfigRegistry;
import io.glassbox.db.Keyspace;
import io.glassbox.replication.Replication;
import io.glassbox.server.Client;
import io.glassbox.server.Connection;
import io.glassbox.server.Propagation;
import io.glassbox.server.Server;
import io.glassbox.server.ServerStats;

import java.util.ArrayList;

/**
 * What replication may ask of the server ({@link Replication.Host}), answered by one engine's
 * {@link Server}: {@code Engine} builds it, so the replication package never sees {@code Server}.
 */
public final class ReplicationHost implements Replication.Host {
    private final Server server;

    public ReplicationHost(Server server) { this.server = server; }

    @Override public ConfigRegistry config() { return server.config(); }

    @Override public long nowMillis() { return server.clock().millis(); }

    @Override public void log(String level, String msg) { server.log(level, msg); }

    @Override public Keyspace keyspace() { return server.keyspace(); }

    @Override public ServerStats stats() { return server.stats(); }

    @Override public String dir() { return server.settings().dir; }

    @Override public int port() { return server.settings().port; }

    @Override public void addPropagationTarget(Propagation.Target t) { server.propagation().addTarget(t); }

    @Override public void setLoading(boolean loading) { server.propagation().setLoading(loading); }

    @Override public void queueWrite(Client c) { server.queueWrite(c); }

    @Override public Client createClient(Connection conn) { return server.createClient(conn); }

    @Override public void feedClientInput(Client c, byte[] b, int off, int len) { server.feedClientInput(c, b, off, len); }

    @Override public void freeClient(Client c) { server.freeClient(c); }

    @Override public void closeClient(Client c) { server.closeClient(c); }

    @Override public void pauseClients(long endMillis, boolean writesOnly) { server.pauseClients(endMillis, writesOnly); }

    @Override public void unpauseClients() { server.unpauseClients(); }

    @Override public void roleChanged() { server.oomScoreAdj().apply(); }

    /** disconnectAllBlockedClients (networking.c): every client blocked on a key gets -UNBLOCKED. */
    @Override
    public void disconnectAllBlockedClients() {
        for (Client b : new ArrayList<>(server.clients())) {
            if (b.bstate == null) continue;
            server.blocking().unblock(b);
            b.addError("-UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)");
        }
    }
}
