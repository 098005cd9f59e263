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
 * Blocking commands compared byte for byte with redis-server, with several clients at once: what a
 * one-connection script ({@link DifferentialTest}) cannot show. In each scenario client A sends a
 * blocking command on a key that does not exist and gets no reply; once the server counts it as
 * blocked ({@code INFO clients}' {@code blocked_clients}), client B writes the key. B's reply comes
 * first (Redis serves blocked clients in {@code handleClientsBlockedOnKeys}, after the command that
 * made the key ready has replied), then A's. The same steps run against both servers and the list of
 * replies must be identical: B's reply, then A's, then whatever the scenario reads afterwards (the
 * key's remaining content shows what the served client took).
 */
class BlockingDifferentialTest extends AgainstRealRedis {
    /** One step of a scenario: client (0 = A, 1 = B, 2 = C) sends cmd; blocks = do not wait for its reply yet. */
    private record Step(int client, String cmd, Kind kind) {}

    private enum Kind { CALL, BLOCK, READ }

    private static Step a(String cmd) { return new Step(0, cmd, Kind.CALL); }
    private static Step b(String cmd) { return new Step(1, cmd, Kind.CALL); }
    private static Step blockA(String cmd) { return new Step(0, cmd, Kind.BLOCK); }
    private static Step blockC(String cmd) { return new Step(2, cmd, Kind.BLOCK); }
    /** Reads the reply a client left pending with a BLOCK step. */
    private static Step readA() { return new Step(0, null, Kind.READ); }
    private static Step readC() { return new Step(2, null, Kind.READ); }

    /** Runs the steps on one server and returns every reply in the order the steps read them. */
    private static List<byte[]> run(int port, List<Step> steps) throws IOException, InterruptedException {
        List<byte[]> replies = new ArrayList<>();
        RawRespClient[] clients = {new RawRespClient(port), new RawRespClient(port), new RawRespClient(port)};
        try (RawRespClient probe = new RawRespClient(port)) {
            probe.call(argv("FLUSHALL"));
            int blocked = 0;
            for (Step s : steps) {
                RawRespClient c = clients[s.client];
                switch (s.kind) {
                    case CALL -> replies.add(c.call(argv(s.cmd)));
                    case BLOCK -> {
                        c.sendRaw(io.glassbox.resp.RespReader.encodeCommand(argv(s.cmd)));
                        waitBlocked(probe, ++blocked);
                    }
                    case READ -> {
                        replies.add(c.readReply());
                        blocked--;
                    }
                }
            }
        } finally {
            for (RawRespClient c : clients) c.close();
        }
        return replies;
    }

    /** Polls INFO clients until the server counts n blocked clients (at most 2 s). */
    private static void waitBlocked(RawRespClient probe, int n) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + 2000;
        String want = "blocked_clients:" + n + "\r\n";
        while (System.currentTimeMillis() < deadline) {
            String info = new String(probe.call(argv("INFO clients")), StandardCharsets.UTF_8);
            if (info.contains(want)) return;
            Thread.sleep(5);
        }
        fail("server never reported " + want.strip());
    }

    private static List<byte[]> argv(String line) {
        return SplitArgs.split(line.getBytes(StandardCharsets.UTF_8));
    }

    /** Runs the scenario on both servers and compares the replies byte for byte. */
    private static void compare(String name, Step... steps) throws Exception {
        List<Step> list = List.of(steps);
        List<byte[]> expected = run(redis.port(), list);
        List<byte[]> actual = run(glassbox.port(), list);
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
    void blpopServedByLpush() throws Exception {
        compare("BLPOP/LPUSH", blockA("BLPOP missing other 0"), b("LPUSH missing x y"), readA(), b("LRANGE missing 0 -1"));
    }

    @Test
    void brpopServedByRpush() throws Exception {
        compare("BRPOP/RPUSH", blockA("BRPOP missing 0"), b("RPUSH missing x y z"), readA(), b("LRANGE missing 0 -1"));
    }

    @Test
    void blmoveServedByRpush() throws Exception {
        compare("BLMOVE", blockA("BLMOVE src dst RIGHT LEFT 0"), b("RPUSH src a b"), readA(),
                b("LRANGE src 0 -1"), b("LRANGE dst 0 -1"));
    }

    @Test
    void blmpopServedByLpush() throws Exception {
        compare("BLMPOP", blockA("BLMPOP 0 2 k1 k2 LEFT COUNT 5"), b("LPUSH k2 a b c"), readA(), b("EXISTS k2"));
    }

    @Test
    void bzpopminServedByZadd() throws Exception {
        compare("BZPOPMIN", blockA("BZPOPMIN z 0"), b("ZADD z 3 c 1 a 2 b"), readA(), b("ZRANGE z 0 -1 WITHSCORES"));
    }

    @Test
    void bzpopmaxServedByZadd() throws Exception {
        compare("BZPOPMAX", blockA("BZPOPMAX z1 z 0"), b("ZADD z 1.5 a 2.25 b"), readA(), b("ZRANGE z 0 -1 WITHSCORES"));
    }

    @Test
    void bzmpopServedByZadd() throws Exception {
        compare("BZMPOP", blockA("BZMPOP 0 1 z MAX COUNT 2"), b("ZADD z 1 a 2 b 3 c"), readA(), b("ZRANGE z 0 -1 WITHSCORES"));
    }

    @Test
    void twoBlockedClientsServedFirstComeFirstServed() throws Exception {
        // A blocked first, so A gets the first element; C gets the second; nothing is left.
        compare("FIFO BLPOP", blockA("BLPOP q 0"), blockC("BLPOP q 0"), b("RPUSH q first second"), readA(), readC(),
                b("EXISTS q"));
        // One element for two waiters: A (first) takes it, C stays blocked until the next push.
        compare("FIFO one element", blockA("BRPOP q 0"), blockC("BRPOP q 0"), b("LPUSH q only"), readA(),
                b("LPUSH q next"), readC());
        compare("FIFO BZPOPMIN", blockA("BZPOPMIN z 0"), blockC("BZPOPMIN z 0"), b("ZADD z 2 b 1 a"), readA(), readC());
    }

    @Test
    void timeoutGivesNullArray() throws Exception {
        compare("timeouts", a("BLPOP nokey 0.1"), a("BRPOP nokey 0.1"), a("BLMOVE nokey dst LEFT RIGHT 0.1"),
                a("BLMPOP 0.1 1 nokey LEFT"), a("BZPOPMIN nokey 0.1"), a("BZPOPMAX nokey 0.1"), a("BZMPOP 0.1 1 nokey MIN"),
                b("EXISTS dst"));
    }

    @Test
    void wrongTypePushWakesNobody() throws Exception {
        // B makes the key a string: A stays blocked; B then deletes it and pushes a list, which serves A.
        compare("wrong type", blockA("BLPOP k 0"), b("SET k v"), b("DEL k"), b("RPUSH k x"), readA());
    }
}
