/**
 * The command table: every command's metadata and its implementation, looked up by name.
 *
 * <p>Redis describes each command exactly once (its {@code src/commands/*.json}: arity, flags,
 * key positions, ACL categories, arguments, complexity, since) and derives arity checks,
 * {@code COMMAND INFO}, {@code COMMAND DOCS} and key extraction from that description. Glassbox
 * does the same and goes one step further: the description <em>is</em> Redis 7.0's own, read at
 * start-up from the replies real Redis gives to {@code COMMAND} and {@code COMMAND DOCS}
 * (resources {@code redis-7.0-command-info.resp3} and {@code redis-7.0-command-docs.resp3}), so
 * Glassbox's metadata cannot drift from Redis's. Only commands that Glassbox implements are
 * registered (and so listed by COMMAND): a command family binds its handlers by name in one place.
 *
 * <p>Implementations live in sub-packages named after Redis's command groups
 * ({@code string}, {@code generic} for keys, {@code connection}, {@code server}), one class per
 * family, as Redis's {@code t_string.c}, {@code db.c}, ...
 */
package io.glassbox.command;
