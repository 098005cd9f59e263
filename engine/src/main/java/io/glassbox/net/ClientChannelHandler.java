package io.glassbox.net;

import io.glassbox.loop.EventLoop;
import io.glassbox.server.Client;
import io.glassbox.server.Server;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.unix.UnixChannel;

/**
 * One client connection's events (readQueryFromClient and freeClient in Redis): a read copies the
 * bytes into the client's query buffer and lets the server run every complete command; a close
 * frees the client. Runs on the command thread. With threaded reads on, the bytes are kept for an
 * I/O thread instead (readQueryFromClient's postponeClientRead).
 */
final class ClientChannelHandler extends ChannelInboundHandlerAdapter {
    private final Server server;
    private final EventLoop loop;
    private Client client;
    private NettyConnection connection;
    /** The server's socket path when this client came in on the Unix domain socket, else null. */
    private final String unixSocket;

    ClientChannelHandler(Server server, EventLoop loop) {
        this(server, loop, null);
    }

    ClientChannelHandler(Server server, EventLoop loop, String unixSocket) {
        this.server = server;
        this.loop = loop;
        this.unixSocket = unixSocket;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        int fd = ctx.channel() instanceof UnixChannel u ? u.fd().intValue() : -2;
        loop.fileEvent();
        connection = new NettyConnection(ctx, fd, unixSocket);
        client = server.acceptClient(connection);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            if (client == null || client.isClosed()) return;
            loop.fileEvent();
            if (server.postponeClientRead(client)) { // an I/O thread copies and parses it in beforeSleep
                connection.postpone(in.retain());
                return;
            }
            int n = in.readableBytes();
            byte[] buf = client.parser.reserve(n);
            in.readBytes(buf, client.parser.writeIndex(), n);
            client.parser.advanceWrite(n);
            server.onInput(client, n);
        } finally {
            in.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (client != null) server.freeClient(client);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A peer that resets the connection is not the server's problem: close quietly, as Redis
        // does on a read error ("Client closed connection" at verbose level).
        if (cause instanceof java.io.IOException) {
            server.log("verbose", "Client connection error: " + cause.getMessage());
        } else {
            java.io.StringWriter trace = new java.io.StringWriter();
            cause.printStackTrace(new java.io.PrintWriter(trace));
            server.log("warning", "Unexpected error serving a client, closing it: " + trace);
        }
        ctx.close();
    }
}
