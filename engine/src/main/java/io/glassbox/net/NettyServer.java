package io.glassbox.net;

import io.glassbox.loop.EventLoop;
import io.glassbox.server.Server;
import io.glassbox.server.ServerSettings;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Listens on {@code bind} x {@code port} (listenToPort in Redis). Accepting and serving happen on
 * the loop's one thread. Redis's default {@code bind * -::*} means "every IPv4 address, and every
 * IPv6 address if the machine has IPv6": an address starting with '-' is optional.
 */
public final class NettyServer implements AutoCloseable {
    private final List<Channel> listeners = new ArrayList<>();
    private int boundPort;
    /** The addresses listened on, as bound (0.0.0.0 for *). */
    private final List<String> boundHosts = new ArrayList<>();
    /** How a listener is made, kept for CONFIG SET port/bind ({@link #relisten}). */
    private ServerBootstrap bootstrap;
    /** The Unix domain socket listened on ({@code unixsocket}), or null; its file is removed on close. */
    private Channel unixListener;
    private String unixPath;
    private Server server;

    /** Thrown when a listening socket cannot be created; carries Redis's warning text. */
    public static final class BindException extends Exception {
        public BindException(String message) { super(message); }
    }

    public void start(Server server, EventLoop loop) throws BindException {
        this.server = server;
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
        bootstrap = b;
        listenTcp(s);
        String unix = server.config().string("unixsocket").get();
        if (unix != null && !unix.isEmpty()) {
            try {
                listenUnix(server, loop, unix, (int) server.config().numeric("unixsocketperm").get());
            } catch (BindException e) {
                close();
                throw e;
            }
        }
        // initServer: nothing to listen on is fatal, except port 0 with the default bind, the
        // in-process engine's way of having no listener at all
        if (listeners.isEmpty() && unixListener == null && s.port != 0) {
            throw new BindException("Configured to not listen anywhere, exiting.");
        }
    }

    /** listenToPort: every address of {@code bind} on {@code port}; an empty bind is no TCP listener. */
    private void listenTcp(ServerSettings s) throws BindException {
        ServerBootstrap b = bootstrap;
        int port = s.port;
        if (port == 0) return; // port 0: no TCP listener, as in Redis
        if (s.bind.isBlank()) return;
        for (String addr : s.bind.trim().split("\\s+")) {
            boolean optional = addr.startsWith("-");
            String host = optional ? addr.substring(1) : addr;
            String bindHost = host.equals("*") ? "0.0.0.0" : host.equals("::*") ? "::" : host;
            try {
                Channel ch = b.bind(bindHost, port).sync().channel();
                listeners.add(ch);
                boundHosts.add(bindHost);
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

    /**
     * The Unix domain socket of initServer (anetUnixServer): a stale file at the path is removed
     * first, the socket's file gets {@code unixsocketperm} when that is not 0, and its clients are
     * served as TCP clients are (CLIENT LIST shows them as "path:0", flag U). Netty's epoll
     * transport has domain sockets; without it (not Linux) the socket cannot be opened.
     */
    private void listenUnix(Server server, EventLoop loop, String path, int perm) throws BindException {
        // sockaddr_un's sun_path holds 108 bytes, the last one a NUL
        int len = path.getBytes(StandardCharsets.UTF_8).length;
        if (len > 107) {
            throw new BindException("Failed opening Unix socket: unix socket path too long (" + len + "), must be under 108");
        }
        if (!loop.usesEpoll()) {
            throw new BindException("Failed opening Unix socket: Unix domain sockets need Netty's epoll transport (Linux)");
        }
        try {
            Files.deleteIfExists(Path.of(path)); // unlink: "don't care if this fails"
        } catch (java.io.IOException | RuntimeException ignored) {
            // the bind below says what is wrong with the path
        }
        ServerBootstrap ub = new ServerBootstrap()
                .group(loop.group())
                .channel(EpollServerDomainSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 511)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new ClientChannelHandler(server, loop, path));
                    }
                });
        try {
            unixListener = ub.bind(new DomainSocketAddress(path)).sync().channel();
        } catch (Exception e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            int failed = why.indexOf("failed: "); // Netty's "bind(..) failed: <strerror>"
            if (failed >= 0) why = why.substring(failed + "failed: ".length());
            throw new BindException("Failed opening Unix socket: bind: " + why);
        }
        unixPath = path;
        if (perm != 0) {
            try {
                Files.setPosixFilePermissions(Path.of(path), permissions(perm));
            } catch (java.io.IOException | RuntimeException ignored) {
                // anetListen does not check chmod's result either
            }
        }
    }

    /** An octal mode's low nine bits as Java's permission set (chmod). */
    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < 9; bit++) if ((mode & (1 << bit)) != 0) set.add(order[bit]);
        return set;
    }

    /** The Unix domain socket's path if one is listened on, else null. */
    public String unixSocket() { return unixListener == null ? null : unixPath; }

    public int port() { return boundPort; }

    /**
     * CONFIG SET port / bind (changeListenPort, changeBindAddr): as Redis does, the old listeners are
     * closed, the new addresses bound, and if a required one cannot be, the old listeners come back
     * and {@link BindException} says so. Runs on the command thread, which is also the loop's: each
     * address is first claimed with a plain socket (a synchronous answer for CONFIG SET), then
     * handed to Netty, whose bind completes on this same thread right after the command.
     * Connections already open are not touched.
     */
    public void relisten(String bind, int port) throws BindException {
        if (bootstrap == null) return;
        List<String> oldHosts = new ArrayList<>(boundHosts);
        int oldPort = boundPort;
        for (Channel ch : listeners) ch.close(); // on the loop's thread: closed at once
        listeners.clear();
        boundHosts.clear();
        List<String> hosts;
        try {
            hosts = port == 0 ? List.of() : probe(bind, port);
        } catch (BindException e) {
            listen(oldHosts, oldPort);
            throw e;
        }
        listen(hosts, port);
    }

    /** Binds each address for a moment with a plain socket: the hosts that can be listened on, or why not. */
    private static List<String> probe(String bind, int port) throws BindException {
        List<String> hosts = new ArrayList<>();
        for (String addr : bind.isBlank() ? new String[0] : bind.trim().split("\\s+")) {
            boolean optional = addr.startsWith("-");
            String host = optional ? addr.substring(1) : addr;
            String bindHost = host.equals("*") ? "0.0.0.0" : host.equals("::*") ? "::" : host;
            try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new java.net.InetSocketAddress(bindHost, port));
                hosts.add(bindHost);
            } catch (java.io.IOException | IllegalArgumentException | SecurityException e) {
                if (optional || (host.equals("::*") && !hosts.isEmpty())) continue;
                throw new BindException("Could not create server TCP listening socket " + host + ":" + port + ": bind: " + e.getMessage());
            }
        }
        // an empty bind is no TCP listener at all (CONFIG SET bind ""), not an error
        if (hosts.isEmpty() && !bind.isBlank()) throw new BindException("Failed listening on port " + port + " (TCP)");
        return hosts;
    }

    private void listen(List<String> hosts, int port) {
        boundPort = port;
        for (String host : hosts) {
            boundHosts.add(host);
            bootstrap.bind(host, port).addListener((io.netty.channel.ChannelFuture f) -> {
                if (f.isSuccess()) listeners.add(f.channel());
            });
        }
    }

    @Override
    public void close() { closeListeningSockets(true); }

    /**
     * closeListeningSockets(1), from finishShutdown on the command thread (which must not wait on
     * itself): a client that tries to connect to a server about to exit is refused.
     */
    public void closeListeningSockets() { closeListeningSockets(false); }

    private void closeListeningSockets(boolean sync) {
        for (Channel ch : listeners) {
            io.netty.channel.ChannelFuture f = ch.close();
            if (sync) f.syncUninterruptibly();
        }
        listeners.clear();
        // on shutdown the socket's file goes with it
        if (unixListener != null) {
            io.netty.channel.ChannelFuture f = unixListener.close();
            if (sync) f.syncUninterruptibly();
            unixListener = null;
            if (server != null) server.log("notice", "Removing the unix socket file.");
            try {
                Files.deleteIfExists(Path.of(unixPath));
            } catch (java.io.IOException | RuntimeException e) {
                if (server != null) server.log("warning", "Error removing the unix socket file: " + e.getMessage());
            }
        }
    }
}
