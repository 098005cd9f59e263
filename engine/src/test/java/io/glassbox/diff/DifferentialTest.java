package io.glassbox.diff;

import io.glassbox.resp.SplitArgs;
import io.glassbox.testkit.ReplyComparer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The compatibility net: every script in {@code src/test/resources/diff/} is sent, line by line,
 * to Debian's redis-server and to Glassbox, and the raw reply bytes must be identical.
 *
 * <p>A script line is a command in redis-cli quoting. Lines starting with {@code #} are comments.
 * Each script starts on fresh connections after FLUSHALL on both servers (a command Redis answers
 * with nothing, such as CLIENT REPLY OFF, belongs in a Java test: a script line reads one reply).
 */
@Tag("differential")
class DifferentialTest extends AgainstRealRedis {
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
        try (ReplyComparer cmp = new ReplyComparer(redis.port(), glassbox.port())) {
            if (resp3) cmp.both("HELLO 3");
            List<String> lines = Files.readAllLines(script, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) continue;
                List<byte[]> argv = SplitArgs.split(line.getBytes(StandardCharsets.UTF_8));
                if (argv == null) throw new IllegalArgumentException(script + ":" + (i + 1) + ": unbalanced quotes");
                cmp.call(script.getFileName() + ":" + (i + 1), argv);
            }
        }
    }
}
