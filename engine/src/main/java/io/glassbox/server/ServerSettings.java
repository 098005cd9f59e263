package io.glassbox.server;

/**
 * The settings the command path reads, as plain fields: Redis reads {@code server.hz},
 * {@code server.requirepass}, ... through its config table's pointers; here the config registry
 * writes these fields when a setting changes, so a command never parses a config string.
 */
public final class ServerSettings {
    public int port = 6379;
    /** server.sentinel_mode: INFO's redis_mode and the log lines' role mark ('X'). */
    public boolean sentinelMode;
    public String bind = "* -::*";
    public boolean protectedMode = true;
    public String requirePass = "";
    public int maxClients = 10000;
    /** Close idle clients after this many seconds; 0 = never. */
    public int timeoutSeconds = 0;
    public int tcpKeepAlive = 300;
    public int hz = 10;
    public boolean dynamicHz = true;
    public long protoMaxBulkLen = 512L * 1024 * 1024;
    public long clientQueryBufferLimit = 1024L * 1024 * 1024;
    public int databases = 16;
    public long slowlogLogSlowerThan = 10000;
    public int slowlogMaxLen = 128;
    /** enable-debug-command: "no", "yes" or "local". */
    public String enableDebugCommand = "no";
    /** enable-module-command: "no", "yes" or "local" (MODULE LOAD, LOADEX, UNLOAD are CMD_PROTECTED). */
    public String enableModuleCommand = "no";
    public int activeExpireEffort = 1;
    public boolean activeRehashing = true;
    public String dir = System.getProperty("user.dir");
    /**
     * Save points for an engine started from these settings (tests, embedding): none by default,
     * so an embedded engine writes no dump.rdb unless asked (redis-server's default applies to
     * servers started from a config, ServerMain).
     */
    public String save = "";
    public String logfile = "";
    /**
     * Where the log goes when {@code logfile} is empty: Redis's lines on stdout (true: {@code ./glassbox
     * server} and the Tcl suite's {@code redis-server}, set by {@code Engine}'s redis-server start) or,
     * for an engine embedded in an application or a test (false), the {@code System.Logger} named
     * {@code io.glassbox.server}, at the level the application configures (ServerLog).
     */
    public boolean logToStdout = false;
    public String loglevel = "notice";
    public String pidfile = "";
    public String configFile;
    public boolean lazyfreeLazyUserDel = false;
    public boolean lazyfreeLazyUserFlush = false;
    /** Expired keys propagate as UNLINK instead of DEL (and EXPIRE in the past deletes as UNLINK). */
    public boolean lazyfreeLazyExpire = false;
    /** Server-side deletions (SPOP of the whole set, ...) propagate as UNLINK instead of DEL. */
    public boolean lazyfreeLazyServerDel = false;
    /** Evicted keys' values go to the lazy-free thread (performEvictions' dbAsyncDelete). */
    public boolean lazyfreeLazyEviction = false;
    /** latency-tracking: per-command latency histograms for INFO latencystats and LATENCY HISTOGRAM. */
    public boolean latencyTracking = true;
    /** maxmemory-policy; OBJECT FREQ and IDLETIME ask whether it is an LFU policy. */
    public String maxmemoryPolicy = "noeviction";
    /** lfu-decay-time: minutes per halving step of the LFU counter (LFUDecrAndReturn). */
    public int lfuDecayTime = 1;
    /** busy-reply-threshold (alias lua-time-limit), ms: past it a running script makes the server answer -BUSY. */
    public long busyReplyThreshold = 5000;

    // ---- DEBUG toggles (server.c fields a test suite flips; not configs)
    /** DEBUG SET-SKIP-CHECKSUM-VALIDATION: RESTORE and RDB loading do not check the CRC64 (skip_checksum_validation). */
    public volatile boolean skipChecksumValidation = false;
    /** DEBUG SET-DISABLE-DENY-SCRIPTS: scripts may call commands flagged noscript (script_disable_deny_script). */
    public volatile boolean scriptDisableDenyScript = false;
    /** DEBUG PAUSE-CRON: the cron skips its work (pause_cron). */
    public volatile boolean pauseCron = false;
}
