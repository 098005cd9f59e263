package io.glassbox.course;

import io.glassbox.engine.Engine;
import io.glassbox.resp.RespValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays one lesson on an engine: {@link #next()}, {@link #back()}, {@link #restart()}, and
 * {@link #close()}, which gives the engine back as the lesson found it.
 *
 * <p>Back is a replay, not a scroll: the state a step left cannot be computed backwards (a
 * rehash does not un-move its buckets), so back from step n resets what the lesson owns (its
 * database, engines, subscriptions, settings) and runs steps 1..n-1 again, showing step n-1 as it
 * ran this time. Where a step draws something random (a skiplist tower's height), the replay may
 * draw differently, and its captions say what happened this time.
 *
 * <p>Before running a step the player checks that the engine is still where the previous step left
 * it ({@link Step#check}). If the learner's own commands changed it, the player says where
 * ({@link Shown.Kind#DRIFT}) and runs nothing; {@link #redo()} replays to the current step, and
 * {@link #next(boolean)} with {@code force} goes on regardless.
 *
 * <p>Not thread-safe: one front end drives it, one call at a time.
 */
public final class Player implements AutoCloseable {
    private final Lesson lesson;
    private final LessonRun run;
    private final Map<String, String> originalConfig = new LinkedHashMap<>();
    private int position;          // steps run so far: 0..steps
    private Shown current;
    private boolean closed;

    private Player(Lesson lesson, LessonRun run) {
        this.lesson = lesson;
        this.run = run;
        for (String name : lesson.configs()) {
            List<String> kv = LessonRun.strings(run.client().call("CONFIG", "GET", name));
            if (kv.size() == 2) originalConfig.put(name, kv.get(1));
        }
    }

    /** The database a lesson uses on {@code engine}: the last one (15 with the default 16 databases). */
    public static int lessonDb(Engine engine) { return Math.max(0, engine.databases() - 1); }

    /**
     * Opens {@code lesson} on {@code engine}. The lesson needs its database empty: if it holds keys
     * and {@code emptyIt} is false, returns null and puts the reason in {@code why} (in both languages'
     * keys); with {@code emptyIt} the keys are deleted.
     */
    public static Player open(Engine engine, Lesson lesson, boolean emptyIt, List<Text> why) {
        int db = lessonDb(engine);
        LessonRun run = new LessonRun(engine, db);
        long keys = LessonRun.integer(run.client().call("DBSIZE"));
        if (keys > 0 && !emptyIt) {
            run.client().close();
            why.add(Text.of("player.db.busy", db, keys, lesson.id()));
            return null;
        }
        if (keys > 0) run.client().call("FLUSHDB", "SYNC");
        return new Player(lesson, run);
    }

    public Lesson lesson() { return lesson; }

    /** Steps run so far (the one shown), 0 before the first. */
    public int position() { return position; }

    public int total() { return lesson.steps().size(); }

    public boolean finished() { return position >= total(); }

    /** The step shown last (or null before the first). */
    public Shown current() { return current; }

    /** The run, for tests and front ends that read the engine the lesson uses. */
    public LessonRun run() { return run; }

    /** Runs the next step, unless the engine drifted from the current step's state. */
    public Shown next() { return next(false); }

    /** Runs the next step; with {@code force}, even if the engine drifted. */
    public Shown next(boolean force) {
        if (finished()) return Shown.message(Shown.Kind.END, lesson, position, List.of(Text.of("player.end", lesson.id())));
        if (!force && position > 0) {
            List<Text> problems = check();
            if (!problems.isEmpty()) {
                return new Shown(Shown.Kind.DRIFT, lesson, position, total(), List.of(), View.none(),
                        List.of(Text.of("player.drift", position)), List.of(), problems);
            }
        }
        return runStep(position);
    }

    /** Back one step: reset and replay steps 1..n-1 (see the class comment). At step 1, restarts it. */
    public Shown back() {
        int target = Math.max(1, position - 1);
        return replayTo(target);
    }

    /** Resets everything the lesson did and runs step 1 again. */
    public Shown restart() { return replayTo(1); }

    /** Resets and replays to the current step (after the learner's own commands moved the engine). */
    public Shown redo() { return replayTo(Math.max(1, position)); }

    /** Where the engine differs from what the current step left (empty if it does not, or before the first step). */
    public List<Text> check() {
        if (position == 0) return List.of();
        Verifier v = new Verifier(run);
        try {
            lesson.steps().get(position - 1).check().check(v);
        } catch (Exception | AssertionError e) {
            return List.of(Text.of("player.check.error", String.valueOf(e.getMessage())));
        }
        return v.problems();
    }

    private Shown replayTo(int target) {
        resetAll();
        Shown s = null;
        for (int i = 0; i < target; i++) {
            s = runStep(i);
            if (s.kind() == Shown.Kind.ERROR) return s;
        }
        return s;
    }

    private Shown runStep(int index) {
        run.beginStep();
        try {
            lesson.steps().get(index).action().run(run);
        } catch (Exception | AssertionError e) {
            position = index + 1;
            current = Shown.message(Shown.Kind.ERROR, lesson, position, List.of(Text.of("player.step.error", index + 1,
                    e.getClass().getSimpleName() + ": " + e.getMessage())));
            return current;
        }
        position = index + 1;
        current = new Shown(Shown.Kind.STEP, lesson, position, total(), run.exchanges(), run.currentView(), run.captions(),
                run.cites(), List.of());
        return current;
    }

    private void resetAll() {
        run.reset();
        restoreConfig();
        position = 0;
        current = null;
    }

    private void restoreConfig() {
        List<String> args = new ArrayList<>(List.of("CONFIG", "SET"));
        originalConfig.forEach((k, v) -> { args.add(k); args.add(v); });
        if (args.size() > 2) {
            RespValue r = run.client().call(args.toArray(String[]::new));
            if (r instanceof RespValue.Error) {
                // one at a time, so one refused setting does not keep the others from coming back
                originalConfig.forEach((k, v) -> run.client().call("CONFIG", "SET", k, v));
            }
        }
    }

    /** Gives the engine back as the lesson found it: its database empty, its settings as they were, its own engines gone. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        run.reset();
        restoreConfig();
        run.close();
    }
}
