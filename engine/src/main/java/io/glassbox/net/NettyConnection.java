package io.glassbox.net;

import io.glassbox.server.Connection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * A TCP or Unix domain socket client's {@link Connection}: writes go to the Netty channel, on the
 * loop thread.
 */
final class NettyConnection implements Connection {
    private final ChannelHandlerContext ctx;
    private final int fd;
    /** The server's socket path for a Unix domain socket client, else null. */
    private final String unixSocket;

    NettyConnection(ChannelHandlerContext ctx, int fd, String unixSocket) {
        this.ctx = ctx;
        this.fd = fd;
        this.unixSocket = unixSocket;
    }

    @Override
    public void write(byte[] buf, int off, int len) {
        ByteBuf out = ctx.alloc().directBuffer(len);
        out.writeBytes(buf, off, len);
        ctx.writeAndFlush(out, ctx.voidPromise());
    }

    @Override
    public void close() {
        // Close once what was already written has gone out (CLIENT_CLOSE_AFTER_REPLY).
        if (ctx.channel().isActive()) ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /** Netty's outbound queue: what {@code write} queued and the socket has not accepted yet. */
    @Override
    public long pendingOutputBytes() {
        ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
        return out == null ? 0 : out.totalPendingWriteBytes();
    }

    @Override
    public int pendingOutputBlocks() {
        ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
        return out == null ? 0 : out.size();
    }

    /** Netty's close fails (and releases) the queued writes instead of waiting for them. */
    @Override
    public void closeNow() { ctx.channel().close(); }

    @Override
    public String remoteAddress() { return unixSocket != null ? unixSocket + ":0" : format(ctx.channel().remoteAddress()); }

    /** genClientAddrString: a Unix socket client's both addresses are the server's socket path, port 0. */
    @Override
    public String localAddress() { return unixSocket != null ? unixSocket + ":0" : format(ctx.channel().localAddress()); }

    @Override
    public boolean isUnixSocket() { return unixSocket != null; }

    /** islocalClient: a Unix socket client is local, as a loopback one is. */
    @Override
    public boolean isLoopback() {
        if (unixSocket != null) return true;
        SocketAddress a = ctx.channel().remoteAddress();
        return a instanceof InetSocketAddress i && i.getAddress() != null && i.getAddress().isLoopbackAddress();
    }

    @Override
    public int fd() { return fd; }

    @Override
    public boolean writable() { return ctx.channel().isActive() && ctx.channel().isWritable(); }

    static String format(SocketAddress a) {
        if (a instanceof InetSocketAddress i) {
            String host = i.getAddress() != null ? i.getAddress().getHostAddress() : i.getHostString();
            int pct = host.indexOf('%');
            if (pct >= 0) host = host.substring(0, pct);
            return host + ":" + i.getPort();
        }
        return String.valueOf(a);
    }
}
