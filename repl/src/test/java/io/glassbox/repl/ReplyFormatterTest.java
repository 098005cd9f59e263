package io.glassbox.repl;

import io.glassbox.resp.RespReader;
import io.glassbox.resp.RespValue;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Replays replies captured from a real redis-server 7.0 together with what redis-cli 7.0 printed
 * for them ({@code repl/tools/collect_redis_cli_replies.py}), in both its terminal and its
 * {@code --raw} form: the expected text is redis-cli's, never Glassbox's.
 */
@Tag("unit")
class ReplyFormatterTest {

    @TestFactory
    List<DynamicTest> printsEveryCapturedReplyAsRedisCli() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                ReplyFormatterTest.class.getResourceAsStream("redis-cli-replies.tsv"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split("\t", -1);
                String name = "RESP" + f[0] + " " + f[1];
                byte[] wire = Base64.getDecoder().decode(f[2]);
                String tty = new String(Base64.getDecoder().decode(f[3]), StandardCharsets.UTF_8);
                String raw = new String(Base64.getDecoder().decode(f[4]), StandardCharsets.ISO_8859_1);
                // redis-cli 7.0 cannot print RESP3 big numbers and attributes (it prints nothing
                // and exits): see bigNumberIsPrintedAsRedisCli72Does below.
                if (tty.isEmpty()) continue;
                boolean hello = f[1].startsWith("HELLO");
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    RespValue reply = new RespReader(new ByteArrayInputStream(wire)).read();
                    String gotTty = ReplyFormatter.tty(reply);
                    String gotRaw = new String(ReplyFormatter.raw(reply), StandardCharsets.ISO_8859_1);
                    assertEquals(hello ? noId(tty) : tty, hello ? noId(gotTty) : gotTty, "terminal form");
                    assertEquals(hello ? noId(raw) : raw, hello ? noId(gotRaw) : gotRaw, "--raw form");
                }));
            }
        }
        return tests;
    }

    /** Each connection (ours and redis-cli's) had its own client id in HELLO's reply. */
    private static String noId(String s) {
        return s.replaceAll("(\"id\"(?: => |\n *\\d+\\) ))\\(integer\\) \\d+", "$1(integer) N")
                .replaceAll("(\nid[ \n])\\d+\n", "$1N\n");
    }

    @Test
    void bigNumberIsPrintedAsRedisCli72Does() throws IOException {
        RespValue r = new RespReader(new ByteArrayInputStream("(1234567999999999999999999999999999999\r\n"
                .getBytes(StandardCharsets.US_ASCII))).read();
        assertEquals("(big number) 1234567999999999999999999999999999999\n", ReplyFormatter.tty(r));
        assertEquals("1234567999999999999999999999999999999\n",
                new String(ReplyFormatter.raw(r), StandardCharsets.US_ASCII));
    }
}
