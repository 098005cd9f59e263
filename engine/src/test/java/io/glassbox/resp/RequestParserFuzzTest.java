package io.glassbox.resp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of the query buffer parser (Jazzer; docs/fuzzing.md): any bytes, split
 * into any reads, give commands and then at most one protocol error with Redis's text, never an
 * exception, a hang or a buffer that grows beyond the bytes that arrived.
 *
 * <p>The input is the byte stream a client sends; how it is cut into reads is drawn from a generator
 * seeded by the input itself, so a finding replays exactly and every seed file is plain protocol.
 * The stream is parsed twice, in one read and in pieces, and both must give the same commands and
 * the same error: a half-read request must never be half-parsed.
 */
@Tag("fuzz")
class RequestParserFuzzTest {
    private static final java.util.Set<String> ERRORS = java.util.Set.of(
            "Protocol error: too big inline request",
            "Protocol error: unbalanced quotes in request",
            "Protocol error: too big mbulk count string",
            "Protocol error: invalid multibulk length",
            "Protocol error: unauthenticated multibulk length",
            "Protocol error: too big bulk count string",
            "Protocol error: invalid bulk length",
            "Protocol error: unauthenticated bulk length");

    @FuzzTest
    void anyBytesInAnyReads(byte[] stream) {
        SplittableRandom rnd = new SplittableRandom(java.util.Arrays.hashCode(stream));
        boolean auth = rnd.nextInt(4) == 0;
        List<String> whole = parse(stream, new int[]{stream.length}, auth);
        int[] cuts = new int[1 + rnd.nextInt(8)];
        for (int i = 0; i < cuts.length; i++) cuts[i] = rnd.nextInt(1 + stream.length);
        java.util.Arrays.sort(cuts);
        List<String> pieces = parse(stream, cuts, auth);
        // past 64 KB an unfinished line is refused as it arrives (Redis's PROTO_INLINE_MAX_SIZE), so
        // only there may the cuts decide between a command and "too big"
        if (stream.length <= RequestParser.PROTO_INLINE_MAX_SIZE) {
            assertEquals(whole, pieces, "the same bytes cut at " + java.util.Arrays.toString(cuts));
        }
    }

    /** Feeds {@code stream} cut at {@code cuts}; the commands then the error (if any), as text. */
    private static List<String> parse(byte[] stream, int[] cuts, boolean auth) {
        RequestParser p = new RequestParser();
        p.setAuthRequired(auth);
        List<String> out = new ArrayList<>();
        int from = 0;
        for (int c = 0; c <= cuts.length; c++) {
            int to = c < cuts.length ? cuts[c] : stream.length;
            if (to < from) continue;
            p.append(stream, from, to - from);
            from = to;
            // the buffer holds only what arrived: no allocation in advance of the bytes
            assertTrue(p.queryBufferCapacity() <= Math.max(1024, 2L * to), "capacity " + p.queryBufferCapacity() + " after " + to + " bytes");
            while (true) {
                RequestParser.Result r = p.parse();
                if (r == RequestParser.Result.NEED_MORE) break;
                if (r == RequestParser.Result.PROTOCOL_ERROR) {
                    String e = p.error();
                    assertTrue(ERRORS.contains(e) || e.startsWith("Protocol error: expected '$', got '"), e);
                    out.add("-" + e);
                    return out; // the connection is closed after a protocol error
                }
                assertFalse(p.args().isEmpty(), "a ready command has a name");
                // a fingerprint, not the text: cheap enough for thousands of runs a second
                long h = p.wasInline() ? 1 : 2;
                for (byte[] a : p.args()) h = h * 1_000_003 + java.util.Arrays.hashCode(a) * 31L + a.length;
                out.add((p.wasInline() ? "inline " : "multibulk ") + p.args().size() + " " + Long.toHexString(h));
            }
        }
        return out;
    }
}
