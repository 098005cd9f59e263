package io.glassbox.engine;

import io.glassbox.config.ConfigRegistry;
import io.glassbox.server.ServerSettings;

/** Copies the settings the command path reads from the config registry into {@link ServerSettings}. */
final class SettingsFromConfig {
    private SettingsFromConfig() {}

    static ServerSettings read(ConfigRegistry r) {
        ServerSettings s = new ServerSettings();
        s.port = Integer.parseInt(r.value("port"));
        s.bind = r.value("bind");
        s.protectedMode = "yes".equals(r.value("protected-mode"));
        s.requirePass = r.value("requirepass");
        s.maxClients = Integer.parseInt(r.value("maxclients"));
        s.timeoutSeconds = Integer.parseInt(r.value("timeout"));
        s.tcpKeepAlive = Integer.parseInt(r.value("tcp-keepalive"));
        s.hz = Integer.parseInt(r.value("hz"));
        s.dynamicHz = "yes".equals(r.value("dynamic-hz"));
        s.protoMaxBulkLen = Long.parseLong(r.value("proto-max-bulk-len"));
        s.clientQueryBufferLimit = Long.parseLong(r.value("client-query-buffer-limit"));
        s.databases = Integer.parseInt(r.value("databases"));
        s.slowlogLogSlowerThan = Long.parseLong(r.value("slowlog-log-slower-than"));
        s.slowlogMaxLen = Integer.parseInt(r.value("slowlog-max-len"));
        s.enableDebugCommand = r.value("enable-debug-command");
        s.activeExpireEffort = Integer.parseInt(r.value("active-expire-effort"));
        s.activeRehashing = "yes".equals(r.value("activerehashing"));
        s.dir = r.value("dir");
        s.logfile = r.value("logfile");
        s.loglevel = r.value("loglevel");
        s.pidfile = r.value("pidfile");
        return s;
    }
}
