package io.glassbox.server;

import io.glassbox.util.Clock;
import io.glassbox.util.Sparkline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Redis's latency monitor ({@code latency.c}, {@code latency.h}): code paths that may block the
 * command thread time themselves, and every time one takes at least
 * {@code latency-monitor-threshold} ms it is recorded as a sample of its <em>event</em>
 * ("command", "fast-command", "expire-cycle", "aof-write", "fork", ...).
 *
 * <p>Each event keeps the last {@link #LATENCY_TS_LEN} samples in a ring, at most one per second
 * (a second sample in the same second only raises that second's maximum), plus its all-time
 * maximum. With the threshold at 0 (the default) nothing is measured: callers check
 * {@link #enabled()} before reading the clock, as the {@code latencyStartMonitor} macro does.
 * LATENCY LATEST, HISTORY, GRAPH, DOCTOR and RESET read and clear these series.
 *
 * <p>Where the events are sampled here: "command" / "fast-command" in {@code CommandProcessor}'s
 * call; "expire-cycle" in {@code ServerCron} around the active expire cycle; "aof-write",
 * "aof-write-alone", "aof-write-active-child", "aof-write-pending-fsync", "aof-fsync-always" and
 * "aof-rename" in the AOF, "fork" at the start of a BGSAVE or AOF rewrite snapshot (the fork-less
 * snapshot's only command-thread cost), through the persistence {@code Host}. The eviction
 * subsystem samples "eviction-del" (one key's delete), "eviction-lazyfree" and "eviction-cycle"
 * (performEvictions) the same way, through its own {@code Host}. Redis's "rdb-unlink-temp-file"
 * has no counterpart: a failed or killed background save's temp file is removed by the writer
 * thread, never by the command thread.
 *
 * <p>Command thread only, like Redis's {@code server.latency_events}.
 */
public final class LatencyMonitor {
    /** History length for every monitored event (LATENCY_TS_LEN). */
    public static final int LATENCY_TS_LEN = 160;

    /** Hears every sample added (the hooks' latency events). */
    public interface Listener {
        Listener NONE = (event, ms) -> {};

        void sampleAdded(String event, long latencyMs);
    }

    /** latencyTimeSeries: the ring of samples, the next slot, the all-time maximum. */
    public static final class TimeSeries {
        int idx;
        long max;
        final int[] time = new int[LATENCY_TS_LEN];
        final long[] latency = new long[LATENCY_TS_LEN];

        /** The samples oldest first, as pairs {unix seconds, ms}. */
        public long[][] samples() {
            java.util.List<long[]> out = new java.util.ArrayList<>();
            for (int j = 0; j < LATENCY_TS_LEN; j++) {
                int i = (idx + j) % LATENCY_TS_LEN;
                if (time[i] == 0) continue;
                out.add(new long[] {time[i], latency[i]});
            }
            return out.toArray(new long[0][]);
        }

        public long max() { return max; }

        /** The latest sample: {unix seconds, ms}. */
        public long[] last() {
            int last = (idx + LATENCY_TS_LEN - 1) % LATENCY_TS_LEN;
            return new long[] {time[last], latency[last]};
        }
    }

    private final Clock clock;
    /** latency-monitor-threshold in ms; 0 disables the monitor (ServerConfig keeps it current). */
    volatile long threshold;
    private final Map<String, TimeSeries> events = new LinkedHashMap<>();
    private volatile Listener listener = Listener.NONE;

    LatencyMonitor(Clock clock) { this.clock = clock; }

    public void setListener(Listener l) { listener = l == null ? Listener.NONE : l; }

    public long threshold() { return threshold; }

    /** True when latency-monitor-threshold is set: only then is anything timed (latencyStartMonitor). */
    public boolean enabled() { return threshold != 0; }

    /** latencyAddSampleIfNeeded: records {@code latencyMs} under {@code event} if it reaches the threshold. */
    public void addSampleIfNeeded(String event, long latencyMs) {
        long t = threshold;
        if (t != 0 && latencyMs >= t) addSample(event, latencyMs);
    }

    /**
     * latencyAddSample: creates the event's series on first use; one slot per second, a later
     * sample in the same second only raising it.
     */
    public void addSample(String event, long latencyMs) {
        TimeSeries ts = events.computeIfAbsent(event, e -> new TimeSeries());
        int now = (int) (clock.millis() / 1000);
        if (latencyMs > ts.max) ts.max = latencyMs;
        listener.sampleAdded(event, latencyMs);
        int prev = (ts.idx + LATENCY_TS_LEN - 1) % LATENCY_TS_LEN;
        if (ts.time[prev] == now) {
            if (latencyMs > ts.latency[prev]) ts.latency[prev] = latencyMs;
            return;
        }
        ts.time[ts.idx] = now;
        ts.latency[ts.idx] = latencyMs;
        ts.idx = (ts.idx + 1) % LATENCY_TS_LEN;
    }

    /** latencyResetEvent: forgets one event (case-insensitively) or, with null, all; returns how many. */
    public int reset(String event) {
        int resets = 0;
        for (var it = events.keySet().iterator(); it.hasNext(); ) {
            String e = it.next();
            if (event == null || e.equalsIgnoreCase(event)) {
                it.remove();
                resets++;
            }
        }
        return resets;
    }

    /** The series of an event (exact name, as Redis's dict lookup), or null. */
    public TimeSeries series(String event) { return events.get(event); }

    /** Every event's series, in the order they first appeared. */
    public Map<String, TimeSeries> events() { return java.util.Collections.unmodifiableMap(events); }

    // ---------------------------------------------------------------- LATENCY GRAPH

    private static final int LATENCY_GRAPH_COLS = 80;

    /** latencyCommandGenSparkeline: the event's header line, a rule, and its samples as a sparkline. */
    public String graph(String event, TimeSeries ts) {
        Sparkline seq = new Sparkline();
        long min = 0, max = 0;
        boolean first = true;
        long now = clock.millis() / 1000;
        for (long[] s : ts.samples()) {
            if (first) { min = max = s[1]; first = false; }
            else { max = Math.max(max, s[1]); min = Math.min(min, s[1]); }
            long elapsed = now - s[0];
            String label;
            if (elapsed < 60) label = elapsed + "s";
            else if (elapsed < 3600) label = (elapsed / 60) + "m";
            else if (elapsed < 3600 * 24) label = (elapsed / 3600) + "h";
            else label = (elapsed / (3600 * 24)) + "d";
            seq.add(s[1], label);
        }
        StringBuilder g = new StringBuilder();
        g.append(event).append(" - high ").append(max).append(" ms, low ").append(min)
         .append(" ms (all time high ").append(ts.max).append(" ms)\n");
        g.append("-".repeat(LATENCY_GRAPH_COLS)).append('\n');
        seq.render(g, LATENCY_GRAPH_COLS, 4, true);
        return g.toString();
    }

    // ---------------------------------------------------------------- LATENCY DOCTOR

    /** What the doctor's advice depends on, besides the samples (server fields in Redis). */
    public interface Facts {
        long slowlogLogSlowerThan();
        int hz();
        boolean aofFsyncAlways();
        /** stat_fork_rate: GB/s of the last "fork" (here: the start of a fork-less snapshot). */
        double forkRate();
    }

    /** latencyStats: avg, mean absolute deviation, min, max, sample count and period of an event. */
    record Stats(long allTimeHigh, long avg, long min, long max, long mad, int samples, long period) {}

    /** analyzeLatencyForEvent. */
    Stats analyze(String event) {
        TimeSeries ts = events.get(event);
        if (ts == null) return new Stats(0, 0, 0, 0, 0, 0, 0);
        int samples = 0;
        long min = 0, max = 0, sum = 0, period = 0;
        for (int j = 0; j < LATENCY_TS_LEN; j++) {
            if (ts.time[j] == 0) continue;
            samples++;
            long l = ts.latency[j];
            if (samples == 1) { min = max = l; }
            else { min = Math.min(min, l); max = Math.max(max, l); }
            sum += l;
            if (period == 0 || ts.time[j] < period) period = ts.time[j];
        }
        long avg = 0;
        if (samples > 0) {
            avg = sum / samples;
            period = clock.millis() / 1000 - period;
            if (period == 0) period = 1;
        }
        long dev = 0;
        for (int j = 0; j < LATENCY_TS_LEN; j++) {
            if (ts.time[j] == 0) continue;
            dev += Math.abs(avg - ts.latency[j]);
        }
        long mad = samples > 0 ? dev / samples : 0;
        return new Stats(ts.max, avg, min, max, mad, samples, period);
    }

    /**
     * createLatencyReport: one line per event with its statistics and a comment, then the advice
     * the events call for. The text is Redis's, with its HAL 9000 voice.
     */
    public String doctor(Facts facts) {
        if (events.isEmpty() && threshold == 0) {
            return "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. If we weren't in a deep space mission I'd suggest to take a look at https://redis.io/topics/latency-monitor.\n";
        }
        StringBuilder report = new StringBuilder();
        boolean betterVm = false, slowlogEnabled = false, slowlogTuning = false, slowlogInspect = false,
                diskContention = false, scheduler = false, dataWriteback = false, noAppendfsync = false,
                localDisk = false, ssd = false, writeLoadInfo = false, hzAdvice = false, largeObjects = false,
                massEviction = false, relaxFsync = false, disableThp = false;
        int advices = 0;
        int eventnum = 0;
        for (Map.Entry<String, TimeSeries> en : events.entrySet()) {
            String event = en.getKey();
            eventnum++;
            if (eventnum == 1) {
                report.append("Dave, I have observed latency spikes in this Redis instance. You don't mind talking about it, do you Dave?\n\n");
            }
            Stats ls = analyze(event);
            report.append(String.format(Locale.ROOT,
                    "%d. %s: %d latency spikes (average %dms, mean deviation %dms, period %.2f sec). Worst all time event %dms.",
                    eventnum, event, ls.samples, ls.avg, ls.mad, (double) ls.period / ls.samples, en.getValue().max));
            String e = event.toLowerCase(Locale.ROOT);
            if (e.equals("fork")) {
                double rate = facts.forkRate();
                String quality;
                if (rate < 10) { quality = "terrible"; betterVm = true; advices++; }
                else if (rate < 25) { quality = "poor"; betterVm = true; advices++; }
                else if (rate < 100) quality = "good";
                else quality = "excellent";
                report.append(String.format(Locale.ROOT, " Fork rate is %.2f GB/sec (%s).", rate, quality));
            }
            if (e.equals("command")) {
                if (facts.slowlogLogSlowerThan() < 0) { slowlogEnabled = true; advices++; }
                else if (facts.slowlogLogSlowerThan() / 1000 > threshold) { slowlogTuning = true; advices++; }
                slowlogInspect = true;
                largeObjects = true;
                advices += 2;
            }
            if (e.equals("fast-command")) { scheduler = true; advices++; }
            if (e.equals("aof-write-pending-fsync")) { localDisk = diskContention = ssd = dataWriteback = true; advices += 4; }
            if (e.equals("aof-write-active-child")) { noAppendfsync = dataWriteback = ssd = true; advices += 3; }
            if (e.equals("aof-write-alone")) { localDisk = dataWriteback = ssd = true; advices += 3; }
            if (e.equals("aof-fsync-always")) { relaxFsync = true; advices++; }
            if (e.equals("aof-fstat") || e.equals("rdb-unlink-temp-file")) { diskContention = localDisk = true; advices += 2; }
            if (e.equals("aof-rewrite-diff-write") || e.equals("aof-rename")) {
                writeLoadInfo = dataWriteback = ssd = localDisk = true;
                advices += 4;
            }
            if (e.equals("expire-cycle")) { hzAdvice = true; largeObjects = true; advices += 2; }
            if (e.equals("eviction-del")) { largeObjects = true; advices++; }
            if (e.equals("eviction-cycle")) { massEviction = true; advices++; }
            report.append('\n');
        }
        if (anonHugePagesBytes() > 0) { disableThp = true; advices++; }

        if (eventnum == 0 && advices == 0) {
            report.append("Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n");
        } else if (eventnum > 0 && advices == 0) {
            report.append("\nWhile there are latency events logged, I'm not able to suggest any easy fix. Please use the Redis community to get some help, providing this report in your help request.\n");
        } else {
            report.append("\nI have a few advices for you:\n\n");
            if (betterVm) report.append("- If you are using a virtual machine, consider upgrading it with a faster one using a hypervisior that provides less latency during fork() calls. Xen is known to have poor fork() performance. Even in the context of the same VM provider, certain kinds of instances can execute fork faster than others.\n");
            if (slowlogEnabled) report.append("- There are latency issues with potentially slow commands you are using. Try to enable the Slow Log Redis feature using the command 'CONFIG SET slowlog-log-slower-than ").append(threshold * 1000).append("'. If the Slow log is disabled Redis is not able to log slow commands execution for you.\n");
            if (slowlogTuning) report.append("- Your current Slow Log configuration only logs events that are slower than your configured latency monitor threshold. Please use 'CONFIG SET slowlog-log-slower-than ").append(threshold * 1000).append("'.\n");
            if (slowlogInspect) report.append("- Check your Slow Log to understand what are the commands you are running which are too slow to execute. Please check https://redis.io/commands/slowlog for more information.\n");
            if (scheduler) report.append("- The system is slow to execute Redis code paths not containing system calls. This usually means the system does not provide Redis CPU time to run for long periods. You should try to:\n"
                    + "  1) Lower the system load.\n"
                    + "  2) Use a computer / VM just for Redis if you are running other software in the same system.\n"
                    + "  3) Check if you have a \"noisy neighbour\" problem.\n"
                    + "  4) Check with 'redis-cli --intrinsic-latency 100' what is the intrinsic latency in your system.\n"
                    + "  5) Check if the problem is allocator-related by recompiling Redis with MALLOC=libc, if you are using Jemalloc. However this may create fragmentation problems.\n");
            if (localDisk) report.append("- It is strongly advised to use local disks for persistence, especially if you are using AOF. Remote disks provided by platform-as-a-service providers are known to be slow.\n");
            if (ssd) report.append("- SSD disks are able to reduce fsync latency, and total time needed for snapshotting and AOF log rewriting (resulting in smaller memory usage). With extremely high write load SSD disks can be a good option. However Redis should perform reasonably with high load using normal disks. Use this advice as a last resort.\n");
            if (dataWriteback) report.append("- Mounting ext3/4 filesystems with data=writeback can provide a performance boost compared to data=ordered, however this mode of operation provides less guarantees, and sometimes it can happen that after a hard crash the AOF file will have a half-written command at the end and will require to be repaired before Redis restarts.\n");
            if (diskContention) report.append("- Try to lower the disk contention. This is often caused by other disk intensive processes running in the same computer (including other Redis instances).\n");
            if (noAppendfsync) report.append("- Assuming from the point of view of data safety this is viable in your environment, you could try to enable the 'no-appendfsync-on-rewrite' option, so that fsync will not be performed while there is a child rewriting the AOF file or producing an RDB file (the moment where there is high disk contention).\n");
            if (relaxFsync && facts.aofFsyncAlways()) report.append("- Your fsync policy is set to 'always'. It is very hard to get good performances with such a setup, if possible try to relax the fsync policy to 'onesec'.\n");
            if (writeLoadInfo) report.append("- Latency during the AOF atomic rename operation or when the final difference is flushed to the AOF file at the end of the rewrite, sometimes is caused by very high write load, causing the AOF buffer to get very large. If possible try to send less commands to accomplish the same work, or use Lua scripts to group multiple operations into a single EVALSHA call.\n");
            if (hzAdvice && facts.hz() < 100) report.append("- In order to make the Redis keys expiring process more incremental, try to set the 'hz' configuration parameter to 100 using 'CONFIG SET hz 100'.\n");
            if (largeObjects) report.append("- Deleting, expiring or evicting (because of maxmemory policy) large objects is a blocking operation. If you have very large objects that are often deleted, expired, or evicted, try to fragment those objects into multiple smaller objects.\n");
            if (massEviction) report.append("- Sudden changes to the 'maxmemory' setting via 'CONFIG SET', or allocation of large objects via sets or sorted sets intersections, STORE option of SORT, Redis Cluster large keys migrations (RESTORE command), may create sudden memory pressure forcing the server to block trying to evict keys. \n");
            if (disableThp) report.append("- I detected a non zero amount of anonymous huge pages used by your process. This creates very serious latency events in different conditions, especially when Redis is persisting on disk. To disable THP support use the command 'echo never > /sys/kernel/mm/transparent_hugepage/enabled', make sure to also add it into /etc/rc.local so that the command will be executed again after a reboot. Note that even if you have already disabled THP, you still need to restart the Redis process to get rid of the huge pages already created.\n");
        }
        return report.toString();
    }

    /** THPGetAnonHugePagesSize: the AnonHugePages of this process's mappings, in bytes (0 where unknown). */
    static long anonHugePagesBytes() {
        for (String f : new String[] {"/proc/self/smaps_rollup", "/proc/self/smaps"}) {
            try {
                long kb = 0;
                for (String line : Files.readAllLines(Path.of(f))) {
                    if (line.startsWith("AnonHugePages:")) kb += Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
                return kb * 1024;
            } catch (Exception ignored) {
                // not Linux, or not readable: try the next, then report none
            }
        }
        return 0;
    }
}
