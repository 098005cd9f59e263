package io.glassbox.config;

import static io.glassbox.config.NumericConfig.Format.INTEGER;
import static io.glassbox.config.NumericConfig.Format.MEMORY;
import static io.glassbox.config.NumericConfig.Format.MEMORY_OR_PERCENT;
import static io.glassbox.config.NumericConfig.Format.OCTAL;
import static io.glassbox.config.NumericConfig.NumericType.INT;
import static io.glassbox.config.NumericConfig.NumericType.LONG_LONG;
import static io.glassbox.config.NumericConfig.NumericType.OFF_T;
import static io.glassbox.config.NumericConfig.NumericType.SIZE_T;
import static io.glassbox.config.NumericConfig.NumericType.SSIZE_T;
import static io.glassbox.config.NumericConfig.NumericType.TIME_T;
import static io.glassbox.config.NumericConfig.NumericType.UINT;
import static io.glassbox.config.NumericConfig.NumericType.ULONG;
import static io.glassbox.config.NumericConfig.NumericType.ULONG_LONG;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Every setting of Redis 7.0.15, with its type, bounds, default and flags: the
 * {@code static_configs[]} table of {@code src/config.c}, row for row and in the same order.
 *
 * <p>This is the single description of the settings. CONFIG GET/SET/REWRITE and the config file
 * loader know nothing about individual settings; they work from this table. The defaults were
 * checked against {@code CONFIG GET *} of a real redis-server 7.0.15 (see the test resource
 * {@code redis-7.0-config-defaults.txt}). TLS settings are included because the reference server was
 * built with TLS and lists them.
 */
final class ConfigTable {
    private ConfigTable() {
    }

    private static final long INT_MAX = Integer.MAX_VALUE, INT_MIN = Integer.MIN_VALUE;
    private static final long UINT_MAX = 0xFFFF_FFFFL;
    private static final long LONG_MAX = Long.MAX_VALUE, LLONG_MAX = Long.MAX_VALUE, SSIZE_MAX = Long.MAX_VALUE;
    private static final long ULLONG_MAX = -1L; /* all 64 bits set, compared unsigned */

    /* Flag shorthands, named after Redis's. MODIFIABLE_CONFIG is the empty set. */
    private static final Set<ConfigFlag> MODIFIABLE = EnumSet.noneOf(ConfigFlag.class);
    private static final Set<ConfigFlag> IMMUTABLE = EnumSet.of(ConfigFlag.IMMUTABLE);
    private static final Set<ConfigFlag> DEBUG = EnumSet.of(ConfigFlag.DEBUG);
    private static final Set<ConfigFlag> DEBUG_IMMUTABLE = EnumSet.of(ConfigFlag.DEBUG, ConfigFlag.IMMUTABLE);
    private static final Set<ConfigFlag> HIDDEN = EnumSet.of(ConfigFlag.HIDDEN);
    private static final Set<ConfigFlag> SENSITIVE = EnumSet.of(ConfigFlag.SENSITIVE);
    private static final Set<ConfigFlag> PROTECTED = EnumSet.of(ConfigFlag.PROTECTED);
    private static final Set<ConfigFlag> DENY_LOADING = EnumSet.of(ConfigFlag.DENY_LOADING);
    private static final Set<ConfigFlag> DEBUG_DENY_LOADING = EnumSet.of(ConfigFlag.DEBUG, ConfigFlag.DENY_LOADING);
    private static final Set<ConfigFlag> MULTI_ARG = EnumSet.of(ConfigFlag.MULTI_ARG);

    /* The configEnum tables. */
    private static final String[] MAXMEMORY_POLICY = {"volatile-lru", "volatile-lfu", "volatile-random",
            "volatile-ttl", "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"};

    static final String[] SUPERVISED = {"upstart", "systemd", "auto", "no"};
    static final String[] SYSLOG_FACILITY = {"user", "local0", "local1", "local2", "local3", "local4", "local5",
            "local6", "local7"};
    static final String[] LOGLEVEL = {"debug", "verbose", "notice", "warning"};
    static final String[] AOF_FSYNC = {"everysec", "always", "no"};
    static final String[] REPL_DISKLESS_LOAD = {"disabled", "on-empty-db", "swapdb"};
    static final String[] TLS_AUTH_CLIENTS = {"no", "yes", "optional"};
    static final String[] OOM_SCORE_ADJ = {"no", "yes", "relative", "absolute"};
    static final String[] ACL_PUBSUB_DEFAULT = {"allchannels", "resetchannels"};
    static final String[] SANITIZE_DUMP_PAYLOAD = {"no", "yes", "clients"};
    static final String[] PROTECTED_ACTION = {"no", "yes", "local"};
    static final String[] CLUSTER_PREFERRED_ENDPOINT_TYPE = {"ip", "hostname", "unknown-endpoint"};
    static final String[] PROPAGATION_ERROR_BEHAVIOR = {"ignore", "panic", "panic-on-replicas"};
    static final String[] SHUTDOWN_ON_SIG = {"default", "save", "nosave", "now", "force"};

    /** Values of {@code enable-protected-configs} and friends: PROTECTED_ACTION_ALLOWED_NO/YES/LOCAL. */
    static final int PROTECTED_ACTION_ALLOWED_NO = 0, PROTECTED_ACTION_ALLOWED_YES = 1, PROTECTED_ACTION_ALLOWED_LOCAL = 2;
    /** SHUTDOWN_* bits of server.h. */
    static final int SHUTDOWN_SAVE = 1, SHUTDOWN_NOSAVE = 2, SHUTDOWN_NOW = 4, SHUTDOWN_FORCE = 8;

    /** The registry's rows, primary names only, in table order. */
    static List<StandardConfig> staticConfigs(String startDirectory) {
        List<StandardConfig> t = new ArrayList<>();

        /* Bool configs */
        t.add(bool("rdbchecksum", null, IMMUTABLE, true));
        t.add(bool("daemonize", null, IMMUTABLE, false));
        t.add(bool("io-threads-do-reads", null, DEBUG_IMMUTABLE, false));
        t.add(bool("always-show-logo", null, IMMUTABLE, false));
        t.add(bool("protected-mode", null, MODIFIABLE, true));
        t.add(bool("rdbcompression", null, MODIFIABLE, true));
        t.add(bool("rdb-del-sync-files", null, MODIFIABLE, false));
        t.add(bool("activerehashing", null, MODIFIABLE, true));
        t.add(bool("stop-writes-on-bgsave-error", null, MODIFIABLE, true));
        t.add(bool("set-proc-title", null, IMMUTABLE, true));
        t.add(bool("dynamic-hz", null, MODIFIABLE, true));
        t.add(bool("lazyfree-lazy-eviction", null, DEBUG, false));
        t.add(bool("lazyfree-lazy-expire", null, DEBUG, false));
        t.add(bool("lazyfree-lazy-server-del", null, DEBUG, false));
        t.add(bool("lazyfree-lazy-user-del", null, DEBUG, false));
        t.add(bool("lazyfree-lazy-user-flush", null, DEBUG, false));
        t.add(bool("repl-disable-tcp-nodelay", null, MODIFIABLE, false));
        t.add(bool("repl-diskless-sync", null, DEBUG, true));
        t.add(bool("aof-rewrite-incremental-fsync", null, MODIFIABLE, true));
        t.add(bool("no-appendfsync-on-rewrite", null, MODIFIABLE, false));
        t.add(bool("cluster-require-full-coverage", null, MODIFIABLE, true));
        t.add(bool("rdb-save-incremental-fsync", null, MODIFIABLE, true));
        t.add(bool("aof-load-truncated", null, MODIFIABLE, true));
        t.add(bool("aof-use-rdb-preamble", null, MODIFIABLE, true));
        t.add(bool("aof-timestamp-enabled", null, MODIFIABLE, false));
        t.add(bool("cluster-replica-no-failover", "cluster-slave-no-failover", MODIFIABLE, false));
        t.add(bool("replica-lazy-flush", "slave-lazy-flush", MODIFIABLE, false));
        t.add(bool("replica-serve-stale-data", "slave-serve-stale-data", MODIFIABLE, true));
        t.add(bool("replica-read-only", "slave-read-only", DEBUG, true));
        t.add(bool("replica-ignore-maxmemory", "slave-ignore-maxmemory", MODIFIABLE, true));
        t.add(bool("jemalloc-bg-thread", null, MODIFIABLE, true));
        t.add(bool("activedefrag", null, DEBUG, false));
        t.add(bool("syslog-enabled", null, IMMUTABLE, false));
        t.add(bool("cluster-enabled", null, IMMUTABLE, false));
        t.add(bool("appendonly", null, DENY_LOADING, false));
        t.add(bool("cluster-allow-reads-when-down", null, MODIFIABLE, false));
        t.add(bool("cluster-allow-pubsubshard-when-down", null, MODIFIABLE, true));
        t.add(bool("crash-log-enabled", null, MODIFIABLE, true));
        t.add(bool("crash-memcheck-enabled", null, MODIFIABLE, true));
        t.add(bool("use-exit-on-panic", null, HIDDEN, false));
        t.add(bool("disable-thp", null, IMMUTABLE, true));
        t.add(bool("cluster-allow-replica-migration", null, MODIFIABLE, true));
        t.add(bool("replica-announced", null, MODIFIABLE, true));
        t.add(bool("latency-tracking", null, MODIFIABLE, true));
        t.add(bool("aof-disable-auto-gc", null, MODIFIABLE, false));
        t.add(bool("replica-ignore-disk-write-errors", null, MODIFIABLE, false));

        /* String configs (Redis's string and sds configs behave the same) */
        t.add(string("aclfile", null, IMMUTABLE, false, "", null));
        t.add(string("unixsocket", null, IMMUTABLE, true, null, null));
        t.add(string("pidfile", null, IMMUTABLE, true, null, null));
        t.add(string("replica-announce-ip", "slave-announce-ip", MODIFIABLE, true, null, null));
        t.add(string("masteruser", null, SENSITIVE, true, null, null));
        t.add(string("cluster-announce-ip", null, MODIFIABLE, true, null, null));
        t.add(string("cluster-config-file", null, IMMUTABLE, false, "nodes.conf", null));
        t.add(string("cluster-announce-hostname", null, MODIFIABLE, true, null, ConfigTable::isValidAnnouncedHostname));
        t.add(string("syslog-ident", null, IMMUTABLE, false, "redis", null));
        t.add(string("dbfilename", null, PROTECTED, false, "dump.rdb", ConfigTable::isValidDBfilename));
        t.add(string("appendfilename", null, IMMUTABLE, false, "appendonly.aof", ConfigTable::isValidAOFfilename));
        t.add(string("appenddirname", null, IMMUTABLE, false, "appendonlydir", ConfigTable::isValidAOFdirname));
        t.add(string("server_cpulist", null, IMMUTABLE, true, null, null));
        t.add(string("bio_cpulist", null, IMMUTABLE, true, null, null));
        t.add(string("aof_rewrite_cpulist", null, IMMUTABLE, true, null, null));
        t.add(string("bgsave_cpulist", null, IMMUTABLE, true, null, null));
        t.add(string("ignore-warnings", null, MODIFIABLE, false, "", null));
        t.add(string("proc-title-template", null, MODIFIABLE, false, "{title} {listen-addr} {server-mode}",
                ConfigTable::isValidProcTitleTemplate));
        t.add(string("bind-source-addr", null, MODIFIABLE, true, null, null));
        t.add(string("logfile", null, IMMUTABLE, false, "", null));
        t.add(string("masterauth", null, SENSITIVE, true, null, null));
        t.add(string("requirepass", null, SENSITIVE, true, null, null));

        /* Enum configs: values are the table's integers */
        t.add(enumeration("supervised", IMMUTABLE, SUPERVISED, new int[]{1, 2, 3, 0}, 0));
        t.add(enumeration("syslog-facility", IMMUTABLE, SYSLOG_FACILITY,
                new int[]{8, 128, 136, 144, 152, 160, 168, 176, 184}, 128));
        t.add(enumeration("repl-diskless-load", DEBUG_DENY_LOADING, REPL_DISKLESS_LOAD, new int[]{0, 1, 2}, 0));
        t.add(enumeration("loglevel", MODIFIABLE, LOGLEVEL, new int[]{0, 1, 2, 3}, 2));
        t.add(enumeration("maxmemory-policy", MODIFIABLE, MAXMEMORY_POLICY, maxmemoryPolicyValues(), maxmemoryPolicyValues()[7]));
        t.add(enumeration("appendfsync", MODIFIABLE, AOF_FSYNC, new int[]{2, 1, 0}, 2));
        t.add(enumeration("oom-score-adj", MODIFIABLE, OOM_SCORE_ADJ, new int[]{0, 1, 1, 2}, 0));
        t.add(enumeration("acl-pubsub-default", MODIFIABLE, ACL_PUBSUB_DEFAULT, new int[]{1 << 2, 0}, 0));
        t.add(enumeration("sanitize-dump-payload", DEBUG, SANITIZE_DUMP_PAYLOAD, new int[]{0, 1, 2}, 0));
        t.add(enumeration("enable-protected-configs", IMMUTABLE, PROTECTED_ACTION, new int[]{0, 1, 2}, 0));
        t.add(enumeration("enable-debug-command", IMMUTABLE, PROTECTED_ACTION, new int[]{0, 1, 2}, 0));
        t.add(enumeration("enable-module-command", IMMUTABLE, PROTECTED_ACTION, new int[]{0, 1, 2}, 0));
        t.add(enumeration("cluster-preferred-endpoint-type", MODIFIABLE, CLUSTER_PREFERRED_ENDPOINT_TYPE,
                new int[]{0, 1, 2}, 0));
        t.add(enumeration("propagation-error-behavior", MODIFIABLE, PROPAGATION_ERROR_BEHAVIOR, new int[]{0, 1, 2}, 0));
        t.add(shutdownOnSig("shutdown-on-sigint"));
        t.add(shutdownOnSig("shutdown-on-sigterm"));

        /* Integer configs */
        t.add(numeric("databases", null, IMMUTABLE, INT, INTEGER, 1, INT_MAX, 16));
        t.add(numeric("port", null, MODIFIABLE, INT, INTEGER, 0, 65535, 6379));
        t.add(numeric("io-threads", null, DEBUG_IMMUTABLE, INT, INTEGER, 1, 128, 1));
        t.add(numeric("auto-aof-rewrite-percentage", null, MODIFIABLE, INT, INTEGER, 0, INT_MAX, 100));
        t.add(numeric("cluster-replica-validity-factor", "cluster-slave-validity-factor", MODIFIABLE, INT, INTEGER, 0, INT_MAX, 10));
        t.add(numeric("list-max-listpack-size", "list-max-ziplist-size", MODIFIABLE, INT, INTEGER, INT_MIN, INT_MAX, -2));
        t.add(numeric("tcp-keepalive", null, MODIFIABLE, INT, INTEGER, 0, INT_MAX, 300));
        t.add(numeric("cluster-migration-barrier", null, MODIFIABLE, INT, INTEGER, 0, INT_MAX, 1));
        t.add(numeric("active-defrag-cycle-min", null, MODIFIABLE, INT, INTEGER, 1, 99, 1));
        t.add(numeric("active-defrag-cycle-max", null, MODIFIABLE, INT, INTEGER, 1, 99, 25));
        t.add(numeric("active-defrag-threshold-lower", null, MODIFIABLE, INT, INTEGER, 0, 1000, 10));
        t.add(numeric("active-defrag-threshold-upper", null, MODIFIABLE, INT, INTEGER, 0, 1000, 100));
        t.add(numeric("lfu-log-factor", null, MODIFIABLE, INT, INTEGER, 0, INT_MAX, 10));
        t.add(numeric("lfu-decay-time", null, MODIFIABLE, INT, INTEGER, 0, INT_MAX, 1));
        t.add(numeric("replica-priority", "slave-priority", MODIFIABLE, INT, INTEGER, 0, INT_MAX, 100));
        t.add(numeric("repl-diskless-sync-delay", null, MODIFIABLE, INT, INTEGER, 0, INT_MAX, 5));
        t.add(numeric("maxmemory-samples", null, MODIFIABLE, INT, INTEGER, 1, INT_MAX, 5));
        t.add(numeric("maxmemory-eviction-tenacity", null, MODIFIABLE, INT, INTEGER, 0, 100, 10));
        t.add(numeric("timeout", null, MODIFIABLE, INT, INTEGER, 0, INT_MAX, 0));
        t.add(numeric("replica-announce-port", "slave-announce-port", MODIFIABLE, INT, INTEGER, 0, 65535, 0));
        t.add(numeric("tcp-backlog", null, IMMUTABLE, INT, INTEGER, 0, INT_MAX, 511));
        t.add(numeric("cluster-port", null, IMMUTABLE, INT, INTEGER, 0, 65535, 0));
        t.add(numeric("cluster-announce-bus-port", null, MODIFIABLE, INT, INTEGER, 0, 65535, 0));
        t.add(numeric("cluster-announce-port", null, MODIFIABLE, INT, INTEGER, 0, 65535, 0));
        t.add(numeric("cluster-announce-tls-port", null, MODIFIABLE, INT, INTEGER, 0, 65535, 0));
        t.add(numeric("repl-timeout", null, MODIFIABLE, INT, INTEGER, 1, INT_MAX, 60));
        t.add(numeric("repl-ping-replica-period", "repl-ping-slave-period", MODIFIABLE, INT, INTEGER, 1, INT_MAX, 10));
        t.add(numeric("list-compress-depth", null, DEBUG, INT, INTEGER, 0, INT_MAX, 0));
        t.add(numeric("rdb-key-save-delay", null, HIDDEN, INT, INTEGER, INT_MIN, INT_MAX, 0));
        t.add(numeric("key-load-delay", null, HIDDEN, INT, INTEGER, INT_MIN, INT_MAX, 0));
        t.add(numeric("active-expire-effort", null, MODIFIABLE, INT, INTEGER, 1, 10, 1));
        t.add(numeric("hz", null, MODIFIABLE, INT, INTEGER, 0, INT_MAX, ConfigRegistry.CONFIG_DEFAULT_HZ));
        t.add(numeric("min-replicas-to-write", "min-slaves-to-write", MODIFIABLE, INT, INTEGER, 0, INT_MAX, 0));
        t.add(numeric("min-replicas-max-lag", "min-slaves-max-lag", MODIFIABLE, INT, INTEGER, 0, INT_MAX, 10));
        t.add(numeric("watchdog-period", null, HIDDEN, INT, INTEGER, 0, INT_MAX, 0));
        t.add(numeric("shutdown-timeout", null, MODIFIABLE, INT, INTEGER, 0, INT_MAX, 10));
        t.add(numeric("repl-diskless-sync-max-replicas", null, MODIFIABLE, INT, INTEGER, 0, INT_MAX, 0));

        /* Unsigned int configs */
        t.add(numeric("maxclients", null, MODIFIABLE, UINT, INTEGER, 1, UINT_MAX, 10000));
        t.add(numeric("unixsocketperm", null, IMMUTABLE, UINT, OCTAL, 0, 0777, 0));
        t.add(numeric("socket-mark-id", null, IMMUTABLE, UINT, INTEGER, 0, UINT_MAX, 0));

        /* Unsigned long configs */
        t.add(numeric("active-defrag-max-scan-fields", null, MODIFIABLE, ULONG, INTEGER, 1, LONG_MAX, 1000));
        t.add(numeric("slowlog-max-len", null, MODIFIABLE, ULONG, INTEGER, 0, LONG_MAX, 128));
        t.add(numeric("acllog-max-len", null, MODIFIABLE, ULONG, INTEGER, 0, LONG_MAX, 128));

        /* Long long configs */
        t.add(numeric("busy-reply-threshold", "lua-time-limit", MODIFIABLE, LONG_LONG, INTEGER, 0, LONG_MAX, 5000));
        t.add(numeric("cluster-node-timeout", null, MODIFIABLE, LONG_LONG, INTEGER, 0, LLONG_MAX, 15000));
        t.add(numeric("slowlog-log-slower-than", null, MODIFIABLE, LONG_LONG, INTEGER, -1, LLONG_MAX, 10000));
        t.add(numeric("latency-monitor-threshold", null, MODIFIABLE, LONG_LONG, INTEGER, 0, LLONG_MAX, 0));
        t.add(numeric("proto-max-bulk-len", null, DEBUG, LONG_LONG, MEMORY, 1024 * 1024, LONG_MAX, 512L * 1024 * 1024));
        t.add(numeric("stream-node-max-entries", null, MODIFIABLE, LONG_LONG, INTEGER, 0, LLONG_MAX, 100));
        t.add(numeric("repl-backlog-size", null, MODIFIABLE, LONG_LONG, MEMORY, 1, LLONG_MAX, 1024 * 1024));

        /* Unsigned long long configs */
        t.add(numeric("maxmemory", null, MODIFIABLE, ULONG_LONG, MEMORY, 0, ULLONG_MAX, 0));
        t.add(numeric("cluster-link-sendbuf-limit", null, MODIFIABLE, ULONG_LONG, MEMORY, 0, ULLONG_MAX, 0));

        /* Size_t configs */
        t.add(numeric("hash-max-listpack-entries", "hash-max-ziplist-entries", MODIFIABLE, SIZE_T, INTEGER, 0, LONG_MAX, 512));
        t.add(numeric("set-max-intset-entries", null, MODIFIABLE, SIZE_T, INTEGER, 0, LONG_MAX, 512));
        t.add(numeric("zset-max-listpack-entries", "zset-max-ziplist-entries", MODIFIABLE, SIZE_T, INTEGER, 0, LONG_MAX, 128));
        t.add(numeric("active-defrag-ignore-bytes", null, MODIFIABLE, SIZE_T, MEMORY, 1, LLONG_MAX, 100L << 20));
        t.add(numeric("hash-max-listpack-value", "hash-max-ziplist-value", MODIFIABLE, SIZE_T, MEMORY, 0, LONG_MAX, 64));
        t.add(numeric("stream-node-max-bytes", null, MODIFIABLE, SIZE_T, MEMORY, 0, LONG_MAX, 4096));
        t.add(numeric("zset-max-listpack-value", "zset-max-ziplist-value", MODIFIABLE, SIZE_T, MEMORY, 0, LONG_MAX, 64));
        t.add(numeric("hll-sparse-max-bytes", null, MODIFIABLE, SIZE_T, MEMORY, 0, LONG_MAX, 3000));
        t.add(numeric("tracking-table-max-keys", null, MODIFIABLE, SIZE_T, INTEGER, 0, LONG_MAX, 1000000));
        t.add(numeric("client-query-buffer-limit", null, DEBUG, SIZE_T, MEMORY, 1024 * 1024, LONG_MAX, 1024L * 1024 * 1024));
        t.add(numeric("maxmemory-clients", null, MODIFIABLE, SSIZE_T, MEMORY_OR_PERCENT, -100, SSIZE_MAX, 0));

        /* Other configs */
        t.add(numeric("repl-backlog-ttl", null, MODIFIABLE, TIME_T, INTEGER, 0, LONG_MAX, 60 * 60));
        t.add(numeric("auto-aof-rewrite-min-size", null, MODIFIABLE, OFF_T, MEMORY, 0, LLONG_MAX, 64L * 1024 * 1024));
        t.add(numeric("loading-process-events-interval-bytes", null, HIDDEN, OFF_T, INTEGER, 1024, INT_MAX, 1024 * 1024 * 2));

        /* TLS configs (USE_OPENSSL) */
        t.add(numeric("tls-port", null, MODIFIABLE, INT, INTEGER, 0, 65535, 0));
        t.add(numeric("tls-session-cache-size", null, MODIFIABLE, INT, INTEGER, 0, INT_MAX, 20 * 1024));
        t.add(numeric("tls-session-cache-timeout", null, MODIFIABLE, INT, INTEGER, 0, INT_MAX, 300));
        t.add(bool("tls-cluster", null, MODIFIABLE, false));
        t.add(bool("tls-replication", null, MODIFIABLE, false));
        t.add(enumeration("tls-auth-clients", MODIFIABLE, TLS_AUTH_CLIENTS, new int[]{0, 1, 2}, 1));
        t.add(bool("tls-prefer-server-ciphers", null, MODIFIABLE, false));
        t.add(bool("tls-session-caching", null, MODIFIABLE, true));
        for (String tls : new String[]{"tls-cert-file", "tls-key-file", "tls-key-file-pass", "tls-client-cert-file",
                "tls-client-key-file", "tls-client-key-file-pass", "tls-dh-params-file", "tls-ca-cert-file",
                "tls-ca-cert-dir", "tls-protocols", "tls-ciphers", "tls-ciphersuites"}) {
            t.add(string(tls, null, MODIFIABLE, true, null, null));
        }

        /* Special configs */
        t.add(new SpecialConfigs.Dir(startDirectory));
        t.add(new SpecialConfigs.Save());
        t.add(new SpecialConfigs.ClientOutputBufferLimit());
        t.add(new SpecialConfigs.OomScoreAdjValues());
        t.add(new SpecialConfigs.NotifyKeyspaceEvents());
        t.add(new SpecialConfigs.Bind());
        t.add(new SpecialConfigs.ReplicaOf());
        t.add(new SpecialConfigs.LatencyTrackingInfoPercentiles());
        return t;
    }

    /**
     * The MAXMEMORY_* values of server.h in the order of the names: each combines MAXMEMORY_FLAG_LRU (1),
     * MAXMEMORY_FLAG_LFU (2) and MAXMEMORY_FLAG_ALLKEYS (4) with a distinct index in the high bits, so
     * the evictor can test "is this an LRU policy" with one AND.
     */
    static int[] maxmemoryPolicyValues() {
        final int lru = 1, lfu = 2, allkeys = 4;
        return new int[]{
                (0 << 8) | lru,            /* volatile-lru */
                (1 << 8) | lfu,            /* volatile-lfu */
                (2 << 8),                  /* volatile-random */
                (3 << 8),                  /* volatile-ttl */
                (4 << 8) | lru | allkeys,  /* allkeys-lru */
                (5 << 8) | lfu | allkeys,  /* allkeys-lfu */
                (6 << 8) | allkeys,        /* allkeys-random */
                (7 << 8)};                 /* noeviction */
    }

    private static BoolConfig bool(String name, String alias, Set<ConfigFlag> flags, boolean def) {
        return new BoolConfig(name, alias, flags, def);
    }

    private static StringConfig string(String name, String alias, Set<ConfigFlag> flags, boolean emptyIsNull,
                                       String def, StringConfig.Validator validator) {
        return new StringConfig(name, alias, flags, emptyIsNull, def, validator);
    }

    private static EnumConfig enumeration(String name, Set<ConfigFlag> flags, String[] names, int[] values, int def) {
        return new EnumConfig(name, null, flags, names, values, def);
    }

    private static NumericConfig numeric(String name, String alias, Set<ConfigFlag> flags, NumericConfig.NumericType type,
                                         NumericConfig.Format format, long lower, long upper, long def) {
        return new NumericConfig(name, alias, flags, type, format, lower, upper, def);
    }

    /** {@code shutdown-on-sigint}/{@code -sigterm}: bit flags, with {@code isValidShutdownOnSigFlags}. */
    private static EnumConfig shutdownOnSig(String name) {
        return new EnumConfig(name, null, MULTI_ARG, SHUTDOWN_ON_SIG,
                new int[]{0, SHUTDOWN_SAVE, SHUTDOWN_NOSAVE, SHUTDOWN_NOW, SHUTDOWN_FORCE}, 0,
                v -> (v & SHUTDOWN_SAVE) == 0 || (v & SHUTDOWN_NOSAVE) == 0,
                "shutdown options SAVE and NOSAVE can't be used simultaneously");
    }

    /** {@code pathIsBaseName()}: no '/' (and no '\\' on Windows builds). */
    private static boolean pathIsBaseName(String path) {
        return path.indexOf('/') < 0 && path.indexOf('\\') < 0;
    }

    private static String isValidDBfilename(String val) {
        return pathIsBaseName(val) ? null : "dbfilename can't be a path, just a filename";
    }

    private static String isValidAOFfilename(String val) {
        if (val.isEmpty()) return "appendfilename can't be empty";
        return pathIsBaseName(val) ? null : "appendfilename can't be a path, just a filename";
    }

    private static String isValidAOFdirname(String val) {
        if (val.isEmpty()) return "appenddirname can't be empty";
        return pathIsBaseName(val) ? null : "appenddirname can't be a path, just a dirname";
    }

    /** {@code isValidAnnouncedHostname()}: NET_HOST_STR_LEN is 256. */
    private static String isValidAnnouncedHostname(String val) {
        if (val.length() >= 256) return "Hostnames must be less than 256 characters";
        for (int i = 0; i < val.length(); i++) {
            char c = val.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) {
                return "Hostnames may only contain alphanumeric characters, hyphens or dots";
            }
        }
        return null;
    }

    /**
     * {@code validateProcTitleTemplate()}: the template expands (sdstemplate: known {variables},
     * {@code {{}} and {@code }}} for literal braces, nothing unbalanced) to something that is not
     * blank once {title} is empty; {title} itself is not required ("--my--title--template" is valid).
     */
    private static String isValidProcTitleTemplate(String val) {
        String err = "template format is invalid or contains unknown variables";
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < val.length()) {
            char c = val.charAt(i);
            if (c == '{' && i + 1 < val.length() && val.charAt(i + 1) == '{') { out.append('{'); i += 2; continue; }
            if (c == '}' && i + 1 < val.length() && val.charAt(i + 1) == '}') { out.append('}'); i += 2; continue; }
            if (c == '}') return err;
            if (c == '{') {
                int end = val.indexOf('}', i);
                if (end < 0) return err;
                String var = val.substring(i, end + 1);
                switch (var) {
                    case "{title}": case "{server-mode}": case "{unixsocket}": case "{config-file}":
                        break; // empty here (the title), or possibly empty (standalone, no socket, no file)
                    case "{listen-addr}": case "{port}": case "{tls-port}":
                        out.append('x'); // never empty; only blankness matters
                        break;
                    default:
                        return err;
                }
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString().replace(" ", "").isEmpty() ? err : null;
    }
}
