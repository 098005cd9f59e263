package io.glassbox.command.server;

import io.glassbox.command.CommandTable;
import io.glassbox.command.RedisCommand;
import io.glassbox.config.ConfigRegistry;
import io.glassbox.db.Keyspace;
import io.glassbox.db.KeyspaceStats;
import io.glassbox.db.RedisDb;
import io.glassbox.server.Client;
import io.glassbox.server.ClientMemory;
import io.glassbox.server.InfoLines;
import io.glassbox.server.MemoryLimit;
import io.glassbox.server.Server;
import io.glassbox.server.ServerStats;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * INFO [section ...]: Redis's {@code infoCommand} / {@code genRedisInfoString} in {@code server.c}.
 *
 * <p>The text is "# Section" headers and "field:value" lines, CRLF-terminated, sections separated by
 * an empty line, in Redis's order whatever the order of the arguments. No argument (or
 * {@code default}) means the default sections; {@code all} adds commandstats; {@code everything}
 * is {@code all} plus module sections (there are no modules). Unknown names are ignored.
 *
 * <p><b>Only what exists is reported.</b> Fields
 * that describe C internals (jemalloc's allocator statistics, gcc_version, the multiplexing API).
 * Memory figures are the engine's memory account ({@code io.glassbox.eviction}, docs/memory.md),
 * {@code mem_allocator:jvm}. CPU figures come from the process's
 * CPU time ({@code /proc/self/stat} on Linux) and the command thread's CPU time.
 */
final class InfoCommand {
    private InfoCommand() {}

    static final List<String> DEFAULT_SECTIONS = List.of("server", "clients", "memory", "persistence", "stats", "replication", "cpu", "modules",
            "errorstats", "cluster", "keyspace");
    /** Every section, in output order. */
    static final List<String> ALL_SECTIONS = List.of("server", "clients", "memory", "persistence", "stats", "replication", "cpu", "modules",
            "commandstats", "errorstats", "latencystats", "cluster", "keyspace");

    static void register(CommandTable t) {
        t.bind("info", InfoCommand::info);
    }

    static void info(Client c) {
        Set<String> sections = new LinkedHashSet<>();
        if (c.argc() == 1) sections.addAll(DEFAULT_SECTIONS);
        for (int i = 1; i < c.argc(); i++) {
            String s = c.argString(i).toLowerCase(Locale.ROOT);
            if (s.equals("all") || s.equals("everything")) sections.addAll(ALL_SECTIONS);
            else if (s.equals("default")) sections.addAll(DEFAULT_SECTIONS);
            else sections.add(s);
        }
        c.addVerbatim(genInfoString(c.server(), sections).getBytes(StandardCharsets.UTF_8), "txt");
    }

    /** genRedisInfoString: the requested sections, in Redis's order. */
    static String genInfoString(Server server, Set<String> requested) {
        StringBuilder sb = new StringBuilder();
        int count = 0;
        for (String section : ALL_SECTIONS) {
            if (!requested.contains(section)) continue;
            if (count++ > 0) sb.append("\r\n");
            switch (section) {
                case "server" -> server(server, sb);
                case "clients" -> clients(server, sb);
                case "memory" -> memory(server, sb);
                case "persistence" -> persistence(server, sb);
                case "stats" -> stats(server, sb);
                case "replication" -> server.replication().info(sb);
                case "cpu" -> cpu(sb);
                case "modules" -> { sb.append("# Modules\r\n"); server.modules().info(sb); }
                case "commandstats" -> commandstats(server, sb);
                case "errorstats" -> errorstats(server, sb);
                case "latencystats" -> latencystats(server, sb);
                case "cluster" -> server.cluster().info(sb);
                case "keyspace" -> keyspace(server, sb);
                default -> { }
            }
        }
        return sb.toString();
    }

    private static void field(StringBuilder sb, String name, Object value) { InfoLines.field(sb, name, value); }

    /**
     * # Latencystats (genRedisInfoStringLatencyStats): with latency-tracking, one line per command
     * that has a histogram, "latency_percentiles_usec_NAME:p50=..,p99=..,p99.9=.." with the
     * percentiles of latency-tracking-info-percentiles, in microseconds with 3 decimals.
     */
    static void latencystats(Server s, StringBuilder sb) {
        sb.append("# Latencystats\r\n");
        if (!s.settings().latencyTracking) return;
        double[] percentiles = s.config().special(io.glassbox.config.SpecialConfigs.LatencyTrackingInfoPercentiles.class).get();
        for (RedisCommand cmd : s.commands().commands()) latencystats(cmd, percentiles, sb);
    }

    private static void latencystats(RedisCommand cmd, double[] percentiles, StringBuilder sb) {
        if (cmd.latencyHistogram != null) {
            sb.append("latency_percentiles_usec_").append(cmd.fullName).append(':');
            for (int j = 0; j < percentiles.length; j++) {
                if (j > 0) sb.append(',');
                sb.append('p').append(io.glassbox.config.SpecialConfigs.LatencyTrackingInfoPercentiles.formatPercentile(percentiles[j])).append('=')
                  .append(String.format(Locale.ROOT, "%.3f", cmd.latencyHistogram.valueAtPercentile(percentiles[j]) / 1000.0));
            }
            sb.append("\r\n");
        }
        for (RedisCommand sub : cmd.subcommands().values()) latencystats(sub, percentiles, sb);
    }

    /**
     * # Persistence: loading and the rdb_* fields from the RDB side ({@code RdbPersistence.info}),
     * then the aof_* fields ({@code AppendOnlyFile.info}), in Redis 7.0's order.
     */
    static void persistence(Server s, StringBuilder sb) {
        s.persistence().info(sb, s.keyspace().isLoading());
    }

    static void server(Server s, StringBuilder sb) {
        long now = s.clock().millis();
        long uptime = (now - s.stats().startMillis) / 1000;
        sb.append("# Server\r\n");
        field(sb, "redis_version", Server.REDIS_VERSION);
        field(sb, "redis_git_sha1", "00000000");
        field(sb, "redis_git_dirty", 0);
        field(sb, "redis_mode", s.settings().sentinelMode ? "sentinel" : s.cluster().enabled() ? "cluster" : "standalone");
        field(sb, "os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        field(sb, "arch_bits", System.getProperty("sun.arch.data.model", "64"));
        field(sb, "process_id", ProcessHandle.current().pid());
        field(sb, "process_supervised", "no");
        field(sb, "run_id", s.runId());
        field(sb, "tcp_port", s.settings().port);
        field(sb, "server_time_usec", s.clock().micros());
        field(sb, "uptime_in_seconds", uptime);
        field(sb, "uptime_in_days", uptime / 86400);
        field(sb, "hz", s.settings().hz);
        field(sb, "configured_hz", s.config().numeric("hz").get());
        field(sb, "lru_clock", s.keyspace().lruClock());
        field(sb, "executable", ProcessHandle.current().info().command().orElse(""));
        field(sb, "config_file", s.settings().configFile == null ? "" : s.settings().configFile);
        field(sb, "io_threads_active", s.threadedIO().active() ? 1 : 0);
        s.shutdown().info(sb);
    }

    static void clients(Server s, StringBuilder sb) {
        // the biggest buffers clientsCron saw in the last seconds (getExpansiveClientsInfo)
        long maxIn = s.clientMemory().recentMaxInputBuffer(), maxOut = s.clientMemory().recentMaxOutputBuffer();
        sb.append("# Clients\r\n");
        field(sb, "connected_clients", s.clients().size() - s.replicaClients()); // replicas are not counted
        field(sb, "cluster_connections", s.cluster().connections());
        field(sb, "maxclients", s.settings().maxClients);
        field(sb, "client_recent_max_input_buffer", maxIn);
        field(sb, "client_recent_max_output_buffer", maxOut);
        field(sb, "blocked_clients", s.blockedClients());
        field(sb, "tracking_clients", s.tracking().trackingClients());
        field(sb, "clients_in_timeout_table", s.blocking().clientsInTimeoutTable());
    }

    /**
     * # Memory, with 7.0's names in its order. used_memory is the engine's memory account (see
     * {@code io.glassbox.eviction} and docs/memory.md), not the JVM heap's reading; RSS is the
     * process's, so mem_fragmentation_ratio shows what the JVM holds beyond the data (its runtime,
     * the heap's free space and garbage). jemalloc's allocator_* fields have nothing to describe here.
     */
    static void memory(Server s, StringBuilder sb) {
        MemoryLimit.MemoryOverhead mh = s.memory().overhead();
        long used = mh.totalAllocated();
        long peak = Math.max(mh.peakAllocated(), used);
        ConfigRegistry cfg = s.config();
        long maxmemory = cfg.numeric("maxmemory").get();
        sb.append("# Memory\r\n");
        field(sb, "used_memory", used);
        field(sb, "used_memory_human", InfoLines.bytesToHuman(used));
        long rss = rssBytes();
        if (rss >= 0) {
            field(sb, "used_memory_rss", rss);
            field(sb, "used_memory_rss_human", InfoLines.bytesToHuman(rss));
        }
        field(sb, "used_memory_peak", peak);
        field(sb, "used_memory_peak_human", InfoLines.bytesToHuman(peak));
        field(sb, "used_memory_peak_perc", String.format(Locale.ROOT, "%.2f%%", peak == 0 ? 0.0 : (double) used * 100 / peak));
        field(sb, "used_memory_overhead", mh.overheadTotal());
        field(sb, "used_memory_startup", mh.startupAllocated());
        field(sb, "used_memory_dataset", mh.dataset());
        field(sb, "used_memory_dataset_perc", String.format(Locale.ROOT, "%.2f%%", mh.datasetPerc()));
        long total = totalSystemMemory();
        if (total > 0) {
            field(sb, "total_system_memory", total);
            field(sb, "total_system_memory_human", InfoLines.bytesToHuman(total));
        }
        s.scripts().infoMemory(sb);
        field(sb, "maxmemory", maxmemory);
        field(sb, "maxmemory_human", InfoLines.bytesToHuman(maxmemory));
        field(sb, "maxmemory_policy", cfg.value("maxmemory-policy"));
        if (rss >= 0 && used > 0) {
            field(sb, "mem_fragmentation_ratio", String.format(Locale.ROOT, "%.2f", (double) rss / used));
            field(sb, "mem_fragmentation_bytes", rss - used);
        }
        field(sb, "mem_not_counted_for_evict", mh.notCountedForEvict());
        field(sb, "mem_replication_backlog", mh.replBacklog());
        // what replicas have not taken of the stream; in Redis the backlog and the replicas' buffers
        // share one list of blocks, so the total is at least the backlog
        long replBuffers = 0;
        for (Client c : s.clients()) if (ClientMemory.clientType(c) == ClientMemory.TYPE_SLAVE) replBuffers += c.pendingReplyBytes() + c.connection().pendingOutputBytes();
        field(sb, "mem_total_replication_buffers", Math.max(mh.replBacklog(), replBuffers));
        field(sb, "mem_clients_slaves", s.clientMemory().typeMemory(ClientMemory.TYPE_SLAVE));
        field(sb, "mem_clients_normal", s.clientMemory().typeMemory(ClientMemory.TYPE_NORMAL) + s.clientMemory().typeMemory(ClientMemory.TYPE_PUBSUB)
                + s.clientMemory().typeMemory(ClientMemory.TYPE_MASTER));
        field(sb, "mem_cluster_links", 0);
        field(sb, "mem_aof_buffer", mh.aofBuffer());
        field(sb, "mem_allocator", "jvm");
        field(sb, "active_defrag_running", 0);
        // lazyfree.c's counters: values and keys queued for the bio_lazy_free thread, and freed by it
        field(sb, "lazyfree_pending_objects", s.keyspace().lazyFree().pendingObjects());
        field(sb, "lazyfreed_objects", s.keyspace().lazyFree().freedObjects());
    }

    /** The process's resident set size from /proc/self/statm, or -1 where there is no /proc. */
    private static long rssBytes() {
        try {
            String[] f = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
            return Long.parseLong(f[1]) * 4096;
        } catch (Exception e) {
            return -1;
        }
    }

    private static long totalSystemMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return -1;
    }


    static void stats(Server s, StringBuilder sb) {
        ServerStats st = s.stats();
        KeyspaceStats ks = s.keyspace().stats;
        sb.append("# Stats\r\n");
        field(sb, "total_connections_received", st.numConnections);
        field(sb, "total_commands_processed", st.numCommands);
        field(sb, "instantaneous_ops_per_sec", st.instantaneous(ServerStats.METRIC_COMMAND));
        field(sb, "total_net_input_bytes", st.netInputBytes);
        field(sb, "total_net_output_bytes", st.netOutputBytes);
        field(sb, "instantaneous_input_kbps", String.format(Locale.ROOT, "%.2f", st.instantaneous(ServerStats.METRIC_NET_INPUT) / 1024.0));
        field(sb, "instantaneous_output_kbps", String.format(Locale.ROOT, "%.2f", st.instantaneous(ServerStats.METRIC_NET_OUTPUT) / 1024.0));
        field(sb, "rejected_connections", st.rejectedConnections);
        field(sb, "sync_full", st.syncFull);
        field(sb, "sync_partial_ok", st.syncPartialOk);
        field(sb, "sync_partial_err", st.syncPartialErr);
        field(sb, "expired_keys", ks.expiredKeys);
        field(sb, "expired_stale_perc", String.format(Locale.ROOT, "%.2f", ks.expiredStalePerc * 100));
        field(sb, "expired_time_cap_reached_count", ks.expiredTimeCapReachedCount);
        field(sb, "expire_cycle_cpu_milliseconds", ks.expireCycleCpuMillis);
        field(sb, "evicted_keys", ks.evictedKeys);
        field(sb, "evicted_clients", s.clientMemory().evictedClients());
        field(sb, "total_eviction_exceeded_time", s.memory().totalEvictionExceededMillis());
        field(sb, "current_eviction_exceeded_time", s.memory().currentEvictionExceededMillis());
        field(sb, "keyspace_hits", ks.keyspaceHits);
        field(sb, "keyspace_misses", ks.keyspaceMisses);
        field(sb, "pubsub_channels", s.pubsub().channelCount());
        field(sb, "pubsub_patterns", s.pubsub().patternCount());
        field(sb, "pubsubshard_channels", s.pubsub().shardChannelCount());
        field(sb, "migrate_cached_sockets", s.persistence().migrateCachedSockets());
        field(sb, "tracking_total_keys", s.tracking().totalKeys());
        field(sb, "tracking_total_items", s.tracking().totalItems());
        field(sb, "tracking_total_prefixes", s.tracking().totalPrefixes());
        field(sb, "unexpected_error_replies", st.unexpectedErrorReplies);
        field(sb, "total_error_replies", st.totalErrorReplies);
        field(sb, "io_threaded_reads_processed", s.threadedIO().readsProcessed());
        field(sb, "io_threaded_writes_processed", s.threadedIO().writesProcessed());
    }

    /** used_cpu_*: the process from /proc/self/stat (user and system), the command thread from the JVM. */
    static void cpu(StringBuilder sb) {
        long userUs = -1, sysUs = -1;
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long hz = 100; // USER_HZ on Linux
            userUs = Long.parseLong(f[11]) * 1_000_000 / hz;
            sysUs = Long.parseLong(f[12]) * 1_000_000 / hz;
        } catch (Exception e) {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                userUs = os.getProcessCpuTime() / 1000;
                sysUs = 0;
            }
        }
        sb.append("# CPU\r\n");
        if (userUs >= 0) {
            field(sb, "used_cpu_sys", seconds(sysUs));
            field(sb, "used_cpu_user", seconds(userUs));
            field(sb, "used_cpu_sys_children", "0.000000");
            field(sb, "used_cpu_user_children", "0.000000");
        }
        ThreadMXBean tm = ManagementFactory.getThreadMXBean();
        if (tm.isCurrentThreadCpuTimeSupported()) {
            long total = tm.getCurrentThreadCpuTime() / 1000, user = tm.getCurrentThreadUserTime() / 1000;
            field(sb, "used_cpu_sys_main_thread", seconds(total - user));
            field(sb, "used_cpu_user_main_thread", seconds(user));
        }
    }

    private static String seconds(long micros) {
        return String.format(Locale.ROOT, "%d.%06d", micros / 1_000_000, micros % 1_000_000);
    }

    /** cmdstat_name:calls=..,usec=..,usec_per_call=..,rejected_calls=..,failed_calls=.. for commands used. */
    static void commandstats(Server s, StringBuilder sb) {
        sb.append("# Commandstats\r\n");
        for (RedisCommand cmd : s.commands().commands()) {
            commandStat(cmd, sb);
            for (RedisCommand sub : cmd.subcommands().values()) commandStat(sub, sb);
        }
    }

    private static void commandStat(RedisCommand cmd, StringBuilder sb) {
        if (cmd.calls == 0 && cmd.failedCalls == 0 && cmd.rejectedCalls == 0) return;
        sb.append("cmdstat_").append(cmd.fullName).append(":calls=").append(cmd.calls)
          .append(",usec=").append(cmd.microseconds)
          .append(",usec_per_call=").append(String.format(Locale.ROOT, "%.2f", cmd.calls == 0 ? 0.0 : (double) cmd.microseconds / cmd.calls))
          .append(",rejected_calls=").append(cmd.rejectedCalls)
          .append(",failed_calls=").append(cmd.failedCalls).append("\r\n");
    }

    static void errorstats(Server s, StringBuilder sb) {
        sb.append("# Errorstats\r\n");
        for (Map.Entry<String, Long> e : s.stats().errorCounts.entrySet()) {
            sb.append("errorstat_").append(e.getKey()).append(":count=").append(e.getValue()).append("\r\n");
        }
    }

    static void keyspace(Server s, StringBuilder sb) {
        sb.append("# Keyspace\r\n");
        Keyspace ks = s.keyspace();
        for (int i = 0; i < ks.databases(); i++) {
            RedisDb db = ks.db(i);
            if (db.size() == 0) continue;
            sb.append("db").append(i).append(":keys=").append(db.size()).append(",expires=").append(db.expiresSize())
              .append(",avg_ttl=").append(db.avgTtl()).append("\r\n");
        }
    }
}
