package io.glassbox.util;

import static io.glassbox.testkit.Args.latin1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.glassbox.util.LongDouble.Ld2StringMode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

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

    /**
     * No Redis command replies in LD_STR_AUTO, so these {text, printf("%.17Lg", strtold(text))}
     * pairs were recorded from glibc itself (gcc on x86-64), the libc Redis links against.
     */
    private static final String[][] GLIBC_17LG = {
        {"0.1", "0.1"},
        {"1e300", "1e+300"},
        {"-0", "-0"},
        {"0", "0"},
        {"1.1", "1.1"},
        {"3", "3"},
        {"123456789012345678", "1.2345678901234568e+17"},
        {"1e16", "10000000000000000"},
        {"1e17", "1e+17"},
        {"0.0001", "0.0001"},
        {"0.00001", "1e-05"},
        {"1e-4940", "9.9999999999605325e-4941"},
        {"1.1e4932", "1.1e+4932"},
        {"5000.1", "5000.1"},
        {"4.1", "4.1"},
        {"-2.5", "-2.5"},
        {"1e-20", "1e-20"},
        {"12345.678", "12345.678"},
        {"99999999999999999", "99999999999999999"},
        {"0.3", "0.3"},
        {"2.5e-17", "2.5e-17"},
        {"1e18", "1e+18"},
        {"-5898329840.190e50", "-5.89832984019e+59"},
        {"527205.81161302e-50", "5.2720581161302e-45"},
        {"-662122942.799039563023e-12", "-0.00066212294279903956"},
        {"497985203396.173613687831e-39", "4.9798520339617361e-28"},
        {"1.518e51", "1.518e+51"},
        {"869231221734.115479919402e57", "8.6923122173411548e+68"},
        {"-3674.462967391063e53", "-3.674462967391063e+56"},
        {"27510.4717491e-17", "2.75104717491e-13"},
        {"86.919212e54", "8.6919212e+55"},
        {"-18675433.3e-6", "-18.6754333"},
        {"16641381.3660155614e-18", "1.6641381366015561e-11"},
        {"17.985327206e-58", "1.7985327206e-57"},
        {"3955348434.1154611e-10", "0.39553484341154611"},
        {"11875145229.161404012640e-38", "1.1875145229161404e-28"},
        {"4.733607237e17", "4.733607237e+17"},
        {"808606236689.4286223921e-45", "8.0860623668942862e-34"},
        {"-2649.2168577841e34", "-2.6492168577841e+37"},
        {"-79551637370.1491204725e50", "-7.955163737014912e+60"},
        {"-28189831.3334843e13", "-2.81898313334843e+20"},
        {"5514874.6e-46", "5.5148746e-40"},
        {"7274.42560e44", "7.2744256e+47"},
        {"82511.13509e6", "82511135090"},
        {"6.867100016e-6", "6.867100016e-06"},
        {"-743910.9273e34", "-7.439109273e+39"},
        {"3874753.97e-9", "0.00387475397"},
        {"-396597260.683e-23", "-3.96597260683e-15"},
        {"965694507321.3850e-54", "9.65694507321385e-43"},
        {"21523.77e-42", "2.152377e-38"},
        {"0.27998066e40", "2.7998066e+39"},
        {"-80156.5e-24", "-8.01565e-20"},
        {"75421256.17996e-49", "7.542125617996e-42"},
        {"-69225986529.7573242e-42", "-6.9225986529757324e-32"},
        {"-9316127091.847286045151e16", "-9.316127091847286e+25"},
        {"-104046.4e7", "-1040464000000"},
        {"817.12113442732e-40", "8.1712113442732e-38"},
        {"3.485e-2", "0.03485"},
        {"-22.517609764e15", "-22517609764000000"},
        {"-71493178.77432991746e14", "-7.1493178774329917e+21"},
        {"-331529959.565852448e8", "-33152995956585245"},
        {"75479220173.8430e32", "7.5479220173843e+42"},
        {"112259505231.89e2", "11225950523189"},
        {"-7.7419558580e26", "-7.741955858e+26"},
        {"255476.31018426e-13", "2.5547631018426e-08"},
        {"-589.2563920339e18", "-5.892563920339e+20"},
        {"57594490956.296201307e-36", "5.7594490956296201e-26"},
        {"3232614554.8e-57", "3.2326145548e-48"},
        {"-6595219278.1e-18", "-6.5952192781e-09"},
        {"8986.60284846e15", "8.98660284846e+18"},
        {"8023440.108e54", "8.023440108e+60"},
        {"-61123038835.196e-32", "-6.1123038835196e-22"},
        {"6.9e60", "6.9e+60"},
        {"108653.511201842561e20", "1.0865351120184256e+25"},
        {"916798.30413245568e-60", "9.1679830413245568e-55"},
        {"-733131941.253e-4", "-73313.1941253"},
        {"-9033406158.969778e55", "-9.033406158969778e+64"},
        {"-42291265.3757436572e21", "-4.2291265375743657e+28"},
        {"18361773785.5097e42", "1.83617737855097e+52"},
        {"824483.121691e52", "8.24483121691e+57"},
        {"-3.460660e-29", "-3.46066e-29"},
        {"-5676867801.6009053413e-34", "-5.6768678016009053e-25"},
    };

    @Test
    void ld2stringAutoAgreesWithGlibc() {
        for (String[] c : GLIBC_17LG) {
            assertEquals(c[1], new String(ld(c[0]).ld2string(Ld2StringMode.AUTO), StandardCharsets.US_ASCII), c[0]);
        }
    }

    @Test
    void incrbyfloatAgreesWithRealRedis() {
        List<String> mismatches = new ArrayList<>();
        for (String[] c : IncrByFloatRedisOracle.INCRBYFLOAT) {
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
        for (String[] c : IncrByFloatRedisOracle.HINCRBYFLOAT) {
            String got = hincrbyfloat(c[0], c[1]);
            if (!got.equals(c[2])) {
                mismatches.add("HSET " + c[0] + " HINCRBYFLOAT " + c[1] + ": redis=" + c[2] + " glassbox=" + got);
            }
        }
        assertEquals(List.of(), mismatches);
    }
}
