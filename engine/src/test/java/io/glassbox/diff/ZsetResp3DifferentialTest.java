package io.glassbox.diff;

import io.glassbox.resp.SplitArgs;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The sorted-set replies whose shape depends on the protocol, compared with redis-server after
 * HELLO 3 on both connections (the HELLO reply itself carries the client id, so it is not
 * compared; that is why this script lives apart from the RESP2 scripts of {@link DifferentialTest}).
 */
class ZsetResp3DifferentialTest extends AgainstRealRedis {
    @Test
    void resp3RepliesMatchRedis() throws IOException {
        List<String> lines;
        try (InputStream in = getClass().getResourceAsStream("/diff-resp3/zsets-resp3.txt")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        List<String> mismatches = new ArrayList<>();
        int commands = 0;
        try (RawRespClient ref = new RawRespClient(redis.port()); RawRespClient tgt = new RawRespClient(glassbox.port())) {
            for (String cmd : List.of("FLUSHALL", "HELLO 3")) {
                List<byte[]> argv = SplitArgs.split(cmd.getBytes(StandardCharsets.UTF_8));
                ref.call(argv);
                tgt.call(argv);
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) continue;
                List<byte[]> argv = SplitArgs.split(line.getBytes(StandardCharsets.UTF_8));
                byte[] expected = ref.call(argv);
                byte[] actual = tgt.call(argv);
                commands++;
                if (!Arrays.equals(expected, actual)) {
                    mismatches.add((i + 1) + " `" + line + "`\n    redis:    " + DifferentialTest.show(expected)
                            + "\n    glassbox: " + DifferentialTest.show(actual));
                }
            }
        }
        assertTrue(commands > 20);
        if (!mismatches.isEmpty()) fail(mismatches.size() + " of " + commands + " RESP3 replies differ:\n" + String.join("\n", mismatches));
    }
}
