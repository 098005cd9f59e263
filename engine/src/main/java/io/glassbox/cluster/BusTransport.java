package io.glassbox.cluster;

import java.util.List;
import java.util.function.Function;

/**
 * The cluster bus's sockets, the one piece of the cluster that needs the network library: the
 * {@code net} package implements it over Netty on the engine's loop, so every callback runs on the
 * command thread, as Redis's clusterAcceptHandler and clusterReadHandler run in its event loop.
 */
public interface BusTransport {
    /** One TCP connection of the bus. */
    interface Link {
        void write(byte[] b);

        void close();

        /** Our address on this connection (connSockName: how the peer reached us). */
        String localIp();

        /** The peer's address (connPeerToString). */
        String remoteIp();
    }

    /** What happens on a connection. */
    interface Events {
        void connected(Link link);

        void bytes(byte[] b, int off, int len);

        /** The connection failed to open or was closed by either side. */
        void closed(String why);
    }

    /**
     * Listens on the bus port on every bind address; {@code acceptor} gives each accepted
     * connection its events. Throws with Redis's words if the port cannot be bound.
     */
    void listen(List<String> bindAddresses, int port, Function<Link, Events> acceptor) throws BindFailed;

    /** Starts connecting (connConnect); the outcome arrives through {@code events}. */
    void connect(String host, int port, Events events);

    /** Closes the listeners (closeListeningSockets). */
    void close();

    final class BindFailed extends Exception {
        public BindFailed(String message) { super(message); }
    }

    /** No sockets: nodes of a unit test that drive the bus by hand. */
    BusTransport NONE = new BusTransport() {
        @Override public void listen(List<String> bindAddresses, int port, Function<Link, Events> acceptor) { }
        @Override public void connect(String host, int port, Events events) { events.closed("no transport"); }
        @Override public void close() { }
    };
}
