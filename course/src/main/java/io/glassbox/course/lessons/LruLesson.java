package io.glassbox.course.lessons;

import io.glassbox.course.Lesson;
import io.glassbox.course.LessonRun;
import io.glassbox.course.Verifier;
import io.glassbox.course.View;
import io.glassbox.hooks.EngineEvent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chapter 15, approximate LRU (evict.c): every value carries a 24-bit LRU stamp in seconds, idle
 * time is the clock minus the stamp (estimateObjectIdleTime), and eviction does not keep a list in
 * access order: it samples maxmemory-samples keys into a pool of 16 kept sorted by idle time
 * (evictionPoolPopulate) and evicts the best of the pool. Eviction deletes keys of every database,
 * so the lesson runs a server of its own (the learner's keys stay), on a hand-moved clock so that
 * idle times are minutes apart without waiting.
 */
final class LruLesson {
    private LruLesson() {}

    static final int KEYS = 20;

    static String key(int i) { return String.format("user:%02d", i); }

    static Lesson lesson() {
        return Lesson.builder("15", 15)
                .step(r -> {
                    LessonRun.Node s = r.startEngineWithManualClock("server", "--maxmemory-policy", "allkeys-lru");
                    r.view(View.Kind.MEMORY, s);
                    String value = "x".repeat(100);
                    for (int i = 0; i < KEYS; i++) {
                        s.client().call("SET", key(i), value);
                        s.engine().controls().advanceClock(30_000);
                    }
                    r.call(s, "SET", key(0), value);
                    for (int i = 1; i < 4; i++) r.call(s, "GET", key(i));
                    Map<String, Long> idle = idle(s);
                    r.call(s, "OBJECT", "IDLETIME", key(4));
                    r.caption("l15.s1.keys", s.engine().port(), KEYS, key(0), key(KEYS - 1), 30);
                    r.caption("l15.s1.idle", table(idle));
                    r.caption("l15.s1.why");
                    r.cite("evict.c", "estimateObjectIdleTime", "eviction.Eviction.estimateObjectIdleTime");
                    r.cite("server.h", "LRU_CLOCK", "db.Keyspace.lruClock");
                    r.fact("idle", idle);
                }, LruLesson::checkIdle)
                .step(r -> {
                    LessonRun.Node s = ReplicationLesson.node(r, "server");
                    r.fact("idle", idle(s));
                    long used = Long.parseLong(LessonRun.info(s.client(), "memory", "used_memory"));
                    long max = used + 3000;
                    r.call(s, "CONFIG", "SET", "maxmemory", Long.toString(max));
                    r.call(s, "SET", "report", "r".repeat(3200));
                    // read without a command: every command, INFO included, would run performEvictions first
                    var view = s.engine().hooks().evictionSnapshot().join();
                    r.caption("l15.s2.limit", used, view.maxmemory(), view.policy(), view.usedMemory(),
                            Math.max(0, view.usedMemory() - view.maxmemory()));
                    r.caption(view.usedMemory() > view.maxmemory() ? "l15.s2.over" : "l15.s2.under", view.evictedKeys());
                    r.caption("l15.s2.why");
                    r.cite("server.c", "processCommand", "server.CommandProcessor.processCommand");
                    r.cite("evict.c", "getMaxmemoryState", "eviction.Eviction.usedMemory");
                    r.fact("over", view.usedMemory() > view.maxmemory());
                    r.fact("evicted", view.evictedKeys());
                }, v -> {
                    // the check sends no command, which would evict
                    var view = ReplicationLesson.node(v.run(), "server").engine().hooks().evictionSnapshot().join();
                    v.expect("used_memory > maxmemory", v.fact("over"), view.usedMemory() > view.maxmemory());
                    v.expect("evicted_keys", v.fact("evicted"), view.evictedKeys());
                })
                .step(r -> evictionStep(r, "3"), LruLesson::checkIdle)
                .step(r -> {
                    LessonRun.Node s = ReplicationLesson.node(r, "server");
                    r.call(s, "CONFIG", "SET", "maxmemory-samples", "64");
                    evictionStep(r, "4");
                }, LruLesson::checkIdle)
                .build();
    }

    /** A write while over the limit: which keys were sampled, the pool, the victims and whether each was the idlest key there was. */
    private static void evictionStep(LessonRun r, String step) {
        LessonRun.Node s = ReplicationLesson.node(r, "server");
        @SuppressWarnings("unchecked")
        Map<String, Long> before = new LinkedHashMap<>((Map<String, Long>) r.recalled("idle"));
        long evictedBefore = s.engine().hooks().evictionSnapshot().join().evictedKeys();
        LessonRun.Recorder rec = r.record(s.engine(), EngineEvent.EvictionKeySampled.class, EngineEvent.EvictionPoolPopulated.class,
                EngineEvent.KeyEvicted.class);
        if (step.equals("4")) r.call(s, "SET", "report2", "r".repeat(3200));
        r.call(s, "SET", "visit:" + step, "1");
        long evicted = Long.parseLong(LessonRun.info(s.client(), "stats", "evicted_keys")) - evictedBefore;
        LessonRun.await(() -> rec.of(EngineEvent.KeyEvicted.class).size() >= evicted, 5000);
        List<EngineEvent.KeyEvicted> victims = rec.of(EngineEvent.KeyEvicted.class);
        List<EngineEvent.EvictionPoolPopulated> pools = rec.of(EngineEvent.EvictionPoolPopulated.class);
        r.view(View.Kind.MEMORY, s);
        if (victims.isEmpty()) {
            r.caption("l15.s3.none");
        } else {
            EngineEvent.KeyEvicted first = victims.get(0);
            String victim = LessonRun.str(first.key());
            // the first round: the keys sampled before the first pool was complete
            List<String> firstSamples = new ArrayList<>();
            int samples = Integer.parseInt(LessonRun.strings(s.client().call("CONFIG", "GET", "maxmemory-samples")).get(1));
            for (EngineEvent e : rec.events()) {
                if (e instanceof EngineEvent.EvictionPoolPopulated) break;
                if (e instanceof EngineEvent.EvictionKeySampled k) firstSamples.add(LessonRun.str(k.key()) + " " + k.score() / 1000 + "s");
            }
            List<String> pool = new ArrayList<>();
            if (!pools.isEmpty()) {
                EngineEvent.EvictionPoolPopulated p = pools.get(0);
                for (int i = 0; i < p.keys().length; i++) pool.add(LessonRun.str(p.keys()[i]) + " " + p.scores()[i] / 1000 + "s");
            }
            r.caption("l15.s3.sampled", samples, firstSamples.size(), firstSamples);
            r.caption("l15.s3.pool", pool.size(), pool);
            List<String> names = new ArrayList<>();
            for (EngineEvent.KeyEvicted v : victims) names.add(LessonRun.str(v.key()) + " " + v.score() / 1000 + "s, " + v.bytesFreed() + " B");
            r.caption("l15.s3.victims", victims.size(), names);
            // the idlest key that existed before this write
            String idlest = null;
            long most = -1;
            for (Map.Entry<String, Long> e : before.entrySet()) {
                if (e.getValue() > most) {
                    most = e.getValue();
                    idlest = e.getKey();
                }
            }
            if (victim.equals(idlest)) r.caption(step.equals("3") ? "l15.s3.oldest" : "l15.s4.oldest", victim, first.score() / 1000);
            else r.caption("l15.s3.notoldest", victim, first.score() / 1000, idlest, most);
        }
        r.caption(step.equals("3") ? "l15.s3.why" : "l15.s4.why");
        r.cite("evict.c", "evictionPoolPopulate", "eviction.EvictionPool.populate");
        r.cite("evict.c", "performEvictions", "eviction.Eviction.performEvictions");
        r.fact("evicted_keys", Long.parseLong(LessonRun.info(s.client(), "stats", "evicted_keys")));
        r.fact("idle", idle(s));
        r.fact("victims", victims.size());
    }

    /** OBJECT IDLETIME of every key of the lesson's server (it reads without touching, and the clock stands still). */
    static Map<String, Long> idle(LessonRun.Node s) {
        Map<String, Long> out = new LinkedHashMap<>();
        List<String> keys = LessonRun.strings(s.client().call("KEYS", "user:*"));
        java.util.Collections.sort(keys);
        for (String k : keys) out.put(k, LessonRun.integer(s.client().call("OBJECT", "IDLETIME", k)));
        return out;
    }

    static String table(Map<String, Long> idle) {
        StringBuilder sb = new StringBuilder();
        idle.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ').append(v).append('s'));
        return sb.toString();
    }

    /** The keys and idle times the step reported are the server's now; evicted_keys too. */
    static void checkIdle(Verifier v) {
        LessonRun.Node s = ReplicationLesson.node(v.run(), "server");
        v.expect("OBJECT IDLETIME user:*", v.fact("idle"), idle(s));
        if (v.fact("evicted_keys") != null) {
            v.expect("evicted_keys", v.fact("evicted_keys"), Long.parseLong(LessonRun.info(s.client(), "stats", "evicted_keys")));
        }
    }
}
