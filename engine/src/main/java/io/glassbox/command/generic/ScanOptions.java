package io.glassbox.command.generic;

import io.glassbox.server.Client;
import io.glassbox.util.Glob;
import io.glassbox.util.RedisNumbers;

/**
 * The options of SCAN, HSCAN, SSCAN and ZSCAN, parsed once for all four as Redis's
 * {@code scanGenericCommand} does: {@code COUNT n} (at least 1, default 10), {@code MATCH pattern}
 * ({@code *} alone means no filtering) and, for SCAN only, {@code TYPE name}.
 *
 * @param count   how many elements to collect before filtering
 * @param pattern the glob, or null when every element matches
 * @param type    the type name to keep (SCAN only), or null
 */
public record ScanOptions(long count, byte[] pattern, byte[] type) {

    /**
     * Parses argv[first..]; on a bad option replies Redis's error and returns null.
     * {@code allowType} is true for SCAN, where TYPE is an option; elsewhere it is a syntax error.
     */
    public static ScanOptions parseOrReply(Client c, int first, boolean allowType) {
        long count = 10;
        byte[] pattern = null, type = null;
        for (int i = first; i < c.argc(); i += 2) {
            boolean hasValue = c.argc() - i >= 2;
            if (c.argIs(i, "count") && hasValue) {
                long[] out = new long[1];
                if (!RedisNumbers.string2ll(c.arg(i + 1), out)) { c.addErrorNotInteger(); return null; }
                count = out[0];
                if (count < 1) { c.addErrorSyntax(); return null; }
            } else if (c.argIs(i, "match") && hasValue) {
                pattern = c.arg(i + 1);
                if (pattern.length == 1 && pattern[0] == '*') pattern = null; // "*" matches everything
            } else if (allowType && c.argIs(i, "type") && hasValue) {
                type = c.arg(i + 1);
            } else {
                c.addErrorSyntax();
                return null;
            }
        }
        return new ScanOptions(count, pattern, type);
    }

    /** True if the element passes the MATCH filter. */
    public boolean matches(byte[] element) {
        return pattern == null || Glob.match(pattern, element, false);
    }
}
