package io.glassbox.diff;

import io.glassbox.engine.Engine;
import io.glassbox.testkit.Args;
import io.glassbox.testkit.Conversation;
import io.glassbox.testkit.EngineFixture;
import io.glassbox.testkit.RealRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ACL file against redis-server: users loaded at start-up, ACL SAVE's file, ACL LOAD's errors
 * (nothing changes when a line is wrong) and its success (the users are replaced, their clients
 * dropped). Each server has its own dir with a {@code users.acl} named relatively, so the error
 * texts name the same file.
 */
@Tag("differential")
class AclFileDifferentialTest {
    private static final String START = "user default on nopass ~* &* +@all\nuser alice on >p1 ~a:* +@read\n\nuser bob off resetchannels -@all +get\n";

    @Test
    void loadSaveAndErrors() throws Exception {
        Path redisDir = Files.createTempDirectory("acl-redis");
        Path gbDir = Files.createTempDirectory("acl-glassbox");
        Files.writeString(redisDir.resolve("users.acl"), START);
        Files.writeString(gbDir.resolve("users.acl"), START);
        try (RealRedis redis = RealRedis.start(io.glassbox.testkit.Ports.free(), redisDir, "--aclfile", "users.acl");
             Engine glassbox = EngineFixture.builder().listening().dir(gbDir).config("aclfile users.acl").startEngine()) {
            List<byte[]> expected = Conversation.record(redis.port(), scenario(redisDir));
            List<byte[]> actual = Conversation.record(glassbox.port(), scenario(gbDir));
            List<String> diffs = new ArrayList<>();
            for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
                if (!Arrays.equals(expected.get(i), actual.get(i))) {
                    diffs.add("reply " + i + "\n    redis:    " + Args.show(expected.get(i)) + "\n    glassbox: " + Args.show(actual.get(i)));
                }
            }
            assertTrue(diffs.isEmpty(), String.join("\n", diffs));
            assertEquals(expected.size(), actual.size());
            assertTrue(expected.size() > 10);
        } finally {
            for (Path d : List.of(redisDir, gbDir)) {
                try (var files = Files.walk(d)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private static Conversation.Scenario scenario(Path dir) {
        Path file = dir.resolve("users.acl");
        return c -> {
            describe(c, "ACL LIST");
            c.call(1, "AUTH alice p1");
            c.call(0, "ACL SETUSER carol on >pw ~c:* &news +@hash");
            c.call(0, "ACL SAVE");
            c.note(AclDifferentialTest.sortSingleRules(Files.readAllBytes(file)));
            Files.writeString(file, "user alice on +nosuch\nbogus line\nuser x on %Q~k\nuser dup on\nuser dup off\n"); // (an unmatched parenthesis crashes Redis 7.0.15 here: not compared)
            c.call(0, "ACL LOAD");
            describe(c, "ACL LIST");
            c.call(1, "ACL WHOAMI");
            Files.writeString(file, "user default on nopass ~* &* +@all\nuser dave on >d +@all ~*\n");
            c.call(0, "ACL LOAD");
            describe(c, "ACL LIST");
            c.call(0, "PING");
            c.expectSilence(1); // alice is gone, and so is her connection
            c.call(2, "AUTH dave d");
            c.call(2, "ACL WHOAMI");
        };
    }

    private static void describe(Conversation c, String cmd) throws Exception {
        c.note(AclDifferentialTest.sortSingleRules(c.client(0).call(Args.line(cmd))));
    }
}
