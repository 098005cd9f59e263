package io.glassbox.course.lessons;

import io.glassbox.course.Lesson;
import io.glassbox.course.LessonRun;
import io.glassbox.course.Text;
import io.glassbox.course.View;
import io.glassbox.hooks.EngineEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Chapter 01, the source tree (src/ and Glassbox's packages): commands followed from the socket to
 * the file that runs them. Which commands ran, in which tick and for how long, is heard from the
 * engine's hooks ({@code CommandExecuted}); each command name is then placed in the map of
 * Redis's files and Glassbox's packages.
 */
final class MapLesson {
    private MapLesson() {}

    /** Command family by name: Redis's file and Glassbox's package, as the README's concept table pairs them. */
    static final Map<String, String[]> FAMILY = Map.ofEntries(
            Map.entry("set", new String[]{"t_string.c", "command.string"}),
            Map.entry("get", new String[]{"t_string.c", "command.string"}),
            Map.entry("zadd", new String[]{"t_zset.c", "command.zset"}),
            Map.entry("hset", new String[]{"t_hash.c", "command.hash"}),
            Map.entry("lpush", new String[]{"t_list.c", "command.list"}),
            Map.entry("sadd", new String[]{"t_set.c", "command.set"}),
            Map.entry("xadd", new String[]{"t_stream.c", "command.stream"}),
            Map.entry("publish", new String[]{"pubsub.c", "pubsub"}),
            Map.entry("eval", new String[]{"eval.c", "scripting"}),
            Map.entry("expire", new String[]{"expire.c", "command.generic"}),
            Map.entry("object|encoding", new String[]{"object.c", "command.generic"}));

    static Lesson lesson() {
        return Lesson.builder("01", 1)
                .step(r -> {
                    LessonRun.Recorder rec = r.record(r.engine(), EngineEvent.CommandExecuted.class);
                    r.call("SET", "greeting", "hello");
                    List<EngineEvent.CommandExecuted> mine = awaitMine(r, rec, 1);
                    EngineEvent.CommandExecuted e = mine.isEmpty() ? null : mine.get(0);
                    r.view(View.Kind.NONE);
                    r.caption("l01.s1.path");
                    r.caption(e == null ? "l01.s1.unheard" : "l01.s1.heard", e == null ? "" : e.command(), e == null ? 0 : e.tick(),
                            e == null ? 0 : e.micros());
                    r.cite("networking.c", "readQueryFromClient", "net.ClientChannelHandler.channelRead");
                    r.cite("networking.c", "processMultibulkBuffer", "resp.RequestParser.parse");
                    r.cite("server.c", "processCommand", "server.CommandProcessor.processCommand");
                    r.cite("t_string.c", "setCommand", "command.string.StringCommands.set");
                    r.cite("db.c", "setKey", "db.RedisDb.setKey");
                    r.cite("networking.c", "handleClientsWithPendingWrites", "server.ServerCron.beforeSleep");
                    r.fact("greeting", "hello");
                }, v -> v.expect("GET greeting", v.fact("greeting"), LessonRun.text(v.run().quiet("GET", "greeting"))))
                .step(r -> {
                    LessonRun.Recorder rec = r.record(r.engine(), EngineEvent.CommandExecuted.class);
                    r.call("ZADD", "board", "10", "ada");
                    r.call("HSET", "user", "name", "ada");
                    r.call("LPUSH", "queue", "job");
                    r.call("SADD", "tags", "redis");
                    r.call("XADD", "log", "*", "event", "start");
                    r.call("EXPIRE", "greeting", "600");
                    List<EngineEvent.CommandExecuted> mine = awaitMine(r, rec, 6);
                    r.view(View.Kind.NONE);
                    r.caption("l01.s2.families", places(mine));
                    r.caption("l01.s2.why");
                    r.cite("t_zset.c", "zaddGenericCommand", "command.zset.ZsetCommands.zaddGeneric");
                    r.cite("t_hash.c", "hsetCommand", "command.hash.HashCommands.hsetGeneric");
                    r.cite("t_list.c", "pushGenericCommand", "command.list.ListCommands.pushGenericCommand");
                    r.fact("keys", LessonRun.integer(r.quiet("DBSIZE")));
                }, v -> v.expect("DBSIZE", v.fact("keys"), LessonRun.integer(v.run().quiet("DBSIZE"))))
                .step(r -> {
                    LessonRun.Recorder rec = r.record(r.engine(), EngineEvent.CommandExecuted.class);
                    r.call("PUBLISH", "lesson:map", "hello");
                    r.call("EVAL", "return redis.call('GET', KEYS[1])", "1", "greeting");
                    r.call("OBJECT", "ENCODING", "board");
                    List<EngineEvent.CommandExecuted> mine = awaitMine(r, rec, 3);
                    r.view(View.Kind.NONE);
                    r.caption("l01.s3.subsystems", places(mine));
                    r.caption("l01.s3.layers");
                    r.cite("pubsub.c", "publishCommand", "pubsub.PubSub.publish");
                    r.cite("eval.c", "evalGenericCommand", "scripting.Eval.evalGeneric");
                    r.fact("keys", LessonRun.integer(r.quiet("DBSIZE")));
                }, v -> v.expect("DBSIZE", v.fact("keys"), LessonRun.integer(v.run().quiet("DBSIZE"))))
                .build();
    }

    /** The lesson client's command completions the recorder heard, once at least {@code n} arrived (events come a few ms late). */
    static List<EngineEvent.CommandExecuted> awaitMine(LessonRun r, LessonRun.Recorder rec, int n) {
        long id = r.client().id();
        LessonRun.await(() -> mine(rec, id).size() >= n, 3000);
        return mine(rec, id);
    }

    private static List<EngineEvent.CommandExecuted> mine(LessonRun.Recorder rec, long id) {
        List<EngineEvent.CommandExecuted> out = new ArrayList<>();
        for (EngineEvent.CommandExecuted e : rec.of(EngineEvent.CommandExecuted.class)) if (e.clientId() == id) out.add(e);
        return out;
    }

    /** Each heard command with its place in the map: "zadd: t_zset.c, command.zset (12 µs)". */
    static List<Text> places(List<EngineEvent.CommandExecuted> events) {
        List<Text> out = new ArrayList<>();
        for (EngineEvent.CommandExecuted e : events) {
            String[] f = FAMILY.getOrDefault(e.command(), new String[]{"?", "?"});
            out.add(Text.of("l01.place", e.command(), f[0], f[1], e.micros()));
        }
        return out;
    }
}
