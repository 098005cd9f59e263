package io.glassbox;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every engine test class carries one of the groups the README lists, so {@code -Dgroups=...}
 * selects every test of a group and no test falls outside all of them.
 */
@Tag("unit")
class TestTagsTest {
    static final Set<String> GROUPS = Set.of("unit", "differential", "interop", "fuzz", "ui", "redis-suite");

    @Test
    void everyTestClassIsInAKnownGroup() throws Exception {
        Path root = Path.of(TestTagsTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> untagged = new ArrayList<>();
        int classes = 0;
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().contains("$")).toList()) {
                String name = root.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> c = Class.forName(name, false, TestTagsTest.class.getClassLoader());
                if (!hasTests(c)) continue;
                classes++;
                List<String> tags = Stream.of(c.getAnnotationsByType(Tag.class)).map(Tag::value).toList();
                if (tags.isEmpty() || !GROUPS.containsAll(tags)) untagged.add(name + " " + tags);
            }
        }
        assertTrue(classes > 50, "found " + classes + " test classes under " + root);
        assertEquals(List.of(), untagged, "test classes without a group from " + GROUPS);
    }

    private static boolean hasTests(Class<?> c) {
        for (Method m : c.getDeclaredMethods()) {
            for (Annotation a : m.getAnnotations()) {
                String n = a.annotationType().getSimpleName();
                if (n.equals("Test") || n.equals("TestFactory") || n.equals("ParameterizedTest") || n.equals("RepeatedTest")
                        || n.equals("FuzzTest")) return true;
            }
        }
        return false;
    }
}
