package io.glassbox.diff;

import io.glassbox.engine.Engine;
import io.glassbox.testkit.Args;
import io.glassbox.testkit.RawRespClient;
import io.glassbox.testkit.RealRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RESTORE of corrupt payloads against redis-server 7.0.15, as integration/corrupt-dump tests them:
 * with {@code sanitize-dump-payload no} Redis checks a stream's or a hash's listpack only
 * shallowly (its header) and takes a payload whose entries are corrupt, with {@code yes} it
 * refuses it; an empty zipmap, a quicklist node of length 0 and a ziplist whose tail offset is not
 * its last entry are refused either way. The corrupt payloads are made here from DUMPs of real
 * values with one byte changed (a listpack entry's back-length), or written byte by byte.
 * Then, on Glassbox only (Redis may crash there), every command the unit runs on such a value
 * answers, and the server still answers after.
 */
@Tag("differential")
class CorruptPayloadDifferentialTest {

    @Test
    void restoreAcceptsAndRefusesWhatRedisDoes() throws Exception {
        try (RealRedis redis = RealRedis.start(); Engine glassbox = AgainstRealRedis.startGlassbox()) {
            byte[] stream;
            byte[] hash;
            try (RawRespClient r = new RawRespClient(redis.port())) {
                r.call("CONFIG SET rdbcompression no"); // the listpacks stay readable in the DUMP
                r.call("XADD s 1-1 field value");
                r.call("XADD s 1-2 field value2");
                r.call("HSET h a 1 b 2");
                stream = bulk(r.call("DUMP s"));
                hash = bulk(r.call("DUMP h"));
                r.call("FLUSHALL");
                r.call("CONFIG SET rdbcompression yes");
            }
            byte[] badStream = breakLastBacklen(stream, 1 + 1 + 1 + 16); // type, node count, key length, key
            byte[] badHash = breakLastBacklen(hash, 1);
            byte[] emptyZipmap = payload(9, 2, 0x00, 0xFF);
            byte[] emptyQuicklistNode = payload(0x12, 1, 1, 0);
            byte[] zsetZiplist = ziplistZset(13);
            byte[] zsetBadTail = ziplistZset(10);
            List<List<byte[]>> script = new ArrayList<>();
            script.add(Args.argv("DEBUG", "SET-SKIP-CHECKSUM-VALIDATION", "1"));
            for (String sanitize : new String[]{"yes", "no"}) {
                script.add(Args.argv("CONFIG", "SET", "sanitize-dump-payload", sanitize));
                script.add(Args.argv("RESTORE", "s", "0", badStream, "REPLACE"));
                script.add(Args.argv("TYPE", "s"));
                script.add(Args.argv("RESTORE", "h", "0", badHash, "REPLACE"));
                script.add(Args.argv("TYPE", "h"));
                script.add(Args.argv("OBJECT", "ENCODING", "h"));
                script.add(Args.argv("RESTORE", "zm", "0", emptyZipmap, "REPLACE"));
                script.add(Args.argv("RESTORE", "ql", "0", emptyQuicklistNode, "REPLACE"));
                script.add(Args.argv("RESTORE", "zbad", "0", zsetBadTail, "REPLACE"));
                script.add(Args.argv("RESTORE", "z", "0", zsetZiplist, "REPLACE"));
                script.add(Args.argv("ZRANGE", "z", "0", "-1", "WITHSCORES"));
                script.add(Args.argv("DEL", "s", "h", "z"));
            }
            List<String> expected = run(redis.port(), script);
            List<String> actual = run(glassbox.port(), script);
            assertEquals(expected, actual);
            // not vacuous: yes refuses the corrupt stream, no takes it
            assertTrue(expected.get(2).contains("Bad data format"), expected.get(2));
            assertTrue(expected.get(14).startsWith("+OK"), expected.get(14));
            assertTrue(expected.get(9).contains("Bad data format"), expected.get(9)); // the ziplist's bad tail

            // Glassbox only: commands on the corrupt values answer (an error at worst) and the server lives
            List<List<byte[]>> after = new ArrayList<>();
            after.add(Args.argv("RESTORE", "s", "0", badStream, "REPLACE"));
            after.add(Args.argv("RESTORE", "h", "0", badHash, "REPLACE"));
            for (String cmd : new String[]{"XRANGE s - +", "XREVRANGE s + -", "XLEN s", "XREAD STREAMS s 0",
                    "XADD s 2-1 f v", "XTRIM s MAXLEN 1", "HGETALL h", "HGET h b", "HSET h b 3", "HDEL h a",
                    "HLEN h", "HRANDFIELD h -5", "DEBUG DIGEST", "DUMP h", "DEL s h", "PING"}) {
                after.add(Args.line(cmd));
            }
            List<String> replies = run(glassbox.port(), after);
            assertTrue(replies.get(0).startsWith("+OK"), replies.get(0));
            assertTrue(replies.get(replies.size() - 1).startsWith("+PONG"), replies.toString());
        }
    }

    /** Sends each command on one connection and returns the replies as text. */
    private static List<String> run(int port, List<List<byte[]>> script) throws Exception {
        List<String> out = new ArrayList<>();
        try (RawRespClient c = new RawRespClient(port)) {
            for (List<byte[]> argv : script) out.add(Args.show(c.call(argv)));
        }
        return out;
    }

    private static byte[] bulk(byte[] reply) {
        String head = new String(reply, 0, Math.min(reply.length, 20), java.nio.charset.StandardCharsets.ISO_8859_1);
        int crlf = head.indexOf("\r\n");
        int len = Integer.parseInt(head.substring(1, crlf));
        return Arrays.copyOfRange(reply, crlf + 2, crlf + 2 + len);
    }

    /**
     * The payload with the last entry's back-length of the listpack at {@code at} (a string header,
     * then the listpack) changed: the header stays valid, a walk of the entries fails.
     */
    private static byte[] breakLastBacklen(byte[] payload, int at) {
        int b = payload[at] & 0xff;
        int lpStart = (b & 0xC0) == 0 ? at + 1 : at + 2;
        int lpLen = (b & 0xC0) == 0 ? b : ((b & 0x3f) << 8) | (payload[at + 1] & 0xff);
        byte[] out = payload.clone();
        int backlen = lpStart + lpLen - 2; // the byte before the listpack's EOF
        out[backlen] = (byte) (out[backlen] == 0x7f ? 0x7e : 0x7f);
        return out;
    }

    /** A RESTORE payload: the bytes, RDB version 10, and a CRC of zeros (checksums are skipped). */
    private static byte[] payload(int... bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int b : bytes) out.write(b);
        out.write(10);
        out.write(0);
        for (int i = 0; i < 8; i++) out.write(0);
        return out.toByteArray();
    }

    /** RDB_TYPE_ZSET_ZIPLIST of member "a" with score 1, with the given zltail (13 is right). */
    private static byte[] ziplistZset(int zltail) {
        int[] zl = {16, 0, 0, 0, zltail, 0, 0, 0, 2, 0,
                    0, 0x01, 'a', // prevlen 0, a 1-byte string
                    3, 0xF2,      // prevlen 3, the immediate integer 1
                    0xFF};
        int[] body = new int[2 + zl.length];
        body[0] = 12;
        body[1] = zl.length;
        System.arraycopy(zl, 0, body, 2, zl.length);
        return payload(body);
    }
}
