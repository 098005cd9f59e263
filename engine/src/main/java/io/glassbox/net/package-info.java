/**
 * Sockets: the only package that knows Netty's channels. Redis's {@code anet.c} (listening,
 * {@code TCP_NODELAY}, keepalive) and the socket half of {@code networking.c}
 * ({@code acceptTcpHandler}, {@code readQueryFromClient}, {@code writeToClient}, {@code freeClient}),
 * and the replica's socket to its master ({@code connectWithMaster}).
 *
 * <p>It accepts connections on the configured {@code bind} addresses and port (an address written
 * {@code -addr} is optional, so the default {@code * -::*} works without IPv6), copies the bytes
 * each read brings into the client's query buffer, lets the server run every complete command, and
 * writes the reply bytes the server hands it. A close frees the client.
 *
 * <p>Invariants. Channels run on the loop's single thread, so reading a socket and running its
 * commands happen on the same thread, one after the other, as in Redis. Nothing above this package
 * sees a channel: the server sees a {@code Connection}, replication a {@code MasterConnector}.
 * A peer that resets its connection is logged at verbose level and closed, never thrown at anyone.
 *
 * <p>Bounds: one read copies what Netty read (at most its receive buffer) into the query buffer;
 * the server, not this package, limits the query buffer ({@code client-query-buffer-limit}).
 *
 * <p>Difference from the C code: Netty chooses the read size and batches reads per loop turn, where
 * Redis reads 16 KB ({@code PROTO_IOBUF_LEN}) per read event, more only for a big bulk argument; a write goes out with
 * {@code writeAndFlush} once per tick per client, Redis's {@code handleClientsWithPendingWrites}.
 */
package io.glassbox.net;
