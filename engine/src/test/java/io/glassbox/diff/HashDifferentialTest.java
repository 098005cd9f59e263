package io.glassbox.diff;

import io.glassbox.testkit.Args;
import io.glassbox.testkit.ReplyComparer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hash commands against redis-server beyond the script in {@code diff/hashes.txt}. First their RESP3 replies (maps for HGETALL, a two-element array per pair for
 * HRANDFIELD WITHVALUES, {@code _} for a missing field) compared byte for byte with redis-server.
 * The script runner in {@link DifferentialTest} cannot switch protocols, because HELLO's own reply
 * carries the connection id, which differs between the servers; here HELLO 3's reply is skipped.
 * Like the scripts, only deterministic replies: listpack hashes, forced HRANDFIELD results.
 * Then a seeded random mix of writes under small thresholds, so that conversions happen at many
 * different points, comparing every reply and OBJECT ENCODING after each write.
 */
@Tag("differential")
class HashDifferentialTest extends AgainstRealRedis {
    private static final String[] SCRIPT = {
            "HSET h a 1 b 2 c 3",
            "HGETALL h", "HKEYS h", "HVALS h", "HGET h a", "HGET h nosuch", "HMGET h a nosuch",
            "HGETALL nokey", "HKEYS nokey", "HVALS nokey", "HMGET nokey a b",
            "HRANDFIELD nokey", "HRANDFIELD nokey 3", "HRANDFIELD nokey -3 WITHVALUES",
            "HRANDFIELD h 3 WITHVALUES", "HRANDFIELD h 100 WITHVALUES", "HRANDFIELD h 0 WITHVALUES",
            "HSET one f v", "HRANDFIELD one -3 WITHVALUES", "HRANDFIELD one 1 WITHVALUES", "HRANDFIELD one",
            "HSCAN h 0", "HSCAN h 0 MATCH a", "HSCAN nokey 0",
            "HINCRBYFLOAT h a 1.5", "HINCRBY h b 10", "HSTRLEN h a", "HLEN h", "HEXISTS h c",
            "CONFIG SET hash-max-listpack-entries 1",
            "HSET ht x 1", "HSET ht y 2", "HDEL ht y", "HGETALL ht", "HRANDFIELD ht -2 WITHVALUES",
            "CONFIG SET hash-max-listpack-entries 512",
    };

    @Test
    void resp3RepliesMatchRedis() throws Exception {
        try (ReplyComparer cmp = new ReplyComparer(redis.port(), glassbox.port())) {
            cmp.both("HELLO 3"); // differs by connection id: not compared
            for (String line : SCRIPT) cmp.call(null, Args.line(line));
        }
    }

    @Test
    void randomWritesConvertWhereRedisDoes() throws Exception {
        Random rnd = new Random(20231114);
        int listpacks = 0, hashtables = 0;
        try (ReplyComparer cmp = new ReplyComparer(redis.port(), glassbox.port())) {
            List<String> lines = new ArrayList<>(List.of(
                    "CONFIG SET hash-max-listpack-entries 6", "CONFIG SET hash-max-listpack-value 6"));
            for (int i = 0; i < 1500; i++) {
                String key = "k" + rnd.nextInt(4);
                String f = randomString(rnd), v = randomString(rnd);
                if (rnd.nextInt(25) == 0) lines.add("DEL " + key); // start over, as a listpack
                switch (rnd.nextInt(7)) {
                    case 0, 1 -> lines.add("HSET " + key + " " + f + " " + v + (rnd.nextBoolean() ? " " + randomString(rnd) + " 1" : ""));
                    case 2 -> lines.add("HDEL " + key + " " + f + " " + randomString(rnd));
                    case 3 -> lines.add("HINCRBY " + key + " " + f + " " + (rnd.nextInt(201) - 100) * (rnd.nextInt(10) == 0 ? 10007 : 1));
                    case 4 -> lines.add("HINCRBYFLOAT " + key + " " + f + " " + (rnd.nextInt(201) - 100) / 8.0);
                    case 5 -> lines.add("HSETNX " + key + " " + f + " " + v);
                    default -> lines.add("HGET " + key + " " + f);
                }
                lines.add("OBJECT ENCODING " + key);
                lines.add("HLEN " + key);
            }
            lines.add("CONFIG SET hash-max-listpack-entries 512");
            lines.add("CONFIG SET hash-max-listpack-value 64");
            for (String line : lines) {
                String e = new String(cmp.call(null, Args.line(line)), StandardCharsets.UTF_8);
                if (e.equals("$8\r\nlistpack\r\n")) listpacks++;
                if (e.equals("$9\r\nhashtable\r\n")) hashtables++;
            }
        }
        assertTrue(listpacks > 100 && hashtables > 100, "both encodings were exercised");
    }

    /** Short fields and values around the 6-byte limit, some of them integers. */
    private static String randomString(Random rnd) {
        if (rnd.nextInt(4) == 0) return Integer.toString(rnd.nextInt(10) == 0 ? rnd.nextInt(2_000_000) : rnd.nextInt(2000) - 1000);
        return "abcdefgh".substring(0, 1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 8 : 3));
    }
}
