/**
 * The connection command group: PING, ECHO, QUIT, RESET, HELLO, AUTH, SELECT and CLIENT (Redis's
 * {@code server.c}, {@code networking.c}'s {@code clientCommand}, {@code acl.c} for AUTH).
 *
 * <p>These commands change the client, not the keyspace: its selected database, its protocol
 * (HELLO 3 switches the connection to RESP3, after which maps, sets, doubles and pushes have their
 * own frames), its name, whether it is authenticated, whether replies are sent at all (CLIENT
 * REPLY OFF|SKIP), and what CLIENT LIST shows of it. CLIENT KILL and CLIENT PAUSE reach other
 * clients through the server; CLIENT PAUSE WRITE holds write commands back until the pause ends.
 *
 * <p>Invariants. An unauthenticated client may run only the commands flagged {@code no-auth}
 * (AUTH, HELLO with AUTH, QUIT, RESET...). RESET returns a client to its state right after
 * connecting: db 0, RESP2, no name, out of MULTI, WATCH and pub/sub, the default user, not
 * authenticated when that user needs a password. Replies and error texts are Redis 7.0's byte for byte.
 *
 * <p>AUTH and HELLO AUTH ask the server's {@link io.glassbox.server.AccessControl} (the ACL
 * subsystem, {@code io.glassbox.acl}): on success the client runs as that user; a failure goes
 * into ACL LOG. Both hide their password arguments from SLOWLOG and MONITOR. A bare server without
 * the ACL subsystem knows only the default user, with {@code requirepass} as its password.
 */
package io.glassbox.command.connection;
