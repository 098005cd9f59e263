package io.glassbox.util;

/**
 * Glob-style pattern matching, byte for byte as Redis 7.0's {@code stringmatchlen()} in
 * {@code src/util.c}. KEYS, SCAN ... MATCH, PSUBSCRIBE, CONFIG GET and ACL key patterns all use
 * this one matcher, so a learner can trust that a pattern means the same thing everywhere.
 *
 * <h2>The dialect</h2>
 * <ul>
 *   <li>{@code *} matches any run of bytes, including none;</li>
 *   <li>{@code ?} matches exactly one byte;</li>
 *   <li>{@code [abc]} matches one byte of the set, {@code [^abc]} one byte not in it,
 *       {@code [a-z]} a range; a reversed range {@code [z-a]} is swapped, not rejected;</li>
 *   <li>{@code \x} matches {@code x} literally, inside or outside brackets.</li>
 * </ul>
 * Redis never rejects a pattern: malformed ones still mean something, and we keep exactly that
 * meaning because clients depend on it. A trailing lone {@code \} matches a literal backslash; an
 * unterminated {@code [abc} behaves as if it were closed at the end of the pattern; in
 * {@code [a-]} the {@code -} starts a range whose end is the {@code ]} itself, so the set is the
 * bytes {@code ']'..'a'} and the class is then unterminated.
 *
 * <h2>Bytes, not characters</h2>
 * Keys are binary-safe, so the matcher works on {@code byte[]}. Comparisons inside a range use
 * C's {@code char}, which is signed on x86 and ARM Linux builds of Redis; Java's {@code byte} is
 * signed too, so {@code [a-\xff]} behaves here exactly as it does in Redis (the range is swapped
 * to {@code \xff..a}, i.e. -1..97). Case folding ({@code nocase}) is ASCII only, like
 * {@code tolower()} in the "C" locale that Redis runs its character functions in.
 *
 * <h2>Bound on work</h2>
 * A naive backtracking matcher is exponential on patterns like {@code *a*a*a*a*b} against
 * {@code aaaa...}. Redis 7.0.10 added {@code skipLongerMatches} (CVE-2022-36021): once the rest
 * of the pattern after a {@code *} has failed to match at <em>every</em> suffix of the string,
 * no earlier {@code *} can help by swallowing more bytes, because that only offers the same rest
 * of the pattern an even shorter suffix. The flag unwinds the whole search at once, which makes
 * the work polynomial (at most pattern length times string length per star level).
 *
 * <p>Each {@code *} still costs one level of recursion, so a pattern of a million stars would
 * overflow the stack. The fix for CVE-2024-31228 (Redis 7.2.6 / 7.4.1, and backported into the
 * 7.0.15 packages we use as the oracle, e.g. Debian's {@code 7.0.15-1~deb12u10}) gives up, as
 * "no match", once more than {@value #MAX_NESTING} stars are nested. We do the same, so
 * {@code KEYS} answers the same for {@code "*a" x 1000} (matches) and {@code "*a" x 1001}
 * (never matches), and a hostile pattern cannot blow the stack.
 */
public final class Glob {

    /** Deepest star nesting tried before giving up; {@code if (nesting > 1000) return 0;}. */
    public static final int MAX_NESTING = 1000;

    private Glob() {
    }

    /**
     * Whether {@code string} matches {@code pattern}; {@code stringmatchlen()} in util.c.
     *
     * <p>Note the corner Redis's KEYS and SCAN work around: {@code match("*", "")} is false,
     * because the matcher's loop only runs while both sides have bytes left. KEYS answers the
     * exact pattern {@code "*"} without calling the matcher at all (its {@code allkeys} flag),
     * which is how an empty key still shows up in {@code KEYS *}.
     */
    public static boolean match(byte[] pattern, byte[] string, boolean nocase) {
        return match(pattern, 0, pattern.length, string, 0, string.length, nocase);
    }

    /** {@link #match(byte[], byte[], boolean)} on slices of larger buffers. */
    public static boolean match(byte[] pattern, int patternOff, int patternLen,
                                byte[] string, int stringOff, int stringLen, boolean nocase) {
        boolean[] skipLongerMatches = {false};
        return stringmatchlenImpl(pattern, patternOff, patternLen,
                string, stringOff, stringLen, nocase, skipLongerMatches, 0);
    }

    /**
     * {@code stringmatchlen_impl()}: walks pattern {@code p} and string {@code s} together, one
     * token and one byte at a time, recursing only at {@code *}. The C code moves two pointers
     * and two lengths; here {@code p}/{@code s} are the indexes and {@code plen}/{@code slen}
     * the bytes left, so each line maps one to one onto the original.
     */
    private static boolean stringmatchlenImpl(byte[] pat, int p, int plen,
                                              byte[] str, int s, int slen,
                                              boolean nocase, boolean[] skipLongerMatches,
                                              int nesting) {
        if (nesting > MAX_NESTING) {
            return false; // protection against abusive patterns (CVE-2024-31228)
        }
        while (plen > 0 && slen > 0) {
            switch (pat[p]) {
                case '*': {
                    // Collapse "**..." to one star: they mean the same and the recursion
                    // below would otherwise multiply.
                    while (plen > 1 && pat[p + 1] == '*') {
                        p++;
                        plen--;
                    }
                    if (plen == 1) {
                        return true; // a trailing star matches whatever is left
                    }
                    while (slen > 0) {
                        if (stringmatchlenImpl(pat, p + 1, plen - 1, str, s, slen,
                                nocase, skipLongerMatches, nesting + 1)) {
                            return true;
                        }
                        if (skipLongerMatches[0]) {
                            return false;
                        }
                        s++;
                        slen--;
                    }
                    // The rest of the pattern matched at no suffix of the string: a longer
                    // match for any earlier star could only offer it shorter suffixes, so tell
                    // every enclosing star to give up too.
                    skipLongerMatches[0] = true;
                    return false;
                }
                case '?':
                    s++;
                    slen--;
                    break;
                case '[': {
                    p++;
                    plen--;
                    boolean not = plen > 0 && pat[p] == '^';
                    if (not) {
                        p++;
                        plen--;
                    }
                    boolean match = false;
                    while (true) {
                        // C reads pat[p] first and relies on the NUL after the sds pattern when
                        // plen == 0; the NUL is neither '\\' nor ']', so testing plen == 0 first
                        // (to stay inside the array) takes the same branch.
                        if (plen == 0) {
                            // Unterminated class: step back so the common "p++, plen--" after
                            // the switch lands exactly on the end of the pattern.
                            p--;
                            plen++;
                            break;
                        } else if (pat[p] == '\\' && plen >= 2) {
                            p++;
                            plen--;
                            if (pat[p] == str[s]) {
                                match = true;
                            }
                        } else if (pat[p] == ']') {
                            break;
                        } else if (plen >= 3 && pat[p + 1] == '-') {
                            int start = pat[p];
                            int end = pat[p + 2];
                            int c = str[s];
                            if (start > end) {
                                int t = start;
                                start = end;
                                end = t;
                            }
                            if (nocase) {
                                start = toLower(start);
                                end = toLower(end);
                                c = toLower(c);
                            }
                            p += 2;
                            plen -= 2;
                            if (c >= start && c <= end) {
                                match = true;
                            }
                        } else if (!nocase) {
                            if (pat[p] == str[s]) {
                                match = true;
                            }
                        } else if (toLower(pat[p]) == toLower(str[s])) {
                            match = true;
                        }
                        p++;
                        plen--;
                    }
                    if (not) {
                        match = !match;
                    }
                    if (!match) {
                        return false;
                    }
                    s++;
                    slen--;
                    break;
                }
                case '\\':
                    // An escape takes the next byte literally; a lone trailing backslash is
                    // itself the literal (falls through to the default comparison).
                    if (plen >= 2) {
                        p++;
                        plen--;
                    }
                    // fall through
                default:
                    if (!nocase) {
                        if (pat[p] != str[s]) {
                            return false;
                        }
                    } else if (toLower(pat[p]) != toLower(str[s])) {
                        return false;
                    }
                    s++;
                    slen--;
                    break;
            }
            p++;
            plen--;
            if (slen == 0) {
                // The string is used up: only stars may remain for a match.
                while (plen > 0 && pat[p] == '*') {
                    p++;
                    plen--;
                }
                break;
            }
        }
        return plen == 0 && slen == 0;
    }

    /** ASCII {@code tolower()} on a signed C {@code char}; bytes outside A-Z are unchanged. */
    private static int toLower(int c) {
        return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
    }
}
