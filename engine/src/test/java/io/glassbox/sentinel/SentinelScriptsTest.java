package io.glassbox.sentinel;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.resp.RespValue;
import io.glassbox.testkit.Ports;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static io.glassbox.sentinel.SentinelFailoverTest.field;
import static io.glassbox.sentinel.SentinelFailoverTest.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The notification script hears every warning event with its type and text; a script that exits
 * with 1 waits in SENTINEL PENDING-SCRIPTS for its retry; SENTINEL SET may not change script paths
 * while deny-scripts-reconfig is yes.
 */
@Tag("unit")
class SentinelScriptsTest {
    @TempDir Path dir;

    @Test
    void theNotificationScriptGetsTheWarningsAndAFailingOneWaitsForItsRetry() throws Exception {
        Path log = dir.resolve("events.log");
        Path notify = script("notify.sh", "echo \"$1 $2\" >> " + log + "\n");
        Path failing = script("failing.sh", "exit 1\n");
        int masterPort = Ports.free(); // nothing listens there: the master is down from the start
        Files.writeString(dir.resolve("sentinel.conf"), "sentinel monitor mymaster 127.0.0.1 " + masterPort + " 1\n"
                + "sentinel down-after-milliseconds mymaster 300\n"
                + "sentinel notification-script mymaster " + notify + "\n"
                + "sentinel monitor other 127.0.0.1 " + masterPort + " 1\n"
                + "sentinel notification-script other " + failing + "\n");
        try (Engine s = Engine.startSentinel(dir.resolve("sentinel.conf").toString(), "--port", String.valueOf(Ports.free()),
                "--dir", dir.toString()); LocalClient c = s.newClient()) {
            c.call("SENTINEL", "DEBUG", "script-retry-delay", "600000");
            waitFor(10_000, "the +sdown line", () -> read(log).contains("+sdown master mymaster 127.0.0.1 " + masterPort + "\n"));
            assertTrue(read(log).startsWith("+monitor master mymaster 127.0.0.1 " + masterPort + " quorum 1\n"), read(log));
            waitFor(10_000, "the failing script to wait for its retry", () -> pending(c).stream().anyMatch(j ->
                    field(j, "flags").equals("scheduled") && field(j, "retry-num").equals("1")));
            RespValue job = pending(c).stream().filter(j -> field(j, "retry-num").equals("1")).findFirst().orElseThrow();
            assertTrue(Long.parseLong(field(job, "run-delay")) > 500_000, job.toString());
            String info = c.call("INFO", "sentinel").asText();
            assertTrue(info.contains("sentinel_scripts_queue_length:") && !info.contains("sentinel_scripts_queue_length:0\r\n"), info);
            assertEquals("ERR Reconfiguration of scripts path is denied for security reasons. Check the deny-scripts-reconfig "
                    + "configuration directive in your Sentinel configuration",
                    ((RespValue.Error) c.call("SENTINEL", "SET", "mymaster", "notification-script", notify.toString())).message());
        }
    }

    private Path script(String name, String body) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private static List<RespValue> pending(LocalClient c) {
        return ((RespValue.Array) c.call("SENTINEL", "PENDING-SCRIPTS")).items();
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (Exception e) {
            return "";
        }
    }
}
