package io.glassbox.util;

import io.glassbox.testkit.OracleTable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.glassbox.testkit.Args.latin1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("unit")
class GlobTest {

    private static boolean m(String pattern, String string) {
        return Glob.match(latin1(pattern), latin1(string), false);
    }

    @Test
    void starMatchesAnyRunIncludingNone() {
        assertTrue(m("user:*", "user:"));
        assertTrue(m("user:*", "user:1000"));
        assertTrue(m("*:1000", "user:1000"));
        assertTrue(m("u*r*0", "user:1000"));
        assertFalse(m("user:*", "usr:1"));
    }

    @Test
    void starAloneDoesNotMatchTheEmptyString() {
        // KEYS * special-cases the pattern "*" (allkeys) precisely because of this.
        assertFalse(m("*", ""));
        assertTrue(m("", ""));
        assertFalse(m("", "a"));
    }

    @Test
    void questionMarkIsExactlyOneByte() {
        assertTrue(m("h?llo", "hello"));
        assertFalse(m("h?llo", "hllo"));
        assertFalse(m("h?llo", "heello"));
    }

    @Test
    void bracketsSetsRangesAndNegation() {
        assertTrue(m("h[ae]llo", "hallo"));
        assertFalse(m("h[ae]llo", "hillo"));
        assertTrue(m("h[^e]llo", "hallo"));
        assertFalse(m("h[^e]llo", "hello"));
        assertTrue(m("h[a-b]llo", "hbllo"));
        assertTrue(m("h[b-a]llo", "hbllo"), "a reversed range is swapped, not rejected");
        assertFalse(m("h[b-a]llo", "hcllo"));
    }

    @Test
    void backslashEscapesInsideAndOutsideBrackets() {
        assertTrue(m("a\\*b", "a*b"));
        assertFalse(m("a\\*b", "axb"));
        assertTrue(m("[\\]]", "]"));
        assertTrue(m("a\\", "a\\"), "a trailing lone backslash matches itself");
    }

    @Test
    void malformedPatternsStillMeanSomething() {
        assertTrue(m("[abc", "b"), "unterminated class is closed at the end of the pattern");
        assertFalse(m("[", "["));
        assertTrue(m("[^", "x"), "an empty negated class matches any byte");
        // In "[a-]" the '-' starts a range a..']' (swapped to ']'..'a'), then the class is open.
        assertTrue(m("[a-]", "_"));
        assertTrue(m("[a-]", "]"));
        assertFalse(m("[a-]", "-"));
        // ']' right after '[' closes an empty class: "[]" matches no byte, "[^]" any byte.
        assertFalse(m("[]a]", "a"));
        assertFalse(m("[]a]", "]a]"));
        assertTrue(m("[^]a]", "xa]"));
    }

    @Test
    void nocaseFoldsAsciiOnly() {
        assertTrue(Glob.match(latin1("MAXMEMORY*"), latin1("maxmemory-policy"), true));
        assertTrue(Glob.match(latin1("[A-C]x"), latin1("bX"), true));
        assertFalse(Glob.match(latin1("MAXMEMORY*"), latin1("maxmemory-policy"), false));
        assertFalse(Glob.match(latin1("\u00c9"), latin1("\u00e9"), true));
    }

    @Test
    void bytesCompareAsSignedCChars() {
        // In C, '\xff' is -1: "[a-\xff]" is the range -1..'a', so it holds \x00, \x01 and 'a' but not 'b'.
        assertTrue(m("[a-\u00ff]", "\u0000"));
        assertTrue(m("[a-\u00ff]", "\u00ff"));
        assertTrue(m("[a-\u00ff]", "a"));
        assertFalse(m("[a-\u00ff]", "b"));
        assertFalse(m("[a-\u00ff]", "\u0080"));
    }

    @Test
    void adversarialStarPatternsStayFast() {
        String key = "a".repeat(10_000);
        String pattern = "*a".repeat(60) + "b";
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertFalse(m(pattern, key)));
    }

    @Test
    void starNestingIsCappedAtOneThousand() {
        String key = "a".repeat(3000);
        assertTrue(m("*a".repeat(1000) + "*", key));
        assertFalse(m("*a".repeat(1001) + "*", key), "Redis gives up past 1000 nested stars");
    }

    @Test
    void agreesWithRealRedisKeys() {
        String[] keys = OracleTable.column("/oracle/glob-keys.tsv");
        List<String> mismatches = new ArrayList<>();
        for (String[] c : OracleTable.rows("/oracle/glob-cases.tsv")) {
            StringBuilder got = new StringBuilder();
            for (int i = 0; i < keys.length; i++) {
                if (m(c[0], keys[i])) {
                    got.append(got.length() == 0 ? "" : " ").append(i);
                }
            }
            if (!got.toString().equals(c[1])) {
                mismatches.add(c[0] + " redis=[" + c[1] + "] glob=[" + got + "]");
            }
        }
        assertEquals(List.of(), mismatches);
    }
}
