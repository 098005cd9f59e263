package io.glassbox.diff;

import io.glassbox.testkit.Args;
import io.glassbox.testkit.RawRespClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.glassbox.testkit.Args.latin1Argv;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Random stream workloads sent to redis-server and to Glassbox, every reply compared byte for byte:
 * XADD (explicit IDs, SAMEFIELDS and not, sometimes with MAXLEN = or ~), XDEL, XTRIM MAXLEN/MINID,
 * XRANGE/XREVRANGE with COUNT, consumer groups (XREADGROUP, XACK, XCLAIM JUSTID, XPENDING summary,
 * XINFO GROUPS with entries-read and lag), XINFO STREAM (which shows the rax's node count) and
 * DEBUG DIGEST-VALUE, under random stream-node-max-entries / -bytes so nodes split often.
 */
@Tag("differential")
@Tag("fuzz")
class StreamFuzzDifferentialTest extends AgainstRealRedis {
    @Test
    void randomWorkloadsMatchRedis() throws Exception {
        try (RawRespClient ref = new RawRespClient(redis.port()); RawRespClient tgt = new RawRespClient(glassbox.port())) {
            for (int seed = 0; seed < 40; seed++) {
                Random r = new Random(seed);
                String me = String.valueOf(new int[]{0, 1, 2, 5, 100}[r.nextInt(5)]);
                String mb = String.valueOf(new int[]{0, 50, 200, 4096}[r.nextInt(4)]);
                for (RawRespClient c : new RawRespClient[]{ref, tgt}) {
                    c.call(latin1Argv(List.of("FLUSHALL")));
                    c.call(latin1Argv(List.of("CONFIG", "SET", "stream-node-max-entries", me)));
                    c.call(latin1Argv(List.of("CONFIG", "SET", "stream-node-max-bytes", mb)));
                }
                long ms = 1, seq = 0;
                List<String> ids = new ArrayList<>();
                String[][] fieldSets = {{"a", "b", "c"}, {"a", "x", "c"}, {"z", "z", "z"}, {"1", "22", "-5"}};
                for (int step = 0; step < 250; step++) {
                    List<String> a = new ArrayList<>();
                    double op = r.nextDouble();
                    if (op < 0.45 || ids.isEmpty()) {
                        if (r.nextDouble() < 0.3) {
                            ms += new long[]{1, 2, 255, 256, 65536, 1L << 33}[r.nextInt(6)];
                            seq = 0;
                        } else {
                            seq += new long[]{1, 1, 2, 300}[r.nextInt(4)];
                        }
                        a.addAll(List.of("XADD", "s"));
                        if (r.nextDouble() < 0.1) a.addAll(List.of("MAXLEN", r.nextBoolean() ? "~" : "=", String.valueOf(r.nextInt(50))));
                        String id = ms + "-" + seq;
                        a.add(id);
                        ids.add(id);
                        String[] fs = fieldSets[r.nextInt(fieldSets.length)];
                        int nf = 1 + r.nextInt(3);
                        for (int i = 0; i < nf; i++) {
                            a.add(fs[i] + (r.nextDouble() < 0.8 ? "" : "q"));
                            int kind = r.nextInt(3);
                            a.add(kind == 0 ? String.valueOf(r.nextInt(2_000_001) - 1_000_000) : kind == 1 ? "val" : "x".repeat(r.nextInt(100)));
                        }
                    } else if (op < 0.55) {
                        a.addAll(List.of("XDEL", "s"));
                        for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) a.add(ids.get(r.nextInt(ids.size())));
                    } else if (op < 0.6) {
                        boolean maxlen = r.nextBoolean();
                        a.addAll(List.of("XTRIM", "s", maxlen ? "MAXLEN" : "MINID", r.nextBoolean() ? "~" : "=",
                                maxlen ? String.valueOf(r.nextInt(40)) : ids.get(r.nextInt(ids.size()))));
                    } else if (op < 0.7) {
                        String lo = ids.get(r.nextInt(ids.size())), hi = ids.get(r.nextInt(ids.size()));
                        boolean rev = r.nextBoolean();
                        a.addAll(List.of(rev ? "XREVRANGE" : "XRANGE", "s"));
                        if (r.nextBoolean()) { a.add(rev ? "+" : "-"); a.add(rev ? "-" : "+"); }
                        else { a.add(rev ? hi : lo); a.add(rev ? lo : hi); }
                        if (r.nextBoolean()) a.addAll(List.of("COUNT", String.valueOf(1 + r.nextInt(10))));
                    } else if (op < 0.73) {
                        a.addAll(List.of("XGROUP", "CREATE", "s", "g" + r.nextInt(3), r.nextBoolean() ? "0" : "$"));
                    } else if (op < 0.8) {
                        a.addAll(List.of("XREADGROUP", "GROUP", "g" + r.nextInt(3), "c" + r.nextInt(3), "COUNT",
                                String.valueOf(1 + r.nextInt(5)), "STREAMS", "s", r.nextDouble() < 0.8 ? ">" : "0"));
                    } else if (op < 0.84) {
                        a.addAll(List.of("XACK", "s", "g" + r.nextInt(3), ids.get(r.nextInt(ids.size())), ids.get(r.nextInt(ids.size()))));
                    } else if (op < 0.87) {
                        a.addAll(List.of("XCLAIM", "s", "g" + r.nextInt(3), "c" + r.nextInt(3), "0", ids.get(r.nextInt(ids.size())), "JUSTID"));
                    } else if (op < 0.9) {
                        a.addAll(List.of("XPENDING", "s", "g" + r.nextInt(3)));
                    } else if (op < 0.93) {
                        a.addAll(List.of("XINFO", "GROUPS", "s"));
                    } else if (op < 0.97) {
                        a.addAll(List.of("XINFO", "STREAM", "s"));
                    } else {
                        a.addAll(List.of("DEBUG", "DIGEST-VALUE", "s"));
                    }
                    byte[] expected = ref.call(latin1Argv(a));
                    byte[] actual = tgt.call(latin1Argv(a));
                    final int fseed = seed;
                    assertArrayEquals(expected, actual, () -> "seed " + fseed + " step " + a + "\n    redis:    "
                            + Args.show(expected) + "\n    glassbox: " + Args.show(actual));
                }
            }
        }
    }
}
