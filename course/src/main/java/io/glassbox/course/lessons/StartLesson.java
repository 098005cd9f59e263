package io.glassbox.course.lessons;

import io.glassbox.course.Lesson;
import io.glassbox.course.LessonRun;
import io.glassbox.course.Verifier;
import io.glassbox.course.View;
import io.glassbox.hooks.EngineEvent;
import io.glassbox.hooks.StartupPhase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Chapter 08, what the server does at start (server.c's main): initServerConfig fills every setting
 * with its default, loadServerConfig applies redis.conf and the command line, initServer creates the
 * databases and listens, ACLLoadUsersAtStartup, InitServerLast, loadDataFromDisk reads the AOF if
 * appendonly is on and the RDB otherwise, aeMain turns the loop. Real starts of engines of the
 * lesson's own, read back from what each engine recorded of its start ({@code Engine.startup()}),
 * its log lines and its replies: a first engine writes an RDB (then an AOF), and copies of its
 * files are loaded by the next ones.
 */
final class StartLesson {
    private StartLesson() {}

    static Lesson lesson() {
        return Lesson.builder("08", 8)
                .step(r -> {
                    LessonRun.Node w = r.startEngine("writer");
                    r.call(w, "SET", "greeting", "hello");
                    r.call(w, "RPUSH", "queue", "a", "b", "c");
                    r.call(w, "HSET", "user:1", "name", "Ada");
                    r.call(w, "ZADD", "board", "10", "ada", "20", "bob");
                    r.call(w, "SAVE");
                    long written = LessonRun.integer(w.client().call("DBSIZE"));
                    Path dir = copyData(r, w, false);
                    LessonRun.Node s = r.startEngine("server", "--dir", dir.toString(), "--logfile", dir.resolve("server.log").toString(),
                            "--hz", "20", "--databases", "4");
                    r.call(s, "CONFIG", "GET", "hz");
                    r.call(s, "CONFIG", "GET", "databases");
                    StartupPhase defaults = phase(s, "initServerConfig"), load = phase(s, "loadServerConfig");
                    r.view(View.Kind.NONE);
                    r.caption("l08.s1.written", written, dir.getFileName());
                    r.caption("l08.s1.phases", phases(s));
                    r.caption("l08.s1.config", defaults.count(), load.count(), "--hz 20 --databases 4");
                    r.caption("l08.s1.why");
                    r.cite("server.c", "initServerConfig", "engine.Engine.defaultConfig");
                    r.cite("config.c", "loadServerConfig", "config.ConfigLoader.load");
                    r.fact("hz", 20L);
                }, StartLesson::checkHz)
                .step(r -> {
                    LessonRun.Node s = ReplicationLesson.node(r, "server");
                    long commands = LessonRun.integer(r.call(s, "COMMAND", "COUNT"));
                    r.call(s, "ACL", "USERS");
                    StartupPhase init = phase(s, "initServer"), acl = phase(s, "ACLLoadUsersAtStartup"),
                            listen = phase(s, "listenToPort"), last = phase(s, "InitServerLast");
                    r.view(View.Kind.NONE);
                    r.caption("l08.s2.init", init.count(), commands, micros(init));
                    r.caption("l08.s2.acl", acl.count());
                    r.caption(last.count() == 0 ? "l08.s2.bio.lazy" : "l08.s2.bio.running", last.count());
                    r.caption("l08.s2.listen", listen.count(), listen.detail());
                    r.caption("l08.s2.why");
                    r.cite("server.c", "initServer", "engine.Engine.start");
                    r.cite("acl.c", "ACLLoadUsersAtStartup", "acl.Acl.loadAtStartup");
                    r.cite("server.c", "InitServerLast", "bio.Bio.submit");
                    r.fact("databases", init.count());
                }, v -> {
                    LessonRun.Node s = ReplicationLesson.node(v.run(), "server");
                    v.expect("databases", v.fact("databases"), Long.parseLong(LessonRun.strings(s.client().call("CONFIG", "GET", "databases")).get(1)));
                })
                .step(r -> {
                    LessonRun.Node s = ReplicationLesson.node(r, "server");
                    StartupPhase load = phase(s, "loadDataFromDisk");
                    long keys = LessonRun.integer(r.call(s, "DBSIZE"));
                    r.call(s, "LRANGE", "queue", "0", "-1");
                    String list = LessonRun.text(r.call(s, "OBJECT", "ENCODING", "queue"));
                    String hash = LessonRun.text(r.call(s, "OBJECT", "ENCODING", "user:1"));
                    String zset = LessonRun.text(r.call(s, "OBJECT", "ENCODING", "board"));
                    r.view(View.Kind.NONE);
                    r.caption("l08.s3.rdb", load.detail(), load.count(), micros(load), list, hash, zset);
                    List<String> lines = logLines(s, "Done loading RDB", "DB loaded from disk");
                    if (!lines.isEmpty()) r.caption("l08.s3.log", String.join("\n", lines));
                    r.caption("l08.s3.why");
                    r.cite("server.c", "loadDataFromDisk", "persistence.rdb.RdbPersistence.loadAtStartup");
                    r.cite("rdb.c", "rdbLoad", "persistence.rdb.RdbPersistence.load");
                    r.fact("keys", keys);
                    r.fact("loaded", load.count());
                }, v -> {
                    LessonRun.Node s = ReplicationLesson.node(v.run(), "server");
                    v.expect("keys loaded", v.fact("loaded"), v.fact("keys"));
                    v.expect("DBSIZE", v.fact("keys"), LessonRun.integer(s.client().call("DBSIZE")));
                })
                .step(r -> {
                    LessonRun.Node w = ReplicationLesson.node(r, "writer");
                    r.call(w, "CONFIG", "SET", "appendonly", "yes");
                    LessonRun.await(() -> "0".equals(LessonRun.info(w.client(), "persistence", "aof_rewrite_in_progress"))
                                          && "0".equals(LessonRun.info(w.client(), "persistence", "aof_rewrite_scheduled")), 10_000);
                    r.call(w, "SET", "greeting", "hello from the AOF");
                    r.call(w, "INCR", "visits");
                    Path dir = copyData(r, w, true);
                    LessonRun.Node a = r.startEngine("aof-server", "--dir", dir.toString(), "--appendonly", "yes",
                            "--logfile", dir.resolve("server.log").toString());
                    StartupPhase load = phase(a, "loadDataFromDisk");
                    String greeting = LessonRun.text(r.call(a, "GET", "greeting"));
                    long keys = LessonRun.integer(r.call(a, "DBSIZE"));
                    r.view(View.Kind.NONE);
                    r.caption("l08.s4.aof", load.detail(), load.count(), greeting);
                    List<String> lines = logLines(a, "DB loaded from append only file");
                    if (!lines.isEmpty()) r.caption("l08.s3.log", String.join("\n", lines));
                    r.caption("l08.s4.why");
                    r.cite("server.c", "loadDataFromDisk", "persistence.aof.AppendOnlyFile.loadAtStartup");
                    r.cite("aof.c", "loadAppendOnlyFiles", "persistence.aof.AppendOnlyFile.loadAtStartup");
                    r.fact("greeting", greeting);
                    r.fact("aofkeys", keys);
                }, v -> {
                    LessonRun.Node a = ReplicationLesson.node(v.run(), "aof-server");
                    v.expect("GET greeting", v.fact("greeting"), LessonRun.text(a.client().call("GET", "greeting")));
                    v.expect("GET greeting", "hello from the AOF", v.fact("greeting"));
                    v.expect("DBSIZE", v.fact("aofkeys"), LessonRun.integer(a.client().call("DBSIZE")));
                })
                .step(r -> {
                    LessonRun.Node s = ReplicationLesson.node(r, "server");
                    StartupPhase main = phase(s, "aeMain");
                    LessonRun.Recorder rec = r.record(s.engine(), EngineEvent.LoopTick.class);
                    LessonRun.await(() -> rec.of(EngineEvent.LoopTick.class).stream().mapToInt(EngineEvent.LoopTick::cronRuns).sum() >= 3, 5_000);
                    r.call(s, "PING");
                    LessonRun.await(() -> rec.of(EngineEvent.LoopTick.class).stream().mapToLong(EngineEvent.LoopTick::commands).sum() >= 1, 5_000);
                    List<EngineEvent.LoopTick> ticks = rec.of(EngineEvent.LoopTick.class);
                    long cron = ticks.stream().filter(t -> t.cronRuns() > 0).count();
                    long cmds = ticks.stream().mapToLong(EngineEvent.LoopTick::commands).sum();
                    r.view(new View(View.Kind.LOOP, s.engine(), 0, null, null));
                    r.caption("l08.s5.loop", main.count(), ticks.size(), cron, cmds);
                    r.caption("l08.s5.why");
                    r.cite("ae.c", "aeMain", "loop.EventLoop.startCron");
                    r.cite("server.c", "serverCron", "server.ServerCron.serverCron");
                    r.fact("hz", main.count());
                }, StartLesson::checkHz)
                .build();
    }

    private static void checkHz(Verifier v) {
        LessonRun.Node s = ReplicationLesson.node(v.run(), "server");
        v.expect("hz", v.fact("hz"), Long.parseLong(LessonRun.strings(s.client().call("CONFIG", "GET", "hz")).get(1)));
    }

    /** The step {@code function} of the engine's start. */
    static StartupPhase phase(LessonRun.Node n, String function) {
        for (StartupPhase p : n.engine().startup()) if (p.function().equals(function)) return p;
        throw new IllegalStateException("the engine recorded no " + function);
    }

    /** "initServerConfig 0.41 ms → loadServerConfig 0.12 ms → ...": every step, in order. */
    static String phases(LessonRun.Node n) {
        StringBuilder sb = new StringBuilder();
        for (StartupPhase p : n.engine().startup()) {
            if (sb.length() > 0) sb.append(" \u2192 ");
            sb.append(p.function()).append(' ').append(String.format(Locale.ROOT, "%.2f ms", p.durationNanos() / 1e6));
        }
        return sb.toString();
    }

    private static long micros(StartupPhase p) { return p.durationNanos() / 1000; }

    /** Copies the node's dump.rdb (and its AOF directory) into a new directory of the lesson's. */
    private static Path copyData(LessonRun r, LessonRun.Node n, boolean aof) throws IOException {
        Path from = Path.of(LessonRun.strings(n.client().call("CONFIG", "GET", "dir")).get(1));
        Path to = r.newDir();
        Files.copy(from.resolve("dump.rdb"), to.resolve("dump.rdb"));
        if (aof) {
            Path src = from.resolve("appendonlydir"), dst = to.resolve("appendonlydir");
            Files.createDirectories(dst);
            try (Stream<Path> files = Files.list(src)) {
                for (Path f : (Iterable<Path>) files::iterator) Files.copy(f, dst.resolve(f.getFileName()));
            }
        }
        return to;
    }

    /** The lines of the node's log file that contain one of {@code marks}, without their pid and time prefix. */
    private static List<String> logLines(LessonRun.Node n, String... marks) throws IOException {
        Path log = Path.of(LessonRun.strings(n.client().call("CONFIG", "GET", "logfile")).get(1));
        List<String> out = new ArrayList<>();
        if (!Files.exists(log)) return out;
        for (String l : Files.readAllLines(log)) {
            for (String m : marks) {
                int at = l.indexOf(m);
                if (at >= 0) out.add(l.substring(at));
            }
        }
        return out;
    }
}
