package io.glassbox.diff;

import io.glassbox.testkit.ReplyComparer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Random;

/**
 * Bitmaps and bitfields against redis-server on a seeded random mix: SETBIT on growing strings,
 * BITCOUNT and BITPOS over random BYTE and BIT ranges (negative, crossed, past the end), BITOP of
 * strings of different lengths, and BITFIELD with random widths, offsets, values and overflow
 * modes, comparing every reply and the strings' bytes. Scripted cases are in {@code diff/bitmaps.txt}.
 */
@Tag("differential")
class BitmapDifferentialTest extends AgainstRealRedis {

    @Test
    void randomBitOperationsMatch() throws Exception {
        Random rnd = new Random(77);
        String[] keys = {"a", "b", "c", "n"};
        String[] ow = {"WRAP", "SAT", "FAIL"};
        try (ReplyComparer cmp = new ReplyComparer(redis.port(), glassbox.port())) {
            cmp.send("SET", "n", 1234567);
            for (int i = 0; i < 6000; i++) {
                String k = keys[rnd.nextInt(keys.length)];
                switch (rnd.nextInt(8)) {
                    case 0, 1 -> cmp.send("SETBIT", k, rnd.nextInt(rnd.nextInt(10) == 0 ? 4000 : 300), rnd.nextInt(2));
                    case 2 -> cmp.send("GETBIT", k, rnd.nextInt(400));
                    case 3 -> {
                        long s = rnd.nextInt(90) - 45, e = rnd.nextInt(90) - 45;
                        if (rnd.nextBoolean()) cmp.send("BITCOUNT", k, s, e, rnd.nextBoolean() ? "BIT" : "BYTE");
                        else cmp.send("BITCOUNT", k, s, e);
                    }
                    case 4 -> {
                        int bit = rnd.nextInt(2);
                        long s = rnd.nextInt(90) - 45, e = rnd.nextInt(90) - 45;
                        switch (rnd.nextInt(4)) {
                            case 0 -> cmp.send("BITPOS", k, bit);
                            case 1 -> cmp.send("BITPOS", k, bit, s);
                            case 2 -> cmp.send("BITPOS", k, bit, s, e);
                            default -> cmp.send("BITPOS", k, bit, s * 8 + rnd.nextInt(8), e * 8 + rnd.nextInt(8), "BIT");
                        }
                    }
                    case 5 -> {
                        String op = new String[]{"AND", "OR", "XOR", "NOT"}[rnd.nextInt(4)];
                        if (op.equals("NOT")) cmp.send("BITOP", op, "d", keys[rnd.nextInt(4)]);
                        else cmp.send("BITOP", op, "d", keys[rnd.nextInt(4)], keys[rnd.nextInt(4)], "missing");
                        cmp.send("GET", "d");
                    }
                    default -> {
                        Object[] args = new Object[2 + 6 * 3];
                        int n = 0;
                        args[n++] = "BITFIELD";
                        args[n++] = k;
                        for (int j = 0; j < 3; j++) {
                            boolean signed = rnd.nextBoolean();
                            int bits = 1 + rnd.nextInt(signed ? 64 : 63);
                            String type = (signed ? "i" : "u") + bits;
                            String off = rnd.nextInt(4) == 0 ? "#" + rnd.nextInt(10) : Integer.toString(rnd.nextInt(200));
                            long v = switch (rnd.nextInt(4)) {
                                case 0 -> rnd.nextInt(256) - 128;
                                case 1 -> rnd.nextLong();
                                case 2 -> (rnd.nextBoolean() ? 1 : -1) * (1L << rnd.nextInt(63));
                                default -> rnd.nextInt(5) - 2;
                            };
                            switch (rnd.nextInt(4)) {
                                case 0 -> { args[n++] = "GET"; args[n++] = type; args[n++] = off; }
                                case 1 -> { args[n++] = "SET"; args[n++] = type; args[n++] = off; args[n++] = v; }
                                case 2 -> { args[n++] = "INCRBY"; args[n++] = type; args[n++] = off; args[n++] = v; }
                                default -> { args[n++] = "OVERFLOW"; args[n++] = ow[rnd.nextInt(3)]; }
                            }
                        }
                        cmp.send(java.util.Arrays.copyOf(args, n));
                    }
                }
                if (i % 20 == 0) cmp.send("GET", k);
            }
        }
    }
}
