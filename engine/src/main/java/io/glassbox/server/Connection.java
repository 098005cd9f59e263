package io.glassbox.server;

/**
 * Where a client's reply bytes go and where it came from: a TCP socket (the {@code net} package)
 * or an in-process caller (the REPL, tests, an embedding application). Commands never see it.
 */
public interface Connection {
    /** Sends bytes; called on the command thread in the loop's before-sleep step. */
    void write(byte[] buf, int off, int len);

    /** Closes the connection (after pending writes, if any). */
    void close();

    /** "ip:port" of the peer, as CLIENT LIST's addr. */
    String remoteAddress();

    /** "ip:port" of the local side, as CLIENT LIST's laddr. */
    String localAddress();

    /** True if the peer is on the loopback interface (protected mode lets only these in). */
    boolean isLoopback();

    /** True for a client of the Unix domain socket ({@code unixsocket}; CLIENT LIST's flag U). */
    default boolean isUnixSocket() { return false; }

    /**
     * False while the peer is not reading fast enough (the socket's outbound buffer is over its high
     * water mark): a writer that must not grow memory (a GLASSBOX.EVENTS stream) drops instead.
     */
    default boolean writable() { return true; }

    /**
     * Reply bytes handed to the connection that the peer has not taken yet (a socket's outbound
     * queue, which grows while the peer does not read): part of the client's output buffer memory,
     * as the unsent blocks of Redis's reply list are. Includes the queue's own per-block overhead.
     */
    default long pendingOutputBytes() { return 0; }

    /** How many separate blocks those bytes are queued in (CLIENT LIST's oll). */
    default int pendingOutputBlocks() { return 0; }

    /**
     * Closes the connection now, dropping what was not sent yet (freeClient closing the socket
     * while its reply list is discarded): for a client closed because it does not read.
     */
    default void closeNow() { close(); }

    /** A file-descriptor-like number for CLIENT LIST's fd; -1 for in-process clients. */
    default int fd() { return -1; }

    // ---------------------------------------------------------------- threaded I/O (see ThreadedIO)

    /**
     * Keeps bytes the socket delivered without copying them into the query buffer: an I/O thread
     * will (postponeClientRead). Only a connection whose bytes arrive by its own socket reads does.
     */
    default boolean canPostponeRead() { return false; }

    /**
     * Moves the bytes kept by a postponed read into the query buffer and returns how many: the read
     * half of readQueryFromClient, run by an I/O thread while the command thread waits.
     */
    default int readPostponed(io.glassbox.resp.RequestParser into) { return 0; }

    /** Drops the bytes kept by postponed reads (freeClient of a client in clients_pending_read). */
    default void dropPostponed() { }

    /**
     * True if an I/O thread may write this connection's replies itself ({@link #writeFromIoThread})
     * now: a socket with nothing queued before them, so bytes cannot overtake each other.
     */
    default boolean canWriteFromIoThread() { return false; }

    /**
     * write(2) from an I/O thread while the command thread waits (writeToClient): as many bytes as
     * the socket takes now, through {@code scratch} (a direct buffer the thread owns). Returns the
     * count, 0 if the socket is full, -1 if the connection failed.
     */
    default int writeFromIoThread(byte[] buf, int off, int len, java.nio.ByteBuffer scratch) { return -1; }
}
