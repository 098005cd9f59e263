/**
 * ACL: who may do what (Redis 7.0's {@code acl.c}).
 *
 * <p>A {@link io.glassbox.acl.User} is on or off, has passwords (SHA-256 digests only) and one or
 * more {@link io.glassbox.acl.Selector}s: the root one, written outside parentheses, and any
 * added with {@code (...)}. A selector allows commands (a bitmap indexed by the command ids of
 * the whole Redis 7.0 table, plus first arguments such as {@code +select|0}), keys (glob patterns,
 * each with read and/or write access: {@code ~}, {@code %R~}, {@code %W~}) and Pub/Sub channels
 * ({@code &}). A command runs if one selector allows the command, every key with the access its
 * key spec says the command needs (ACCESS reads; INSERT, DELETE, UPDATE write), and every
 * channel it publishes or subscribes to.
 *
 * <p>Where the checks happen: {@code processCommand} (before a command runs or is queued in
 * MULTI), EXEC (again, for each queued command: rules may have changed), and a script's
 * {@code redis.call} (as the script's caller). Every refusal, and every failed AUTH, goes into the
 * ACL LOG, where an equal refusal within a minute bumps a counter instead of adding an entry.
 *
 * <p>The invariant that keeps it cheap: the core asks {@link io.glassbox.server.AclUser#unrestricted}
 * first, a field the user refreshes after every rule change. The default user of a server nobody
 * configured may do everything, so a command pays one field read for ACL.
 *
 * <p>Rule descriptions (ACL LIST, ACL GETUSER, the ACL file) are rebuilt from the bitmap as Redis
 * rebuilds them ({@code ACLDescribeSelectorCommandRules}): start from {@code +@all} or
 * {@code -@all}, add the category that best fits, repeat, then fix single commands. Redis walks
 * its command dict in hash order for that last step, so the order of single commands in a
 * description varies between Redis runs; Glassbox uses the table's order.
 *
 * <p>Differences from the C code: rules are handled as the Latin-1 text of their bytes (binary
 * safe); the ACL file is read as one string and written through a temporary file and a rename, as
 * in Redis. A module's commands get ACL ids when they are created (after every selector was made:
 * a selector's bitmap grows when a rule names one, and {@code +@all} covers them through
 * ALLCOMMANDS, as in Redis); the {@code module} log context does not exist here.
 */
package io.glassbox.acl;
