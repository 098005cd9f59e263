package io.glassbox.diff;

import io.glassbox.resp.SplitArgs;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Blocking XREAD and XREADGROUP compared byte for byte with redis-server, with several clients (as
 * {@link BlockingDifferentialTest} does for lists): A and C block, B writes, then the replies A and C
 * got are read in order. Explicit IDs keep every reply deterministic.
 */
class StreamBlockingDifferentialTest extends AgainstRealRedis {
    private record Step(int client, String cmd, boolean block, boolean read) {}

    private static Step a(String cmd) { return new Step(0, cmd, false, false); }
    private static Step b(String cmd) { return new Step(1, cmd, false, false); }
    private static Step blockA(String cmd) { return new Step(0, cmd, true, false); }
    private static Step blockC(String cmd) { return new Step(2, cmd, true, false); }
    private static Step readA() { return new Step(0, null, false, true); }
    private static Step readC() { return new Step(2, null, false, true); }

    private static List<byte[]> run(int port, List<Step> steps) throws IOException, InterruptedException {
        List<byte[]> replies = new ArrayList<>();
        RawRespClient[] clients = {new RawRespClient(port), new RawRespClient(port), new RawRespClient(port)};
        try (RawRespClient probe = new RawRespClient(port)) {
            probe.call(argv("FLUSHALL"));
            int blocked = 0;
            for (Step s : steps) {
                RawRespClient c = clients[s.client];
                if (s.block) {
                    c.sendRaw(io.glassbox.resp.RespReader.encodeCommand(argv(s.cmd)));
                    waitBlocked(probe, ++blocked);
                } else if (s.read) {
                    replies.add(c.readReply());
                    blocked--;
                } else {
                    replies.add(c.call(argv(s.cmd)));
                }
            }
        } finally {
            for (RawRespClient c : clients) c.close();
        }
        return replies;
    }

    private static void waitBlocked(RawRespClient probe, int n) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + 2000;
        String want = "blocked_clients:" + n + "\r\n";
        while (System.currentTimeMillis() < deadline) {
            if (new String(probe.call(argv("INFO clients")), StandardCharsets.UTF_8).contains(want)) return;
            Thread.sleep(5);
        }
        fail("server never reported " + want.strip());
    }

    private static List<byte[]> argv(String line) { return SplitArgs.split(line.getBytes(StandardCharsets.UTF_8)); }

    private static void compare(String name, Step... steps) throws Exception {
        List<byte[]> expected = run(redis.port(), List.of(steps));
        List<byte[]> actual = run(glassbox.port(), List.of(steps));
        assertEquals(expected.size(), actual.size(), name + ": reply count");
        List<String> diffs = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            if (!java.util.Arrays.equals(expected.get(i), actual.get(i))) {
                diffs.add(name + " reply " + i + "\n    redis:    " + DifferentialTest.show(expected.get(i))
                        + "\n    glassbox: " + DifferentialTest.show(actual.get(i)));
            }
        }
        assertTrue(diffs.isEmpty(), String.join("\n", diffs));
    }

    @Test
    void xreadServedByXadd() throws Exception {
        compare("XREAD $", blockA("XREAD BLOCK 0 STREAMS s $"), b("XADD s 1-1 a 1"), readA());
        compare("XREAD two keys", blockA("XREAD BLOCK 0 STREAMS s1 s2 $ $"), b("XADD s2 1-1 a 1"), readA());
        compare("XREAD after an ID", b("XADD s 5-1 a 1"), blockA("XREAD BLOCK 0 COUNT 10 STREAMS s 5-1"),
                b("XADD s 6-1 b 2"), readA());
    }

    @Test
    void everyXreadClientGetsTheSameEntry() throws Exception {
        compare("two XREAD", blockA("XREAD BLOCK 0 STREAMS s $"), blockC("XREAD BLOCK 0 STREAMS s 0"),
                b("XADD s 1-1 a 1"), readA(), readC());
    }

    @Test
    void xreadgroupServedByXaddOnePerConsumer() throws Exception {
        compare("XREADGROUP", b("XGROUP CREATE s g $ MKSTREAM"), blockA("XREADGROUP GROUP g alice BLOCK 0 STREAMS s >"),
                b("XADD s 1-1 a 1"), readA(), b("XPENDING s g"), b("XINFO GROUPS s"));
        // The first XADD goes to A; the group's last ID moved, so C waits for the second.
        compare("XREADGROUP FIFO", b("XGROUP CREATE s g $ MKSTREAM"),
                blockA("XREADGROUP GROUP g alice BLOCK 0 STREAMS s >"),
                blockC("XREADGROUP GROUP g carol BLOCK 0 COUNT 5 STREAMS s >"),
                b("XADD s 1-1 a 1"), readA(), b("XADD s 2-1 b 2"), readC(), b("XPENDING s g"));
        compare("XREADGROUP NOACK", b("XGROUP CREATE s g $ MKSTREAM"),
                blockA("XREADGROUP GROUP g alice BLOCK 0 NOACK STREAMS s >"), b("XADD s 1-1 a 1"), readA(),
                b("XPENDING s g"));
    }

    @Test
    void deletedKeyOrDestroyedGroupUnblocksWithError() throws Exception {
        compare("DEL", b("XGROUP CREATE s g $ MKSTREAM"), blockA("XREADGROUP GROUP g alice BLOCK 0 STREAMS s >"),
                b("DEL s"), readA());
        compare("DESTROY", b("XGROUP CREATE s g $ MKSTREAM"), blockA("XREADGROUP GROUP g alice BLOCK 0 STREAMS s >"),
                b("XGROUP DESTROY s g"), readA());
        compare("SET over the stream", b("XGROUP CREATE s g $ MKSTREAM"),
                blockA("XREADGROUP GROUP g alice BLOCK 0 STREAMS s >"), b("SET s x"), readA());
        compare("FLUSHALL", b("XGROUP CREATE s g $ MKSTREAM"), blockA("XREADGROUP GROUP g alice BLOCK 0 STREAMS s >"),
                b("FLUSHALL"), readA());
        // XREAD keeps waiting through a type change and a delete, and is served by the next XADD.
        compare("XREAD waits", blockA("XREAD BLOCK 0 STREAMS s $"), b("SET s x"), b("DEL s"), b("XADD s 1-1 a 1"), readA());
    }

    /** DUMP of the string "x" and of a stream holding 1-1 {a 1}, as redis-server 7.0 makes them. */
    private static final String STRING_PAYLOAD = "\"\\x00\\x01x\\n\\x00\\\"\\x80\\x86_\\xbd\\xe8H\\xd0\"";
    private static final String STREAM_PAYLOAD = "\"\\x13\\x01\\x10\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x01\\x00\\x00"
            + "\\x00\\x00\\x00\\x00\\x00\\x01\\x1c\\x1c\\x00\\x00\\x00\\n\\x00\\x01\\x01\\x00\\x01\\x01\\x01\\x81a\\x02\\x00"
            + "\\x01\\x02\\x01\\x00\\x01\\x00\\x01\\x01\\x01\\x04\\x01\\xff\\x01\\x01\\x01\\x01\\x01\\x00\\x00\\x01\\x00\\n"
            + "\\x00)}x\\x0f\\xd8\\x8a\\xa6,\"";

    /** The stream key replaced or taken away by RENAME, MOVE, RESTORE REPLACE, COPY REPLACE or SWAPDB, not by DEL or SET. */
    @Test
    void streamReplacedByRenameMoveOrRestore() throws Exception {
        String create = "XGROUP CREATE s g $ MKSTREAM", block = "XREADGROUP GROUP g alice BLOCK 0 STREAMS s >";
        compare("RENAME away", b(create), blockA(block), b("RENAME s s2"), readA(), b("EXISTS s s2"));
        compare("RENAME a string over", b(create), b("SET str v"), blockA(block), b("RENAME str s"), readA());
        compare("RENAME a groupless stream over", b(create), b("XADD other 1-1 a 1"), blockA(block),
                b("RENAME other s"), readA());
        compare("RENAME a stream with the group over", b(create), b("XGROUP CREATE other g $ MKSTREAM"),
                blockA(block), b("RENAME other s"), b("XADD s 5-1 z 9"), readA());
        compare("RENAME to itself", b(create), blockA(block), b("RENAME s s"), b("XADD s 5-1 z 9"), readA());
        compare("MOVE", b(create), blockA(block), b("MOVE s 9"), readA(), b("SELECT 9"), b("XLEN s"),
                b("FLUSHALL"));
        compare("RESTORE REPLACE a string", b(create), blockA(block), b("RESTORE s 0 " + STRING_PAYLOAD + " REPLACE"),
                readA());
        compare("RESTORE REPLACE a stream", b(create), blockA(block), b("RESTORE s 0 " + STREAM_PAYLOAD + " REPLACE"),
                readA());
        compare("COPY REPLACE a string over", b(create), b("SET str v"), blockA(block), b("COPY str s REPLACE"), readA());
        compare("COPY REPLACE a groupless stream over", b(create), b("XADD other 1-1 a 1"), blockA(block),
                b("COPY other s REPLACE"), readA());
        compare("SWAPDB with an empty db", b(create), blockA(block), b("SWAPDB 0 9"), readA(), b("FLUSHALL"));
        compare("SWAPDB with a string there", b(create), b("SELECT 9"), b("SET s x"), b("SELECT 0"), blockA(block),
                b("SWAPDB 0 9"), readA(), b("FLUSHALL"));
        compare("SWAPDB with a stream with the group there", b(create), b("SELECT 9"), b(create), b("SELECT 0"),
                blockA(block), b("SWAPDB 9 0"), b("XADD s 5-1 z 9"), readA(), b("FLUSHALL"));
        compare("XREAD waits through RENAME", blockA("XREAD BLOCK 0 STREAMS s $"), b("XADD other 1-1 a 1"),
                b("RENAME other s"), b("XADD s 2-1 b 2"), readA());
    }

    @Test
    void timeoutsGiveNullArray() throws Exception {
        compare("timeouts", a("XREAD BLOCK 50 STREAMS nokey $"), b("XGROUP CREATE s g $ MKSTREAM"),
                a("XREADGROUP GROUP g alice BLOCK 50 STREAMS s >"), b("XINFO GROUPS s"));
    }
}
