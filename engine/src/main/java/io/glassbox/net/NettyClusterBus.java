package io.glassbox.net;

import io.glassbox.cluster.BusTransport;
import io.glassbox.loop.EventLoop;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The cluster bus's sockets on the engine's loop (clusterInit's listenToPort on port+10000,
 * clusterAcceptHandler, connConnect in clusterCron): every callback runs on the command thread, as
 * for client connections ({@link NettyServer}) and the replica's link ({@link NettyMasterConnector}).
 */
public final class NettyClusterBus implements BusTransport {
    private final EventLoop loop;
    private final java.util.function.Supplier<String> bindSourceAddr;
    private final List<Channel> listeners = new ArrayList<>();

    public NettyClusterBus(EventLoop loop, java.util.function.Supplier<String> bindSourceAddr) {
        this.loop = loop;
        this.bindSourceAddr = bindSourceAddr;
    }

    @Override
    public void listen(List<String> bindAddresses, int port, Function<Link, Events> acceptor) throws BindFailed {
        ServerBootstrap b = new ServerBootstrap()
                .group(loop.group())
                .channel(loop.usesEpoll() ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 511)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new LinkHandler(acceptor, null));
                    }
                });
        for (String addr : bindAddresses) {
            boolean optional = addr.startsWith("-");
            String host = optional ? addr.substring(1) : addr;
            String bindHost = host.equals("*") ? "0.0.0.0" : host.equals("::*") ? "::" : host;
            try {
                listeners.add(b.bind(bindHost, port).sync().channel());
            } catch (Exception e) {
                if (optional || (host.equals("::*") && !listeners.isEmpty())) continue;
                String why = e.getMessage() == null ? e.toString() : e.getMessage();
                if (why.contains("Address already in use")) why = "Address already in use";
                close();
                throw new BindFailed("Warning: Could not create server TCP listening socket " + host + ":" + port + ": bind: " + why);
            }
        }
        if (listeners.isEmpty()) throw new BindFailed("Failed listening on port " + port + " (cluster), aborting.");
    }

    @Override
    public void connect(String host, int port, Events events) {
        NettyMasterConnector.connectFrom(loop, bindSourceAddr.get(), host, port, new LinkHandler(null, events), events::closed);
    }

    @Override
    public void close() {
        for (Channel ch : listeners) ch.close();
        listeners.clear();
    }

    private static String ipOf(java.net.SocketAddress a) {
        return a instanceof InetSocketAddress i && i.getAddress() != null ? i.getAddress().getHostAddress() : "";
    }

    /** One bus connection: inbound (events from the acceptor) or outbound (events given). */
    private final class LinkHandler extends ChannelInboundHandlerAdapter {
        private final Function<Link, Events> acceptor;
        private Events events;

        LinkHandler(Function<Link, Events> acceptor, Events events) {
            this.acceptor = acceptor;
            this.events = events;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            loop.fileEvent();
            Channel ch = ctx.channel();
            Link link = new Link() {
                @Override public void write(byte[] b) { ch.writeAndFlush(Unpooled.wrappedBuffer(b)); }
                @Override public void close() { ch.close(); }
                @Override public String localIp() { return ipOf(ch.localAddress()); }
                @Override public String remoteIp() { return ipOf(ch.remoteAddress()); }
            };
            if (events == null) events = acceptor.apply(link);
            events.connected(link);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                loop.fileEvent();
                byte[] b = new byte[in.readableBytes()];
                in.readBytes(b);
                if (events != null) events.bytes(b, 0, b.length);
            } finally {
                in.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            loop.fileEvent();
            if (events != null) events.closed("connection closed");
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
