package io.glassbox.course.lessons;

import io.glassbox.course.Lesson;
import io.glassbox.course.LessonRun;
import io.glassbox.course.View;
import io.glassbox.hooks.EngineEvent;
import io.glassbox.replication.Replication;

import java.util.ArrayList;
import java.util.List;

/**
 * Chapter 21, replication as a state machine (replication.c): a master and a replica of the
 * lesson's own, in this JVM, on loopback ports (so the learner's engine keeps its replication id and
 * has no backlog it did not ask for). The replica's repl_state transitions are heard as hook events,
 * the full and partial syncs read from the master's counters, the offsets from both snapshots.
 */
final class ReplicationLesson {
    private ReplicationLesson() {}

    static Lesson lesson() {
        return Lesson.builder("21", 21)
                .step(r -> {
                    LessonRun.Node m = r.startEngine("master", "--repl-backlog-size", "16384");
                    r.call(m, "SET", "greeting", "hello");
                    r.call(m, "RPUSH", "queue", "a", "b", "c");
                    Replication.Snapshot s = r.replication(m.engine());
                    r.view(new View(View.Kind.REPLICATION, m.engine(), 0, null, null));
                    r.caption("l21.s1.master", m.engine().port(), s.replid().substring(0, 8), s.masterReplOffset());
                    r.caption(s.backlog() == null ? "l21.s1.nobacklog" : "l21.s1.backlog");
                    r.cite("replication.c", "createReplicationBacklog", "replication.ReplicationBacklog.append");
                    r.fact("replid", s.replid());
                }, v -> {
                    Replication.Snapshot s = v.run().replication(node(v.run(), "master").engine());
                    v.expect("master replid", v.fact("replid"), s.replid());
                    v.expect("replicas", 0, s.replicas().size());
                })
                .step(r -> {
                    LessonRun.Node m = node(r, "master");
                    LessonRun.Node rep = r.startEngine("replica");
                    LessonRun.Recorder states = r.record(rep.engine(), EngineEvent.ReplicaStateChanged.class);
                    r.call(rep, "REPLICAOF", "127.0.0.1", Integer.toString(m.engine().port()));
                    boolean synced = awaitInSync(r, m, rep, 10_000);
                    LessonRun.await(() -> last(states).equals("connected"), 2000);
                    Replication.Snapshot ms = r.replication(m.engine());
                    r.call(rep, "GET", "greeting");
                    r.view(new View(View.Kind.REPLICATION, m.engine(), 0, null, null));
                    r.caption("l21.s2.states", String.join(" → ", chain(states)));
                    r.caption(synced ? "l21.s2.full" : "l21.s2.notsynced", ms.syncFull(), ms.replid().substring(0, 8), ms.masterReplOffset());
                    r.caption("l21.s2.machine");
                    r.cite("replication.c", "connectWithMaster", "replication.ReplicaLink.connectToMaster");
                    r.cite("replication.c", "syncWithMaster", "replication.ReplicaLink.handshakeReply");
                    r.cite("replication.c", "syncCommand", "replication.MasterSide.sync");
                    r.fact("syncFull", ms.syncFull());
                }, v -> {
                    Replication.Snapshot ms = v.run().replication(node(v.run(), "master").engine());
                    v.expect("sync_full", v.fact("syncFull"), ms.syncFull());
                    v.expect("replica's state", "connected", v.run().replication(node(v.run(), "replica").engine()).state());
                })
                .step(r -> {
                    LessonRun.Node m = node(r, "master"), rep = node(r, "replica");
                    long before = r.replication(m.engine()).masterReplOffset();
                    r.call(m, "INCR", "counter");
                    r.call(m, "EVAL", "for i = 1, 100 do redis.call('SET', 'key:' .. i, 'value number ' .. i) end", "0");
                    boolean synced = awaitInSync(r, m, rep, 10_000);
                    Replication.Snapshot ms = r.replication(m.engine()), rs = r.replication(rep.engine());
                    r.call(rep, "GET", "key:100");
                    r.view(new View(View.Kind.REPLICATION, m.engine(), 0, null, null));
                    r.caption("l21.s3.stream", before, ms.masterReplOffset(), ms.masterReplOffset() - before, rs.masterReplOffset());
                    r.caption(synced ? "l21.s3.equal" : "l21.s3.behind");
                    r.cite("replication.c", "replicationFeedSlaves", "replication.MasterSide.beforeSleep");
                    r.fact("synced", synced);
                }, v -> v.expect("replica has the writes", "value number 100",
                        LessonRun.text(node(v.run(), "replica").client().call("GET", "key:100"))))
                .step(r -> {
                    LessonRun.Node m = node(r, "master"), rep = node(r, "replica");
                    Replication.Snapshot before = r.replication(m.engine());
                    LessonRun.Recorder states = r.record(rep.engine(), EngineEvent.ReplicaStateChanged.class);
                    r.call(m, "CLIENT", "KILL", "TYPE", "replica");
                    r.call(m, "SET", "while-away", "1");
                    r.call(m, "SET", "while-away", "2");
                    boolean back = LessonRun.await(() -> r.replication(m.engine()).syncPartialOk() + r.replication(m.engine()).syncFull()
                            > before.syncPartialOk() + before.syncFull(), 10_000) && awaitInSync(r, m, rep, 10_000);
                    LessonRun.await(() -> last(states).equals("connected"), 2000);
                    Replication.Snapshot after = r.replication(m.engine());
                    r.call(rep, "GET", "while-away");
                    r.view(new View(View.Kind.REPLICATION, m.engine(), 0, null, null));
                    r.caption("l21.s4.cut");
                    r.caption("l21.s2.states", String.join(" → ", chain(states)));
                    boolean partial = after.syncPartialOk() > before.syncPartialOk();
                    r.caption(!back ? "l21.s4.notback" : partial ? "l21.s4.partial" : "l21.s4.full",
                            before.syncPartialOk(), after.syncPartialOk(), after.syncFull());
                    r.cite("replication.c", "slaveTryPartialResynchronization", "replication.ReplicaLink.psyncReply");
                    r.cite("replication.c", "masterTryPartialResynchronization", "replication.MasterSide.tryPartialResync");
                    r.fact("partialOk", after.syncPartialOk());
                    r.fact("full", after.syncFull());
                }, v -> {
                    Replication.Snapshot ms = v.run().replication(node(v.run(), "master").engine());
                    v.expect("sync_partial_ok", v.fact("partialOk"), ms.syncPartialOk());
                    v.expect("sync_full", v.fact("full"), ms.syncFull());
                    v.expect("replica's while-away", "2", LessonRun.text(node(v.run(), "replica").client().call("GET", "while-away")));
                })
                .build();
    }

    static LessonRun.Node node(LessonRun r, String name) {
        for (LessonRun.Node n : r.nodes()) if (n.name().equals(name)) return n;
        throw new IllegalStateException("no node " + name);
    }

    /** The replica's link is up, the master counts it, and both are at the master's offset. */
    static boolean awaitInSync(LessonRun r, LessonRun.Node m, LessonRun.Node rep, long millis) {
        return LessonRun.await(() -> {
            Replication.Snapshot ms = r.replication(m.engine()), rs = r.replication(rep.engine());
            return "connected".equals(rs.state()) && ms.replicas().size() == 1 && rs.masterReplOffset() == ms.masterReplOffset();
        }, millis);
    }

    static String last(LessonRun.Recorder rec) {
        List<EngineEvent.ReplicaStateChanged> l = rec.of(EngineEvent.ReplicaStateChanged.class);
        return l.isEmpty() ? "" : l.get(l.size() - 1).to();
    }

    /** The states in the order the replica went through them: "none → connect → connecting → ...". */
    static List<String> chain(LessonRun.Recorder rec) {
        List<String> out = new ArrayList<>();
        for (EngineEvent.ReplicaStateChanged e : rec.of(EngineEvent.ReplicaStateChanged.class)) {
            if (out.isEmpty()) out.add(e.from());
            out.add(e.to());
        }
        return out;
    }
}
