package io.glassbox.net;

import io.glassbox.loop.EventLoop;
import io.glassbox.server.Server;
import io.glassbox.server.ServerSettings;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

import java.util.ArrayList;
import java.util.List;

/**
 * Listens on {@code bind} x {@code port} (listenToPort in Redis). Accepting and serving happen on
 * the loop's one thread. Redis's default {@code bind * -::*} means "every IPv4 address, and every
 * IPv6 address if the machine has IPv6": an address starting with '-' is optional.
 */
public final class NettyServer implements AutoCloseable {
    private final List<Channel> listeners = new ArrayList<>();
    private int boundPort;

    /** Thrown when a listening socket cannot be created; carries Redis's warning text. */
    public static final class BindException extends Exception {
        public BindException(String message) { super(message); }
    }

    public void start(Server server, EventLoop loop) throws BindException {
        ServerSettings s = server.settings();
        ServerBootstrap b = new ServerBootstrap()
                .group(loop.group())
                .channel(loop.usesEpoll() ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 511)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, s.tcpKeepAlive > 0)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ClientChannelHandler(server, loop));
                    }
                });
        if (loop.usesEpoll() && s.tcpKeepAlive > 0) {
            b.childOption(EpollChannelOption.TCP_KEEPIDLE, s.tcpKeepAlive)
             .childOption(EpollChannelOption.TCP_KEEPINTVL, Math.max(1, s.tcpKeepAlive / 3))
             .childOption(EpollChannelOption.TCP_KEEPCNT, 3);
        }
        int port = s.port;
        if (port == 0) return; // port 0: no TCP listener, as in Redis
        for (String addr : s.bind.trim().split("\\s+")) {
            boolean optional = addr.startsWith("-");
            String host = optional ? addr.substring(1) : addr;
            String bindHost = host.equals("*") ? "0.0.0.0" : host.equals("::*") ? "::" : host;
            try {
                Channel ch = b.bind(bindHost, port).sync().channel();
                listeners.add(ch);
                boundPort = ((java.net.InetSocketAddress) ch.localAddress()).getPort();
            } catch (Exception e) {
                if (optional) continue;
                if (host.equals("::*") && !listeners.isEmpty()) continue;
                String why = e.getMessage() == null ? e.toString() : e.getMessage();
                if (why.contains("Address already in use")) why = "Address already in use";
                close();
                throw new BindException("Warning: Could not create server TCP listening socket " + host + ":" + port + ": bind: " + why);
            }
        }
        if (listeners.isEmpty()) throw new BindException("Failed listening on port " + port + " (TCP), aborting.");
    }

    public int port() { return boundPort; }

    @Override
    public void close() {
        for (Channel ch : listeners) ch.close().syncUninterruptibly();
        listeners.clear();
    }
}
