package io.glassbox.engine;

import io.glassbox.config.NumericConfig;
import io.glassbox.server.Client;
import io.glassbox.server.Server;
import io.glassbox.tracking.TrackingTable;

/**
 * What client-side caching asks of the server ({@link TrackingTable.Host}), answered by one
 * engine's {@link Server}: {@code Engine} builds it, so the tracking package never sees {@code Server}.
 */
public final class TrackingHost implements TrackingTable.Host {
    private final Server server;
    /** tracking-table-max-keys, looked up once; read when the table is checked. */
    private final NumericConfig maxKeys;

    public TrackingHost(Server server) {
        this.server = server;
        this.maxKeys = server.config().numeric("tracking-table-max-keys");
    }

    @Override public Client client(long id) { return server.client(id); }

    @Override public Iterable<Client> clients() { return server.clients(); }

    @Override public Client currentClient() { return server.currentClient(); }

    @Override public boolean inCommand() { return server.inCommand(); }

    @Override public long maxKeys() { return maxKeys.get(); }
}
