/**
 * Redis Cluster: Redis 7.0's {@code cluster.c}, so that Glassbox nodes and real Redis nodes form one
 * cluster.
 *
 * <p>The key space is cut into 16384 hash slots ({@code util/HashSlot}: CRC16 of the key, or of its
 * {hash tag}); each slot belongs to one master, and each node knows the owner of every slot. A
 * command whose keys hash to a slot another node serves is answered {@code -MOVED slot ip:port}
 * ({@link io.glassbox.cluster.Redirection}, called from processCommand through
 * {@link io.glassbox.server.ClusterRouting}); a slot being migrated answers {@code -ASK} for the keys
 * already gone, and the target serves those only to a client that said ASKING.
 *
 * <p>There is no coordinator. Every node keeps its own table ({@link io.glassbox.cluster.Cluster}:
 * nodes, flags, slots, epochs; saved in nodes.conf by {@link io.glassbox.cluster.NodesConfig}) and
 * talks to every other over the cluster bus on port+10000 ({@link io.glassbox.cluster.ClusterBus},
 * the sockets in {@code net/NettyClusterBus}). A PING or PONG ({@link io.glassbox.cluster.ClusterMsg},
 * Redis's binary header byte for byte) carries the sender's slots and epochs and a gossip section
 * about a few other nodes: that is how a new node is learnt, how a node silent for
 * cluster-node-timeout goes from PFAIL to FAIL once most masters report it, and how slot ownership
 * converges (the claim with the greater config epoch wins). When a master fails its replica runs an
 * election ({@link io.glassbox.cluster.Failover}): a new epoch, the masters' votes, the slots.
 *
 * <p>{@link io.glassbox.cluster.ClusterListener} is what the hooks hear: gossip with who told whom
 * about whom, PFAIL/FAIL, epochs, slot states, redirections. See {@code docs/cluster.md}.
 */
package io.glassbox.cluster;
