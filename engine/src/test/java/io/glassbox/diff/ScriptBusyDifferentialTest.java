package io.glassbox.diff;

import io.glassbox.resp.RespReader;
import io.glassbox.testkit.Args;
import io.glassbox.testkit.RawRespClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A long script and a second client, compared byte for byte with redis-server: once a script has
 * run past {@code busy-reply-threshold} other clients get -BUSY, SCRIPT KILL stops a script that
 * has not written, refuses (UNKILLABLE) one that has, and FUNCTION KILL is the one that stops a
 * function. Client A runs the script and waits; client B polls with PING until the server says
 * BUSY (a PING read before A's script started just gets PONG, so there is no sleep and no race).
 */
@Tag("differential")
class ScriptBusyDifferentialTest extends AgainstRealRedis {
    private static final String SPIN = "EVAL \"while true do end\" 0";
    /** Writes, then runs two seconds by the server's clock: past the threshold, and unkillable. */
    private static final String WRITE_THEN_WAIT = "EVAL \"redis.call('set', 'x', '1') local t0 = tonumber(redis.call('time')[1]) "
            + "while tonumber(redis.call('time')[1]) - t0 < 2 do end return 'done'\" 0";

    @Test
    void busyRepliesAndKillsMatchRedis() throws Exception {
        List<String> expected = run(redis.port());
        List<String> actual = run(glassbox.port());
        assertTrue(expected.size() > 10);
        assertEquals(String.join("\n", expected), String.join("\n", actual));
    }

    private static List<String> run(int port) throws IOException {
        List<String> out = new ArrayList<>();
        try (RawRespClient a = new RawRespClient(port); RawRespClient b = new RawRespClient(port)) {
            for (String setup : List.of("FLUSHALL", "SCRIPT FLUSH", "FUNCTION FLUSH", "CONFIG SET busy-reply-threshold 100")) {
                b.call(Args.line(setup));
            }
            // 1. a script that never writes: BUSY for others, SCRIPT KILL stops it
            a.sendRaw(RespReader.encodeCommand(Args.line(SPIN)));
            out.add("B PING -> " + untilBusy(b));
            out.add("B GET x -> " + Args.show(b.call(Args.line("GET x"))));
            out.add("B FUNCTION KILL -> " + Args.show(b.call(Args.line("FUNCTION KILL"))));
            out.add("B SCRIPT KILL -> " + Args.show(b.call(Args.line("SCRIPT KILL"))));
            out.add("A EVAL -> " + Args.show(a.readReply()));
            out.add("B PING -> " + Args.show(b.call(Args.line("PING"))));
            out.add("B SCRIPT KILL -> " + Args.show(b.call(Args.line("SCRIPT KILL"))));
            // 2. a script that wrote: it cannot be killed, it finishes on its own
            a.sendRaw(RespReader.encodeCommand(Args.line(WRITE_THEN_WAIT)));
            out.add("B PING -> " + untilBusy(b));
            out.add("B SCRIPT KILL -> " + Args.show(b.call(Args.line("SCRIPT KILL"))));
            out.add("A EVAL -> " + Args.show(a.readReply()));
            out.add("B GET x -> " + Args.show(b.call(Args.line("GET x"))));
            // 3. a function: SCRIPT KILL names FUNCTION KILL, which stops it
            out.add("B FUNCTION LOAD -> " + Args.show(b.call(Args.line(
                    "FUNCTION LOAD \"#!lua name=spinlib\\nredis.register_function('spin', function() while true do end end)\""))));
            a.sendRaw(RespReader.encodeCommand(Args.line("FCALL spin 0")));
            out.add("B PING -> " + untilBusy(b));
            out.add("B SCRIPT KILL -> " + Args.show(b.call(Args.line("SCRIPT KILL"))));
            out.add("B FUNCTION KILL -> " + Args.show(b.call(Args.line("FUNCTION KILL"))));
            out.add("A FCALL -> " + Args.show(a.readReply()));
            out.add("B FUNCTION STATS -> " + Args.show(b.call(Args.line("FUNCTION STATS"))));
            b.call(Args.line("FUNCTION FLUSH"));
            b.call(Args.line("CONFIG SET busy-reply-threshold 5000"));
        }
        return out;
    }

    /**
     * unit/scripting's "Timedout scripts and unblocked command": a client blocked on a key the long
     * script writes twice is served after the script's last write, not when EVAL's call returns to
     * the loop at busy-reply-threshold (it then got the first write's element).
     */
    @Test
    void aBlockedClientIsServedAfterTheLongScriptEnds() throws Exception {
        List<String> expected = blockedDuringScript(redis.port());
        List<String> actual = blockedDuringScript(glassbox.port());
        assertEquals(String.join("\n", expected), String.join("\n", actual));
    }

    private static List<String> blockedDuringScript(int port) throws Exception {
        List<String> out = new ArrayList<>();
        try (RawRespClient r = new RawRespClient(port); RawRespClient rd = new RawRespClient(port);
             RawRespClient rd2 = new RawRespClient(port); RawRespClient r3 = new RawRespClient(port)) {
            r.call(Args.line("FLUSHALL"));
            r.call(Args.line("DEBUG set-disable-deny-scripts 1"));
            r.call(Args.line("CONFIG SET busy-reply-threshold 10"));
            rd2.sendRaw(RespReader.encodeCommand(Args.line("BLPOP x 0")));
            while (!new String(r.call(Args.line("INFO clients")), java.nio.charset.StandardCharsets.UTF_8).contains("blocked_clients:1")) {
                Thread.sleep(2);
            }
            rd.sendRaw(RespReader.encodeCommand(Args.argv("EVAL", "redis.call('lpush', KEYS[1], 'y') "
                    + "while true do local c = redis.call('client', 'list') if string.find(c, 'abortscript') ~= nil then break end end "
                    + "redis.call('lpush', KEYS[1], 'z') return 1", "1", "x")));
            out.add("PING -> " + untilBusy(r));
            out.add("HELLO -> " + (r3.call(Args.argv("HELLO", "2", "SETNAME", "abortscript"))[0] == '*' ? "map" : "error"));
            out.add("BLPOP -> " + Args.show(rd2.readReply()));
            out.add("EVAL -> " + Args.show(rd.readReply()));
            r.call(Args.line("DEBUG set-disable-deny-scripts 0"));
            r.call(Args.line("CONFIG SET busy-reply-threshold 5000"));
        }
        return out;
    }

    /** PINGs until the reply is an error (the server is busy) and returns that reply. */
    private static String untilBusy(RawRespClient b) throws IOException {
        while (true) {
            byte[] r = b.call(Args.line("PING"));
            if (r[0] == '-') return Args.show(r);
        }
    }


}
