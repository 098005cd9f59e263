package io.glassbox.diff;

import io.glassbox.engine.Engine;
import io.glassbox.resp.SplitArgs;
import io.glassbox.server.ServerSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The compatibility net: every script in {@code src/test/resources/diff/} is sent, line by line,
 * to Debian's redis-server and to Glassbox, and the raw reply bytes must be identical.
 *
 * <p>A script line is a command in redis-cli quoting. Lines starting with {@code #} are comments.
 * Each script starts on fresh connections after FLUSHALL on both servers.
 */
class DifferentialTest {
    private static RealRedis redis;
    private static Engine glassbox;
    private static int glassboxPort;

    @BeforeAll
    static void startServers() throws Exception {
        redis = RealRedis.startOrSkip();
        glassbox = startGlassbox();
        glassboxPort = glassbox.port();
    }

    static Engine startGlassbox() throws Exception {
        ServerSettings s = new ServerSettings();
        s.port = RealRedis.freePort();
        s.bind = "127.0.0.1";
        s.enableDebugCommand = "yes";
        return Engine.start(s);
    }

    @AfterAll
    static void stopServers() {
        if (glassbox != null) glassbox.close();
        if (redis != null) redis.close();
    }

    @TestFactory
    Stream<DynamicTest> scripts() throws IOException, URISyntaxException {
        return scriptsIn("/diff", false);
    }

    /**
     * The scripts whose replies depend on the protocol, run after HELLO 3 on both connections (the
     * HELLO reply carries the client id, so it is sent but not compared).
     */
    @TestFactory
    Stream<DynamicTest> resp3Scripts() throws IOException, URISyntaxException {
        return scriptsIn("/diff-resp3", true);
    }

    private Stream<DynamicTest> scriptsIn(String resource, boolean resp3) throws IOException, URISyntaxException {
        URL dir = DifferentialTest.class.getResource(resource);
        if (dir == null) throw new IllegalStateException("no " + resource + " scripts on the test classpath");
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of(dir.toURI()))) {
            files = s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> runScript(f, resp3)));
    }

    private void runScript(Path script, boolean resp3) throws IOException {
        List<String> mismatches = new ArrayList<>();
        int commands = 0;
        try (RawRespClient ref = new RawRespClient(redis.port()); RawRespClient tgt = new RawRespClient(glassboxPort)) {
            for (String setup : resp3 ? List.of("FLUSHALL", "HELLO 3") : List.of("FLUSHALL")) {
                List<byte[]> argv = SplitArgs.split(setup.getBytes(StandardCharsets.US_ASCII));
                ref.call(argv);
                tgt.call(argv);
            }
            List<String> lines = Files.readAllLines(script, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) continue;
                List<byte[]> argv = SplitArgs.split(line.getBytes(StandardCharsets.UTF_8));
                if (argv == null) throw new IllegalArgumentException(script + ":" + (i + 1) + ": unbalanced quotes");
                byte[] expected = ref.call(argv);
                byte[] actual;
                try {
                    actual = tgt.call(argv);
                } catch (IOException e) {
                    fail(script.getFileName() + ":" + (i + 1) + " `" + line + "`: Glassbox gave no reply (" + e.getMessage()
                            + "); redis replied " + show(expected));
                    return;
                }
                commands++;
                if (!java.util.Arrays.equals(expected, actual)) {
                    mismatches.add(script.getFileName() + ":" + (i + 1) + " `" + line + "`\n    redis:    " + show(expected)
                            + "\n    glassbox: " + show(actual));
                }
            }
        }
        if (commands == 0) fail(script.getFileName() + " sent no command");
        if (!mismatches.isEmpty()) {
            fail(mismatches.size() + " of " + commands + " replies differ from redis-server:\n" + String.join("\n", mismatches));
        }
    }

    static String show(byte[] reply) {
        String s = new String(reply, StandardCharsets.UTF_8).replace("\r\n", "\\r\\n");
        return s.length() > 400 ? s.substring(0, 400) + "...(" + reply.length + " bytes)" : s;
    }
}
