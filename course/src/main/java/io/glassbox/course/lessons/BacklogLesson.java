package io.glassbox.course.lessons;

import io.glassbox.course.Lesson;
import io.glassbox.course.LessonRun;
import io.glassbox.course.View;
import io.glassbox.replication.Replication;

/**
 * Chapter 29, the ring buffer (replication.c's backlog): a master of the lesson's own with the
 * smallest backlog (16 kB) and a replica; the write index wraps, histlen stops at the size, the
 * valid window slides; a replica that was away for less than the window resyncs partially, one
 * away for more gets a full sync. Every number is read from the master's backlog snapshot and its
 * sync counters.
 */
final class BacklogLesson {
    private BacklogLesson() {}

    static final String WRITES = "for i = 1, tonumber(ARGV[1]) do redis.call('SET', 'key:' .. i, string.rep('v', 40)) end";

    static Lesson lesson() {
        return Lesson.builder("29", 29)
                .step(r -> {
                    LessonRun.Node m = r.startEngine("master", "--repl-backlog-size", "16384");
                    LessonRun.Node rep = r.startEngine("replica");
                    r.call(rep, "REPLICAOF", "127.0.0.1", Integer.toString(m.engine().port()));
                    ReplicationLesson.awaitInSync(r, m, rep, 10_000);
                    Replication.BacklogView b = backlog(r);
                    r.view(new View(View.Kind.REPLICATION, m.engine(), 0, null, null));
                    r.caption("l29.s1.ring", b.size(), b.writeIndex(), b.histlen(), b.firstByteOffset(), b.offset());
                    r.caption("l29.s1.version");
                    r.cite("replication.c", "createReplicationBacklog", "replication.ReplicationBacklog.append");
                    r.fact("size", b.size());
                }, v -> v.expect("backlog size", v.fact("size"), backlog(v.run()).size()))
                .step(r -> {
                    LessonRun.Node m = ReplicationLesson.node(r, "master");
                    Replication.BacklogView before = backlog(r);
                    r.call(m, "EVAL", WRITES, "0", "80");
                    Replication.BacklogView b = backlog(r);
                    r.view(new View(View.Kind.REPLICATION, m.engine(), 0, null, null));
                    r.caption("l29.s2.append", b.offset() - before.offset(), before.writeIndex(), b.writeIndex(), b.histlen(), b.size());
                    r.cite("replication.c", "feedReplicationBuffer", "replication.ReplicationBacklog.append");
                    r.fact("offset", b.offset());
                }, v -> v.expect("master_repl_offset", v.fact("offset"), backlog(v.run()).offset()))
                .step(r -> {
                    LessonRun.Node m = ReplicationLesson.node(r, "master");
                    Replication.BacklogView before = backlog(r);
                    r.call(m, "EVAL", WRITES, "0", "200");
                    Replication.BacklogView b = backlog(r);
                    r.view(new View(View.Kind.REPLICATION, m.engine(), 0, null, null));
                    boolean wrapped = b.offset() - before.offset() + before.writeIndex() >= b.size();
                    r.caption(wrapped ? "l29.s3.wrapped" : "l29.s3.notyet", b.offset() - before.offset(), before.writeIndex(), b.writeIndex(),
                            b.histlen(), b.firstByteOffset(), b.offset());
                    r.caption("l29.s3.why");
                    r.cite("replication.c", "feedReplicationBuffer", "replication.ReplicationBacklog.append");
                    r.fact("offset", b.offset());
                    r.fact("histlen", b.histlen());
                }, v -> {
                    v.expect("master_repl_offset", v.fact("offset"), backlog(v.run()).offset());
                    v.expect("histlen", v.fact("histlen"), backlog(v.run()).histlen());
                })
                .step(r -> away(r, "20", "l29.s4.away"), BacklogLesson::checkResyncs)
                .step(r -> away(r, "400", "l29.s5.away"), BacklogLesson::checkResyncs)
                .build();
    }

    /**
     * The replica is away while the master writes {@code n} keys: its own loop is paused (as a long
     * network cut would hold it, and so that it cannot reconnect early) and the master drops the
     * link; then it runs again, reconnects by itself and asks PSYNC for what it missed.
     */
    private static void away(LessonRun r, String n, String key) {
        LessonRun.Node m = ReplicationLesson.node(r, "master"), rep = ReplicationLesson.node(r, "replica");
        Replication.Snapshot before = r.replication(m.engine());
        rep.engine().controls().pause();
        long left;
        Replication.BacklogView b;
        try {
            left = r.replication(rep.engine()).masterReplOffset();
            r.call(m, "CLIENT", "KILL", "TYPE", "replica");
            LessonRun.await(() -> r.replication(m.engine()).replicas().isEmpty(), 5000);
            r.call(m, "EVAL", WRITES, "0", n);
            b = backlog(r);
        } finally {
            rep.engine().controls().resume();
        }
        boolean back = LessonRun.await(() -> {
            Replication.Snapshot s = r.replication(m.engine());
            return s.syncPartialOk() + s.syncFull() > before.syncPartialOk() + before.syncFull();
        }, 10_000) && ReplicationLesson.awaitInSync(r, m, rep, 10_000);
        Replication.Snapshot after = r.replication(m.engine());
        boolean partial = after.syncPartialOk() > before.syncPartialOk();
        r.view(new View(View.Kind.REPLICATION, m.engine(), 0, null, null));
        r.caption(key, left, b.offset() - left, b.firstByteOffset(), b.offset());
        r.caption(!back ? "l29.notback" : partial ? "l29.partial" : "l29.full", left + 1, b.firstByteOffset(),
                after.syncPartialOk(), after.syncFull());
        r.cite("replication.c", "masterTryPartialResynchronization", "replication.MasterSide.tryPartialResync");
        r.cite("replication.c", "addReplyReplicationBacklog", "replication.ReplicationBacklog.copyFrom");
        r.fact("partialOk", after.syncPartialOk());
        r.fact("full", after.syncFull());
    }

    private static void checkResyncs(io.glassbox.course.Verifier v) {
        Replication.Snapshot ms = v.run().replication(ReplicationLesson.node(v.run(), "master").engine());
        v.expect("sync_partial_ok", v.fact("partialOk"), ms.syncPartialOk());
        v.expect("sync_full", v.fact("full"), ms.syncFull());
    }

    static Replication.BacklogView backlog(LessonRun r) {
        Replication.BacklogView b = r.replication(ReplicationLesson.node(r, "master").engine()).backlog();
        if (b == null) throw new IllegalStateException("the master has no backlog");
        return b;
    }
}
