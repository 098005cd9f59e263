package io.glassbox.engine;

import io.glassbox.command.server.ServerCommands;
import io.glassbox.loop.EventLoop;
import io.glassbox.net.NettyMasterConnector;
import io.glassbox.replication.MasterConnector;
import io.glassbox.sentinel.Sentinel;
import io.glassbox.server.Server;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * What a Sentinel may ask of the server it runs in ({@link Sentinel.Host}), answered by one
 * engine: the clock, the log, Pub/Sub for its events, the outbound connections (the same Netty
 * connector a replica's master link uses), the port actually bound, CONFIG REWRITE, INFO sections.
 */
final class SentinelHost implements Sentinel.Host {
    private final Server server;
    private final NettyMasterConnector connector;
    private final IntSupplier boundPort;
    private final Runnable crash;

    SentinelHost(Server server, EventLoop loop, IntSupplier boundPort, Runnable crash) {
        this.server = server;
        io.glassbox.config.StringConfig bindSource = server.config().string("bind-source-addr");
        this.connector = new NettyMasterConnector(loop, bindSource::get);
        this.boundPort = boundPort;
        this.crash = crash;
    }

    @Override public long nowMillis() { return server.clock().millis(); }

    @Override public void log(String level, String msg) { server.log(level, msg); }

    @Override
    public void publish(String channel, String message) {
        server.pubsub().publish(channel.getBytes(StandardCharsets.UTF_8), message.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void connect(String host, int port, Sentinel.LinkEvents events) {
        connector.connect(host, port, new MasterConnector.Events() {
            @Override
            public void connected(MasterConnector.Link link) {
                events.connected(new Sentinel.Link() {
                    @Override public void write(byte[] b) { link.write(b); }

                    @Override public void close() { link.close(); }

                    @Override public String localAddress() { return link.localAddress(); }
                });
            }

            @Override public void bytes(byte[] b, int off, int len) { events.bytes(b, off, len); }

            @Override public void closed(String why) { events.closed(why); }
        });
    }

    @Override public int port() { return boundPort.getAsInt(); }

    @Override public String requirePass() { return server.config().string("requirepass").get(); }

    @Override public void rewriteConfig() throws Exception { server.config().rewrite(); }

    @Override public void crash() { crash.run(); }

    @Override public java.nio.file.Path path(String file) { return java.nio.file.Path.of(server.settings().dir).resolve(file); }

    @Override public String info(Set<String> sections) { return ServerCommands.infoString(server, sections); }
}
