package io.glassbox.engine;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * The README's Java blocks, compiled with the JDK's compiler against the test classpath and run, so
 * that the README cannot drift from the code: a block that declares a class is a JUnit test class
 * and runs on the JUnit platform (all its tests must pass); any other block is a method body (the
 * README's imports implied) whose printed lines must be, in order, what its {@code // prints}
 * comments say.
 */
@Tag("unit")
class ReadmeSnippetsTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("(?ms)^```java\\n(.*?)^```");
    private static final Pattern PRINTS = Pattern.compile("// prints (.*)$", Pattern.MULTILINE);
    private static final Pattern CLASS_NAME = Pattern.compile("(?m)^(?:public )?class (\\w+)");
    private static final String IMPORTS = String.join("\n", "import io.glassbox.engine.*;", "import io.glassbox.resp.RespValue;",
            "import io.glassbox.junit.GlassboxExtension;", "import redis.clients.jedis.Jedis;", "import java.util.*;",
            "import java.time.Duration;", "");

    @TempDir
    Path dir;

    @Test
    void everyJavaBlockOfTheReadmeCompilesAndDoesWhatItSays() throws Exception {
        List<String> blocks = javaBlocks();
        assertTrue(blocks.size() >= 2, "the README's Java blocks were not found: " + blocks.size());
        int bodies = 0, classes = 0;
        for (int i = 0; i < blocks.size(); i++) {
            String block = blocks.get(i);
            Matcher cls = CLASS_NAME.matcher(block);
            if (cls.find()) {
                runTestClass(cls.group(1), block);
                classes++;
            } else {
                runBody("Snippet" + i, block);
                bodies++;
            }
        }
        assertTrue(bodies >= 1 && classes >= 1, "expected at least one snippet and one test class: " + bodies + ", " + classes);
    }

    private static List<String> javaBlocks() throws IOException {
        Path readme = Path.of(System.getProperty("user.dir")).resolve("../README.md").normalize();
        String text = Files.readString(readme);
        List<String> out = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(text);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    /** A method body: wrapped in a class whose {@code System.out} is a buffer, run, its lines compared with the comments. */
    private void runBody(String name, String body) throws Exception {
        String source = IMPORTS + "public class " + name + " {\n"
                + "    public static java.io.PrintStream out;\n"
                + "    public static void run() throws Exception {\n"
                + body.replace("System.out", name + ".out") + "\n    }\n}\n";
        ClassLoader loader = compile(name, source);
        Class<?> c = loader.loadClass(name);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        c.getField("out").set(null, new PrintStream(printed, true, StandardCharsets.UTF_8));
        c.getMethod("run").invoke(null);
        List<String> expected = new ArrayList<>();
        Matcher m = PRINTS.matcher(body);
        while (m.find()) expected.add(m.group(1).trim());
        assertTrue(!expected.isEmpty() || printed.size() == 0, name + " prints without saying what");
        assertEquals(expected, printed.toString(StandardCharsets.UTF_8).lines().toList(), name + "'s // prints comments");
    }

    /** A JUnit test class: compiled and run on the platform; every test must pass, and there must be some. */
    private void runTestClass(String name, String source) throws Exception {
        ClassLoader loader = compile(name, source);
        Class<?> c = loader.loadClass(name);
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request().selectors(selectClass(c)).build(), listener);
        TestExecutionSummary summary = listener.getSummary();
        StringBuilder failures = new StringBuilder();
        summary.getFailures().forEach(f -> failures.append(f.getTestIdentifier().getDisplayName()).append(": ")
                .append(f.getException()).append('\n'));
        assertEquals(0, summary.getTotalFailureCount(), name + " failed:\n" + failures);
        assertTrue(summary.getTestsSucceededCount() >= 1, name + " ran no test");
    }

    private ClassLoader compile(String name, String source) throws Exception {
        Path src = dir.resolve(name + ".java");
        Files.writeString(src, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, "-d", dir.toString(), "-classpath",
                System.getProperty("java.class.path"), "-proc:none", src.toString());
        assertEquals(0, rc, "the README's " + name + " does not compile:\n" + diagnostics.toString(StandardCharsets.UTF_8)
                + "\n" + source);
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
    }
}
