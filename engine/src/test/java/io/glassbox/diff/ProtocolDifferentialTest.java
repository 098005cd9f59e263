package io.glassbox.diff;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Raw protocol input, well-formed and not, sent to redis-server and to Glassbox: the replies
 * (every byte until the connection goes quiet) and whether the server closed the connection must
 * be the same. Inputs are written with C-like escapes: {@code \r \n \x00}.
 */
@Tag("differential")
class ProtocolDifferentialTest extends AgainstRealRedis {
    @ParameterizedTest
    @ValueSource(strings = {
            "PING\\r\\n",
            "ping a b c\\r\\n",
            "\\r\\n\\r\\nping\\r\\n",
            "set \"a b\" c\\r\\nget \"a b\"\\r\\n",
            "set \"a b\\r\\n",
            "set 'a\\r\\n",
            "echo \"\\x41\\x42\"\\r\\n",
            "*1\\r\\n$4\\r\\nPING\\r\\n",
            "*-1\\r\\n*1\\r\\n$4\\r\\nPING\\r\\n",
            "*0\\r\\n*1\\r\\n$4\\r\\nPING\\r\\n",
            "*1\\r\\n$4\\r\\nPINGxx",
            "*2147483648\\r\\n",
            "*abc\\r\\n",
            "*1\\r\\n$abc\\r\\n",
            "*1\\r\\n$-1\\r\\n",
            "*1\\r\\n$536870913\\r\\n",
            "*1\\r\\nx3\\r\\nget\\r\\n",
            "*3\\r\\n$3\\r\\nset\\r\\n$1\\r\\na\\r\\n$1\\r\\nb\\r\\nGET a\\r\\n",
            "*2\\r\\n$4\\r\\nECHO\\r\\n$3\\r\\na\\x00b\\r\\n",
            "foo\\r\\n",
            "get\\r\\n",
            "*1\\r\\n$3\\r\\nfoo\\r\\n*1\\r\\n$4\\r\\nPING\\r\\n",
            "QUIT\\r\\nPING\\r\\n",
    })
    void sameRepliesAndSameClose(String escaped) throws IOException {
        byte[] input = unescape(escaped);
        Outcome ref = exchange(redis.port(), input, 0);
        Outcome tgt = exchange(glassbox.port(), input, ref.bytes);
        assertEquals(ref.replies, tgt.replies, "replies to " + escaped);
        assertEquals(ref.closed, tgt.closed, "connection closed after " + escaped);
    }

    @ParameterizedTest
    @ValueSource(ints = {70_000})
    void overlongLinesAreProtocolErrors(int n) throws IOException {
        for (String prefix : new String[]{"", "*", "*1\r\n$"}) {
            byte[] input = (prefix + "1".repeat(n)).getBytes(StandardCharsets.US_ASCII);
            if (prefix.isEmpty()) input = ("x".repeat(n)).getBytes(StandardCharsets.US_ASCII);
            Outcome ref = exchange(redis.port(), input, 0);
            Outcome tgt = exchange(glassbox.port(), input, ref.bytes);
            assertEquals(ref.replies, tgt.replies, "replies to a " + n + "-byte line after '" + prefix + "'");
            assertEquals(ref.closed, tgt.closed);
        }
    }

    /**
     * A long run of empty requests in one write, then a command: Redis skips them all and answers
     * the command (processInputBuffer loops); Glassbox's parser once recursed per empty request and
     * dropped the connection with a stack overflow.
     */
    @ParameterizedTest
    @ValueSource(strings = {"*0\r\n", "*-1\r\n", "\r\n", "  \r\n"})
    void aLongRunOfEmptyRequestsThenACommand(String empty) throws IOException {
        byte[] input = (empty.repeat(100_000) + "PING\r\n*1\r\n$4\r\nPING\r\n").getBytes(StandardCharsets.US_ASCII);
        Outcome ref = exchange(redis.port(), input, 0);
        Outcome tgt = exchange(glassbox.port(), input, ref.bytes);
        assertEquals("+PONG\\r\\n+PONG\\r\\n", ref.replies, "the reference's answer");
        assertEquals(ref.replies, tgt.replies, "replies after 100,000 empty requests " + empty.trim());
        assertEquals(ref.closed, tgt.closed);
    }

    record Outcome(String replies, boolean closed, int bytes) {}

    /**
     * Sends the input on a fresh connection and collects every reply byte until the connection
     * goes quiet (the server waits for more input) or is closed by the server. {@code expected} is
     * how many bytes the reference sent: until that many have arrived the wait is generous (a
     * loaded CI machine may be slow), after that a short quiet period catches any extra bytes.
     */
    static Outcome exchange(int port, byte[] input, int expected) throws IOException {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.getOutputStream().write(input);
            s.getOutputStream().flush();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            boolean closed;
            try {
                int n;
                while (true) {
                    s.setSoTimeout(out.size() < expected ? 5000 : 300);
                    n = s.getInputStream().read(buf);
                    if (n <= 0) break;
                    out.write(buf, 0, n);
                }
                closed = true;
            } catch (java.net.SocketTimeoutException quiet) {
                closed = false;
            } catch (IOException reset) {
                closed = true;
            }
            return new Outcome(out.toString(StandardCharsets.ISO_8859_1).replace("\r\n", "\\r\\n"), closed, out.size());
        }
    }

    static byte[] unescape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\\' && i + 1 < s.length()) {
                char e = s.charAt(++i);
                switch (e) {
                    case 'r': out.write('\r'); break;
                    case 'n': out.write('\n'); break;
                    case 'x': out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16)); i += 2; break;
                    default: out.write(e);
                }
            } else {
                out.write(ch);
            }
        }
        return out.toByteArray();
    }
}
