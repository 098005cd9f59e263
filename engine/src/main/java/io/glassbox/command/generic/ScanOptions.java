package io.glassbox.command.generic;

import io.glassbox.server.Client;
import io.glassbox.util.Glob;
import io.glassbox.util.RedisNumbers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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

    /** The reply to a *SCAN of a missing key: cursor 0 and no elements (Redis's shared.emptyscan). */
    public static void replyEmpty(Client c) {
        c.addArrayLen(2);
        c.addBulk(new byte[]{'0'});
        c.addEmptyArray();
    }

    /**
     * Filters the collected elements by MATCH and replies [cursor, elements]. {@code stride} is 1
     * for members (SSCAN) and 2 for member/value pairs (HSCAN, ZSCAN): the pattern applies to the
     * member and a pair is kept or dropped whole, as in scanGenericCommand.
     */
    public void reply(Client c, long cursor, List<byte[]> elements, int stride) {
        List<byte[]> kept = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i += stride) {
            if (!matches(elements.get(i))) continue;
            for (int k = 0; k < stride; k++) kept.add(elements.get(i + k));
        }
        c.addArrayLen(2);
        c.addBulk(Long.toUnsignedString(cursor).getBytes(StandardCharsets.US_ASCII));
        c.addArrayLen(kept.size());
        for (byte[] b : kept) c.addBulk(b);
    }

    /** True if the element passes the MATCH filter. */
    public boolean matches(byte[] element) {
        return pattern == null || Glob.match(pattern, element, false);
    }
}
