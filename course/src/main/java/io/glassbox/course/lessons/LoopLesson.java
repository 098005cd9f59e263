package io.glassbox.course.lessons;

import io.glassbox.course.Lesson;
import io.glassbox.course.LessonRun;
import io.glassbox.course.View;
import io.glassbox.loop.Tick;
import io.glassbox.resp.RespValue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Chapters 09-11, the event loop (ae.c, ae_epoll.c, networking.c, server.c): the ticks of one
 * thread that waits for readiness, runs file events and time events (serverCron) and ends with
 * beforeSleep; a command held by a paused loop and released by one step; and the time events' work
 * seen from outside: keys nobody reads are deleted by activeExpireCycle. Tick counts, the held
 * command's fate and the expiry are read from the engine (its recent ticks, INFO, the dict).
 */
final class LoopLesson {
    private LoopLesson() {}

    static Lesson lesson() {
        return Lesson.builder("10", 9, 10, 11)
                .step(r -> {
                    long hz = Long.parseLong(LessonRun.strings(r.call("CONFIG", "GET", "hz")).get(1));
                    // let a few cron runs happen, so the ticks show both kinds
                    long start = r.engine().controls().ticks();
                    LessonRun.await(() -> cronTicks(r.engine().hooks().recentTicks().join()) >= 2
                            && r.engine().controls().ticks() > start + 2, 3000);
                    List<Tick> ticks = r.engine().hooks().recentTicks().join();
                    r.view(View.Kind.LOOP);
                    r.caption("l10.s1.poll");
                    r.caption("l10.s1.ticks", ticks.size(), cronTicks(ticks), ticks.size() - cronTicks(ticks), hz, 1000 / Math.max(1, hz));
                    r.caption("l10.s1.reactor");
                    r.cite("ae.c", "aeProcessEvents", "loop.EventLoop.fileOrTimeEvent");
                    r.cite("ae_epoll.c", "aeApiPoll", "loop.EventLoop.fileEvent");
                    r.cite("server.c", "serverCron", "server.ServerCron.serverCron");
                    r.fact("hz", hz);
                }, v -> v.expect("hz", v.fact("hz"), Long.parseLong(LessonRun.strings(v.run().quiet("CONFIG", "GET", "hz")).get(1))))
                .step(r -> {
                    r.pauseLoop();
                    long before = r.engine().controls().ticks();
                    CompletableFuture<RespValue> reply = r.client().send(List.of("SET".getBytes(), "greeting".getBytes(), "hello".getBytes()));
                    boolean heldWhilePaused = !reply.isDone();
                    r.engine().controls().step(1);
                    RespValue got = reply.get(10, TimeUnit.SECONDS);
                    long after = r.engine().controls().ticks();
                    r.resumeLoop();
                    r.shown(null, "SET greeting hello", got);
                    r.view(View.Kind.LOOP);
                    r.caption(heldWhilePaused ? "l10.s2.held" : "l10.s2.notheld");
                    r.caption("l10.s2.step", before, after, LessonRun.text(got));
                    r.caption("l10.s2.beforesleep");
                    r.cite("networking.c", "readQueryFromClient", "loop.EventLoop.fileEvent");
                    r.cite("server.c", "beforeSleep", "server.ServerCron.beforeSleep");
                    r.fact("greeting", LessonRun.text(got));
                }, v -> v.expect("GET greeting", "hello", LessonRun.text(v.run().quiet("GET", "greeting"))))
                .step(r -> {
                    long expiredBefore = Long.parseLong(LessonRun.info(r.client(), "stats", "expired_keys"));
                    for (int i = 1; i <= 5; i++) r.call("PSETEX", "t" + i, "200", "x");
                    long keys = LessonRun.integer(r.call("DBSIZE"));
                    long start = System.nanoTime();
                    // nobody reads them: only the dict, read between commands, which expires nothing
                    boolean gone = LessonRun.await(() -> r.dict().size() <= keys - 5, 5000);
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    long expiredAfter = Long.parseLong(LessonRun.info(r.client(), "stats", "expired_keys"));
                    r.view(View.Kind.DICT);
                    r.caption("l10.s3.setup", 5);
                    r.caption(gone ? "l10.s3.gone" : "l10.s3.notyet", ms, expiredBefore, expiredAfter, expiredAfter - expiredBefore);
                    r.caption("l10.s3.why");
                    r.cite("expire.c", "activeExpireCycle", "db.ActiveExpire.cycle");
                    r.cite("server.c", "databasesCron", "server.ServerCron.databasesCron");
                    r.fact("keys", r.dict().size());
                }, v -> v.expect("keys in the lesson's db", v.fact("keys"), v.run().dict().size()))
                .build();
    }

    static int cronTicks(List<Tick> ticks) {
        int n = 0;
        for (Tick t : ticks) if (t.cronRuns() > 0) n++;
        return n;
    }
}
