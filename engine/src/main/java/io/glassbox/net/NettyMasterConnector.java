package io.glassbox.net;

import io.glassbox.loop.EventLoop;
import io.glassbox.replication.MasterConnector;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * A replica's connection to its master (connectWithMaster's socket), opened on the loop's own
 * thread so that the handshake, the RDB transfer and the stream are handled like any other file
 * event. The replication logic sees only {@link MasterConnector}.
 */
public final class NettyMasterConnector implements MasterConnector {
    private final EventLoop loop;

    /** bind-source-addr: the local address the link to the master leaves from, or null (read per connect). */
    private final java.util.function.Supplier<String> bindSourceAddr;

    public NettyMasterConnector(EventLoop loop) { this(loop, () -> null); }

    public NettyMasterConnector(EventLoop loop, java.util.function.Supplier<String> bindSourceAddr) {
        this.loop = loop;
        this.bindSourceAddr = bindSourceAddr;
    }

    @Override
    public void connect(String host, int port, Events events) {
        // connectWithMaster: connFormatAddr... anetTcpNonBlockBestEffortBindConnect with server.bind_source_addr
        connectFrom(loop, bindSourceAddr.get(), host, port, new LinkHandler(events),
                why -> events.closed(why));
    }

    /**
     * An outbound connection on the loop (the replica's link, the cluster bus's links): TCP_NODELAY,
     * a 10 s connect timeout, from {@code source} if set (bind-source-addr); a failed connect reports
     * its cause to {@code failed} on the command thread.
     */
    static void connectFrom(EventLoop loop, String source, String host, int port, io.netty.channel.ChannelHandler handler,
                            java.util.function.Consumer<String> failed) {
        Bootstrap b = new Bootstrap()
                .group(loop.group())
                .channel(loop.usesEpoll() ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(handler);
                    }
                });
        io.netty.channel.ChannelFuture connecting;
        try {
            connecting = source == null || source.isEmpty()
                    ? b.connect(host, port)
                    : b.connect(new java.net.InetSocketAddress(host, port), new java.net.InetSocketAddress(source, 0));
        } catch (RuntimeException e) {
            failed.accept(String.valueOf(e.getMessage()));
            return;
        }
        connecting.addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                loop.fileEvent();
                Throwable t = f.cause();
                failed.accept(t == null ? "connect failed" : t.getMessage());
            }
        });
    }

    private final class LinkHandler extends ChannelInboundHandlerAdapter {
        private final Events events;

        LinkHandler(Events events) { this.events = events; }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            loop.fileEvent();
            Channel ch = ctx.channel();
            events.connected(new Link() {
                @Override
                public void write(byte[] b) { ch.writeAndFlush(Unpooled.wrappedBuffer(b)); }

                @Override
                public void close() { ch.close(); }

                @Override
                public String localAddress() { return String.valueOf(ch.localAddress()); }
            });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                loop.fileEvent();
                byte[] b = new byte[in.readableBytes()];
                in.readBytes(b);
                events.bytes(b, 0, b.length);
            } finally {
                in.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            loop.fileEvent();
            events.closed("connection closed");
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
