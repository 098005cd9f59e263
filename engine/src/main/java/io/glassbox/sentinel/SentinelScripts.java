package io.glassbox.sentinel;

import io.glassbox.server.Client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;

/**
 * The notification and client-reconfig scripts ({@code sentinelScheduleScriptExecution},
 * {@code sentinelRunPendingScripts}, {@code sentinelCollectTerminatedScripts},
 * {@code sentinelKillTimedoutScripts}): a queue of at most 256 jobs, at most 16 running; a job
 * that exits with 1 (or is killed by a signal) is retried up to 10 times with a delay that doubles
 * from script-retry-delay; any other non-zero exit is a -script-error; a job running longer than
 * script-max-runtime is killed. Redis forks; here a child process is started and polled from the
 * timer, so nothing blocks the command thread.
 */
final class SentinelScripts {
    static final int MAX_QUEUE = 256, MAX_RUNNING = 16, MAX_RETRY = 10;

    /** sentinelScriptJob. */
    private static final class Job {
        final List<String> argv;
        boolean running;
        int retryNum;
        long startTime;
        Process process;
        /** The exit status when the process could not even start (execve failed: 2). */
        int exitCode;

        Job(List<String> argv) { this.argv = argv; }

        long pid() { return process == null ? 0 : process.pid(); }
    }

    private final Sentinel s;
    private final LinkedList<Job> queue = new LinkedList<>();
    private int running;

    SentinelScripts(Sentinel s) { this.s = s; }

    int running() { return running; }

    int queueLength() { return queue.size(); }

    /** sentinelScheduleScriptExecution: queued; past 256 the oldest job not running is dropped. */
    void schedule(String path, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(path);
        argv.addAll(List.of(args));
        queue.add(new Job(argv));
        if (queue.size() > MAX_QUEUE) {
            for (Iterator<Job> it = queue.iterator(); it.hasNext(); ) {
                if (!it.next().running) {
                    it.remove();
                    break;
                }
            }
        }
    }

    /** sentinelRunPendingScripts. */
    void runPending() {
        long now = s.now();
        for (Job j : queue) {
            if (running >= MAX_RUNNING) break;
            if (j.running || (j.startTime != 0 && j.startTime > now)) continue;
            j.running = true;
            j.startTime = now;
            j.retryNum++;
            List<String> cmd = new ArrayList<>(j.argv);
            cmd.set(0, s.host.path(j.argv.get(0)).toString());
            try {
                j.process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                running++;
                s.event("debug", "+script-child", null, String.valueOf(j.pid()));
            } catch (IOException e) {
                // the child's execve failed: Redis's child exits with 2 (no retry)
                j.process = null;
                running++;
                j.exitCode = 2;
            }
        }
    }

    /** sentinelCollectTerminatedScripts: exit 1 or a signal is retried later, anything else ends the job. */
    void collectTerminated() {
        for (Iterator<Job> it = queue.iterator(); it.hasNext(); ) {
            Job j = it.next();
            if (!j.running || (j.process != null && j.process.isAlive())) continue;
            int status = j.process == null ? j.exitCode : j.process.exitValue();
            // a JVM child killed by a signal reports 128 + the signal
            int bysignal = status > 128 ? status - 128 : 0, exitcode = status > 128 ? 0 : status;
            s.event("debug", "-script-child", null, j.pid() + " " + exitcode + " " + bysignal);
            if ((bysignal != 0 || exitcode == 1) && j.retryNum != MAX_RETRY) {
                j.running = false;
                j.process = null;
                j.startTime = s.now() + retryDelay(j.retryNum);
            } else {
                if (bysignal != 0 || exitcode != 0) s.event("warning", "-script-error", null, j.argv.get(0) + " " + bysignal + " " + exitcode);
                it.remove();
            }
            running--;
        }
    }

    private long retryDelay(int retryNum) {
        long delay = s.scriptRetryDelay;
        while (retryNum-- > 1) delay *= 2;
        return delay;
    }

    /** sentinelKillTimedoutScripts. */
    void killTimedOut() {
        long now = s.now();
        for (Job j : queue) {
            if (j.running && j.process != null && j.process.isAlive() && now - j.startTime > s.scriptMaxRuntime) {
                s.event("warning", "-script-timeout", null, j.argv.get(0) + " " + j.pid());
                j.process.destroyForcibly();
            }
        }
    }

    /** SENTINEL PENDING-SCRIPTS. */
    void reply(Client c) {
        long now = s.now();
        c.addArrayLen(queue.size());
        for (Job j : queue) {
            c.addMapLen(5);
            c.addBulk("argv");
            c.addArrayLen(j.argv.size());
            for (String a : j.argv) c.addBulk(a);
            c.addBulk("flags");
            c.addBulk(j.running ? "running" : "scheduled");
            c.addBulk("pid");
            c.addBulkLong(j.running ? j.pid() : 0);
            if (j.running) {
                c.addBulk("run-time");
                c.addBulkLong(now - j.startTime);
            } else {
                c.addBulk("run-delay");
                c.addBulkLong(Math.max(0, j.startTime != 0 ? j.startTime - now : 0));
            }
            c.addBulk("retry-num");
            c.addBulkLong(j.retryNum);
        }
    }

    /** Stops every running script (the engine closes). */
    void shutdown() {
        for (Job j : queue) if (j.process != null) j.process.destroy();
    }
}
