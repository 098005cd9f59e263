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
 * Scripts on a RESP3 connection, compared byte for byte with redis-server after HELLO 3: the
 * conversions of script_lua.c in both directions once either side speaks RESP3 (the caller with
 * HELLO 3, the script with {@code redis.setresp(3)}).
 */
class ScriptingResp3DifferentialTest extends AgainstRealRedis {
    @Test
    void resp3ScriptRepliesMatchRedis() throws IOException {
        List<String> lines;
        try (InputStream in = getClass().getResourceAsStream("/diff-resp3/scripting-resp3.txt")) {
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
