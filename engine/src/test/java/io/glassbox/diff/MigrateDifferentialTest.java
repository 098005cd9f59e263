package io.glassbox.diff;

import io.glassbox.testkit.Args;
import io.glassbox.testkit.Conversation;
import io.glassbox.testkit.Ports;
import io.glassbox.testkit.RawRespClient;
import io.glassbox.testkit.RealRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

/**
 * MIGRATE from redis-server 7.0.15 and from Glassbox to the same target (a third server, a real
 * Redis), compared reply for reply, with what the target holds afterwards recorded too: +NOKEY,
 * a move, COPY, REPLACE, the KEYS form, the target's BUSYKEY error, a refused connection, the
 * cached connection in INFO, and the password arguments MONITOR shows as "(redacted)" (MIGRATE's
 * AUTH/AUTH2, AUTH, HELLO ... AUTH).
 */
@Tag("differential")
class MigrateDifferentialTest extends AgainstRealRedis {
    private static RealRedis target;

    @BeforeAll
    static void startTarget() throws Exception {
        target = RealRedis.start();
    }

    @AfterAll
    static void stopTarget() {
        if (target != null) target.close();
    }

    @Test
    void migrateMatchesRedis() throws Exception {
        int deadPort = Ports.free();
        Conversation.compare("migrate", redis.port(), glassbox.port(), t -> {
            String to = "MIGRATE 127.0.0.1 " + target.port() + " ";
            onTarget("FLUSHALL");
            t.call(0, to + "nosuchkey 0 5000");
            t.call(0, "RPUSH list a b c");
            t.call(0, "SET str hello PX 100000");
            t.call(0, to + "list 0 5000");
            t.call(0, "EXISTS list");
            t.note("target: " + onTarget("LRANGE list 0 -1"));
            t.call(0, to + "str 3 5000 COPY");
            t.call(0, "GET str");
            t.note("target db 3: " + onTarget("SELECT 3", "GET str"));
            t.call(0, to + "str 3 5000 COPY");          // BUSYKEY on the target
            t.call(0, to + "str 3 5000 REPLACE");
            t.call(0, "EXISTS str");
            t.call(0, "MSET k1 v1 k2 v2");
            t.call(0, to + "k1 0 5000 KEYS k1 k2");       // the key argument must be empty
            t.call(0, to + "\"\" 0 5000 KEYS k1 nosuch k2");
            t.call(0, "EXISTS k1 k2");
            t.note("target: " + onTarget("MGET k1 k2"));
            t.call(0, to + "\"\" 0 5000 AUTH");          // syntax errors
            t.call(0, to + "\"\" 0 notanumber KEYS k1");
            t.call(0, "SET k3 v3");
            t.call(0, "MIGRATE 127.0.0.1 " + deadPort + " k3 0 1000");
            t.infoFields(0, "migrate_cached_sockets");
            onTarget("FLUSHALL");
        });
    }

    @Test
    void monitorShowsPasswordsRedacted() throws Exception {
        Conversation.compare("redaction", redis.port(), glassbox.port(), t -> {
            t.call(1, "MONITOR");
            t.call(0, "MIGRATE 127.0.0.1 " + target.port() + " nokey 9 5000 AUTH secret");
            t.call(0, "MIGRATE 127.0.0.1 " + target.port() + " nokey 9 5000 AUTH2 user secret");
            t.call(0, "AUTH not-real");
            t.call(0, "AUTH not-real not-a-password");
            t.call(0, "HELLO 2 AUTH not-real not-a-password");
            for (int i = 0; i < 5; i++) t.note(withoutPrefix(t.client(1).readReply()));
        });
    }

    /** A MONITOR line without its time stamp and client address, which differ between servers. */
    private static String withoutPrefix(byte[] line) {
        String s = new String(line, StandardCharsets.UTF_8);
        return s.substring(s.indexOf(']') + 1);
    }

    /** Runs the lines on one connection to the target; the last reply. */
    private static String onTarget(String... lines) throws Exception {
        try (RawRespClient c = new RawRespClient(target.port())) {
            byte[] r = null;
            for (String line : lines) r = c.call(Args.line(line));
            return Args.show(r);
        }
    }
}
