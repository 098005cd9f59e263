package io.glassbox.command.connection;

import io.glassbox.resp.RespValue;
import io.glassbox.testkit.EngineFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

@Tag("unit")
class ConnectionCommandsTest {
    private EngineFixture f;

    @BeforeEach
    void start() throws Exception {
        f = EngineFixture.start();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void hello3SwitchesToResp3AndDescribesTheServer() {
        RespValue.Map hello = assertInstanceOf(RespValue.Map.class, f.call("HELLO", "3", "SETNAME", "learner"));
        List<RespValue> kv = hello.entries();
        assertEquals("server", kv.get(0).asText());
        assertEquals("redis", kv.get(1).asText());
        assertEquals("7.0.15", kv.get(3).asText());
        assertEquals("3", kv.get(5).asText());
        assertEquals("learner", f.call("CLIENT", "GETNAME").asText());
        assertEquals(new RespValue.Null(), f.call("GET", "missing"), "RESP3 null is _");
        f.call("HELLO", "2");
        assertEquals(new RespValue.Null(), f.call("GET", "missing"));
    }

    @Test
    void clientSetinfoAcceptsWhatLibrariesSend() {
        assertEquals("OK", f.call("CLIENT", "SETINFO", "LIB-NAME", "lettuce").asText());
        assertEquals("OK", f.call("CLIENT", "SETINFO", "lib-ver", "6.8.2").asText());
        assertEquals(new RespValue.Error("ERR Unrecognized option 'foo'"), f.call("CLIENT", "SETINFO", "foo", "x"));
        assertEquals(new RespValue.Error("ERR wrong number of arguments for 'client|setinfo' command"), f.call("CLIENT", "SETINFO", "lib-name"));
    }
}
