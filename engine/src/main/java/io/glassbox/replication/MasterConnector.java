package io.glassbox.replication;

/**
 * How a replica reaches its master: the one piece of replication that needs the network library,
 * kept behind this interface so that {@code replication} knows nothing of Netty (the {@code net}
 * package implements it). Every callback runs on the command thread.
 */
public interface MasterConnector {
    /** The open connection to the master. */
    interface Link {
        void write(byte[] b);

        void close();

        /** The local port of this connection, shown by the master as the replica's address. */
        String localAddress();
    }

    /** What happens on the connection. */
    interface Events {
        void connected(Link link);

        void bytes(byte[] b, int off, int len);

        /** The connection failed to open or was closed by either side. */
        void closed(String why);
    }

    /** Starts connecting (connectWithMaster); the outcome arrives through {@code events}. */
    void connect(String host, int port, Events events);
}
