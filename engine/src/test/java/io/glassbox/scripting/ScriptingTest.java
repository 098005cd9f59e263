package io.glassbox.scripting;

import io.glassbox.engine.LocalClient;
import io.glassbox.resp.RespValue;
import io.glassbox.testkit.EngineFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.glassbox.testkit.Args.argv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scripts through the engine's in-process clients, without redis-server: the behaviour the
 * differential tests pin byte for byte, checked here where no real Redis is installed, plus the
 * script thread's hand-over (BUSY, kill, what other clients see meanwhile).
 */
@Tag("unit")
class ScriptingTest {
    private EngineFixture f;
    private LocalClient a, b;

    @BeforeEach
    void start() throws Exception {
        f = EngineFixture.start();
        a = f.client;
        b = f.newClient();
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
        f.close();
    }

    @Test
    void luaValuesBecomeReplies() {
        RespValue r = a.call("EVAL", "return {1, 'two', 3.9, true, false, 'cut'}", "0");
        List<RespValue> items = ((RespValue.Array) r).items();
        assertEquals(new RespValue.Int(1), items.get(0));
        assertEquals("two", ((RespValue.Bulk) items.get(1)).text());
        assertEquals(new RespValue.Int(3), items.get(2), "numbers are truncated to integers");
        assertEquals(new RespValue.Int(1), items.get(3), "true is 1");
        assertInstanceOf(RespValue.Null.class, items.get(4), "false is a nil bulk");
        assertEquals(6, items.size());
    }

    @Test
    void redisCallSeesAndChangesTheKeyspace() {
        a.call("SET", "k", "10");
        assertEquals(new RespValue.Int(15), a.call("EVAL", "return redis.call('incrby', KEYS[1], ARGV[1])", "1", "k", "5"));
        assertEquals("15", ((RespValue.Bulk) b.call("GET", "k")).text());
        assertEquals(new RespValue.Int(1), a.call("EVAL", "return redis.call('get', 'missing') == false and 1 or 0", "0"));
    }

    @Test
    void errorsNameTheScriptAndTheLine() {
        RespValue r = a.call("EVAL", "\nreturn redis.call('nosuch')", "0");
        String msg = ((RespValue.Error) r).message();
        assertTrue(msg.startsWith("ERR Unknown Redis command called from script script: "), msg);
        assertTrue(msg.endsWith(", on @user_script:2."), msg);
    }

    @Test
    void theSandboxKeepsGlobalsReadOnly() {
        String set = ((RespValue.Error) a.call("EVAL", "x = 1", "0")).message();
        assertTrue(set.contains("Attempt to modify a readonly table"), set);
        String get = ((RespValue.Error) a.call("EVAL", "return os.time()", "0")).message();
        assertTrue(get.contains("Script attempted to access nonexistent global variable 'os'"), get);
    }

    @Test
    void evalshaRunsOnlyCachedScripts() {
        String sha = ((RespValue.Bulk) a.call("SCRIPT", "LOAD", "return 'hi'")).text();
        assertEquals("hi", ((RespValue.Bulk) a.call("EVALSHA", sha, "0")).text());
        a.call("SCRIPT", "FLUSH");
        assertEquals("NOSCRIPT No matching script. Please use EVAL.", ((RespValue.Error) a.call("EVALSHA", sha, "0")).message());
    }

    @Test
    void functionsLoadAndRun() {
        a.call("FUNCTION", "LOAD", "#!lua name=lib\nredis.register_function('hello', function(keys, args) return 'hello ' .. args[1] end)");
        assertEquals("hello you", ((RespValue.Bulk) a.call("FCALL", "hello", "0", "you")).text());
        byte[] dump = ((RespValue.Bulk) a.call("FUNCTION", "DUMP")).value();
        a.call("FUNCTION", "FLUSH");
        assertInstanceOf(RespValue.Error.class, a.call("FCALL", "hello", "0", "x"));
        a.call(List.of("FUNCTION".getBytes(StandardCharsets.UTF_8), "RESTORE".getBytes(StandardCharsets.UTF_8), dump));
        assertEquals("hello again", ((RespValue.Bulk) a.call("FCALL", "hello", "0", "again")).text());
    }

    @Test
    void aLongScriptMakesOthersBusyUntilKilled() throws Exception {
        a.call("CONFIG", "SET", "busy-reply-threshold", "50");
        CompletableFuture<RespValue> spin = a.send(argv("EVAL", "while true do end", "0"));
        RespValue busy;
        do {
            busy = b.call("PING"); // PONG until the script has run 50 ms, then BUSY
        } while (!(busy instanceof RespValue.Error));
        assertEquals("BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.",
                ((RespValue.Error) busy).message());
        assertTrue(f.engine.server().scriptBusy());
        assertFalse(spin.isDone(), "the caller waits for its script");
        assertEquals(new RespValue.SimpleString("OK"), b.call("SCRIPT", "KILL"));
        String killed = ((RespValue.Error) spin.get(10, TimeUnit.SECONDS)).message();
        assertTrue(killed.startsWith("ERR Script killed by user with SCRIPT KILL..."), killed);
        assertEquals(new RespValue.SimpleString("PONG"), b.call("PING"));
        assertFalse(f.engine.server().scriptBusy());
    }

    @Test
    void aScriptThatWroteCannotBeKilled() throws Exception {
        a.call("CONFIG", "SET", "busy-reply-threshold", "50");
        // writes, then runs between one and two seconds of the server's clock
        CompletableFuture<RespValue> run = a.send(argv("EVAL", "redis.call('set', 'w', '1') "
                + "local t0 = tonumber(redis.call('time')[1]) while tonumber(redis.call('time')[1]) - t0 < 2 do end return 'ended'", "0"));
        while (!(b.call("PING") instanceof RespValue.Error)) Thread.onSpinWait();
        String refused = ((RespValue.Error) b.call("SCRIPT", "KILL")).message();
        assertTrue(refused.startsWith("UNKILLABLE Sorry the script already executed write commands"), refused);
        assertEquals("ended", ((RespValue.Bulk) run.get(10, TimeUnit.SECONDS)).text());
        assertEquals("1", ((RespValue.Bulk) b.call("GET", "w")).text());
    }

}
