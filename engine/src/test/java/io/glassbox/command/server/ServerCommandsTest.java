package io.glassbox.command.server;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.resp.RespValue;
import io.glassbox.server.ServerSettings;
import io.glassbox.testkit.EngineFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server command group through an in-process engine; expected texts are Redis 7.0.15's. */
@Tag("unit")
class ServerCommandsTest {
    private EngineFixture f;

    @BeforeEach
    void start() throws Exception {
        f = EngineFixture.builder().debug().start();
    }

    @AfterEach
    void stop() { f.close(); }

    private static String text(RespValue v) { return v.asText(); }

    private static String error(RespValue v) { return assertInstanceOf(RespValue.Error.class, v).message(); }

    @Test
    void configSetReachesTheServerAndConfigGetShowsIt() {
        assertEquals("OK", text(f.call("CONFIG", "SET", "hz", "50", "slowlog-max-len", "3")));
        assertEquals(50, f.engine.server().settings().hz);
        assertEquals(3, f.engine.server().settings().slowlogMaxLen);
        List<RespValue> pair = ((RespValue.Array) f.call("CONFIG", "GET", "hz")).items();
        assertEquals("hz", text(pair.get(0)));
        assertEquals("50", text(pair.get(1)));
        assertEquals("ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'",
                error(f.call("CONFIG", "SET", "nosuch", "1")));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config",
                error(f.call("CONFIG", "SET", "databases", "4")));
    }

    @Test
    void engineStartedFromSettingsReportsThoseSettings() {
        List<RespValue> pair = ((RespValue.Array) f.call("CONFIG", "GET", "enable-debug-command")).items();
        assertEquals("yes", text(pair.get(1)));
    }

    @Test
    void resetstatZeroesCommandStats() {
        f.call("SET", "a", "1");
        assertTrue(text(f.call("INFO", "commandstats")).contains("cmdstat_set:calls=1,"));
        assertEquals("OK", text(f.call("CONFIG", "RESETSTAT")));
        String after = text(f.call("INFO", "commandstats"));
        assertFalse(after.contains("cmdstat_set"), after);
        assertTrue(after.contains("cmdstat_config|resetstat:calls=1,"), after);
    }

    @Test
    void infoHasRedisLayout() {
        f.call("SET", "k", "v");
        String all = text(f.call("INFO"));
        assertTrue(all.startsWith("# Server\r\nredis_version:7.0.15\r\n"), all);
        assertTrue(all.contains("\r\n\r\n# Clients\r\n"), all);
        assertTrue(all.contains("mem_allocator:jvm\r\n"), all);
        assertTrue(all.endsWith("# Keyspace\r\ndb0:keys=1,expires=0,avg_ttl=0\r\n"), all);
        assertFalse(all.contains("# Commandstats"));
        assertTrue(all.contains("\r\n\r\n# Persistence\r\nloading:0\r\n"), all); // AOF and RDB report here now
        assertEquals("# Cluster\r\ncluster_enabled:0\r\n", text(f.call("INFO", "cluster")));
        assertEquals("", text(f.call("INFO", "nosuchsection")));
        assertEquals("# Cluster\r\ncluster_enabled:0\r\n\r\n# Keyspace\r\ndb0:keys=1,expires=0,avg_ttl=0\r\n",
                text(f.call("INFO", "keyspace", "CLUSTER")));
        assertTrue(text(f.call("INFO", "everything")).contains("# Commandstats\r\n"));
    }

    @Test
    void errorstatsCountsByCode() {
        f.call("NOSUCHCOMMAND");
        assertEquals("# Errorstats\r\nerrorstat_ERR:count=1\r\n", text(f.call("INFO", "errorstats")));
    }

    @Test
    void commandGetkeysAndErrors() {
        RespValue keys = f.call("COMMAND", "GETKEYS", "mset", "a", "b", "c", "d");
        assertEquals(List.of("a", "c"), ((RespValue.Array) keys).items().stream().map(RespValue::asText).toList());
        assertEquals("ERR Invalid command specified", error(f.call("COMMAND", "GETKEYS", "nosuch", "a")));
        assertEquals("ERR The command has no key arguments", error(f.call("COMMAND", "GETKEYS", "ping", "x")));
        assertEquals("ERR Invalid number of arguments specified for command", error(f.call("COMMAND", "GETKEYS", "get", "a", "b")));
        assertEquals(f.engine.server().commands().commands().size(), ((RespValue.Int) f.call("COMMAND", "COUNT")).value());
    }

    @Test
    void slowlogRecordsSlowCommands() {
        f.call("CONFIG", "SET", "slowlog-log-slower-than", "0");
        f.call("SET", "k", "v");
        List<RespValue> entries = ((RespValue.Array) f.call("SLOWLOG", "GET", "1")).items();
        assertEquals(1, entries.size());
        List<RespValue> e = ((RespValue.Array) entries.get(0)).items();
        assertEquals(6, e.size());
        assertEquals(List.of("SET", "k", "v"), ((RespValue.Array) e.get(3)).items().stream().map(RespValue::asText).toList());
        assertEquals("OK", text(f.call("SLOWLOG", "RESET")));
    }

    @Test
    void debugDigestMatchesRedis() {
        // Values computed by Redis 7.0.15 for the same data.
        assertEquals("0000000000000000000000000000000000000000", text(f.call("DEBUG", "DIGEST")));
        f.call("SET", "foo", "bar");
        f.call("SET", "n", "123");
        f.call("SET", "e", "v", "EX", "100");
        List<RespValue> d = ((RespValue.Array) f.call("DEBUG", "DIGEST-VALUE", "foo", "n", "e", "nokey")).items();
        assertEquals("68467c70ae30376e7ce005bcc8827f5ba7fd67dc", text(d.get(0)));
        assertEquals("89f7f51b707418f666d5b45e053bd5bbbf82ac2b", text(d.get(1)));
        assertEquals("311b17018163335616e089f6b951c82c477335ac", text(d.get(2)));
        assertEquals("0000000000000000000000000000000000000000", text(d.get(3)));
    }

    @Test
    void debugObjectShowsEncodingAndRdbLength() {
        f.call("SET", "foo", "bar");
        f.call("SET", "n", "123");
        String foo = text(f.call("DEBUG", "OBJECT", "foo"));
        assertTrue(foo.matches("Value at:0x[0-9a-f]+ refcount:1 encoding:embstr serializedlength:4 lru:\\d+ lru_seconds_idle:0"), foo);
        String n = text(f.call("DEBUG", "OBJECT", "n"));
        assertTrue(n.contains(" refcount:2147483647 encoding:int serializedlength:2 "), n);
        assertEquals("ERR no such key", error(f.call("DEBUG", "OBJECT", "nokey")));
    }

    @Test
    void debugIsRefusedUnlessEnabled() throws Exception {
        ServerSettings s = new ServerSettings();
        s.port = 0;
        try (Engine e = Engine.start(s)) {
            LocalClient other = e.newClient();
            assertEquals("ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", "
                    + "you can run it from a local connection, otherwise you need to set this option in the configuration "
                    + "file, and then restart the server.", error(other.call("DEBUG", "HELP")));
        }
    }

    @Test
    void dbsizeAndTime() {
        f.call("SET", "a", "1");
        assertEquals(1, ((RespValue.Int) f.call("DBSIZE")).value());
        List<RespValue> t = ((RespValue.Array) f.call("TIME")).items();
        assertTrue(Long.parseLong(text(t.get(0))) > 1_600_000_000L);
    }

    @Test
    void debugProtocolInResp3() {
        f.call("HELLO", "3");
        assertEquals("3.141", assertInstanceOf(RespValue.Double.class, f.call("DEBUG", "PROTOCOL", "double")).text());
        assertEquals('~', assertInstanceOf(RespValue.Array.class, f.call("DEBUG", "PROTOCOL", "set")).kind());
        RespValue.Map m = assertInstanceOf(RespValue.Map.class, f.call("DEBUG", "PROTOCOL", "map"));
        assertEquals(new RespValue.Bool(true), m.entries().get(3));
        assertInstanceOf(RespValue.Null.class, f.call("DEBUG", "PROTOCOL", "null"));
        assertEquals("1234567999999999999999999999999999999",
                assertInstanceOf(RespValue.BigNumber.class, f.call("DEBUG", "PROTOCOL", "bignum")).digits());
    }
}
