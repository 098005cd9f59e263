package io.glassbox.hooks.remote;

import io.glassbox.engine.LocalClient;
import io.glassbox.resp.RespValue;
import io.glassbox.testkit.EngineFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * The remote-viewer commands obey ACL like a module's commands in Redis: no category reaches them,
 * +@all and rules that name them do. A teacher's viewer user may watch (EVENTS, SNAPSHOT, LOOP
 * STATE) without steering the loop or writing.
 */
@Tag("unit")
class RemoteViewerAclTest {
    private EngineFixture f;
    private LocalClient admin;

    @BeforeEach
    void start() throws Exception {
        f = EngineFixture.start();
        admin = f.client;
    }

    @AfterEach
    void stop() { f.close(); }

    private static String text(RespValue v) {
        return v instanceof RespValue.Error e ? e.message() : v.asText();
    }

    @Test
    void aViewerUserWatchesButCannotSteerOrWrite() {
        assertEquals("OK", text(admin.call("ACL", "SETUSER", "viewer", "on", ">pw", "~*", "+@read",
                "+glassbox.events", "+glassbox.snapshot", "+glassbox.loop|state")));
        admin.call("SET", "k", "v");
        LocalClient viewer = f.engine.newClient();
        assertEquals("OK", text(viewer.call("AUTH", "viewer", "pw")));
        assertInstanceOf(RespValue.Array.class, viewer.call("GLASSBOX.SNAPSHOT", "KEYS", "0"));
        assertInstanceOf(RespValue.Array.class, viewer.call("GLASSBOX.LOOP", "STATE"));
        assertEquals("NOPERM this user has no permissions to run the 'glassbox.loop|pause' command",
                text(viewer.call("GLASSBOX.LOOP", "PAUSE")));
        assertEquals("NOPERM this user has no permissions to run the 'set' command", text(viewer.call("SET", "k", "x")));
        assertEquals("v", text(viewer.call("GET", "k")));
    }

    @Test
    void categoriesDoNotReachTheGlassboxCommands() {
        admin.call("ACL", "SETUSER", "reader", "on", ">pw", "~*", "+@read", "+@slow");
        LocalClient reader = f.engine.newClient();
        reader.call("AUTH", "reader", "pw");
        assertEquals("NOPERM this user has no permissions to run the 'glassbox.snapshot|keys' command",
                text(reader.call("GLASSBOX.SNAPSHOT", "KEYS", "0")));
        // and they stay out of ACL CAT, as Redis leaves module commands out
        RespValue cat = admin.call("ACL", "CAT", "slow");
        for (RespValue v : ((RespValue.Array) cat).items()) {
            assertEquals(false, v.asText().startsWith("glassbox."), v.asText());
        }
    }
}
