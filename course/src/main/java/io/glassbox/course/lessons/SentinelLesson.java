package io.glassbox.course.lessons;

import io.glassbox.course.Lesson;
import io.glassbox.course.LessonRun;
import io.glassbox.engine.LocalClient;
import io.glassbox.hooks.EngineEvent;
import io.glassbox.resp.RespValue;
import io.glassbox.sentinel.SentinelSnapshot;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Chapters 22-24, Sentinel (sentinel.c): a master, a replica and three Sentinels of the lesson's
 * own in this JVM. A Sentinel starts as a server with another command table and one more timer;
 * it finds the replica in INFO and the other Sentinels on the hello channel; when the master dies
 * each sees SDOWN on its own, they agree on ODOWN, elect a leader for a new epoch, and the leader
 * promotes the replica while the others follow its configuration.
 */
final class SentinelLesson {
    private SentinelLesson() {}

    private static final String[] CONF = {"sentinel down-after-milliseconds mymaster 1000", "sentinel failover-timeout mymaster 6000"};

    static Lesson lesson() {
        return Lesson.builder("22", 22, 23, 24)
                .step(r -> {
                    LessonRun.Node m = r.startEngine("master");
                    r.call(m, "SET", "greeting", "hello");
                    LessonRun.Node rep = r.startEngine("replica", "--replicaof", "127.0.0.1", Integer.toString(m.engine().port()));
                    List<String> ids = new ArrayList<>();
                    for (int i = 1; i <= 3; i++) {
                        LessonRun.Node s = r.startSentinel("sentinel-" + i, "sentinel monitor mymaster 127.0.0.1 " + m.engine().port() + " 2",
                                CONF[0], CONF[1]);
                        ids.add(LessonRun.text(s.client().call("SENTINEL", "MYID")));
                    }
                    LessonRun.Node s1 = node(r, "sentinel-1");
                    r.call(s1, "ROLE");
                    r.call(s1, "GET", "greeting");
                    r.caption("l22.s1.start", s1.engine().port(), ids.get(0).substring(0, 8), LessonRun.integer(s1.client().call("COMMAND", "COUNT")));
                    r.caption("l22.s1.timer");
                    r.cite("sentinel.c", "sentinelIsRunning", "sentinel.Sentinel.isRunning");
                    r.cite("sentinel.c", "sentinelHandleConfiguration", "sentinel.Sentinel.handleConfiguration");
                    r.cite("sentinel.c", "sentinelTimer", "sentinel.Sentinel.timer");
                    r.fact("replicaPort", rep.engine().port());
                }, v -> v.expect("a Sentinel's ROLE", "sentinel",
                        LessonRun.strings(node(v.run(), "sentinel-1").client().call("ROLE")).get(0)))
                .step(r -> {
                    boolean met = LessonRun.await(() -> sentinels(r).stream().allMatch(s -> {
                        SentinelSnapshot.Master m = view(s).masters().get(0);
                        return m.replicas().size() == 1 && m.sentinels().size() == 2;
                    }), 20_000);
                    LessonRun.Node s1 = node(r, "sentinel-1");
                    r.call(s1, "SENTINEL", "REPLICAS", "mymaster");
                    SentinelSnapshot.Master m = view(s1).masters().get(0);
                    r.caption(met ? "l22.s2.met" : "l22.s2.notmet", m.replicas().size(), m.sentinels().size());
                    r.caption("l22.s2.hello");
                    r.cite("sentinel.c", "sentinelRefreshInstanceInfo", "sentinel.Sentinel.refreshInstanceInfo");
                    r.cite("sentinel.c", "sentinelSendHello", "sentinel.Sentinel.sendHello");
                    r.cite("sentinel.c", "sentinelProcessHelloMessage", "sentinel.Sentinel.processHelloMessage");
                    r.fact("others", m.sentinels().size());
                }, v -> v.expect("other Sentinels known", v.fact("others"), view(node(v.run(), "sentinel-1")).masters().get(0).sentinels().size()))
                .step(r -> {
                    List<LessonRun.Recorder> heard = new ArrayList<>();
                    for (LessonRun.Node s : sentinels(r)) {
                        heard.add(r.record(s.engine(), EngineEvent.SentinelEventRaised.class, EngineEvent.SentinelVoteReceived.class,
                                EngineEvent.SentinelFailoverStateChanged.class));
                    }
                    LessonRun.Node m = node(r, "master");
                    int port = m.engine().port();
                    long killed = System.currentTimeMillis();
                    r.stopEngine(m);
                    boolean odown = LessonRun.await(() -> heard.stream().anyMatch(h -> raised(h, "+odown") != null), 20_000);
                    long took = System.currentTimeMillis() - killed;
                    EngineEvent.SentinelEventRaised o = heard.stream().map(h -> raised(h, "+odown")).filter(e -> e != null).findFirst().orElse(null);
                    long sdown = heard.stream().filter(h -> raised(h, "+sdown") != null).count();
                    r.caption("l22.s3.sdown", port, sdown);
                    r.caption(odown ? "l22.s3.odown" : "l22.s3.noodown", o == null ? "" : o.message(), took);
                    r.cite("sentinel.c", "sentinelCheckSubjectivelyDown", "sentinel.SentinelFailover.checkSubjectivelyDown");
                    r.cite("sentinel.c", "sentinelCheckObjectivelyDown", "sentinel.SentinelFailover.checkObjectivelyDown");
                    r.cite("sentinel.c", "sentinelAskMasterStateToOtherSentinels", "sentinel.SentinelFailover.askMasterStateToOtherSentinels");
                    r.fact("odown", odown);
                    r.fact("heard", heard); // step 4 reads what the Sentinels went on to say
                }, v -> v.expect("ODOWN reached", true, v.fact("odown")))
                .step(r -> {
                    @SuppressWarnings("unchecked")
                    List<LessonRun.Recorder> heard = (List<LessonRun.Recorder>) r.recalled("heard");
                    int replicaPort = (int) r.recalled("replicaPort");
                    boolean switched = LessonRun.await(() -> sentinels(r).stream().allMatch(s -> addrPort(s) == replicaPort), 30_000);
                    LessonRun.Node leader = null;
                    long epoch = 0;
                    Set<String> votes = new LinkedHashSet<>();
                    List<String> states = new ArrayList<>();
                    for (int i = 0; i < heard.size(); i++) {
                        for (EngineEvent e : heard.get(i).events()) {
                            if (e instanceof EngineEvent.SentinelEventRaised x && x.type().equals("+elected-leader")) {
                                leader = sentinels(r).get(i);
                                epoch = x.currentEpoch();
                            }
                            if (e instanceof EngineEvent.SentinelVoteReceived x) votes.add(x.voter().substring(0, 8) + "→" + x.leader().substring(0, 8) + "@" + x.epoch());
                        }
                    }
                    if (leader != null) {
                        for (EngineEvent e : heard.get(sentinels(r).indexOf(leader)).events()) {
                            if (e instanceof EngineEvent.SentinelFailoverStateChanged f) states.add(f.state());
                        }
                    }
                    r.call(node(r, "sentinel-1"), "SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster");
                    // the failover's MULTI ends with CLIENT KILL TYPE normal: the lesson's old client to the replica is gone
                    try (LocalClient c = node(r, "replica").engine().newClient()) {
                        r.call("replica", c, "ROLE");
                    }
                    r.caption(leader == null ? "l22.s4.noleader" : "l22.s4.leader", leader == null ? "" : leader.name(), epoch, String.join(", ", votes));
                    r.caption("l22.s4.states", String.join(" → ", states));
                    r.caption(switched ? "l22.s4.switched" : "l22.s4.notswitched", replicaPort);
                    r.cite("sentinel.c", "sentinelVoteLeader", "sentinel.SentinelFailover.voteLeader");
                    r.cite("sentinel.c", "sentinelGetLeader", "sentinel.SentinelFailover.getLeader");
                    r.cite("sentinel.c", "sentinelFailoverStateMachine", "sentinel.SentinelFailover.stateMachine");
                    r.fact("switched", switched);
                }, v -> {
                    v.expect("every Sentinel names the replica", true, v.fact("switched"));
                    try (LocalClient c = node(v.run(), "replica").engine().newClient()) {
                        v.expect("the replica is the master", "master", LessonRun.strings(c.call("ROLE")).get(0));
                    }
                })
                .build();
    }

    static LessonRun.Node node(LessonRun r, String name) { return ReplicationLesson.node(r, name); }

    private static List<LessonRun.Node> sentinels(LessonRun r) {
        List<LessonRun.Node> out = new ArrayList<>();
        for (LessonRun.Node n : r.nodes()) if (n.name().startsWith("sentinel-")) out.add(n);
        return out;
    }

    private static SentinelSnapshot view(LessonRun.Node s) { return s.engine().hooks().sentinelSnapshot().join(); }

    private static int addrPort(LessonRun.Node s) {
        RespValue v = s.client().call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster");
        return Integer.parseInt(LessonRun.strings(v).get(1));
    }

    private static EngineEvent.SentinelEventRaised raised(LessonRun.Recorder h, String type) {
        for (EngineEvent.SentinelEventRaised e : h.of(EngineEvent.SentinelEventRaised.class)) if (e.type().equals(type)) return e;
        return null;
    }
}
