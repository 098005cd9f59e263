/**
 * The server command group of redis.io, as far as it is the core's: COMMAND, CONFIG, INFO, SLOWLOG,
 * DEBUG, DBSIZE, TIME, MONITOR, SHUTDOWN. Each family has its own class, as each has its own home in
 * Redis: {@code server.c} (COMMAND, INFO), {@code config.c}, {@code slowlog.c}, {@code debug.c}.
 * The server commands that belong to a subsystem live with it, as in Redis's source: SAVE, BGSAVE,
 * LASTSAVE, BGREWRITEAOF, DUMP and RESTORE in {@code io.glassbox.persistence} ({@code rdb.c},
 * {@code aof.c}), REPLICAOF, REPLCONF, PSYNC, SYNC, ROLE, WAIT and FAILOVER in
 * {@code io.glassbox.replication}, Glassbox's own {@code GLASSBOX.*} in {@code io.glassbox.hooks.remote}.
 *
 * <p>These commands read or steer the server rather than the data, so they are thin: they parse the
 * arguments with Redis's error texts and call what does the work (the config registry, the slow
 * log; INFO's persistence, replication and scripting lines and DEBUG RELOAD come from the
 * subsystems through the server's narrow interfaces). The exception is what is derived from the one
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
 * stall the loop as in Redis; SHUTDOWN saves synchronously when asked to.
 */
package io.glassbox.command.server;
