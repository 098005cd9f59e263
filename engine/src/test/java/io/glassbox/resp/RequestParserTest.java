package io.glassbox.resp;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.glassbox.testkit.Args.latin1;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The request parser hands out a command only when all its bytes are there, however they arrive. */
@Tag("unit")
class RequestParserTest {
    private static String args(RequestParser p) {
        StringBuilder sb = new StringBuilder();
        for (byte[] a : p.args()) sb.append('[').append(new String(a, StandardCharsets.ISO_8859_1)).append(']');
        return sb.toString();
    }

    @Test
    void multibulkSplitAtEveryByteParsesTheSame() {
        byte[] req = latin1("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nva\r\nl\r\n");
        for (int cut = 0; cut <= req.length; cut++) {
            RequestParser p = new RequestParser();
            p.append(req, 0, cut);
            RequestParser.Result first = p.parse();
            if (cut < req.length) {
                assertEquals(RequestParser.Result.NEED_MORE, first, "cut at " + cut);
                p.append(req, cut, req.length - cut);
                assertEquals(RequestParser.Result.COMMAND_READY, p.parse(), "cut at " + cut);
            } else {
                assertEquals(RequestParser.Result.COMMAND_READY, first);
            }
            assertEquals("[SET][key][va\r\nl]", args(p), "cut at " + cut);
            assertEquals(RequestParser.Result.NEED_MORE, p.parse());
        }
    }

    @Test
    void pipelinedCommandsComeOutInOrder() {
        RequestParser p = new RequestParser();
        byte[] req = latin1("*1\r\n$4\r\nPING\r\nECHO \"a b\"\r\n\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
        p.append(req, 0, req.length);
        assertEquals(RequestParser.Result.COMMAND_READY, p.parse());
        assertEquals("[PING]", args(p));
        assertEquals(RequestParser.Result.COMMAND_READY, p.parse());
        assertEquals("[ECHO][a b]", args(p));
        assertEquals(RequestParser.Result.COMMAND_READY, p.parse());
        assertEquals("[GET][k]", args(p));
        assertEquals(RequestParser.Result.NEED_MORE, p.parse());
    }

    @Test
    void protocolErrorsCarryRedisText() {
        String[][] cases = {
                {"*abc\r\n", "Protocol error: invalid multibulk length"},
                {"*2147483648\r\n", "Protocol error: invalid multibulk length"},
                {"*1\r\n$-5\r\n", "Protocol error: invalid bulk length"},
                {"*1\r\n$536870913\r\n", "Protocol error: invalid bulk length"},
                {"*1\r\nfoo\r\n", "Protocol error: expected '$', got 'f'"},
                {"set \"a\r\n", "Protocol error: unbalanced quotes in request"},
        };
        for (String[] c : cases) {
            RequestParser p = new RequestParser();
            p.append(latin1(c[0]), 0, c[0].length());
            assertEquals(RequestParser.Result.PROTOCOL_ERROR, p.parse(), c[0]);
            assertEquals(c[1], p.error(), c[0]);
        }
    }

    @Test
    void aLongRunOfEmptyRequestsIsSkippedWithoutRecursion() {
        // processInputBuffer resets and loops on every empty request; the parser once recursed and a
        // hundred thousand of them overflowed its stack.
        for (String empty : new String[]{"*0\r\n", "*-1\r\n", "\r\n", "   \r\n", " \t \n"}) {
            RequestParser p = new RequestParser();
            byte[] req = latin1(empty.repeat(100_000) + "*1\r\n$4\r\nPING\r\n" + empty.repeat(100_000));
            p.append(req, 0, req.length);
            assertEquals(RequestParser.Result.COMMAND_READY, p.parse(), "after empty requests " + empty.trim());
            assertEquals("[PING]", args(p));
            assertEquals(RequestParser.Result.NEED_MORE, p.parse());
            assertEquals(0, p.pendingBytes());
        }
    }

    @Test
    void unauthenticatedClientsMaySendOnlySmallRequests() {
        RequestParser p = new RequestParser();
        p.setAuthRequired(true);
        p.append(latin1("*11\r\n"), 0, 5);
        assertEquals(RequestParser.Result.PROTOCOL_ERROR, p.parse());
        assertEquals("Protocol error: unauthenticated multibulk length", p.error());
    }

    @Test
    void splitArgsFollowsSdssplitargs() {
        List<byte[]> a = SplitArgs.split(latin1("set \"k\\x41\\n\" 'it\\'s'  plain"));
        assertEquals(4, a.size());
        assertEquals("kA\n", new String(a.get(1), StandardCharsets.ISO_8859_1));
        assertEquals("it's", new String(a.get(2), StandardCharsets.ISO_8859_1));
        assertEquals(null, SplitArgs.split(latin1("\"a\"b")));
    }
}
