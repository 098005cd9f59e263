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
 * connecting: db 0, RESP2, no name, out of MULTI, WATCH and pub/sub, not authenticated when a
 * password is set. Replies and error texts are Redis 7.0's byte for byte.
 *
 * <p>Difference from the C code: there are no ACL users yet; AUTH checks the {@code default} user
 * against {@code requirepass}, as Redis does when no other user exists.
 */
package io.glassbox.command.connection;
