/**
 * The server command group of redis.io: COMMAND, CONFIG, INFO, SLOWLOG, DEBUG, DBSIZE, TIME,
 * MONITOR, SAVE, BGSAVE, LASTSAVE, the replication commands (REPLICAOF, REPLCONF, PSYNC, SYNC, ROLE,
 * WAIT, FAILOVER), and Glassbox's own {@code GLASSBOX.*} commands. Each family has its own class, as
 * each has its own home in Redis: {@code server.c} (COMMAND, INFO), {@code config.c},
 * {@code slowlog.c}, {@code debug.c}, {@code rdb.c}, {@code replication.c}.
 *
 * <p>These commands read or steer the server rather than the data, so they are thin: they parse the
 * arguments with Redis's error texts and call the subsystem that does the work (the config registry,
 * RDB persistence, replication, the slow log). The exception is what is derived from the one
 * metadata source, the command table: COMMAND INFO and COMMAND DOCS replay the entries Redis 7.0
 * itself returns, COMMAND GETKEYS evaluates the same key specs the table uses, and only implemented
 * commands are listed, so a client library never plans on one that would fail.
 *
 * <p>Invariants. INFO reports only what exists (no zero-filled sections for missing subsystems, no
 * allocator fields of C); its memory figures are the JVM's. DEBUG is refused unless
 * {@code enable-debug-command} allows it. DEBUG DIGEST gives the same SHA1 as Redis for the same
 * data, so a dataset can be compared across the two servers.
 *
 * <p>Bounds: INFO, COMMAND and CONFIG GET are O(what they list); DEBUG DIGEST and SAVE are O(N) and
 * stall the loop as in Redis; BGSAVE starts at once and does its work in 1 ms slices.
 */
package io.glassbox.command.server;
