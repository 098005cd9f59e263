package io.glassbox.hooks;

/**
 * One step of an engine's start, in the order {@code main()} in server.c takes them, with when it
 * began and how long it took ({@link System#nanoTime}). Recorded by the engine while it starts
 * (nobody can subscribe to an engine that does not exist yet), read with
 * {@code Engine.startup()}. What {@code count} and {@code detail} hold depends on the step:
 * <ul>
 *   <li>{@code initServerConfig}: the configuration parameters set to their defaults;</li>
 *   <li>{@code loadServerConfig}: the options read from the command line (and redis.conf, the
 *       first argument if it names one), all of them as {@code detail};</li>
 *   <li>{@code initServer}: the databases created (server.db);</li>
 *   <li>{@code listenToPort}: the TCP port bound (0: none), the bind addresses as {@code detail};</li>
 *   <li>{@code ACLLoadUsersAtStartup}: the {@code user} lines of the configuration;</li>
 *   <li>{@code InitServerLast}: background threads already running (bioInit);</li>
 *   <li>{@code loadDataFromDisk}: the keys in the keyspace after loading; {@code detail} the file
 *       read ({@code appenddirname/appendfilename.manifest} with appendonly yes, else
 *       {@code dbfilename}), or "" if there was none;</li>
 *   <li>{@code aeMain}: the cron's frequency (hz) the loop starts with.</li>
 * </ul>
 * The first two are recorded only when the engine read the configuration itself
 * ({@code Engine.start(String...)}); a launcher that loads redis.conf first has done them.
 */
public record StartupPhase(String function, long startNanos, long durationNanos, long count, String detail) {}
