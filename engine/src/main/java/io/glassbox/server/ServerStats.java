package io.glassbox.server;

import java.util.Map;
import java.util.TreeMap;

/**
 * Server-wide counters for INFO stats and INFO errorstats (Redis's {@code stat_*} fields).
 * Reset by CONFIG RESETSTAT.
 */
public final class ServerStats {
    public long startMillis;
    public long numConnections;
    public long rejectedConnections;
    public long numCommands;
    public long netInputBytes;
    public long netOutputBytes;
    public long totalErrorReplies;
    public long unexpectedErrorReplies;
    public long clientQbufLimitDisconnections;
    /** Full resyncs served, partial resyncs accepted and refused (sync_full, sync_partial_ok, sync_partial_err). */
    public long syncFull, syncPartialOk, syncPartialErr;
    /** stat_fork_rate: GB/s of the last snapshot start (the fork-less BGSAVE's fork), for LATENCY DOCTOR. */
    public double forkRate;
    /** Errors by their code ("ERR", "WRONGTYPE", ...), as INFO errorstats reports them. */
    public final Map<String, Long> errorCounts = new TreeMap<>();

    // instantaneous metrics: samples taken by the cron every 100 ms (STATS_METRIC_SAMPLES)
    private static final int SAMPLES = 16;
    private final long[][] samples = new long[3][SAMPLES];
    private final int[] sampleIdx = new int[3];
    private final long[] lastSampleTime = new long[3];
    private final long[] lastSampleCount = new long[3];
    public static final int METRIC_COMMAND = 0, METRIC_NET_INPUT = 1, METRIC_NET_OUTPUT = 2;

    void countError(String msg) {
        totalErrorReplies++;
        String code;
        int start = msg.startsWith("-") ? 1 : 0;
        int sp = msg.indexOf(' ', start);
        code = start == 1 ? (sp < 0 ? msg.substring(1) : msg.substring(1, sp)) : "ERR";
        if (code.length() > 128) code = code.substring(0, 128);
        errorCounts.merge(code, 1L, Long::sum);
    }

    /** Records one sample of a counter (trackInstantaneousMetric); called by the cron. */
    void trackInstantaneousMetric(int metric, long currentValue, long nowMs) {
        if (lastSampleTime[metric] > 0) {
            long t = nowMs - lastSampleTime[metric];
            long ops = currentValue - lastSampleCount[metric];
            long perSec = t > 0 ? ops * 1000 / t : 0;
            samples[metric][sampleIdx[metric]] = perSec;
            sampleIdx[metric] = (sampleIdx[metric] + 1) % SAMPLES;
        }
        lastSampleTime[metric] = nowMs;
        lastSampleCount[metric] = currentValue;
    }

    /** Mean of the samples of a metric (getInstantaneousMetric). */
    public long instantaneous(int metric) {
        long sum = 0;
        for (long s : samples[metric]) sum += s;
        return sum / SAMPLES;
    }

    public void reset() {
        numConnections = rejectedConnections = numCommands = netInputBytes = netOutputBytes = 0;
        totalErrorReplies = unexpectedErrorReplies = clientQbufLimitDisconnections = 0;
        syncFull = syncPartialOk = syncPartialErr = 0;
        errorCounts.clear();
        for (long[] s : samples) java.util.Arrays.fill(s, 0);
    }
}
