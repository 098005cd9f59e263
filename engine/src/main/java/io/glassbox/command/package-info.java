/**
 * The command table: every command's metadata and its implementation, looked up by name. Redis's
 * {@code server.commands}, {@code populateCommandTable}, {@code lookupCommand} and the
 * {@code src/commands/*.json} descriptions.
 *
 * <p>Redis describes each command exactly once (arity, flags, key positions, ACL categories,
 * arguments, complexity, since) and derives arity checks, {@code COMMAND INFO}, {@code COMMAND DOCS}
 * and key extraction from that description. Glassbox does the same and goes one step further: the
 * description <em>is</em> Redis 7.0's own, read at start-up from the replies real Redis gives to
 * {@code COMMAND} and {@code COMMAND DOCS} (resources {@code redis-7.0-command-info.resp3} and
 * {@code redis-7.0-command-docs.resp3}), so Glassbox's metadata cannot drift from Redis's.
 *
 * <p>Invariants. Only commands Glassbox implements are registered (and so listed by COMMAND): each
 * command family binds its handlers by name in one place, and {@link io.glassbox.command.Commands}
 * is the one list of families (no classpath scanning). A handler
 * ({@link io.glassbox.command.CommandHandler}, Redis's {@code void xxxCommand(client *c)}) reads the
 * client's argv, works on its database and writes exactly one reply; arity, auth and the other
 * checks of {@code processCommand} have run before it is called. Lookup is by the raw bytes of
 * argv[0], case-insensitively and without allocating, since it runs for every command.
 *
 * <p>Implementations live in sub-packages named after Redis's command groups, one class per family,
 * as Redis's {@code t_*.c} files: {@code string}, {@code list}, {@code hash}, {@code set},
 * {@code zset}, {@code stream}, {@code bitops}, {@code hyperloglog}, {@code geo}, {@code generic}
 * (keys), {@code sort}, {@code pubsub}, {@code transactions}, {@code scripting}, {@code connection},
 * {@code server}. They know the server core ({@code io.glassbox.server}), as the {@code t_*.c}
 * files know {@code server.h}, and nothing of Netty.
 */
package io.glassbox.command;
