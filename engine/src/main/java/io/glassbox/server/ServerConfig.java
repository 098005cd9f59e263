package io.glassbox.server;

import io.glassbox.config.ConfigApply;
import io.glassbox.config.ConfigLoader;
import io.glassbox.config.ConfigRegistry;
import io.glassbox.config.SpecialConfigs;

import java.util.List;

/**
 * The bridge between the config registry (the {@code configs} dict of {@code config.c}) and the plain
 * fields of {@link ServerSettings} that the command path reads.
 *
 * <p>Redis's table points straight into the {@code server} struct, so {@code CONFIG SET hz 50}
 * writes {@code server.config_hz} and the cron reads it. Here the registry is the source of truth and
 * one apply function ({@link #sync}) copies the values a running server reads into
 * {@link ServerSettings}, then does what Redis's own apply functions do for them
 * ({@code updateMaxclients}, {@code updateHZ}, trimming the slow log, the active expire effort).
 * The registry runs an apply function once per CONFIG SET however many of its settings changed.
 *
 * <p>Settings a subsystem has not got yet (re-listening after {@code CONFIG SET port}, for instance)
 * are stored and shown by CONFIG GET; the field changes but the socket does not move.
 */
public final class ServerConfig {
    /** The settings {@link #sync} copies; CONFIG SET of any of them runs it. */
    static final List<String> MIRRORED = List.of("port", "bind", "protected-mode", "requirepass", "maxclients",
            "timeout", "tcp-keepalive", "hz", "dynamic-hz", "proto-max-bulk-len", "client-query-buffer-limit",
            "databases", "slowlog-log-slower-than", "slowlog-max-len", "enable-debug-command", "active-expire-effort",
            "activerehashing", "dir", "logfile", "loglevel", "pidfile", "lazyfree-lazy-user-del",
            "lazyfree-lazy-user-flush", "lazyfree-lazy-expire", "lazyfree-lazy-server-del", "lazyfree-lazy-eviction", "latency-monitor-threshold", "latency-tracking", "busy-reply-threshold",
            "maxmemory-policy");

    private ServerConfig() {}

    /**
     * A registry holding Redis's defaults overridden by the values of {@code s}: what an engine started
     * from plain {@link ServerSettings} (tests, embedding) answers to CONFIG GET.
     */
    public static ConfigRegistry fromSettings(ServerSettings s) {
        ConfigRegistry r = ConfigRegistry.createDefault();
        StringBuilder conf = new StringBuilder();
        line(conf, "port", Integer.toString(s.port));
        conf.append("bind ").append(s.bind).append('\n');
        line(conf, "protected-mode", yesNo(s.protectedMode));
        line(conf, "requirepass", s.requirePass == null ? "" : s.requirePass);
        line(conf, "maxclients", Integer.toString(s.maxClients));
        line(conf, "timeout", Integer.toString(s.timeoutSeconds));
        line(conf, "tcp-keepalive", Integer.toString(s.tcpKeepAlive));
        line(conf, "hz", Integer.toString(s.hz));
        line(conf, "dynamic-hz", yesNo(s.dynamicHz));
        line(conf, "proto-max-bulk-len", Long.toString(s.protoMaxBulkLen));
        line(conf, "client-query-buffer-limit", Long.toString(s.clientQueryBufferLimit));
        line(conf, "databases", Integer.toString(s.databases));
        line(conf, "slowlog-log-slower-than", Long.toString(s.slowlogLogSlowerThan));
        line(conf, "slowlog-max-len", Integer.toString(s.slowlogMaxLen));
        line(conf, "enable-debug-command", s.enableDebugCommand);
        line(conf, "enable-module-command", s.enableModuleCommand);
        line(conf, "active-expire-effort", Integer.toString(s.activeExpireEffort));
        line(conf, "activerehashing", yesNo(s.activeRehashing));
        if (s.dir != null) line(conf, "dir", s.dir);
        // save takes its pairs as separate arguments: "3600 1 300 100", or one empty argument
        if (s.save != null) conf.append("save ").append(s.save.isBlank() ? "\"\"" : s.save).append('\n');
        line(conf, "logfile", s.logfile == null ? "" : s.logfile);
        line(conf, "loglevel", s.loglevel);
        line(conf, "maxmemory-policy", s.maxmemoryPolicy);
        line(conf, "busy-reply-threshold", Long.toString(s.busyReplyThreshold));
        line(conf, "maxmemory-policy", s.maxmemoryPolicy);
        if (s.pidfile != null && !s.pidfile.isEmpty()) line(conf, "pidfile", s.pidfile);
        line(conf, "lazyfree-lazy-user-del", yesNo(s.lazyfreeLazyUserDel));
        line(conf, "lazyfree-lazy-user-flush", yesNo(s.lazyfreeLazyUserFlush));
        line(conf, "lazyfree-lazy-expire", yesNo(s.lazyfreeLazyExpire));
        line(conf, "lazyfree-lazy-server-del", yesNo(s.lazyfreeLazyServerDel));
        line(conf, "lazyfree-lazy-eviction", yesNo(s.lazyfreeLazyEviction));
        try {
            ConfigLoader.loadFromString(r, conf.toString());
        } catch (ConfigLoader.FatalConfigError e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return r;
    }

    private static void line(StringBuilder sb, String name, String value) {
        sb.append(name).append(" \"").append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n");
    }

    private static String yesNo(boolean b) { return b ? "yes" : "no"; }

    /** Plain settings holding the registry's values: what an engine started from a config file reads. */
    public static ServerSettings toSettings(ConfigRegistry r) {
        ServerSettings s = new ServerSettings();
        copy(r, s);
        if (r.configFile() != null) s.configFile = r.configFile().toString();
        s.sentinelMode = r.sentinelMode();
        return s;
    }

    /** Copies every mirrored value from the registry into the settings' fields. */
    static void copy(ConfigRegistry r, ServerSettings s) {
        s.port = r.numeric("port").getInt();
        s.bind = String.join(" ", r.special(SpecialConfigs.Bind.class).get());
        s.protectedMode = r.bool("protected-mode").get();
        String pass = r.string("requirepass").get();
        s.requirePass = pass == null ? "" : pass;
        s.maxClients = (int) Math.min(Integer.MAX_VALUE, r.numeric("maxclients").get());
        s.timeoutSeconds = r.numeric("timeout").getInt();
        s.tcpKeepAlive = r.numeric("tcp-keepalive").getInt();
        s.hz = r.numeric("hz").getInt();
        s.dynamicHz = r.bool("dynamic-hz").get();
        s.protoMaxBulkLen = r.numeric("proto-max-bulk-len").get();
        s.clientQueryBufferLimit = r.numeric("client-query-buffer-limit").get();
        s.databases = r.numeric("databases").getInt();
        s.slowlogLogSlowerThan = r.numeric("slowlog-log-slower-than").get();
        s.slowlogMaxLen = (int) Math.min(Integer.MAX_VALUE, r.numeric("slowlog-max-len").get());
        s.enableDebugCommand = r.enumConfig("enable-debug-command").getName();
        s.enableModuleCommand = r.enumConfig("enable-module-command").getName();
        s.activeExpireEffort = r.numeric("active-expire-effort").getInt();
        s.activeRehashing = r.bool("activerehashing").get();
        s.dir = r.special(SpecialConfigs.Dir.class).getValueString();
        String logfile = r.string("logfile").get();
        s.logfile = logfile == null ? "" : logfile;
        s.loglevel = r.enumConfig("loglevel").getName();
        String pidfile = r.string("pidfile").get();
        s.pidfile = pidfile == null ? "" : pidfile;
        s.lazyfreeLazyUserDel = r.bool("lazyfree-lazy-user-del").get();
        s.lazyfreeLazyUserFlush = r.bool("lazyfree-lazy-user-flush").get();
        s.lazyfreeLazyExpire = r.bool("lazyfree-lazy-expire").get();
        s.lazyfreeLazyServerDel = r.bool("lazyfree-lazy-server-del").get();
        s.lazyfreeLazyEviction = r.bool("lazyfree-lazy-eviction").get();
        s.latencyTracking = r.bool("latency-tracking").get();
        s.busyReplyThreshold = r.numeric("busy-reply-threshold").get();
        s.maxmemoryPolicy = r.enumConfig("maxmemory-policy").getName(); // OBJECT IDLETIME/FREQ, RESTORE IDLETIME/FREQ
    }

    /**
     * Makes CONFIG SET reach the running server: registers {@link #sync} for every mirrored setting.
     * Called once by the server's constructor, after its subsystems exist.
     */
    static void attach(Server server) {
        ConfigRegistry r = server.config();
        copy(r, server.settings());
        server.activeExpire().setEffort(server.settings().activeExpireEffort);
        copyLazyFree(server);
        server.latencyMonitor().threshold = r.numeric("latency-monitor-threshold").get();
        ConfigApply sync = () -> sync(server);
        for (String name : MIRRORED) r.onChange(name, sync);
    }

    /** db.c's deletes read the lazy-free settings from the keyspace's LazyFree (the db layer cannot see these settings). */
    private static void copyLazyFree(Server server) {
        ServerSettings s = server.settings();
        io.glassbox.db.LazyFree lf = server.keyspace().lazyFree();
        lf.lazyServerDel = s.lazyfreeLazyServerDel;
        lf.lazyExpire = s.lazyfreeLazyExpire;
        lf.lazyEviction = s.lazyfreeLazyEviction;
    }

    /** The apply function: copy the values, then let the subsystems that cache them notice. */
    private static void sync(Server server) {
        ServerSettings s = server.settings();
        copy(server.config(), s);
        server.activeExpire().setEffort(s.activeExpireEffort);
        copyLazyFree(server);
        server.latencyMonitor().threshold = server.config().numeric("latency-monitor-threshold").get();
        server.slowLog().trim(s.slowlogMaxLen);
        for (Client c : server.clients()) c.parser.setMaxBulkLen(s.protoMaxBulkLen);
    }
}
