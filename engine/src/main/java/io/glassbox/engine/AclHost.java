package io.glassbox.engine;

import io.glassbox.acl.Acl;
import io.glassbox.config.ConfigRegistry;
import io.glassbox.server.Client;
import io.glassbox.server.ClientInfo;
import io.glassbox.server.Server;

import java.util.Collection;

/** What ACL may ask of the server ({@link Acl.Host}), answered by one engine's {@link Server}. */
final class AclHost implements Acl.Host {
    private final Server server;

    AclHost(Server server) { this.server = server; }

    @Override public ConfigRegistry config() { return server.config(); }

    @Override public Collection<Client> clients() { return server.clients(); }

    @Override public String clientInfo(Client c) { return ClientInfo.line(c); }

    /** freeClientAsync, or CLIENT_CLOSE_AFTER_COMMAND for the client running the command. */
    @Override public void killClient(Client c, Client current) {
        if (c == current) c.closeAfterReply = true;
        else server.closeClient(c);
    }

    @Override public long nowMillis() { return server.clock().millis(); }

    @Override public void log(String level, String msg) { server.log(level, msg); }

    @Override public void denied(Client c, String command, String reason, String context, String object, String username) {
        server.listener().aclDenied(c, command, reason, context, object, username);
    }
}
