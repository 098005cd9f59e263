/**
 * The scripting command group: EVAL, EVALSHA, EVAL_RO, EVALSHA_RO, SCRIPT (Redis's {@code eval.c}),
 * FUNCTION, FCALL and FCALL_RO ({@code functions.c}). This package binds the names and tells the
 * command table where a script call's keys are ({@code argv[3 .. 3+numkeys)}, {@code evalGetKeys});
 * the interpreters, the script cache, the function libraries and the BUSY state are in
 * {@code io.glassbox.scripting}.
 *
 * <p>The idea to look for there: a script is a client that lives inside the server. Its
 * {@code redis.call}s run one after another with nothing in between, which is what makes a script
 * atomic and why a slow script stalls every client. Past {@code busy-reply-threshold} other clients
 * are answered {@code -BUSY} and SCRIPT KILL / FUNCTION KILL can stop a script that has not written.
 *
 * <p>Invariants. EVALSHA runs only what is cached (NOSCRIPT otherwise); only SCRIPT FLUSH empties
 * the cache. The _RO forms refuse a script that writes. Functions are part of the dataset (RDB,
 * replication, FUNCTION DUMP/RESTORE), EVAL scripts are not. Scripts propagate their effects, not
 * themselves: the replica and the AOF receive the commands the script ran, in MULTI/EXEC.
 */
package io.glassbox.command.scripting;
