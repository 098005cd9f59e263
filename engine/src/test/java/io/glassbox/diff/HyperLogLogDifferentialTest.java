package io.glassbox.diff;

import io.glassbox.testkit.Args;
import io.glassbox.testkit.RawRespClient;
import io.glassbox.testkit.ReplyComparer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.glassbox.testkit.Args.argv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HyperLogLog against redis-server on large seeded inputs: after every PFADD while an HLL is
 * sparse, and at checkpoints once it is dense, the key's exact bytes (GET) and its count must be
 * Redis's; so must PFCOUNT over 100k and 1M distinct elements, PFCOUNT of several keys and
 * PFMERGE. The scripted cases (errors, PFDEBUG, small HLLs) are in {@code diff/hll.txt}.
 */
@Tag("differential")
class HyperLogLogDifferentialTest extends AgainstRealRedis {

    @Test
    void sparseBytesMatchAfterEveryAdd() throws Exception {
        Random rnd = new Random(9);
        try (ReplyComparer cmp = new ReplyComparer(redis.port(), glassbox.port())) {
            // One element at a time: every split and merge of the sparse opcodes is compared.
            for (int i = 0; i < 2500; i++) {
                cmp.send("PFADD", "sp", "e" + rnd.nextInt(5000));
                cmp.send("GET", "sp");
                if (i % 50 == 0) cmp.send("PFCOUNT", "sp");
                if (i % 100 == 0) cmp.send("PFDEBUG", "ENCODING", "sp");
            }
            // Small thresholds make the promotion happen at many sizes.
            for (int limit : new int[]{20, 50, 120, 400}) {
                cmp.send("CONFIG", "SET", "hll-sparse-max-bytes", limit);
                String key = "lim" + limit;
                for (int i = 0; i < 300; i++) {
                    cmp.send("PFADD", key, "x" + rnd.nextInt(1000), "y" + rnd.nextInt(1000));
                    cmp.send("GET", key);
                }
            }
            cmp.send("CONFIG", "SET", "hll-sparse-max-bytes", 3000);
            cmp.flush();
            assertTrue(cmp.compared() > 7000);
        }
    }

    @Test
    void largeCardinalitiesMatch() throws Exception {
        Random rnd = new Random(2026);
        try (ReplyComparer cmp = new ReplyComparer(redis.port(), glassbox.port())) {
            long added = 0;
            long[] checkpoints = {1_000, 10_000, 100_000, 1_000_000};
            int next = 0;
            while (next < checkpoints.length) {
                List<Object> args = new ArrayList<>(List.of("PFADD", "big"));
                for (int j = 0; j < 1000; j++) args.add(Long.toHexString(rnd.nextLong()));
                cmp.send(args.toArray());
                // A second key with a third of the elements, some shared, for merges.
                if (added % 3000 == 0) cmp.send("PFADD", "other", args.get(2), "o" + added, args.get(3));
                added += 1000;
                if (added == checkpoints[next]) {
                    cmp.send("PFCOUNT", "big");
                    cmp.send("GET", "big");
                    cmp.send("PFCOUNT", "big", "other");
                    cmp.send("PFCOUNT", "other", "nokey", "big");
                    cmp.send("PFMERGE", "merged" + next, "other", "big");
                    cmp.send("GET", "merged" + next);
                    cmp.send("PFCOUNT", "merged" + next);
                    cmp.send("PFMERGE", "other2", "other");
                    cmp.send("GET", "other2");
                    next++;
                }
            }
        }
    }

    /**
     * An HLL written by one server is read by the other: its bytes (GET) are SET into the other
     * server, which must count it, add to it and merge it exactly as the writer would.
     */
    @Test
    void hllBytesMoveBetweenServers() throws Exception {
        Random rnd = new Random(31);
        try (RawRespClient ref = new RawRespClient(redis.port()); RawRespClient gb = new RawRespClient(glassbox.port())) {
            ref.call(argv("FLUSHALL"));
            gb.call(argv("FLUSHALL"));
            for (int size : new int[]{10, 300, 5000, 50_000}) {
                for (int dir = 0; dir < 2; dir++) {
                    RawRespClient writer = dir == 0 ? ref : gb, reader = dir == 0 ? gb : ref;
                    String key = "t" + size + "_" + dir;
                    for (int i = 0; i < size; i += 500) {
                        List<Object> args = new ArrayList<>(List.of("PFADD", key));
                        for (int j = i; j < Math.min(size, i + 500); j++) args.add("v" + rnd.nextInt());
                        writer.call(argv(args.toArray()));
                    }
                    byte[] bytes = bulkPayload(writer.call(argv("GET", key)));
                    reader.call(argv("SET", key, bytes));
                    for (Object[] cmd : new Object[][]{{"PFCOUNT", key}, {"PFADD", key, "extra1", "extra2"}, {"PFCOUNT", key},
                            {"GET", key}, {"PFMERGE", key + "m", key}, {"GET", key + "m"}}) {
                        byte[] w = writer.call(argv(cmd)), r = reader.call(argv(cmd));
                        assertEquals(Args.show(w), Args.show(r), String.join(" ", java.util.Arrays.stream(cmd).map(Object::toString).toList()));
                        assertTrue(java.util.Arrays.equals(w, r));
                    }
                }
            }
        }
    }

    /** The payload of a "$n\r\n...\r\n" reply. */
    private static byte[] bulkPayload(byte[] reply) {
        int crlf = 0;
        while (reply[crlf] != '\r') crlf++;
        int n = Integer.parseInt(new String(reply, 1, crlf - 1, java.nio.charset.StandardCharsets.US_ASCII));
        return java.util.Arrays.copyOfRange(reply, crlf + 2, crlf + 2 + n);
    }
}
