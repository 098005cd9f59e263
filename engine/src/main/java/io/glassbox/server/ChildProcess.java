package io.glassbox.server;

import java.io.IOException;
import java.util.List;

/**
 * The child process that a background job shows the outside world.
 *
 * <p>Redis forks for a BGSAVE, an AOF rewrite and a disk-less transfer ({@code redisFork} in
 * server.c). Outside the server the child is visible: it has a pid ({@code pgrep -P}, {@code ps}
 * shows its title, {@code redis-rdb-bgsave}), its temp file is named after it
 * ({@code temp-<pid>.rdb}), and whoever kills it aborts the job, which the parent notices in
 * serverCron ({@code checkChildrenDone}: {@code waitpid}, then "Background saving terminated by
 * signal 9"). Java cannot fork, and Glassbox's background jobs are threads of its own process (see
 * {@code BackgroundSave}). When the server runs as a server process ({@code ./glassbox server}, as
 * the suite starts it), a job Redis would fork for starts a <em>stand-in</em>: a process that does
 * nothing but exist while the job runs, whose pid the job takes for its temp file and whose death by
 * a signal aborts the job, as the child's would. The job itself never waits for it.
 *
 * <p>The stand-in is {@code cat} reading a pipe from this JVM under the child's title ({@code exec
 * -a}): it exits when the job ends ({@link #finish}), when it is killed, or when this process dies
 * and the pipe closes, so no stand-in outlives its server.
 */
public final class ChildProcess {
    /** Starts the stand-in for a job with Redis's child title, or gives null (no stand-in). */
    @FunctionalInterface
    public interface Factory {
        ChildProcess start(String title);
    }

    /** Embedded engines and tests: background jobs have no process of their own. */
    public static final Factory NONE = title -> null;

    /** A server process: every job Redis forks for gets its stand-in (null if it cannot be started). */
    public static final Factory STAND_IN = ChildProcess::spawn;

    /** Redis's child titles (redisSetProcTitle in the child: "redis-rdb-bgsave" and so on). */
    public static final String RDB_BGSAVE = "redis-rdb-bgsave", AOF_REWRITE = "redis-aof-rewrite";

    /** SIGUSR1: how Redis kills its own child without counting the job as failed (killRDBChild). */
    public static final int SIGUSR1 = 10;

    private final Process process;
    private volatile boolean finished;

    private ChildProcess(Process process) { this.process = process; }

    private static ChildProcess spawn(String title) {
        try {
            Process p = new ProcessBuilder(List.of("bash", "-c", "exec -a " + title + " cat"))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new ChildProcess(p);
        } catch (IOException | RuntimeException e) {
            return null; // no bash: the job runs without a stand-in, as in an embedded engine
        }
    }

    /** The pid the job is known by (its temp file's name, {@code pgrep -P}). */
    public long pid() { return process.pid(); }

    /**
     * The signal that killed the stand-in while the job ran (waitpid's WTERMSIG), or 0 if it is
     * alive, ended normally, or was ended by {@link #finish}. Java reports a death by signal N as
     * exit status 128 + N.
     */
    public int killedBySignal() {
        if (finished || process.isAlive()) return 0;
        int status = process.exitValue();
        return status > 128 ? status - 128 : 0;
    }

    /** The job is over: the stand-in goes (its exit is not a signal to anyone). */
    public void finish() {
        if (finished) return;
        finished = true;
        process.destroy();
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the pipe to a process that is going away
        }
    }
}
