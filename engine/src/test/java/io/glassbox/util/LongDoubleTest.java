package io.glassbox.util;

import io.glassbox.testkit.OracleTable;
import io.glassbox.util.LongDouble.Ld2StringMode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.glassbox.testkit.Args.latin1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("unit")
class LongDoubleTest {

    private static LongDouble ld(String text) {
        LongDouble[] out = new LongDouble[1];
        assertTrue(LongDouble.string2ld(latin1(text), out), text);
        return out[0];
    }

    private static boolean valid(String text) {
        return LongDouble.string2ld(latin1(text), null);
    }

    /** incrbyfloatCommand() in t_string.c, reduced to its arithmetic. */
    static String incrbyfloat(String current, String increment) {
        LongDouble[] value = {LongDouble.ZERO};
        LongDouble[] incr = new LongDouble[1];
        if ((current != null && !LongDouble.string2ld(latin1(current), value))
                || !LongDouble.string2ld(latin1(increment), incr)) {
            return "-ERR value is not a valid float";
        }
        LongDouble sum = value[0].add(incr[0]);
        if (sum.isNaN() || sum.isInfinite()) {
            return "-ERR increment would produce NaN or Infinity";
        }
        return new String(sum.ld2string(Ld2StringMode.HUMAN), StandardCharsets.US_ASCII);
    }

    /** hincrbyfloatCommand() in t_hash.c: checks the increment first and refuses an infinite one. */
    static String hincrbyfloat(String current, String increment) {
        LongDouble[] incr = new LongDouble[1];
        if (!LongDouble.string2ld(latin1(increment), incr)) {
            return "-ERR value is not a valid float";
        }
        if (incr[0].isNaN() || incr[0].isInfinite()) {
            return "-ERR value is NaN or Infinity";
        }
        LongDouble[] value = {LongDouble.ZERO};
        if (current != null && !LongDouble.string2ld(latin1(current), value)) {
            return "-ERR hash value is not a float";
        }
        LongDouble sum = value[0].add(incr[0]);
        if (sum.isNaN() || sum.isInfinite()) {
            return "-ERR increment would produce NaN or Infinity";
        }
        return sum.toString();
    }

    @Test
    void extendedPrecisionHidesTheErrorsDoubleWouldShow() {
        assertEquals("10.6", incrbyfloat("10.50", "0.1"));
        assertEquals("4.1", incrbyfloat("3", "1.1"));
        assertEquals("5200", incrbyfloat("5.0e3", "2.0e2"));
        // ...but not always: 5000.1 needs more than 64 bits to look round at 17 decimals.
        assertEquals("5000.10000000000000009", incrbyfloat("5.0e3", "0.1"));
    }

    @Test
    void percent17LfPrintsEveryIntegerDigitAndCutsTinyFractions() {
        assertEquals("1000000000000000000008997324079559193870523944273290747938260082321265646596"
                + "180935755849152083750497190350372508614274835903592556184672983913096260520748646"
                + "287327135641843653294084255107606016789726652932370030551382947620994540294772781"
                + "889620606179267611627097410650567187386105690089424915104006144",
                incrbyfloat("1e300", "1"));
        assertEquals("0", incrbyfloat(null, "1e-20"));
        assertEquals("0.00000000000000001", incrbyfloat(null, "1e-17"));
        assertEquals("0", incrbyfloat("-0", "-0"), "\"-0\" is rewritten to \"0\"");
        assertEquals("0", incrbyfloat(null, "-1e-18"), "-0.00000000000000000 trims to -0, then 0");
    }

    @Test
    void string2ldRejectsWhatRedisRejects() {
        assertTrue(valid("inf"));
        assertTrue(valid("1.1e4932"));
        assertTrue(valid("1e-4950"), "a subnormal long double is fine");
        assertFalse(valid("1.5e4932"), "overflow (ERANGE)");
        assertFalse(valid("1e-5000"), "underflow to zero (ERANGE)");
        assertFalse(valid("nan"));
        assertFalse(valid(" 1"));
        assertFalse(valid("1 "));
        assertFalse(valid(""));
        assertFalse(valid("1".repeat(LongDouble.MAX_LONG_DOUBLE_CHARS)), "longer than Redis's buffer");
        assertEquals(ld("16"), ld("0x10"));
        assertEquals(LongDouble.fromLong(Long.MIN_VALUE), ld("-9223372036854775808"));
    }

    @Test
    void additionRoundsHalfToEvenAt64Bits() {
        LongDouble twoTo64 = ld("18446744073709551616");
        assertEquals("18446744073709551616", twoTo64.add(ld("1")).toString(), "tie goes to even");
        assertEquals("18446744073709551620", twoTo64.add(ld("3")).toString(), "1.5 ulp rounds up");
        assertTrue(ld("inf").add(ld("-inf")).isNaN());
        assertEquals(0, new BigDecimal("0.5").compareTo(ld("0.5").toBigDecimal()));
    }

    @Test
    void ld2stringAutoIsPercent17Lg() {
        assertEquals("0.1", new String(ld("0.1").ld2string(Ld2StringMode.AUTO), StandardCharsets.US_ASCII));
        assertEquals("1e+300", new String(ld("1e300").ld2string(Ld2StringMode.AUTO), StandardCharsets.US_ASCII));
        assertEquals("-inf", new String(ld("-inf").ld2string(Ld2StringMode.AUTO), StandardCharsets.US_ASCII));
    }

    /** {text, printf("%.17Lg", strtold(text))} as glibc prints it: no Redis command replies in LD_STR_AUTO. */
    @Test
    void ld2stringAutoAgreesWithGlibc() {
        for (String[] c : OracleTable.rows("/oracle/glibc-17Lg.tsv")) {
            assertEquals(c[1], new String(ld(c[0]).ld2string(Ld2StringMode.AUTO), StandardCharsets.US_ASCII), c[0]);
        }
    }

    @Test
    void incrbyfloatAgreesWithRealRedis() {
        List<String> mismatches = new ArrayList<>();
        for (String[] c : OracleTable.rows("/oracle/incrbyfloat.tsv")) {
            String got = incrbyfloat(c[0], c[1]);
            if (!got.equals(c[2])) {
                mismatches.add("SET " + c[0] + " INCRBYFLOAT " + c[1] + ": redis=" + c[2] + " glassbox=" + got);
            }
        }
        assertEquals(List.of(), mismatches);
    }

    @Test
    void hincrbyfloatAgreesWithRealRedis() {
        List<String> mismatches = new ArrayList<>();
        for (String[] c : OracleTable.rows("/oracle/hincrbyfloat.tsv")) {
            String got = hincrbyfloat(c[0], c[1]);
            if (!got.equals(c[2])) {
                mismatches.add("HSET " + c[0] + " HINCRBYFLOAT " + c[1] + ": redis=" + c[2] + " glassbox=" + got);
            }
        }
        assertEquals(List.of(), mismatches);
    }
}
