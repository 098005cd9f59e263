package io.glassbox.diff;

import io.glassbox.persistence.rdb.DumpPayload;
import io.glassbox.testkit.Allocations;
import io.glassbox.testkit.RawRespClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static io.glassbox.testkit.Args.argv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The RESTORE payloads the fuzzer found crashing Glassbox (RestorePayloadFuzzTest's committed
 * crash-* inputs, with a right footer added) get the reply Redis 7.0.15 gives with
 * sanitize-dump-payload yes, without allocating for lengths the payload only claims, and the server
 * answers afterwards.
 */
@Tag("differential")
class FuzzFindingsDifferentialTest extends AgainstRealRedis {
    private static final String INPUTS = "/io/glassbox/persistence/rdb/RestorePayloadFuzzTestInputs/anyValueBytesAsARestorePayload";

    @Test
    void restoreFindingsAnswerAsRedisWithSanitizeYes() throws Exception {
        Path dir = Path.of(FuzzFindingsDifferentialTest.class.getResource(INPUTS).toURI());
        List<Path> findings;
        try (Stream<Path> files = Files.list(dir)) {
            findings = files.filter(p -> p.getFileName().toString().startsWith("crash-")).sorted().toList();
        }
        assertFalse(findings.isEmpty(), "no crash-* inputs under " + dir);
        try (RawRespClient r = new RawRespClient(redis.port()); RawRespClient g = new RawRespClient(glassbox.port())) {
            for (RawRespClient c : List.of(r, g)) c.call(argv("CONFIG", "SET", "sanitize-dump-payload", "yes"));
            for (Path f : findings) {
                byte[] payload = DumpPayload.withFooter(Files.readAllBytes(f));
                List<byte[]> restore = argv("RESTORE", "k", "0", payload, "REPLACE");
                long before = Allocations.total();
                String glassboxReply = text(g.call(restore));
                long allocated = Allocations.total() - before;
                assertEquals(text(r.call(restore)), glassboxReply, f.getFileName().toString());
                // a length in the payload is a claim: nothing is sized by it before its elements arrive
                assertTrue(allocated < 64L << 20, f.getFileName() + ": allocated " + allocated + " bytes");
                List<byte[]> digest = argv("DEBUG", "DIGEST-VALUE", "k");
                assertEquals(text(r.call(digest)), text(g.call(digest)), f.getFileName() + ": DEBUG DIGEST-VALUE");
                assertEquals("+PONG\r\n", text(g.call(argv("PING"))));
            }
        }
    }

    private static String text(byte[] reply) { return new String(reply, StandardCharsets.ISO_8859_1); }
}
