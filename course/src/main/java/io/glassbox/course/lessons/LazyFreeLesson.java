package io.glassbox.course.lessons;

import io.glassbox.course.Lesson;
import io.glassbox.course.LessonRun;
import io.glassbox.course.Verifier;
import io.glassbox.course.View;
import io.glassbox.engine.LocalClient;
import io.glassbox.hooks.EngineEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * Chapter 17, lazy free (lazyfree.c, bio.c): DEL frees a value on the command thread, UNLINK takes
 * the key out in O(1) and queues a big value for the bio_lazy_free thread, a small one (free effort
 * up to LAZYFREE_THRESHOLD 64) is freed at once, FLUSHDB ASYNC hands a whole database to the thread.
 * On the learner's engine, in the lesson's database: what was queued is read from INFO's
 * lazyfree_pending_objects and lazyfreed_objects (their sum grows by one per queued job, on the
 * command thread, so it is exact), the thread's work from the hook events.
 */
final class LazyFreeLesson {
    private LazyFreeLesson() {}

    static final int MEMBERS = 10_000;

    static Lesson lesson() {
        return Lesson.builder("17", 17)
                .step(r -> {
                    fill(r.client(), "big:a", MEMBERS);
                    fill(r.client(), "big:b", MEMBERS);
                    fill(r.client(), "small", 50);
                    long card = LessonRun.integer(r.call("SCARD", "big:a"));
                    String enc = LessonRun.text(r.call("OBJECT", "ENCODING", "big:a"));
                    String userDel = LessonRun.strings(r.client().call("CONFIG", "GET", "lazyfree-lazy-user-del")).get(1);
                    long before = queuedSoFar(r);
                    r.call("DEL", "big:a");
                    long queued = queuedSoFar(r) - before;
                    r.view(View.Kind.MEMORY);
                    r.caption("l17.s1.sets", "big:a", "big:b", card, enc);
                    r.caption(queued == 0 ? "l17.s1.sync" : "l17.s1.queued", userDel);
                    r.caption("l17.s1.why");
                    r.cite("db.c", "dbSyncDelete", "db.RedisDb.dbSyncDelete");
                    r.fact("keys", LessonRun.integer(r.client().call("DBSIZE")));
                }, LazyFreeLesson::checkKeys)
                .step(r -> {
                    LessonRun.Recorder rec = r.record(r.engine(), EngineEvent.LazyFreeQueued.class, EngineEvent.LazyFreeDone.class);
                    long before = queuedSoFar(r);
                    long freedBefore = Long.parseLong(LessonRun.info(r.client(), "memory", "lazyfreed_objects"));
                    r.call("UNLINK", "big:b");
                    long pendingNow = Long.parseLong(LessonRun.info(r.client(), "memory", "lazyfree_pending_objects"));
                    long queued = queuedSoFar(r) - before;
                    boolean done = LessonRun.await(() -> !rec.of(EngineEvent.LazyFreeDone.class).isEmpty(), 10_000);
                    long freedAfter = Long.parseLong(LessonRun.info(r.client(), "memory", "lazyfreed_objects"));
                    r.call("EXISTS", "big:b");
                    r.view(View.Kind.MEMORY);
                    List<EngineEvent.LazyFreeQueued> q = rec.of(EngineEvent.LazyFreeQueued.class);
                    if (queued == 1 && !q.isEmpty()) r.caption("l17.s2.queued", "big:b", q.get(0).effort());
                    else r.caption("l17.s2.notqueued", "big:b");
                    r.caption(pendingNow > 0 ? "l17.s2.pending" : "l17.s2.alreadydone", pendingNow);
                    if (done) {
                        EngineEvent.LazyFreeDone d = rec.of(EngineEvent.LazyFreeDone.class).get(0);
                        r.caption("l17.s2.done", d.visited(), d.nanos() / 1000, freedBefore, freedAfter);
                    }
                    r.caption("l17.s2.why");
                    r.cite("lazyfree.c", "freeObjAsync", "db.LazyFree.freeObjAsync");
                    r.cite("bio.c", "bioCreateLazyFreeJob", "bio.Bio.submit");
                    r.cite("db.c", "dbAsyncDelete", "db.RedisDb.dbAsyncDelete");
                    r.fact("keys", LessonRun.integer(r.client().call("DBSIZE")));
                }, LazyFreeLesson::checkKeys)
                .step(r -> {
                    long card = LessonRun.integer(r.call("SCARD", "small"));
                    String enc = LessonRun.text(r.call("OBJECT", "ENCODING", "small"));
                    long before = queuedSoFar(r);
                    r.call("UNLINK", "small");
                    long queued = queuedSoFar(r) - before;
                    r.view(View.Kind.MEMORY);
                    r.caption(queued == 0 ? "l17.s3.inline" : "l17.s3.queued", "small", card, enc);
                    r.caption("l17.s3.why");
                    r.cite("lazyfree.c", "lazyfreeGetFreeEffort", "db.LazyFree.freeEffort");
                    r.fact("keys", LessonRun.integer(r.client().call("DBSIZE")));
                }, LazyFreeLesson::checkKeys)
                .step(r -> {
                    List<String> mset = new ArrayList<>(List.of("MSET"));
                    for (int i = 0; i < 200; i++) {
                        mset.add("item:" + i);
                        mset.add(Integer.toString(i));
                    }
                    r.quiet(mset.toArray(String[]::new));
                    long keys = LessonRun.integer(r.call("DBSIZE"));
                    LessonRun.Recorder rec = r.record(r.engine(), EngineEvent.LazyFreeQueued.class, EngineEvent.LazyFreeDone.class);
                    r.call("FLUSHDB", "ASYNC");
                    long after = LessonRun.integer(r.call("DBSIZE"));
                    boolean done = LessonRun.await(() -> !rec.of(EngineEvent.LazyFreeDone.class).isEmpty(), 10_000);
                    r.view(View.Kind.MEMORY);
                    List<EngineEvent.LazyFreeQueued> q = rec.of(EngineEvent.LazyFreeQueued.class);
                    if (!q.isEmpty()) r.caption("l17.s4.flush", keys, q.get(0).what(), q.get(0).objects(), after);
                    else r.caption("l17.s4.flush.unheard", keys, after);
                    if (done) {
                        EngineEvent.LazyFreeDone d = rec.of(EngineEvent.LazyFreeDone.class).get(0);
                        r.caption("l17.s4.done", d.objects(), d.visited(), d.nanos() / 1000);
                    }
                    r.caption("l17.s4.why");
                    r.cite("lazyfree.c", "emptyDbAsync", "db.LazyFree.emptyDbAsync");
                    r.cite("evict.c", "performEvictions", "eviction.Eviction.performEvictions");
                    r.fact("keys", after);
                }, LazyFreeLesson::checkKeys)
                .build();
    }

    /** A set of {@code n} members that are not integers (so a hashtable in 7.0), added 1,000 at a time. */
    static void fill(LocalClient c, String key, int n) {
        for (int from = 0; from < n; from += 1000) {
            List<String> args = new ArrayList<>(List.of("SADD", key));
            for (int i = from; i < Math.min(n, from + 1000); i++) args.add("member:" + i);
            c.call(args.toArray(String[]::new));
        }
    }

    /**
     * Jobs queued since the start: lazyfree_pending_objects + lazyfreed_objects. Both move on the
     * command thread at queue time (pending +1) and on the bio thread at the end (pending -1, freed
     * +1), so the sum counts queued objects whatever the thread has done yet.
     */
    static long queuedSoFar(LessonRun r) {
        long sum = 0; // both from one INFO reply: read apart, a job finishing in between would count twice
        for (String l : LessonRun.text(r.client().call("INFO", "memory")).split("\r\n")) {
            if (l.startsWith("lazyfree_pending_objects:") || l.startsWith("lazyfreed_objects:")) sum += Long.parseLong(l.substring(l.indexOf(':') + 1));
        }
        return sum;
    }

    static void checkKeys(Verifier v) {
        v.expect("DBSIZE", v.fact("keys"), LessonRun.integer(v.run().client().call("DBSIZE")));
    }
}
