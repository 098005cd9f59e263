/**
 * The transactions command group: MULTI, EXEC, DISCARD, WATCH, UNWATCH (Redis's {@code multi.c}).
 * This package only binds the names: the state and the work live in {@link io.glassbox.server.Multi},
 * because EXEC runs the queued commands through the server's {@code call}, as Redis's
 * {@code execCommand} does.
 *
 * <p>The ideas to look for there. A transaction is a queue, not a lock: after MULTI commands are
 * checked and queued ({@code +QUEUED}), and EXEC runs the queue in one go on the one command thread,
 * so nothing runs in between. A queueing error (unknown command, wrong arity) aborts EXEC
 * ({@code -EXECABORT}); a runtime error (WRONGTYPE) is only that command's reply, and there is no
 * rollback. WATCH is optimistic locking: any write to a watched key, its expiry included, marks the
 * watchers, and their EXEC answers a null array and runs nothing.
 *
 * <p>Bounds: EXEC is the sum of its commands; WATCH costs one entry per watched key and client, and
 * a write to a watched key marks its watchers in O(watchers). A transaction's effects reach the AOF
 * and the replicas wrapped in MULTI/EXEC, so they apply atomically there too.
 */
package io.glassbox.command.transactions;
