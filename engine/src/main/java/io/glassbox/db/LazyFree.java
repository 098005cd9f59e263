package io.glassbox.db;

import io.glassbox.bio.Bio;
import io.glassbox.ds.dict.Dict;
import io.glassbox.ds.quicklist.Quicklist;
import io.glassbox.ds.rax.RaxIterator;
import io.glassbox.ds.stream.Stream;
import io.glassbox.ds.stream.StreamCG;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Redis's {@code lazyfree.c}: values and whole databases freed by the background thread
 * ({@code bio_lazy_free}, see {@link Bio}) instead of by the command thread.
 *
 * <p><b>What Redis gains.</b> Freeing a set of a million members is a million {@code free()} calls:
 * DEL blocks every client for as long. UNLINK (and DEL with {@code lazyfree-lazy-user-del}, expiry
 * with {@code lazyfree-lazy-expire}, the server's own deletes and overwrites with
 * {@code lazyfree-lazy-server-del}, eviction with {@code lazyfree-lazy-eviction}, FLUSHALL/FLUSHDB
 * ASYNC and {@code lazyfree-lazy-user-flush}, a replica's flush before a full sync with
 * {@code replica-lazy-flush}) takes the key out of the keyspace in O(1) and queues the value. Only
 * values whose free effort ({@link #freeEffort}: elements of a hash table, skiplist or quicklist,
 * nodes of a stream) exceeds {@link #LAZYFREE_THRESHOLD} go to the thread: for a few allocations
 * the queue costs more than the free.
 *
 * <p><b>What a JVM gains, honestly.</b> In Java the command thread never frees: dropping the last
 * reference is O(1), and the garbage collector reclaims dead objects on its own threads (a dead
 * structure costs a tracing collector nothing to find; it is the live ones it walks). So a
 * synchronous DEL here does not block for a million {@code free()} calls, and UNLINK is not faster
 * than DEL by Redis's margin. What the background thread does is the release walk Redis's free
 * functions do: it visits every entry, cuts the links between them and empties the tables
 * ({@code Dict.release}, {@code SkipList.release}, {@code Quicklist.release}). That is real work
 * kept off the command thread, and it has one real use in a generational collector: a big structure
 * that lived long enough to be promoted, once dead, still points at the young entries added to it
 * lately, and a young collection treats those as live until an old-generation collection finds the
 * structure dead ("nepotism"); cut links let them die young, as {@code LinkedList.clear} explains.
 * The rest is the lesson: the queue, the counters of INFO ({@code lazyfree_pending_objects},
 * {@code lazyfreed_objects}) and the order of operations are Redis's, and a learner can watch the
 * thread drain the queue while the command thread goes on.
 *
 * <p>Measured (a GET loop on one connection while another deletes a 1M-member set, 2 cores,
 * {@code bench/lazyfree-p99.py PORT DEL UNLINK}): Redis 7.0.15's DEL blocks 214-224 ms (the
 * GETs' max latency is the same), its UNLINK replies in 0.2-8 ms; Glassbox's DEL replies in
 * 0.1-0.2 ms and its UNLINK in 0.5-5 ms (the queue, and the bio thread walking a million entries on
 * a machine with two cores). Glassbox's worst GETs in that window (5-110 ms) are the launcher's
 * serial collector's young pauses, with DEL and UNLINK alike: the memory of the dead set comes back
 * only when a collection reaches the old generation, whoever cut its links. So in a JVM lazy free
 * does not buy latency; Glassbox keeps it for fidelity and for the lesson.
 *
 * <p><b>No race with the command thread.</b> A value is queued only after {@code Dict.unlink} took
 * it out of its database ({@link RedisDb#dbAsyncDelete}), or after {@code setKey} put the new value
 * in its place; a database's dicts are queued only after fresh ones replaced them
 * ({@link #emptyDbAsync}). Nothing the command thread can reach leads to them, so the thread frees
 * them without a lock. Two holders could still see them, and are checked as Redis checks
 * {@code refcount == 1}: a running snapshot (BGSAVE or AOF rewrite without fork) walks the dicts it
 * remembered at its start, so while one runs a flushed database's dicts are queued but not cut
 * (the job only drops them and counts); a deleted value was copied by the snapshot's
 * copy-on-write before {@code dbDelete} removed it, so cutting it is safe. {@code LazyFreeTest}
 * shows the value is gone from the keyspace before the job runs and a flushed database is empty and
 * usable at once.
 */
public final class LazyFree {
    /** Below this free effort a value is freed at once: queuing would cost more (LAZYFREE_THRESHOLD). */
    public static final int LAZYFREE_THRESHOLD = 64;

    /** Who hears of the queue: a job queued (command thread) and a job done (the bio thread). */
    public interface Listener {
        Listener NONE = new Listener() {};

        /** {@code objects} (a value's 1 or a database's keys) were queued; {@code what} names the job. */
        default void enqueued(String what, long objects, long effort) {}

        /** The background thread freed them, walking {@code visited} entries in {@code nanos}. */
        default void freed(String what, long objects, long visited, long nanos) {}
    }

    private final Bio bio;
    /** lazyfree_objects: queued and not yet freed. Written by both threads. */
    private final AtomicLong pending = new AtomicLong();
    /** lazyfreed_objects: freed since start or CONFIG RESETSTAT. */
    private final AtomicLong freed = new AtomicLong();
    private volatile Listener listener = Listener.NONE;

    /** The settings db.c's deletes read (the server's apply function keeps them current). */
    public volatile boolean lazyServerDel, lazyExpire, lazyEviction;

    public LazyFree(Bio bio) { this.bio = bio; }

    public Bio bio() { return bio; }

    public void setListener(Listener l) { listener = l == null ? Listener.NONE : l; }

    /** lazyfreeGetPendingObjectsCount: INFO memory's lazyfree_pending_objects. */
    public long pendingObjects() { return pending.get(); }

    /** lazyfreeGetFreedObjectsCount: INFO memory's lazyfreed_objects. */
    public long freedObjects() { return freed.get(); }

    /** lazyfreeResetStats (CONFIG RESETSTAT). */
    public void resetStats() { freed.set(0); }

    /**
     * lazyfreeGetFreeEffort: a number proportional to the allocations freeing {@code o} takes: the
     * quicklist's nodes, a hash table's or skiplist's elements, a stream's rax nodes plus its groups'
     * PELs (the first group's PEL standing for all, to keep this O(1)); 1 for everything that is
     * one allocation (strings, listpacks, intsets).
     */
    public static long freeEffort(RedisObject o) {
        switch (o.type) {
            case RedisObject.TYPE_LIST:
                return o.value instanceof Quicklist ql ? ql.nodeCount() : 1;
            case RedisObject.TYPE_SET:
            case RedisObject.TYPE_HASH:
                return o.encoding == RedisObject.ENC_HT ? ((Dict<?, ?>) o.value).size() : 1;
            case RedisObject.TYPE_ZSET:
                return o.encoding == RedisObject.ENC_SKIPLIST ? ((ZsetObjects.Zset) o.value).zsl.length() : 1;
            case RedisObject.TYPE_STREAM: {
                Stream s = (Stream) o.value;
                long effort = s.rax.numNodes();
                if (s.cgroups != null && s.cgroups.size() > 0) {
                    RaxIterator<StreamCG> it = s.cgroups.iterator();
                    it.seek("^", null);
                    if (it.next()) effort += s.cgroups.size() * (1 + it.data().pel.size());
                }
                return effort;
            }
            default:
                return 1;
        }
    }

    /**
     * freeObjAsync: {@code o} was just taken out of the keyspace; a big one goes to the background
     * thread, a small one is simply dropped (the collector frees it). O(1) for the command thread
     * apart from {@link #freeEffort}'s look at a size.
     */
    public void freeObjAsync(RedisObject o) {
        long effort = freeEffort(o);
        if (effort <= LAZYFREE_THRESHOLD || o.shared) return;
        pending.incrementAndGet();
        Listener l = listener;
        l.enqueued("object", 1, effort);
        bio.submit(Bio.Op.LAZY_FREE, () -> {
            long t0 = System.nanoTime();
            long visited = release(o);
            pending.decrementAndGet();
            freed.incrementAndGet();
            l.freed("object", 1, visited, System.nanoTime() - t0);
        });
    }

    /**
     * emptyDbAsync: {@code dict} and {@code expires} were a database's until fresh ones replaced
     * them; the thread frees them. {@code cut} false while a snapshot still walks them: the job then
     * only drops them (see the class comment).
     */
    void emptyDbAsync(Dict<byte[], RedisObject> dict, Dict<byte[], Long> expires, boolean cut) {
        long keys = dict.size();
        pending.addAndGet(keys);
        Listener l = listener;
        l.enqueued("database", keys, keys);
        bio.submit(Bio.Op.LAZY_FREE, () -> {
            long t0 = System.nanoTime();
            long visited = 0;
            if (cut) {
                visited += expires.release();
                visited += dict.release();
            }
            pending.addAndGet(-keys);
            freed.addAndGet(keys);
            l.freed("database", keys, visited, System.nanoTime() - t0);
        });
    }

    /** decrRefCount's free functions on the background thread: cut the value's structure apart. */
    private static long release(RedisObject o) {
        Object v = o.value;
        if (v instanceof Dict<?, ?> d) return d.release();
        if (v instanceof Quicklist ql) return ql.release();
        if (v instanceof ZsetObjects.Zset zs) return zs.zsl.release() + zs.dict.release();
        return 0; // a stream: its rax is dropped whole
    }
}
