/**
 * Redis Sentinel ({@code sentinel.c}): monitoring and automatic failover of Redis masters, in a
 * Glassbox engine started with {@code --sentinel} (or as {@code redis-sentinel}).
 *
 * <p>A Sentinel is a Redis server with a different command table and one more timer. Ten times a
 * second ({@link io.glassbox.sentinel.Sentinel#timer}) it walks the masters it monitors, their
 * replicas (found in the master's INFO) and the other Sentinels (found through the
 * {@code __sentinel__:hello} channel of every monitored instance). To each it keeps a command
 * connection, and to masters and replicas also a Pub/Sub one ({@link io.glassbox.sentinel.InstanceLink}):
 * PING every second, INFO every ten, a hello every two.
 *
 * <p>Why a quorum and then a majority: one Sentinel's silence timer (SDOWN) can be its own network's
 * fault, so {@code quorum} Sentinels must agree before the master is objectively down (ODOWN);
 * but agreement on "down" is not permission to act. The Sentinel that starts the failover must be
 * elected, by a majority of all Sentinels it knows, for a new epoch, each Sentinel voting once per
 * epoch (a Raft-like election without logs; {@link io.glassbox.sentinel.SentinelFailover}). The
 * winner promotes a replica and stamps the new configuration with the epoch; the hello messages
 * carry it, and every Sentinel adopts the configuration with the greatest epoch. So two
 * failovers never win one epoch, and the last winner's view is the one all converge to.
 *
 * <p>Everything runs on the engine's command thread, like Redis's single-threaded Sentinel; the
 * outbound connections come from the {@code net} layer through {@link io.glassbox.sentinel.Sentinel.Host}.
 * The C statics that SENTINEL DEBUG changes are fields of each Sentinel, so several Sentinels share
 * one JVM for a lesson or a test. The notification and client-reconfig scripts run as child
 * processes polled from the timer ({@link io.glassbox.sentinel.SentinelScripts}). Not built: TLS links.
 */
package io.glassbox.sentinel;
