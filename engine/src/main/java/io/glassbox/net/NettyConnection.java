package io.glassbox.net;

import io.glassbox.server.Connection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;

import io.glassbox.resp.RequestParser;
import io.netty.channel.unix.UnixChannel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * A TCP or Unix domain socket client's {@link Connection}: writes go to the Netty channel, on the
 * loop thread. With threaded I/O (see {@code server/ThreadedIO}) an I/O thread may also take the
 * bytes Netty read ({@link #readPostponed}) and call write(2) on the socket's descriptor itself
 * ({@link #writeFromIoThread}), while the loop thread waits for it and so leaves the channel alone.
 */
final class NettyConnection implements Connection {
    private final ChannelHandlerContext ctx;
    private final int fd;
    /** The server's socket path for a Unix domain socket client, else null. */
    private final String unixSocket;

    /**
     * What Netty read while the read is postponed for an I/O thread (clients_pending_read): touched
     * by the loop thread, and by one I/O thread while the loop thread waits for it.
     */
    private final ArrayDeque<ByteBuf> postponed = new ArrayDeque<>();

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

    /** Keeps a buffer Netty read until an I/O thread copies it (the handler retains it for us). */
    void postpone(ByteBuf in) { postponed.add(in); }

    @Override
    public boolean canPostponeRead() { return true; }

    @Override
    public int readPostponed(RequestParser into) {
        int total = 0;
        for (ByteBuf b; (b = postponed.poll()) != null; ) {
            try {
                int n = b.readableBytes();
                byte[] buf = into.reserve(n);
                b.readBytes(buf, into.writeIndex(), n);
                into.advanceWrite(n);
                total += n;
            } finally {
                b.release();
            }
        }
        return total;
    }

    @Override
    public void dropPostponed() {
        for (ByteBuf b; (b = postponed.poll()) != null; ) b.release();
    }

    /** Only the epoll transport gives a descriptor to write to; the NIO one keeps writes on the loop. */
    @Override
    public boolean canWriteFromIoThread() {
        return ctx.channel() instanceof UnixChannel && ctx.channel().isActive() && pendingOutputBytes() == 0;
    }

    @Override
    public int writeFromIoThread(byte[] buf, int off, int len, ByteBuffer scratch) {
        io.netty.channel.unix.FileDescriptor fd = ((UnixChannel) ctx.channel()).fd();
        int written = 0;
        try {
            while (written < len) {
                int chunk = Math.min(len - written, scratch.capacity());
                scratch.clear();
                scratch.put(buf, off + written, chunk);
                int n = fd.write(scratch, 0, chunk);
                written += n;
                if (n < chunk) break; // the socket is full (EAGAIN): the rest waits for the write handler
            }
            return written;
        } catch (IOException e) {
            return written > 0 ? written : -1;
        }
    }

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
