/**
 * Background jobs: Redis's {@code bio.c}, one queue and one thread per kind of job.
 *
 * <p>Redis's command thread hands three kinds of slow, side-effect-only work to background threads
 * so that it never waits for them: closing a file whose unlink would block ({@code BIO_CLOSE_FILE}),
 * fsyncing the AOF ({@code BIO_AOF_FSYNC}), and freeing big values ({@code BIO_LAZY_FREE}). A job
 * is a function and its arguments; the producer appends it to the kind's list under a mutex and
 * signals a condition variable; the kind's thread pops jobs in order, one at a time, and runs them.
 * {@link io.glassbox.bio.Bio} is that, with a {@code LinkedBlockingQueue} as the list, the mutex and
 * the condition together. Only the lazy-free kind is used so far (the AOF keeps its own thread for
 * its fsyncs and history files); its thread is named as Redis names it, {@code bio_lazy_free}.
 *
 * <h2>Where it sits in the layers</h2>
 * {@code bio.c} knows nothing of objects, databases or clients: it runs functions it is given. So
 * it sits in the lowest layer, beside the event loop ({@code loop}, Redis's {@code ae.c}), and
 * {@code db} (whose {@code LazyFree} is {@code lazyfree.c}, called from {@code db.c}'s deletes and
 * flushes) uses it from above. Nothing here may import anything of Glassbox's but {@code util}.
 *
 * <h2>The one rule of a job</h2>
 * A job must touch only what nobody else can reach any more. Redis's lazy free passes a value that
 * {@code dictUnlink} took out of the keyspace, or a database's old dicts after fresh ones replaced
 * them: the command thread cannot reach them, so the background thread frees them without a lock.
 * The queue's hand-over (a {@code put} and a {@code take} on the same {@code BlockingQueue}) is the
 * happens-before edge that makes the command thread's last writes visible to the job.
 *
 * <h2>Bound on work</h2>
 * Submitting is O(1) for the command thread; the job's work is on the background thread. Threads
 * start on the first job of their kind (most engines in tests never lazily free anything) and are
 * daemons; {@link io.glassbox.bio.Bio#shutdown} stops them with the engine.
 */
package io.glassbox.bio;
