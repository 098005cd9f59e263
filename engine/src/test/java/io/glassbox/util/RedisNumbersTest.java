package io.glassbox.util;

import io.glassbox.testkit.OracleTable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.glassbox.testkit.Args.latin1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("unit")
class RedisNumbersTest {

    static String s(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static Long ll(String text) {
        long[] out = new long[1];
        return RedisNumbers.string2ll(latin1(text), out) ? out[0] : null;
    }

    private static Double d(String text) {
        double[] out = new double[1];
        return RedisNumbers.string2d(latin1(text), out) ? out[0] : null;
    }

    // ---- string2ll / ll2string ----

    @Test
    void string2llAcceptsOnlyTheCanonicalForm() {
        assertEquals(0L, ll("0"));
        assertEquals(42L, ll("42"));
        assertEquals(-42L, ll("-42"));
        assertEquals(Long.MAX_VALUE, ll("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, ll("-9223372036854775808"));
        for (String bad : new String[] {"", "-", "-0", "007", "+7", " 7", "7 ", "7a", "1e3", "1.0",
                "9223372036854775808", "-9223372036854775809", "99999999999999999999",
                "-00000000000000000001"}) {
            assertEquals(null, ll(bad), bad);
        }
    }

    @Test
    void string2llReadsASliceAndMayOnlyValidate() {
        byte[] buf = latin1("xx-123yy");
        long[] out = new long[1];
        assertTrue(RedisNumbers.string2ll(buf, 2, 4, out));
        assertEquals(-123, out[0]);
        assertTrue(RedisNumbers.string2ll(buf, 2, 4, null));
        assertFalse(RedisNumbers.isLong(latin1("12 ")));
    }

    @Test
    void string2llAgreesWithRedisIntEncoding() {
        for (String[] c : OracleTable.rows("/oracle/numbers-encoding.tsv")) {
            assertEquals(c[1].equals("int"), RedisNumbers.isLong(latin1(c[0])), "SET " + c[0]);
        }
    }

    @Test
    void ll2stringIsTheInverseOfString2ll() {
        assertEquals("0", s(RedisNumbers.ll2string(0)));
        assertEquals("-1", s(RedisNumbers.ll2string(-1)));
        assertEquals("10000", s(RedisNumbers.ll2string(10000)));
        assertEquals("9223372036854775807", s(RedisNumbers.ll2string(Long.MAX_VALUE)));
        assertEquals("-9223372036854775808", s(RedisNumbers.ll2string(Long.MIN_VALUE)));
        Random rnd = new Random(1);
        for (int i = 0; i < 10_000; i++) {
            long v = rnd.nextLong() >> rnd.nextInt(64);
            assertEquals(Long.toString(v), s(RedisNumbers.ll2string(v)));
            assertEquals(v, ll(Long.toString(v)));
        }
    }

    @Test
    void smallIntegersAreSharedLikeRedisSharedIntegers() {
        assertSame(RedisNumbers.ll2string(9999), RedisNumbers.ll2string(9999));
        byte[] buf = new byte[24];
        int n = RedisNumbers.ll2string(-305, buf, 3);
        assertEquals("-305", new String(buf, 3, n, StandardCharsets.US_ASCII));
    }

    // ---- string2d ----

    @Test
    void shortPlainDecimalsParseExactlyAsTheFullParser() {
        // string2d takes a no-allocation path for these; it must agree with a correctly rounding
        // parser bit for bit, signs of zero included
        Random r = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            StringBuilder sb = new StringBuilder();
            if (r.nextInt(4) == 0) sb.append(r.nextBoolean() ? '-' : '+');
            int intDigits = r.nextInt(10), fracDigits = r.nextInt(9);
            for (int k = 0; k < intDigits; k++) sb.append((char) ('0' + r.nextInt(10)));
            if (fracDigits > 0 || r.nextInt(8) == 0) sb.append('.');
            for (int k = 0; k < fracDigits; k++) sb.append((char) ('0' + r.nextInt(10)));
            String text = sb.toString();
            boolean hasDigit = intDigits + fracDigits > 0;
            Double got = d(text);
            if (!hasDigit) { assertEquals(null, got, text); continue; }
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(text)), Double.doubleToRawLongBits(got), text);
        }
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(d("-0")));
        assertEquals(9007199254740993.0, d("9007199254740993"), "above 2^53: the full parser rounds it");
    }

    @Test
    void string2dFollowsStrtodAndRedisChecks() {
        assertEquals(1e10, d("1e10"));
        assertEquals(0.5, d(".5"));
        assertEquals(5.0, d("5."));
        assertEquals(16.0, d("0x10"), "strtod reads C99 hex floats");
        assertEquals(0.125, d("0x1p-3"));
        assertEquals(Double.POSITIVE_INFINITY, d("inf"));
        assertEquals(Double.POSITIVE_INFINITY, d("+Infinity"));
        assertEquals(Double.NEGATIVE_INFINITY, d("-inf"));
        assertEquals(Double.MIN_VALUE, d("4.9e-324"), "a subnormal result is kept");
        assertEquals(-0.0, d("-0"));
        for (String bad : new String[] {"", " 1", "1 ", "nan", "NaN", "-nan", "1e", "1e+", "0x", ".", "infinit",
                "1e400", "1e-400", "1\u0000", "1_000"}) {
            assertEquals(null, d(bad), bad);
        }
    }

    // ---- formatting ----

    @Test
    void replyDoubleIsPrintfPercent17g() {
        assertEquals("1.1000000000000001", s(RedisNumbers.replyDouble(1.1)));
        assertEquals("0.10000000000000001", s(RedisNumbers.replyDouble(0.1)));
        assertEquals("3", s(RedisNumbers.replyDouble(3.0)));
        assertEquals("0", s(RedisNumbers.replyDouble(0.0)));
        assertEquals("-0", s(RedisNumbers.replyDouble(-0.0)));
        assertEquals("1.0000000000000001e-05", s(RedisNumbers.replyDouble(1e-5)));
        assertEquals("0.0001", s(RedisNumbers.replyDouble(1e-4)));
        assertEquals("1e+21", s(RedisNumbers.replyDouble(1e21)));
        assertEquals("10000000000000000", s(RedisNumbers.replyDouble(1e16)));
        assertEquals("1e+17", s(RedisNumbers.replyDouble(1e17)));
        assertEquals("inf", s(RedisNumbers.replyDouble(Double.POSITIVE_INFINITY)));
        assertEquals("-inf", s(RedisNumbers.replyDouble(Double.NEGATIVE_INFINITY)));
        assertEquals("4.9406564584124654e-324", s(RedisNumbers.replyDouble(Double.MIN_VALUE)));
        assertEquals("1.7976931348623157e+308", s(RedisNumbers.replyDouble(Double.MAX_VALUE)));
    }

    @Test
    void d2stringPrintsIntegersPlainlyAndKeepsTheSignOfZero() {
        assertEquals("3", s(RedisNumbers.d2string(3.0)));
        assertEquals("-0", s(RedisNumbers.d2string(-0.0)));
        assertEquals("nan", s(RedisNumbers.d2string(Double.NaN)));
        assertEquals("-inf", s(RedisNumbers.d2string(Double.NEGATIVE_INFINITY)));
        assertEquals("1.5", s(RedisNumbers.d2string(1.5)));
        assertEquals("4503599627370495", s(RedisNumbers.d2string(4503599627370495d)));
        assertEquals("4503599627370496", s(RedisNumbers.d2string(4503599627370496d)));
        assertEquals("1e+20", s(RedisNumbers.d2string(1e20)));
    }

    @Test
    void double2llIsLossless() {
        long[] out = new long[1];
        assertTrue(RedisNumbers.double2ll(-0.0, out));
        assertEquals(0, out[0]);
        assertFalse(RedisNumbers.double2ll(0.5, out));
        assertFalse(RedisNumbers.double2ll(Double.NaN, out));
        assertFalse(RedisNumbers.double2ll(1e19, out));
    }

    /**
     * ZADD parses the score with string2d; a small sorted set is a listpack, which stores an
     * integral score as an integer (double2ll) and any other as d2string's text; ZSCORE reads it
     * back and replies with addReplyDouble's %.17g.
     */
    @Test
    void zaddThenZscoreAgreesWithRealRedis() {
        List<String> mismatches = new ArrayList<>();
        for (String[] c : OracleTable.rows("/oracle/numbers-zscore.tsv")) {
            double[] score = new double[1];
            String got;
            if (!RedisNumbers.string2d(latin1(c[0]), score)) {
                got = "-ERR value is not a valid float";
            } else {
                long[] asLong = new long[1];
                double stored = RedisNumbers.double2ll(score[0], asLong) ? (double) asLong[0]
                        : parse(RedisNumbers.d2string(score[0]));
                got = s(RedisNumbers.replyDouble(stored));
            }
            if (!got.equals(c[1])) {
                mismatches.add("ZADD z " + c[0] + ": redis=" + c[1] + " glassbox=" + got);
            }
        }
        assertEquals(List.of(), mismatches);
    }

    private static double parse(byte[] text) {
        double[] out = new double[1];
        assertTrue(RedisNumbers.string2d(text, out), s(text));
        return out[0];
    }

    @Test
    void percent17gRoundTripsEveryDouble() {
        Random rnd = new Random(3);
        for (int i = 0; i < 20_000; i++) {
            double v = Double.longBitsToDouble(rnd.nextLong());
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                continue;
            }
            byte[] text = RedisNumbers.replyDouble(v);
            assertEquals(Double.doubleToRawLongBits(v), Double.doubleToRawLongBits(parse(text)), s(text));
        }
        assertArrayEquals(latin1("0.5"), RedisNumbers.replyDouble(0.5));
    }
}
