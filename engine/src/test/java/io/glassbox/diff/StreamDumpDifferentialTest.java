package io.glassbox.diff;

import io.glassbox.resp.SplitArgs;
import io.glassbox.testkit.RawRespClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Streams in RDB form (STREAM_LISTPACKS_2), through DUMP and RESTORE: a stream without groups
 * dumps to the same bytes as redis-server's (listpacks as they are, LZF, CRC); a stream with
 * groups, PELs and consumers dumped by either server restores in the other with XINFO STREAM FULL
 * (delivery and seen times included) and the digest unchanged.
 */
@Tag("differential")
class StreamDumpDifferentialTest extends AgainstRealRedis {
    private static final String[] SETUP = {
            "CONFIG SET stream-node-max-entries 3",
            "XADD s 1-1 a 1 b 2", "XADD s 1-2 a 3 b 4", "XADD s 2-1 c 5", "XADD s 3-1 a 1 b 2",
            "XADD s 300-1 field value-long-enough-to-compress-with-lzf-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "XADD s 18446744073709551615-5 big id", "XDEL s 1-2",
    };
    private static final String[] GROUPS = {
            "XGROUP CREATE s g 0", "XGROUP CREATE s g2 $", "XGROUP SETID s g2 1-1 ENTRIESREAD 1",
            "XREADGROUP GROUP g alice COUNT 2 STREAMS s >", "XREADGROUP GROUP g bob COUNT 1 STREAMS s >",
            "XGROUP CREATECONSUMER s g carol",
    };

    private static byte[] call(RawRespClient c, String line) throws Exception {
        return c.call(SplitArgs.split(line.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] bulk(byte[] reply) {
        int i = 0;
        while (reply[i] != '\r') i++;
        int n = Integer.parseInt(new String(reply, 1, i - 1, StandardCharsets.US_ASCII));
        return Arrays.copyOfRange(reply, i + 2, i + 2 + n);
    }

    private static byte[] restore(RawRespClient c, byte[] payload) throws Exception {
        List<byte[]> argv = new ArrayList<>();
        for (String s : new String[]{"RESTORE", "copy", "0"}) argv.add(s.getBytes(StandardCharsets.US_ASCII));
        argv.add(payload);
        call(c, "DEL copy");
        return c.call(argv);
    }

    @Test
    void dumpAndRestoreBothWays() throws Exception {
        try (RawRespClient ref = new RawRespClient(redis.port()); RawRespClient tgt = new RawRespClient(glassbox.port())) {
            for (RawRespClient c : List.of(ref, tgt)) {
                call(c, "FLUSHALL");
                for (String line : SETUP) call(c, line);
            }
            assertArrayEquals(call(ref, "DUMP s"), call(tgt, "DUMP s"), "DUMP of a stream without groups");
            for (RawRespClient c : List.of(ref, tgt)) for (String line : GROUPS) call(c, line);
            RawRespClient[][] pairs = {{ref, tgt}, {tgt, ref}};
            for (RawRespClient[] p : pairs) {
                byte[] payload = bulk(call(p[0], "DUMP s"));
                assertEquals("+OK\r\n", new String(restore(p[1], payload), StandardCharsets.US_ASCII));
                assertEquals(new String(call(p[0], "XINFO STREAM s FULL"), StandardCharsets.ISO_8859_1),
                        new String(call(p[1], "XINFO STREAM copy FULL"), StandardCharsets.ISO_8859_1));
                assertArrayEquals(call(p[0], "DEBUG DIGEST-VALUE s"), call(p[1], "DEBUG DIGEST-VALUE copy"));
            }
            for (RawRespClient c : List.of(ref, tgt)) call(c, "CONFIG SET stream-node-max-entries 100");
        }
    }
}
