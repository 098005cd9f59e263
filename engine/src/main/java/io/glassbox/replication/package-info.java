/**
 * Master-replica replication: Redis's {@code replication.c}. A master turns its propagated writes
 * into one byte stream; a replica copies the dataset once, then applies that stream and passes it
 * on unchanged to its own replicas.
 *
 * <p>The ideas, in the order a learner meets them. A <em>replication ID</em> names a history and
 * an <em>offset</em> counts the bytes of that history's stream ({@code master_repl_offset}); the pair
 * says exactly how far a node got. The master keeps the last {@code repl-backlog-size} bytes in the
 * <em>backlog</em>, a ring buffer, so a replica whose link broke asks {@code PSYNC replid offset} and,
 * if that offset is still in the ring and the ID is the master's current one (or its previous one up
 * to {@code second_repl_offset}: PSYNC2, after a promotion), gets only what it missed
 * ({@code +CONTINUE}); otherwise a full resync ({@code +FULLRESYNC}: an RDB of the dataset as of one
 * offset, then the stream from that offset). The replica side is a handshake state machine (PING,
 * AUTH, REPLCONF listening-port and capa, PSYNC, the transfer, the load), after which the link is
 * the <em>master client</em>: its commands run like any client's, its replies are dropped, and it
 * is never refused for being read-only. Replicas ack their offset every second
 * ({@code REPLCONF ACK}); WAIT, {@code min-replicas-to-write} and FAILOVER read those acks.
 *
 * <p>Where. {@code Replication} is the facade (what the engine, the commands, the hooks and the
 * core's {@code ReplicationRole} call); behind it the file is split by role: {@code ReplicationIds}
 * (the IDs, offsets and backlog both roles share), {@code MasterSide} (feed, SYNC/PSYNC, REPLCONF,
 * WAIT), {@code Failover}, {@code ReplicaLink} (REPLICAOF, the handshake, the cached master, acks),
 * {@code ReplicaTransfer} (reading and loading a full sync's RDB) and {@code ReplicationReport}
 * (INFO, ROLE, the snapshot). What the package needs of the server is {@code Replication.Host};
 * it never sees {@code Server}.
 *
 * <p>Invariants. The backlog holds exactly the last {@code histlen <= size} bytes of the stream,
 * ending at {@code master_repl_offset}. A replica's offset moves by the bytes of each command it
 * applied, never by bytes it only received, so a chain of replicas sees the master's stream
 * verbatim and all agree on offsets. A replica whose link breaks keeps the master's ID and its
 * offset (the cached master) so that the next handshake can try a partial resync.
 *
 * <p>Bounds. A partial resync sends {@code offset..master_repl_offset}, at most the backlog's size.
 * Feeding a write costs one append to the ring plus one per online replica.
 *
 * <p>Differences from the C code. There is no fork: the RDB of a full resync is written into memory
 * on the command thread (a stall proportional to the dataset) and sent with a {@code $len} prefix,
 * so the dataset sent is exactly the one at the offset of {@code +FULLRESYNC}. Replicas read both
 * that form and Redis's diskless {@code $EOF:<mark>} form. The backlog is the classic ring of Redis
 * 2.8 to 6.2 rather than 7.0's list of shared reply blocks: the same contract, easier to draw. The
 * socket half (connecting to the master) is behind {@link io.glassbox.replication.MasterConnector},
 * implemented by {@code io.glassbox.net}, so this package knows nothing of Netty.
 */
package io.glassbox.replication;
